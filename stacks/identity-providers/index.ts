/**
 * The identity provider an environment names, added to its stack: one module per kind, each with
 * the provider blocks, the library's construct and the outputs of its side.
 */
import { mapConfigurationErrors, prefixFieldMapper } from "../../constructs/errors";
import type { IdentityProviderConfig } from "../../environment-format";
import { addEntra } from "./entra";
import { addOkta } from "./okta";
import type { IdentityProviderContext, IdentityProviderWiring } from "./types";

export type { IdentityProviderContext, IdentityProviderWiring, SamlDefaults } from "./types";

/**
 * Where the props of `EntraScim` come from in an environment file, for its errors. Fields the
 * table does not name pass unchanged (errors already phrased as environment paths, e.g.
 * `identityProvider.groups[0]`). `tokenDelivery` and `token.*` are `GrafanaScim`'s, whose token
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
  tokenDelivery: "identityProvider.kind",
  token: "token",
});

/**
 * Adds the configured identity provider to the stack. Errors of the constructs are re-phrased
 * from their props into the environment file's paths (Okta's module does so itself).
 */
export function addIdentityProvider(context: IdentityProviderContext, config: IdentityProviderConfig): IdentityProviderWiring {
  switch (config.kind) {
    case "entra":
      return mapConfigurationErrors(ENTRA_SCIM_FIELDS, () => addEntra(context, config));
    case "okta":
      return addOkta(context, config);
  }
}
