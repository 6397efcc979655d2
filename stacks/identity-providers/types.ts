/** What an identity-provider module receives from the stack and gives back to it. */
import type { TerraformStack } from "cdktf";
import type { GrafanaScim } from "../../constructs/grafana/grafana-scim";
import type { GrafanaSamlSettingsProps } from "../../constructs/grafana/saml-settings";
import type { Environment } from "../../environment-format";

/** Grafana SAML settings an identity provider implies (its metadata URL, the claim names it sends). */
export type SamlDefaults = Partial<Omit<GrafanaSamlSettingsProps, "grafanaUrl" | "provider">>;

/** Everything an identity-provider module may use to build its part of the stack. */
export interface IdentityProviderContext {
  /** The environment's stack. */
  readonly stack: TerraformStack;
  /** The validated environment (name, file, config). */
  readonly environment: Environment;
  /** The Grafana side: tenant URL, Grafana URL and token reference. */
  readonly grafana: GrafanaScim;
}

/** What an identity-provider module returns to the stack. */
export interface IdentityProviderWiring {
  /**
   * Defaults for Grafana's SAML settings when the environment has a `saml` section; the
   * section's own values win. Must agree with the claims the identity provider sends.
   */
  readonly samlDefaults: SamlDefaults;
}
