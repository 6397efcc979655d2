import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { localStatePath } from "../../stacks/backend";
import { Testing } from "cdktf";
import { EnvironmentError, type Environment } from "../../environment-format";
import { OUTPUTS } from "../../stacks/outputs";
import { addScimStacks } from "../../stacks/scim-stack";
import { environment, exampleEnvironments, synthEnvironment } from "../support/environments";

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

  it("GIVEN a Cloud stack on a custom domain THEN the tenant URL, the provider and SAML (Grafana's and Okta's) use it; the namespace and stack_id stay the stack's", () => {
    const t = synthEnvironment(
      environment("dev", {
        grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456, url: "https://grafana.acme.com" },
        saml: { signing: "variables" },
        identityProvider: { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] },
      }),
    );
    expect(t.output(OUTPUTS.tenantUrl).value).toBe("https://grafana.acme.com/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456");
    expect(t.synthesized).toHaveProviderWithProperties(GrafanaProvider, { url: "https://grafana.acme.com", stack_id: 123456 });
    expect((t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>).entity_id).toBe("https://grafana.acme.com/saml/metadata");
    expect(t.resource("okta_app_saml")).toEqual(expect.objectContaining({ sso_url: "https://grafana.acme.com/saml/acs", audience: "https://grafana.acme.com/saml/metadata" }));
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

describe("the Terraform version every stack declares", () => {
  it("GIVEN every example environment THEN terraform.required_version is >= 1.7, what its removed blocks need", () => {
    for (const env of exampleEnvironments()) expect([env.name, synthEnvironment(env).json.terraform?.required_version]).toEqual([env.name, ">= 1.7"]);
  });

  it("GIVEN an s3 backend with S3-native locking THEN >= 1.10; with a DynamoDB table instead, >= 1.7", () => {
    const versionOf = (backend: object) =>
      synthEnvironment(environment("prod", { grafana: { kind: "cloud", stackSlug: "acme", stackId: 1 }, backend: { kind: "s3", bucket: "acme-tf", region: "eu-west-1", ...backend } })).json.terraform
        ?.required_version;
    expect(versionOf({})).toBe(">= 1.10");
    expect(versionOf({ useLockfile: false, dynamodbTable: "locks" })).toBe(">= 1.7");
  });
});

describe("addScimStacks", () => {
  const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };

  it("GIVEN valid environments THEN one stack each, named after the environment", () => {
    const stacks = addScimStacks(Testing.app(), [environment("dev", cloud), environment("prod", { grafana: { kind: "cloud", stackSlug: "acme-prod", stackId: 123457 } })]);
    expect(stacks.map((s) => s.node.id)).toEqual(["dev", "prod"]);
  });

  it("GIVEN two environments on one Grafana built without the format's check THEN the constructs refuse the second, at its grafana section", () => {
    expect(() => addScimStacks(Testing.app(), [environment("dev", cloud), environment("prod", cloud)])).toThrow(
      /prod\.json is not a valid environment:\n {2}- grafana: is the same Grafana as GrafanaScim "dev\/grafana-scim" \(Grafana Cloud stack 123456\)/,
    );
  });

  it("GIVEN values only a construct rejects THEN one error lists every file and field, and no stack is returned", () => {
    // The schema rejects these too; built by hand here to reach the constructs' own checks.
    const dev = environment("dev", cloud);
    const badRole: Environment = { ...dev, name: "staging", file: "environments/staging.json", config: { ...dev.config, serviceAccount: { ...dev.config.serviceAccount, roleName: "basic:x" } } };
    const badToken: Environment = { ...dev, name: "prod", file: "environments/prod.json", config: { ...dev.config, token: { ...dev.config.token, name: " " } } };
    let thrown: unknown;
    try {
      addScimStacks(Testing.app(), [dev, badRole, badToken]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvironmentError);
    expect((thrown as Error).message).toBe(
      [
        "environments/staging.json is not a valid environment:",
        '  - serviceAccount.roleName: "basic:x" uses the prefix "basic:", which Grafana reserves for its own roles; use e.g. "custom:scim:provisioner"',
        "environments/prod.json is not a valid environment:",
        "  - token.name: must not be empty",
      ].join("\n"),
    );
  });

  describe("construct errors are re-phrased in the environment file's paths", () => {
    // The schema rejects all of these first; the configs are built by hand to reach the constructs.
    const okta = environment("dev", { ...cloud, identityProvider: { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] } });
    const withConfig = (base: Environment, change: (c: Environment["config"]) => Environment["config"]): Environment => ({
      ...base,
      file: "environments/prod.json",
      config: change(base.config),
    });
    const messageOf = (env: Environment): string => {
      try {
        addScimStacks(Testing.app(), [env]);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvironmentError);
        return (error as Error).message.split("\n")[1]!;
      }
      throw new Error("expected an error");
    };

    it.each<[string, Environment, RegExp]>([
      ["a Cloud instance prop", withConfig(environment("dev", cloud), (c) => ({ ...c, grafana: { ...c.grafana, stackSlug: "Acme" } as typeof c.grafana })), /^ {2}- grafana\.stackSlug: must be a lowercase DNS label/],
      ["the permission model", withConfig(environment("dev", cloud), (c) => ({ ...c, serviceAccount: { ...c.serviceAccount, roleName: "fixed:x" } })), /^ {2}- serviceAccount\.roleName: /],
      ["the syncs", withConfig(environment("dev", cloud), (c) => ({ ...c, scim: { ...c.scim, userSync: false, groupSync: false } })), /^ {2}- scim\.userSync: enable userSync or groupSync/],
      [
        "a rotating token with Okta, which the Okta construct refuses",
        withConfig(okta, (c) => ({ ...c, token: { ...c.token, rotationDays: 30 } })),
        /^ {2}- token\.rotationDays: rotates the token every 30 days, but tokenDelivery is "manual", as OktaGrafanaScim "dev\/okta-scim" declares \(Okta cannot receive the SCIM token/,
      ],
      ["an Okta construct prop", withConfig(okta, (c) => ({ ...c, identityProvider: { ...c.identityProvider!, orgName: "acme-admin" } as typeof c.identityProvider })), /^ {2}- identityProvider\.orgName: "acme-admin" is the admin console's host name/],
      ["a SAML prop", withConfig(environment("dev", selfHosted), (c) => ({ ...c, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/m", assertionAttributeExternalUid: " " } as NonNullable<typeof c.saml> })), /^ {2}- saml\.assertionAttributeExternalUid: must not be empty/],
    ])("%s", (_name, env, line) => expect(messageOf(env)).toMatch(line));
  });
});
