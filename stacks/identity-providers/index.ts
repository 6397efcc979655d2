/**
 * The identity provider an environment names, added to its stack: one module per kind, each with
 * the provider blocks, the library's construct and the outputs of its side.
 */
import { mapConfigurationErrors, prefixFieldMapper } from "../../constructs/errors";
import type { IdentityProviderConfig } from "../../environment-format";
import { addEntra } from "./entra";
import { addOkta } from "./okta";
import type { ISamlIdentityProvider } from "../../constructs/grafana/saml-settings";
import type { IdentityProviderContext } from "./types";

export type { IdentityProviderContext } from "./types";

/**
 * Where the props of `EntraScim` come from in an environment file, for its errors (`adopt.*` is
 * mapped where `adopt` is called). `tokenDelivery` and `token.*` are `GrafanaScim`'s, whose token
 * `EntraScim` declares as delivered in the same apply.
 */
export const ENTRA_SCIM_FIELDS = prefixFieldMapper({
  tenantId: "identityProvider.tenantId",
  displayName: "identityProvider.appDisplayName",
  groups: "identityProvider.groups",
  mappings: "identityProvider.mappings",
  start: "identityProvider.provisioning.start",
  provisionOnDemand: "identityProvider.provisioning.provisionOnDemand",
  singleSignOn: "identityProvider.singleSignOn",
  "singleSignOn.entityId": "saml.entityId",
  "singleSignOn.groupClaims": "identityProvider.singleSignOn.groupClaims",
  "singleSignOn.claimNames.login": "saml.assertionAttributeLogin",
  "singleSignOn.claimNames.email": "saml.assertionAttributeEmail",
  "singleSignOn.claimNames.name": "saml.assertionAttributeName",
  tokenDelivery: "identityProvider.kind",
  token: "token",
});

/**
 * Adds the configured identity provider to the stack; returns its construct, whose Grafana SAML
 * settings the stack's `saml` section starts from. Errors of the constructs are re-phrased from
 * their props into the environment file's paths (Okta's module does so itself).
 */
export function addIdentityProvider(context: IdentityProviderContext, config: IdentityProviderConfig): ISamlIdentityProvider {
  switch (config.kind) {
    case "entra":
      return mapConfigurationErrors(ENTRA_SCIM_FIELDS, () => addEntra(context, config));
    case "okta":
      return addOkta(context, config);
  }
}
