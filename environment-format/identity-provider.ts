/**
 * The identity providers an environment can name in `identityProvider`, each in its own module
 * with its config schema (`kind` discriminates) and the function that adds it to the stack.
 */
import { z } from "zod";
import { mapConfigurationErrors, prefixFieldMapper } from "../constructs/errors";
import { addEntra, entraEnvironmentSchema, entraSamlProblems } from "./entra";
import type { TokenDelivery } from "../constructs/grafana/token-options";
import type { EnvironmentConfig } from "./environment";
import { addOkta, oktaEnvironmentSchema, oktaGroupsAttribute, oktaSamlProblems } from "./okta";
import type { IdentityProviderContext, IdentityProviderWiring } from "../stacks/identity-providers/types";

export type { IdentityProviderContext, IdentityProviderWiring, SamlDefaults } from "../stacks/identity-providers/types";

/** `identityProvider` in an environment file. */
export const identityProviderSchema = z
  .discriminatedUnion("kind", [entraEnvironmentSchema, oktaEnvironmentSchema])
  .meta({ description: "The identity provider that provisions users and groups into Grafana over SCIM." });

/** A validated `identityProvider` section. */
export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;

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

/**
 * How the SCIM token reaches the configured identity provider: Entra ID receives it in the same
 * apply; Okta (no API for it) and an environment without identity provider need it pasted.
 */
export function tokenDelivery(config: IdentityProviderConfig | undefined): TokenDelivery {
  return config?.kind === "entra" ? "automatic" : "manual";
}

/**
 * Problems between the identity provider section and the rest of the environment, which the
 * schema of each section cannot see (dotted field paths from the file's root).
 */
export function identityProviderProblems(environment: Omit<EnvironmentConfig, "identityProvider"> & { identityProvider?: IdentityProviderConfig }): Array<{ field: string; problem: string }> {
  const idp = environment.identityProvider;
  switch (idp?.kind) {
    case "okta":
      return oktaSamlProblems(idp, environment.saml);
    case "entra":
      return entraSamlProblems(idp, environment.saml);
    default:
      return [];
  }
}

/**
 * The SAML attribute the configured identity provider sends groups in, which Grafana's role and
 * org mapping default to: Okta's groups statement (sent when the `saml` section maps roles or
 * organizations); none for Entra ID, whose groups claim depends on app settings this package does
 * not manage; none without an identity provider.
 */
export function samlGroupsClaim(config: IdentityProviderConfig | undefined, saml: EnvironmentConfig["saml"]): string | undefined {
  return config?.kind === "okta" ? oktaGroupsAttribute(config, saml) : undefined;
}
