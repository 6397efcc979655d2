/**
 * What an Entra enterprise app sends in its SAML assertions for Grafana: which claim carries the
 * user's object id, the Grafana SAML settings that read those claims, and the rules for the app's
 * identifier URI. Pure.
 */
import { Token } from "cdktf";
import type { IdentityProviderSamlClaims } from "../grafana/saml-settings";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../grafana/saml-urls";
import { templateSequenceProblem } from "../template-escape";
import { DISPLAY_NAME_CLAIM, EMAIL_CLAIM, federationMetadataUrl, GROUPS_CLAIM, OBJECT_ID_CLAIM, UPN_CLAIM, type UserClaim } from "./entra-ids";

/**
 * Which SAML claim carries the user's object id, the value Grafana links a SAML login to the SCIM
 * user by (`assertion_attribute_external_uid`).
 * - `objectidentifier` (the default): Entra's built-in
 *   `http://schemas.microsoft.com/identity/claims/objectidentifier`, sent to members and guests
 *   alike. It is in the restricted SAML claim set, so no policy can change or drop it, and none is
 *   needed (nor `Policy.ReadWrite.ApplicationConfiguration`). Grafana is told its name.
 * - `userUID`: Grafana's default attribute name, added by a claims mapping policy. **Guests cannot
 *   sign in with it**: Microsoft's claims mapping policy reference
 *   (https://learn.microsoft.com/entra/identity-platform/reference-claims-mapping-policy-type)
 *   says a policy is not applied to guest users, so a guest gets a SCIM account but no `userUID`
 *   claim, and Grafana cannot link the login. Choose it only for a tenant without guests.
 */
export type EntraExternalUidClaim = "userUID" | "objectidentifier";

/**
 * The SAML claim names Grafana reads the login, email and display name from (its
 * `assertion_attribute_login`, `_email` and `_name`). Each unset name is Entra's default claim.
 */
export interface EntraSamlClaimNames {
  /** The claim Grafana reads the login from. @default `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name` */
  readonly login?: string;
  /** The claim Grafana reads the email from. @default `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress` */
  readonly email?: string;
  /** The claim Grafana reads the display name from. @default `http://schemas.microsoft.com/identity/claims/displayname` */
  readonly name?: string;
}

/**
 * Problems with the claim names when a claims mapping policy sends them (field names relative to
 * the names), or `[]`: each must be set, contain no Terraform template sequence, and differ from
 * the others and from the claims the object id is sent in (`externalUidClaims`), since the policy
 * sends one user property under each name. Skips references. Pure.
 */
export function entraPolicyClaimNameProblems(names: EntraSamlClaimNames, externalUidClaims: readonly string[]): Array<{ field: keyof EntraSamlClaimNames; problem: string }> {
  const problems: Array<{ field: keyof EntraSamlClaimNames; problem: string }> = [];
  const seen = new Map<string, string>(externalUidClaims.map((claim) => [claim, "object id"]));
  for (const field of ["login", "email", "name"] as const) {
    const name = names[field];
    if (name === undefined || Token.isUnresolved(name)) continue;
    const template = templateSequenceProblem(name);
    if (name.trim() === "") problems.push({ field, problem: "must not be empty" });
    else if (template) problems.push({ field, problem: template });
    else if (seen.has(name)) {
      problems.push({ field, problem: `"${name}" is also the ${seen.get(name)} claim; the claims mapping policy sends one user property per claim name, so give each its own` });
    } else seen.set(name, field);
  }
  return problems;
}

/**
 * The user properties behind every claim Grafana's SAML settings read: login (user principal
 * name), email, name (display name) and the external UID (object id), each under the claim type
 * Grafana is told to read. Pure.
 */
