import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { GrafanaProvider } from "../../../../.gen/providers/grafana/provider";
import { MsgraphProvider } from "../../../../.gen/providers/msgraph/provider";
import { EntraScim } from "../../../../constructs/entra/entra-scim";
import { GrafanaScim } from "../../../../constructs/grafana/grafana-scim";
import { OktaGrafanaScim } from "../../../../constructs/okta/okta-grafana-scim";

// Gap review: an app builds the providers it passes to the constructs; a credential written there as a literal was synthesized in clear.
const GRAFANA_TOKEN = "glsa_FAKEfakeFAKEfakeFAKEfakeFAKEfake_0a1b2c3d";
const OKTA_TOKEN = "00FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake12";
const ARM_SECRET = "Abc8Q~FAKEfakeFAKEfakeFAKEfakeFAKEfake12";
const TENANT = "00000000-0000-4000-8000-000000000001";
const instance = { kind: "self-hosted", url: "https://grafana.example.com" } as const;
const org = { orgName: "acme", baseUrl: "okta.com" } as const;

function synthError(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  return "synthesized";
}

describe("literal provider credentials next to the constructs", () => {
  it("GIVEN a grafana provider with a literal auth THEN GrafanaScim fails synthesis naming the provider, the attribute and GRAFANA_AUTH, without the value", () => {
    const message = synthError((stack) => {
      const provider = new GrafanaProvider(stack, "grafana", { url: instance.url, auth: GRAFANA_TOKEN });
      new GrafanaScim(stack, "scim", { instance, provider });
    });
    expect(message).toMatch(/test\/grafana: the grafana provider's auth is a literal, which would be written in clear .* set GRAFANA_AUTH/);
    expect(message).not.toContain(GRAFANA_TOKEN);
  });

  it("GIVEN azuread and okta providers with literal secrets THEN EntraScim and OktaGrafanaScim fail synthesis the same way", () => {
    const entra = synthError((stack) => {
      new GrafanaProvider(stack, "grafana", { url: instance.url });
      const grafana = new GrafanaScim(stack, "scim", { instance });
      new EntraScim(stack, "entra", {
        grafana,
        tenantId: TENANT,
        displayName: "Grafana",
        azureadProvider: new AzureadProvider(stack, "azuread", { tenantId: TENANT, clientSecret: ARM_SECRET }),
        msgraphProvider: new MsgraphProvider(stack, "msgraph", { tenantId: TENANT, clientSecret: ARM_SECRET }),
      });
    });
    expect(entra).toMatch(/test\/azuread: the azuread provider's clientSecret is a literal.* set ARM_CLIENT_SECRET/);
    expect(entra).toMatch(/test\/msgraph: the msgraph provider's clientSecret is a literal/);
    expect(entra).not.toContain(ARM_SECRET);
    const okta = synthError((stack) => {
      new GrafanaProvider(stack, "grafana", { url: instance.url });
      const grafana = new GrafanaScim(stack, "scim", { instance });
      new OktaGrafanaScim(stack, "okta", { grafana, org, groups: [{ name: "G" }], provider: new OktaProvider(stack, "okta-provider", { ...org, apiToken: OKTA_TOKEN }) });
    });
    expect(okta).toMatch(/test\/okta-provider: the okta provider's apiToken is a literal.* set OKTA_API_TOKEN/);
    expect(okta).not.toContain(OKTA_TOKEN);
  });

  it("GIVEN credentials as references to sensitive variables, or none THEN it synthesizes", () => {
    expect(
      synthError((stack) => {
        const auth = new TerraformVariable(stack, "grafana_auth", { type: "string", sensitive: true });
        const provider = new GrafanaProvider(stack, "grafana", { url: instance.url, auth: auth.stringValue });
        new GrafanaScim(stack, "scim", { instance, provider });
      }),
    ).toBe("synthesized");
  });
});
