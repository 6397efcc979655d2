/**
 * Credentials set as literals on a provider an app passes to (or leaves in the stack of) a
 * construct. Every provider this package uses reads its credentials from environment variables,
 * and a literal in the provider block is written in clear into the synthesized configuration
 * (`cdk.tf.json`), which is not a secret store. The attributes and variables, from the providers'
 * sources: grafana 4.45.1 (schema: `auth`, `cloud_access_policy_token` are sensitive, with
 * `GRAFANA_AUTH`, `GRAFANA_CLOUD_ACCESS_POLICY_TOKEN`); azuread v3.7.0
 * `internal/provider/provider.go` (`ARM_CLIENT_SECRET`, `ARM_CLIENT_CERTIFICATE`,
 * `ARM_CLIENT_CERTIFICATE_PASSWORD`, `ARM_OIDC_TOKEN`, `ARM_OIDC_REQUEST_TOKEN`); okta v4.20.0
 * `okta/config.go` (`OKTA_API_TOKEN`, `OKTA_ACCESS_TOKEN`, `OKTA_API_PRIVATE_KEY`); msgraph the
 * same `ARM_*` variables as azuread (ms-henglu/terraform-provider-msgraph v0.2.0,
 * `internal/provider/provider.go`: `client_secret` from `ARM_CLIENT_SECRET`, `client_certificate`
 * from `ARM_CLIENT_CERTIFICATE`, `oidc_token` from `ARM_OIDC_TOKEN`, `oidc_request_token` from
 * `ARM_OIDC_REQUEST_TOKEN`). A reference (a sensitive variable) is not judged.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformStack, Token } from "cdktf";
import type { IConstruct } from "constructs";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { MsgraphProvider } from "../../../.gen/providers/msgraph/provider";

type ProviderClass = typeof GrafanaProvider | typeof AzureadProvider | typeof OktaProvider | typeof MsgraphProvider;

const ARM = {
  clientSecret: "ARM_CLIENT_SECRET",
  clientCertificate: "ARM_CLIENT_CERTIFICATE",
  clientCertificatePassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
  oidcToken: "ARM_OIDC_TOKEN",
  oidcRequestToken: "ARM_OIDC_REQUEST_TOKEN",
};

/** Per provider class: its credential attributes (binding name) and the variable each is read from. */
const CREDENTIALS: ReadonlyArray<[ProviderClass, string, Readonly<Record<string, string>>]> = [
  [GrafanaProvider, "grafana", { auth: "GRAFANA_AUTH", cloudAccessPolicyToken: "GRAFANA_CLOUD_ACCESS_POLICY_TOKEN" }],
  [AzureadProvider, "azuread", ARM],
  [MsgraphProvider, "msgraph", ARM],
  [OktaProvider, "okta", { apiToken: "OKTA_API_TOKEN", accessToken: "OKTA_ACCESS_TOKEN", privateKey: "OKTA_API_PRIVATE_KEY" }],
];

/**
 * The problems of every provider of the kinds `kinds` in the stack of `scope` that holds a
 * credential as a literal, one per attribute; the messages never quote the value.
 */
export function literalCredentialProblems(scope: IConstruct, kinds: readonly ProviderClass[]): string[] {
  const problems: string[] = [];
  for (const node of TerraformStack.of(scope).node.findAll()) {
    const entry = CREDENTIALS.find(([kind]) => kinds.includes(kind) && node instanceof kind);
    if (entry === undefined) continue;
    const [, name, attributes] = entry;
    for (const [attribute, variable] of Object.entries(attributes)) {
      const value = (node as unknown as Record<string, unknown>)[attribute];
      if (typeof value !== "string" || Token.isUnresolved(value)) continue;
      problems.push(
        `${node.node.path}: the ${name} provider's ${attribute} is a literal, which would be written in clear into the synthesized configuration: ` +
          `leave it unset and set ${variable} in the environment of the machine that runs Terraform (or pass a reference to a sensitive variable)`,
      );
    }
  }
  return problems;
}