export function grafanaUserClaims(attributes: IdentityProviderSamlClaims): UserClaim[] {
  return [
    { id: "userprincipalname", samlClaimType: attributes.assertionAttributeLogin },
    { id: "mail", samlClaimType: attributes.assertionAttributeEmail },
    { id: "displayname", samlClaimType: attributes.assertionAttributeName },
    { id: "objectid", samlClaimType: attributes.assertionAttributeExternalUid },
  ];
}

/**
 * The Grafana SAML settings that agree with an Entra app of `clientId`: its federation metadata
 * URL and the claims Entra sends, the object id in `claim` (the built-in `objectidentifier` when
 * single sign-on is not managed here), the login, email and name in `names` (Entra's defaults
 * where unset). Pure.
 */
export function entraGrafanaSamlSettings(
  tenantId: string,
  clientId: string,
  claim: EntraExternalUidClaim,
  names: EntraSamlClaimNames = {},
  groupClaims?: EntraGroupClaims,
): IdentityProviderSamlClaims {
  const groups = entraGroupsClaimSent(groupClaims);
  return {
    idpMetadataUrl: federationMetadataUrl(tenantId, clientId),
    assertionAttributeExternalUid: externalUidClaimName(claim),
    assertionAttributeLogin: names.login ?? UPN_CLAIM,
    assertionAttributeEmail: names.email ?? EMAIL_CLAIM,
    assertionAttributeName: names.name ?? DISPLAY_NAME_CLAIM,
    ...(groups === undefined ? {} : { assertionAttributeGroups: groups }),
  };
}

/**
 * Which groups Entra puts in the SAML token's groups claim: the application's
 * `groupMembershipClaims` (Microsoft Graph application resource,
 * https://learn.microsoft.com/graph/api/resources/application; the values `ApplicationGroup`
 * and `DirectoryRole` are described in the Microsoft Graph app manifest reference,
 * https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest).
 * The claim is `http://schemas.microsoft.com/ws/2008/06/identity/claims/groups`, its values group object ids.
 * - `ApplicationGroup`: only the groups assigned to the application, the groups SCIM provisions
 *   too (the `groups` of `EntraScim`). Recommended: it keeps the claim short.
 * - `SecurityGroup`: every security group the user is a member of (and Entra directory roles).
 *   Microsoft limits a SAML token to 150 groups, nested ones included; a user in more gets **no**
 *   groups claim at all, and Grafana's role sync then gives them its default role
 *   ("Configure group claims for applications by using Microsoft Entra ID",
 *   https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-fed-group-claims).
 * - `None`: no groups claim. Set it to turn group claims off: removing the option leaves the
 *   application's value as it was (the PATCH is not undone), so Entra would keep sending groups.
 *
 * Not offered: `All` adds distribution lists and directory roles, which no group assignment or
 * SCIM group stands for and which bring a user to the 150-group limit sooner; `DirectoryRole`
 * sends directory role ids instead of groups, which role sync by group cannot use.
 */
export type EntraGroupClaims = "ApplicationGroup" | "SecurityGroup" | "None";

/** The values of {@link EntraGroupClaims}. */
export const ENTRA_GROUP_CLAIMS: readonly EntraGroupClaims[] = ["ApplicationGroup", "SecurityGroup", "None"];

/** The claim Entra sends groups in with `groupClaims`, or undefined when it sends none (`None`) or the setting is not managed (unset). */
export function entraGroupsClaimSent(groupClaims: EntraGroupClaims | undefined): string | undefined {
  return groupClaims === "ApplicationGroup" || groupClaims === "SecurityGroup" ? GROUPS_CLAIM : undefined;
}

/**
 * Why `groupClaims` cannot be managed with the object id in `claim`, or undefined. With `userUID`
 * a claims mapping policy replaces the app's claims configuration, and Microsoft's claims mapping
 * policy reference (https://learn.microsoft.com/entra/identity-platform/reference-claims-mapping-policy-type)
 * does not say that the groups claim survives it: a role sync that may silently receive no groups
 * is refused rather than guessed.
 */
