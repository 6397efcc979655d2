/**
 * A cdktf app of another team, as __tests__/package/consumer.test.ts installs it: it depends on
 * the packed grafana-scim-cdktf tarball, cdktf and constructs, imports only those (the provider
 * classes too come from the package's public entry), and composes Grafana, Entra ID and Okta in a stack of its own. It is compiled with a
 * strict tsconfig (no skipLibCheck) against the installed package, not against this repository's
 * sources (the repository's tsconfig excludes this folder).
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import {
  AzureadProvider,
  EntraScim,
  GrafanaProvider,
  GrafanaSamlSettings,
  GrafanaScim,
  MsgraphProvider,
  OktaGrafanaScim,
  OktaProvider,
  grafanaProviderConfig,
  oktaProviderConfig,
  type GrafanaInstance,
  type IGrafanaScim,
  type ISamlIdentityProvider,
  type OktaOrg,
  type SamlRoleValues,
  type SamlSigning,
} from "grafana-scim-cdktf";

const TENANT_ID = "00000000-0000-4000-8000-000000000001";

/**
 * Grafana's SAML settings for whichever identity provider signs users in: its grafanaSamlSettings
 * carry the identity provider (the external UID claim is checked against it), and Grafana's SP
 * key pair comes from sensitive variables of this app.
 */
function samlFor(scope: Construct, id: string, grafana: GrafanaScim, idp: ISamlIdentityProvider, provider: GrafanaProvider, roles?: SamlRoleValues): GrafanaSamlSettings {
  const signing: SamlSigning = {
    certificate: new TerraformVariable(scope, `${id}-certificate`, { type: "string" }).stringValue,
    privateKey: new TerraformVariable(scope, `${id}-private-key`, { type: "string", sensitive: true }).stringValue,
  };
  return new GrafanaSamlSettings(scope, id, { ...idp.grafanaSamlSettings, grafanaUrl: grafana.grafanaUrl, instance: grafana.instance, signing, provider, ...(roles ? { roleValues: roles } : {}) });
}

/** Two Grafanas in one stack: a Cloud stack provisioned from Entra ID, a self-hosted one from Okta. */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The Cloud stack's id is a variable of this app: the constructs leave references to Terraform.
    const stackId = new TerraformVariable(this, "cloud_stack_id", { type: "number", default: 123456 }).numberValue;
    const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId };
    const cloudProvider = new GrafanaProvider(this, "grafana-cloud", { ...grafanaProviderConfig(cloud), alias: "cloud" });
    const cloudGrafana = new GrafanaScim(this, "cloud-grafana", { instance: cloud, provider: cloudProvider, token: { lifetimeDays: 90, rotationDays: 30 } });
    // Entra receives the token in the same apply (it declares so), which is what lets it rotate.
    const entra = new EntraScim(this, "entra", {
      grafana: cloudGrafana,
      tenantId: TENANT_ID,
      displayName: "Grafana (Acme)",
      groups: [{ displayName: "Grafana Users" }],
      singleSignOn: {},
      azureadProvider: new AzureadProvider(this, "azuread", { tenantId: TENANT_ID }),
      msgraphProvider: new MsgraphProvider(this, "msgraph", { tenantId: TENANT_ID }),
    });
    samlFor(this, "cloud-saml", cloudGrafana, entra, cloudProvider);

    const selfHosted: GrafanaInstance = { kind: "self-hosted", url: "https://grafana.internal.example.com" };
    const selfHostedProvider = new GrafanaProvider(this, "grafana-self-hosted", { ...grafanaProviderConfig(selfHosted), alias: "self_hosted" });
    // Pasted into Okta by hand: a lifetime and an expiry warning, no rotation (the Okta construct would refuse it).
    const selfHostedGrafana = new GrafanaScim(this, "self-hosted-grafana", {
      instance: selfHosted,
      provider: selfHostedProvider,
      token: { lifetimeDays: 180, expiryWarningDays: 21 },
      tokenOutput: "self_hosted_scim_token",
    });
    const grafanaSide: IGrafanaScim = selfHostedGrafana;
    const org: OktaOrg = { orgName: "acme", baseUrl: "okta.com" };
    const okta = new OktaGrafanaScim(this, "okta", {
      grafana: grafanaSide,
      org,
      groups: [{ name: "Grafana Users", create: true }],
      // The app sends the user's groups; Grafana's role sync reads roles from them.
      groupsStatement: {},
      runbookLinks: { runbookOutput: "okta_runbook", appIdOutput: "okta_app_id", documentation: "https://wiki.example.com/grafana-scim" },
      provider: new OktaProvider(this, "okta-provider", oktaProviderConfig(org)),
    });
    samlFor(this, "self-hosted-saml", selfHostedGrafana, okta, selfHostedProvider, { admin: ["grafana-admins"] });

    // A construct's children are internal: the shipped declarations have no such members (stripInternal),
    // so reaching into the tree is a type error. An unused @ts-expect-error fails the compilation too.
    // @ts-expect-error GrafanaScim.serviceAccount is internal
    void cloudGrafana.serviceAccount;
    // @ts-expect-error GrafanaScim.token is internal
    void cloudGrafana.token;
    // @ts-expect-error EntraScim.provisioning is internal
    void entra.provisioning;
    // @ts-expect-error OktaGrafanaScim.samlApp is internal
    void okta.samlApp;

    new TerraformOutput(this, "cloud_tenant_url", { value: cloudGrafana.tenantUrl });
    new TerraformOutput(this, "entra_job_id", { value: entra.synchronizationJobId });
    new TerraformOutput(this, "self_hosted_tenant_url", { value: selfHostedGrafana.tenantUrl });
    new TerraformOutput(this, "self_hosted_scim_token", { value: selfHostedGrafana.tokenValue, sensitive: true });
    new TerraformOutput(this, "okta_app_id", { value: okta.appId });
    new TerraformOutput(this, "okta_runbook", { value: okta.runbook });
  }
}

const app = new App();
new PlatformStack(app, "platform");
app.synth();
