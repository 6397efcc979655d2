/**
 * The rules between sections of an environment file, which no section's schema can check alone.
 * Each is a pure function of the validated sections; `environment.ts` reports what they find as
 * problems of the file, at the path of the field to change.
 */
import { groupObjectIdProblems, roleSyncProblems } from "../constructs/grafana/saml-role-sync";
import { cloudServerPathProblems } from "../constructs/grafana/server-paths";
import { manualRotationProblem } from "../constructs/grafana/token-options";
import { adoptionProblems, type AdoptConfig } from "./adopt";
import { fieldPath, type FieldProblem } from "./fields";
import type { GrafanaConfig, TokenConfig } from "./grafana";
import { identityProviderSamlProblems, samlGroupObjectIdClaim, samlGroupsClaim, tokenDelivery, type IdentityProviderConfig } from "./identity-provider";
import type { SamlConfig } from "./saml";

/** The sections the rules look at. */
export interface EnvironmentSections {
  readonly grafana: GrafanaConfig;
  readonly token: TokenConfig;
  readonly saml?: SamlConfig;
  readonly identityProvider?: IdentityProviderConfig;
  readonly adopt?: AdoptConfig;
}

/** Every problem between the sections, in a fixed order. */
export function environmentProblems(env: EnvironmentSections): FieldProblem[] {
  return [
    ...tokenRotationProblems(env),
    ...identityProviderSamlProblems(env.identityProvider, env.saml),
    ...adoptionProblems(env),
    ...samlProblems(env),
  ];
}

/**
 * `token.rotationDays` needs an identity provider that receives the new token in the same apply
 * (the same rule, in the same words, as the token construct's).
 */
export function tokenRotationProblems(env: Pick<EnvironmentSections, "token" | "identityProvider">): FieldProblem[] {
  const rotationDays = env.token.rotationDays;
  if (rotationDays === undefined || tokenDelivery(env.identityProvider) === "automatic") return [];
  const why = env.identityProvider ? `"${env.identityProvider.kind}" cannot receive it through any API` : "no identityProvider is configured";
  return [{ path: ["token", "rotationDays"], problem: manualRotationProblem(rotationDays, `the token is pasted by hand (${why})`) }];
}

/**
 * The `saml` section against the rest: its signing key pair is required, role sync reads the
 * identity provider's groups claim unless told otherwise, Grafana Cloud has no server paths, and
 * without an identity provider the metadata source must be given.
 */
export function samlProblems(env: Pick<EnvironmentSections, "grafana" | "saml" | "identityProvider">): FieldProblem[] {
  const { saml, identityProvider } = env;
  if (!saml) return [];
  const problems: FieldProblem[] = [];
  if (saml.signing === undefined) {
    problems.push({
      path: ["saml", "signing"],
      problem:
        'is required: Grafana\'s SAML needs its SP certificate and private key (its SAML options list both as required). ' +
        'Set "variables" (TF_VAR_saml_certificate, TF_VAR_saml_private_key) or their paths on the Grafana server',
    });
  }
  const roleSync = { ...saml, assertionAttributeGroups: saml.assertionAttributeGroups ?? samlGroupsClaim(identityProvider, saml) };
  // Values matched against group object ids: these problems replace roleSyncProblems' for the same field (its advice is for names).
  const objectIdClaim = samlGroupObjectIdClaim(identityProvider);
  const objectIdProblems = objectIdClaim ? groupObjectIdProblems(roleSync, objectIdClaim) : [];
  const objectIdFields = new Set(objectIdProblems.map((p) => p.field));
  for (const { field, problem } of roleSyncProblems(roleSync)) {
    if (objectIdFields.has(field)) continue;
    const hint = identityProvider?.kind === "entra" && (field === "assertionAttributeRole" || field === "assertionAttributeOrg") ? entraGroupClaimsHint(identityProvider) : "";
    problems.push({ path: ["saml", ...fieldPath(field)], problem: problem + hint });
  }
  for (const { field, problem } of objectIdProblems) problems.push({ path: ["saml", ...fieldPath(field)], problem });
  if (env.grafana.kind === "cloud") {
    const paths = { ...(saml.idpMetadataPath === undefined ? {} : { idpMetadataPath: saml.idpMetadataPath }), signingFromPaths: typeof saml.signing === "object" };
    for (const { field, problem } of cloudServerPathProblems(paths, { signing: 'use "variables"' })) problems.push({ path: ["saml", ...fieldPath(field)], problem });
  }
  if (!identityProvider && saml.idpMetadataUrl === undefined && saml.idpMetadataPath === undefined) {
    problems.push({
      path: ["saml", "idpMetadataUrl"],
      problem: "set idpMetadataUrl or idpMetadataPath, or configure an identityProvider (which provides the metadata URL)",
    });
  }
  return problems;
}

/**
 * What to add to "role or org mapping without an attribute" for Entra: how the app comes to send
 * a groups claim. `groupClaims` is an option of managed single sign-on; adding `singleSignOn` to
 * an app whose single sign-on was set up by hand takes it over, so without it the hint says so
 * and names the other way, reading the claim the app was set up to send.
 */
function entraGroupClaimsHint(entra: Extract<IdentityProviderConfig, { kind: "entra" }>): string {
  if (entra.singleSignOn) {
    return (
      ". Entra ID sends a groups claim only when the app's group claims are set up: set identityProvider.singleSignOn.groupClaims to ApplicationGroup " +
      "(the groups assigned to the app) or SecurityGroup, and Grafana reads Entra's groups claim (group object ids) by default; " +
      "or, for group claims set up by hand, set assertionAttributeGroups to the claim the app sends"
    );
  }
  return (
    ". Entra ID sends a groups claim only when the app's group claims are set up. If they were set up by hand, set assertionAttributeGroups to the claim the app " +
    "was set up to send. identityProvider.singleSignOn.groupClaims can set them, but it comes with managed single sign-on: adding identityProvider.singleSignOn makes " +
    "this package take over the app's single sign-on set up by hand (a new signing certificate made the active one, the identifier URI, the reply URL; see docs/entra.md)"
  );
}