export function entraGroupClaimsProblem(groupClaims: EntraGroupClaims | undefined, claim: EntraExternalUidClaim): string | undefined {
  if (groupClaims === undefined || Token.isUnresolved(groupClaims)) return undefined;
  if (!ENTRA_GROUP_CLAIMS.includes(groupClaims)) return `must be one of ${ENTRA_GROUP_CLAIMS.join(", ")} (got ${JSON.stringify(groupClaims)})`;
  if (groupClaims !== "None" && claim === "userUID") {
    return (
      `cannot be combined with externalUidClaim "userUID": its claims mapping policy replaces the app's claims, and Microsoft does not document that ` +
      `the groups claim is still sent under it. Use externalUidClaim "objectidentifier" (the default) for role sync from Entra groups`
    );
  }
  return undefined;
}

/** The body of Graph's `PATCH /applications/{id}` that sets the groups the SAML token carries. */
export function groupMembershipClaimsBody(groupClaims: EntraGroupClaims): { groupMembershipClaims: EntraGroupClaims } {
  return { groupMembershipClaims: groupClaims };
}

/** The claim name the object id is sent under for `claim`. */
export function externalUidClaimName(claim: EntraExternalUidClaim): string {
  return claim === "userUID" ? DEFAULT_EXTERNAL_UID_ATTRIBUTE : OBJECT_ID_CLAIM;
}

/**
 * The claims the object id is sent in: Entra's built-in `objectidentifier` always (it is in the
 * restricted claim set, and the `userUID` policy keeps the basic claim set), and `userUID` with
 * its policy.
 */
export function externalUidClaimsSent(claim: EntraExternalUidClaim): string[] {
  return claim === "userUID" ? [DEFAULT_EXTERNAL_UID_ATTRIBUTE, OBJECT_ID_CLAIM] : [OBJECT_ID_CLAIM];
}

/**
 * Why `uri` cannot be an Entra application identifier URI, or undefined. Entra takes absolute
 * URIs (`https://…`, `api://…`, `urn:…`) without a fragment; Grafana's entity id is free text.
 */
export function entraIdentifierUriProblem(uri: string): string | undefined {
  if (Token.isUnresolved(uri)) return undefined;
  // A URL is never display text: a template sequence would be evaluated where it is written.
  const template = templateSequenceProblem(uri);
  if (template) return template;
  const example = "such as https://grafana.example.com/saml/metadata or urn:grafana:prod";
  const scheme = /^([a-z][a-z0-9+.-]*):\S+$/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || !ENTRA_IDENTIFIER_URI_SCHEMES.includes(scheme)) {
    return `must be an absolute URI with scheme ${ENTRA_IDENTIFIER_URI_SCHEMES.join(", ")} for Entra's identifier URI, ${example} (got "${uri}")`;
  }
  if (uri.includes("#")) return `must not contain a fragment (#) for Entra's identifier URI (got "${uri}")`;
  if (scheme !== "urn" && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i.test(uri)) return `must name a host after ${scheme}:// for Entra's identifier URI, ${example} (got "${uri}")`;
  // azuread 3.7.0 keeps the URI in its resource id as standard base64 and parses that id by
  // splitting on "/" (application_identifier_uri_resource.go, Create and Read; parse/identifier_uri.go).
  // A URI whose base64 has a "/" is created, and then its id can be neither read back nor imported.
  // In ASCII only "?" (or DEL) at a byte index i with i % 3 == 2 gives one.
  if (Buffer.from(uri, "utf8").toString("base64").includes("/")) {
    return `cannot be an identifier URI azuread 3.7.0 manages: its resource id holds the URI in base64, which here contains "/", and azuread cannot parse that id back (usually a "?": move or drop it; got "${uri}")`;
  }
  return undefined;
}

/** The URI schemes Entra accepts in an application's identifier URIs. */
export const ENTRA_IDENTIFIER_URI_SCHEMES: readonly string[] = ["https", "http", "api", "urn", "ms-appx"];
