/**
 * `identityProvider` in an environment file: which identity provider provisions Grafana, one
 * schema per kind (`kind` discriminates), and what follows from the kind for the other sections.
 */
import { z } from "zod";
import { entraGroupsClaimSent } from "../constructs/entra/saml-claims";
import type { GroupObjectIdClaim } from "../constructs/grafana/saml-role-sync";
import type { TokenDelivery } from "../constructs/grafana/token-options";
import { entraEnvironmentSchema, entraSamlProblems } from "./entra";
import type { FieldProblem } from "./fields";
import { oktaEnvironmentSchema, oktaGroupsAttribute, oktaSamlProblems } from "./okta";
import type { SamlConfig } from "./saml";

/** `identityProvider` in an environment file. */
export const identityProviderSchema = z
  .discriminatedUnion("kind", [entraEnvironmentSchema, oktaEnvironmentSchema])
  .meta({ description: "The identity provider that provisions users and groups into Grafana over SCIM." });

/** A validated `identityProvider` section. */
export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;

/**
 * How the SCIM token reaches the configured identity provider: Entra ID receives it in the same
 * apply; Okta (no API for it) and an environment without identity provider need it pasted.
 */
export function tokenDelivery(config: IdentityProviderConfig | undefined): TokenDelivery {
  return config?.kind === "entra" ? "automatic" : "manual";
}

/**
 * Problems between the identity provider section and the `saml` section, which the schema of
 * each section cannot see.
 */
export function identityProviderSamlProblems(idp: IdentityProviderConfig | undefined, saml: SamlConfig | undefined): FieldProblem[] {
  switch (idp?.kind) {
    case "okta":
      return oktaSamlProblems(idp, saml);
    case "entra":
      return entraSamlProblems(idp, saml);
    default:
      return [];
  }
}

/**
 * The SAML attribute the configured identity provider sends groups in, which Grafana's role and
 * org mapping default to: Okta's groups statement (sent when the `saml` section maps roles or
 * organizations); Entra's groups claim when `singleSignOn.groupClaims` is `ApplicationGroup` or
 * `SecurityGroup` (the same default as `EntraScim`'s `grafanaSamlSettings`); none otherwise.
 */
export function samlGroupsClaim(config: IdentityProviderConfig | undefined, saml: SamlConfig | undefined): string | undefined {
  if (config?.kind === "okta") return oktaGroupsAttribute(config, saml);
  if (config?.kind === "entra") return entraGroupsClaimSent(config.singleSignOn?.groupClaims);
  return undefined;
}

/**
 * The configured identity provider's groups claim when this package has it send group object ids:
 * Entra's groups claim with `singleSignOn.groupClaims` `ApplicationGroup` or `SecurityGroup` (as
 * `EntraScim.groupsClaim` declares it); undefined otherwise (values not checked).
 */
export function samlGroupObjectIdClaim(config: IdentityProviderConfig | undefined): GroupObjectIdClaim | undefined {
  if (config?.kind !== "entra") return undefined;
  const name = entraGroupsClaimSent(config.singleSignOn?.groupClaims);
  return name === undefined ? undefined : { name, sender: "Entra ID", managedWith: "identityProvider.singleSignOn.groupClaims" };
}
