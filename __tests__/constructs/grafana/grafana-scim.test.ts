import { Testing, TerraformStack } from "cdktf";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { GrafanaScim, type GrafanaScimProps } from "../../../constructs/grafana/grafana-scim";
import { grafanaProviderConfig } from "../../../constructs/grafana/provider-config";
import type { GrafanaInstance } from "../../../constructs/grafana/tenant-url";
import { Template } from "../../support/template";

const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
const selfHosted: GrafanaInstance = { kind: "self-hosted", url: "https://grafana.example.com" };

function synth(props: GrafanaScimProps, provider = grafanaProviderConfig(props.instance)) {
  const stack = new TerraformStack(Testing.app(), "test");
  new GrafanaProvider(stack, "grafana", provider);
  const scim = new GrafanaScim(stack, "scim", props);
  return { scim, template: Template.fromStack(stack) };
}

describe("GrafanaScim", () => {
  it("GIVEN a Cloud stack THEN it exposes the stacks-<id> tenant URL and the provider sets stack_id", () => {
    const { scim, template } = synth({ instance: cloud });
    expect(scim.tenantUrl).toBe("https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456");
    expect(scim.grafanaUrl).toBe("https://acme.grafana.net");
    expect(template.json.provider?.grafana).toEqual([{ url: "https://acme.grafana.net", stack_id: 123456 }]);
  });

  it("GIVEN self-hosted THEN the default namespace and no stack_id", () => {
    const { scim, template } = synth({ instance: selfHosted });
    expect(scim.tenantUrl).toBe("https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default");
    expect(template.json.provider?.grafana).toEqual([{ url: "https://grafana.example.com" }]);
  });

  it("GIVEN defaults THEN service account, token and SCIM config with both syncs, and no SAML", () => {
    const { template } = synth({ instance: selfHosted });
    expect(template.types()).toEqual([
      "grafana_role",
      "grafana_role_assignment_item",
      "grafana_scim_config",
      "grafana_service_account",
      "grafana_service_account_token",
    ]);
    expect(template.resource("grafana_scim_config")).toEqual(
      expect.objectContaining({ enable_user_sync: true, enable_group_sync: true, reject_non_provisioned_users: false }),
    );
  });

  it("wires the token to the service account and exposes it as a reference", () => {
    const { scim, template } = synth({ instance: selfHosted });
    expect(template.resource("grafana_service_account_token").service_account_id).toBe(`\${${template.address("grafana_service_account")}.id}`);
    expect(scim.tokenValue).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("passes the same syncs to the permissions and the SCIM switches", () => {
    const { template } = synth({ instance: selfHosted, groupSync: false });
    expect(template.resource("grafana_scim_config").enable_group_sync).toBe(false);
    const actions = (template.resource("grafana_role").permissions as Array<{ action: string }>).map((p) => p.action);
    expect(actions.some((a) => a.startsWith("teams"))).toBe(false);
  });

  describe("GIVEN a Cloud stack whose grafana provider lacks the right stack_id", () => {
    it.each([
      ["no stack_id", { url: "https://acme.grafana.net" }, /must set stack_id = 123456 \(got none\).*authn\.invalid-namespace/],
      ["another stack's id", { url: "https://acme.grafana.net", stackId: 9 }, /must set stack_id = 123456 \(got 9\)/],
    ])("%s: synthesis fails and says why", (_name, providerConfig, message) => {
      expect(() => synth({ instance: cloud }, providerConfig)).toThrow(message);
    });
  });

  it("rejects a malformed instance before creating anything", () => {
    expect(() => synth({ instance: { kind: "cloud", stackSlug: "Acme", stackId: 1 } }, { url: "https://x.example.com" })).toThrow(/^stackSlug: /);
  });
});
