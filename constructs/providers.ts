/**
 * The provider classes of the bindings generated in `.gen/` (grafana 4.45.1, msgraph 0.5.0), for
 * apps that compose the constructs themselves: the constructs' `provider` props take these
 * classes, and a stack needs a grafana provider (`new GrafanaProvider(stack, "grafana",
 * grafanaProviderConfig(instance))`). The azuread, okta and time providers come from their
 * prebuilt packages (`@cdktf/provider-azuread/lib/provider`, …), which this package depends on.
 */
export { GrafanaProvider, type GrafanaProviderConfig } from "../.gen/providers/grafana/provider";
export { MsgraphProvider, type MsgraphProviderConfig } from "../.gen/providers/msgraph/provider";
export type { SsoSettingsSamlSettings } from "../.gen/providers/grafana/sso-settings";
