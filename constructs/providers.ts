/**
 * The provider classes the constructs' `provider` props take, for apps that compose the constructs
 * themselves, so an app needs no provider package of its own (it would have to pin the same
 * versions: one copy each):
 * - grafana and msgraph: the bindings generated in `.gen/` (grafana 4.45.1, msgraph 0.5.0); a
 *   stack needs a grafana provider (`new GrafanaProvider(stack, "grafana", grafanaProviderConfig(instance))`);
 * - azuread and okta: the prebuilt `@cdktf/provider-azuread` (azuread 3.7.0) and
 *   `@cdktf/provider-okta` (okta 4.20.0) this package depends on (`EntraScim`'s
 *   `azureadProvider`, `OktaGrafanaScim`'s `provider`, with `oktaProviderConfig(org)`).
 * The hashicorp/time provider that token rotation needs is added by `GrafanaScim` when the stack
 * has none.
 */
export { AzureadProvider, type AzureadProviderConfig } from "@cdktf/provider-azuread/lib/provider";
export { OktaProvider, type OktaProviderConfig } from "@cdktf/provider-okta/lib/provider";
export { GrafanaProvider, type GrafanaProviderConfig } from "../.gen/providers/grafana/provider";
export { MsgraphProvider, type MsgraphProviderConfig } from "../.gen/providers/msgraph/provider";
export type { SsoSettingsSamlSettings } from "../.gen/providers/grafana/sso-settings";
