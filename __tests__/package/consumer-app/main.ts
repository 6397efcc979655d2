/**
 * A cdktf app of another team, as __tests__/package/consumer.test.ts installs it: it depends on
 * the packed grafana-scim-cdktf tarball, cdktf and constructs, imports only the package's public
 * entry, and composes Grafana, Entra ID and Okta in a stack of its own. It is compiled with a
 * strict tsconfig (no skipLibCheck) against the installed package, not against this repository's
 * sources (the repository's tsconfig excludes this folder).
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import {
  EntraScim,
  GrafanaProvider,
  GrafanaSamlSettings,
  GrafanaScim,
  MsgraphProvider,
  OktaGrafanaScim,
  grafanaProviderConfig,
  type GrafanaInstance,
} from "grafana-scim-cdktf";

const TENANT_ID = "00000000-0000-4000-8000-000000000001";

/** Two Grafanas in one stack: a Cloud stack provisioned from Entra ID, a self-hosted one from Okta. */
class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
    const cloudProvider = new GrafanaProvider(this, "grafana-cloud", { ...grafanaProviderConfig(cloud), alias: "cloud" });
    const cloudGrafana = new GrafanaScim(this, "cloud-grafana", { instance: cloud, provider: cloudProvider, token: { lifetimeDays: 90, rotationDays: 30 } });
    const entra = new EntraScim(this, "entra", {
      grafana: cloudGrafana,
      tenantId: TENANT_ID,
      displayName: "Grafana (Acme)",
      groups: [{ displayName: "Grafana Users" }],
      singleSignOn: {},
      azureadProvider: new AzureadProvider(this, "azuread", { tenantId: TENANT_ID }),
      msgraphProvider: new MsgraphProvider(this, "msgraph", { tenantId: TENANT_ID }),
    });
    new GrafanaSamlSettings(this, "cloud-saml", { ...entra.grafanaSamlAttributes, grafanaUrl: cloudGrafana.grafanaUrl, provider: cloudProvider });

    const selfHosted: GrafanaInstance = { kind: "self-hosted", url: "https://grafana.internal.example.com" };
    const selfHostedProvider = new GrafanaProvider(this, "grafana-self-hosted", { ...grafanaProviderConfig(selfHosted), alias: "self_hosted" });
    const selfHostedGrafana = new GrafanaScim(this, "self-hosted-grafana", { instance: selfHosted, provider: selfHostedProvider, tokenDelivery: "manual" });
    const okta = new OktaGrafanaScim(this, "okta", {
      grafana: selfHostedGrafana,
      org: { orgName: "acme", baseUrl: "okta.com" },
      groups: [{ name: "Grafana Users", create: true }],
      provider: new OktaProvider(this, "okta-provider", { orgName: "acme", baseUrl: "okta.com" }),
    });

    new TerraformOutput(this, "cloud_tenant_url", { value: cloudGrafana.tenantUrl });
    new TerraformOutput(this, "self_hosted_tenant_url", { value: selfHostedGrafana.tenantUrl });
    new TerraformOutput(this, "okta_runbook", { value: okta.runbook });
  }
}

const app = new App();
new PlatformStack(app, "platform");
app.synth();
