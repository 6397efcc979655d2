import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { localStatePath } from "../../stacks/backend";
import { OUTPUTS } from "../../stacks/scim-stack";
import { environment, synthEnvironment } from "../support/environments";

const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };
const selfHosted = { grafana: { kind: "self-hosted", url: "https://grafana.example.com" } };

describe("ScimStack", () => {
  it("GIVEN a Cloud environment THEN the provider has url and stack_id, and no credential", () => {
    const t = synthEnvironment(environment("dev", cloud));
    expect(t.synthesized).toHaveProviderWithProperties(GrafanaProvider, { url: "https://acme.grafana.net", stack_id: 123456 });
    expect(t.json.provider?.grafana?.[0]).not.toHaveProperty("auth");
  });

  it("exposes tenant URL, Grafana URL and service account id, and the token only as a sensitive output", () => {
    const t = synthEnvironment(environment("dev", cloud));
    expect(t.output(OUTPUTS.tenantUrl)).toEqual(
      expect.objectContaining({ value: "https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456" }),
    );
    expect(t.output(OUTPUTS.grafanaUrl).value).toBe("https://acme.grafana.net");
    expect(t.output(OUTPUTS.serviceAccountId).value).toBe(`\${${t.address("grafana_service_account")}.id}`);
    expect(t.output(OUTPUTS.token)).toEqual(
      expect.objectContaining({ value: `\${${t.address("grafana_service_account_token")}.key}`, sensitive: true }),
    );
    const sensitive = Object.entries(t.json.output ?? {}).filter(([, o]) => o.sensitive).map(([name]) => name);
    expect(sensitive).toEqual([OUTPUTS.token]);
  });

  it("keeps local state outside cdktf.out, under state/<environment>.tfstate, with a portable path", () => {
    const t = synthEnvironment(environment("dev", cloud));
    expect(t.json.terraform?.backend).toEqual({ local: { path: localStatePath("dev") } });
    expect(localStatePath("dev")).toBe("../../../state/dev.tfstate");
  });

  it("GIVEN SAML signing from variables THEN a sensitive variable holds the key and nothing else is secret", () => {
    const t = synthEnvironment(
      environment("prod", { ...selfHosted, saml: { idpMetadataUrl: "https://idp.example.com/m", signing: "variables" } }),
    );
    expect(t.json.variable).toEqual({
      saml_certificate: expect.objectContaining({ type: "string", nullable: false }),
      saml_private_key: expect.objectContaining({ type: "string", nullable: false, sensitive: true }),
    });
    expect(t.json.variable?.saml_certificate).not.toHaveProperty("sensitive");
    expect(t.resource("grafana_sso_settings").saml_settings).toEqual(
      expect.objectContaining({ certificate: "${var.saml_certificate}", private_key: "${var.saml_private_key}" }),
    );
  });

  it("passes the environment's choices to the constructs", () => {
    const t = synthEnvironment(
      environment("prod", {
        ...selfHosted,
        scim: { groupSync: false, rejectNonProvisionedUsers: true },
        serviceAccount: { name: "idp-sync", permissions: "fixed-roles" },
        token: { name: "entra", lifetimeDays: 180 },
      }),
    );
    expect(t.resource("grafana_scim_config")).toEqual(
      expect.objectContaining({ enable_user_sync: true, enable_group_sync: false, reject_non_provisioned_users: true }),
    );
    expect(t.resource("grafana_service_account").name).toBe("idp-sync");
    expect(Object.values(t.dataSources("grafana_role")).map((r) => r.name)).toEqual(["fixed:org.users:writer"]);
    expect(t.resource("grafana_service_account_token")).toEqual(expect.objectContaining({ name: "entra", seconds_to_live: 180 * 86400 }));
    expect(t.json.provider?.time).toBeUndefined();
  });
});
