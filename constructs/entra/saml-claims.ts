/**
 * What an Entra enterprise app sends in its SAML assertions for Grafana: which claim carries the
 * user's object id, the Grafana SAML settings that read those claims, and the rules for the app's
 * identifier URI. Pure.
 */
import { Token } from "cdktf";
import type { IdentityProviderSamlSettings } from "../grafana/saml-settings";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../grafana/saml-urls";
import { DISPLAY_NAME_CLAIM, EMAIL_CLAIM, federationMetadataUrl, OBJECT_ID_CLAIM, UPN_CLAIM, type UserClaim } from "./entra-ids";

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
 * The user properties behind every claim Grafana's SAML settings read: login (user principal
 * name), email, name (display name) and the external UID (object id), each under the claim type
 * Grafana is told to read. Pure.
 */
export function grafanaUserClaims(attributes: IdentityProviderSamlSettings): UserClaim[] {
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
 * single sign-on is not managed here). Pure.
 */
export function entraGrafanaSamlSettings(tenantId: string, clientId: string, claim: EntraExternalUidClaim): IdentityProviderSamlSettings {
  return {
    idpMetadataUrl: federationMetadataUrl(tenantId, clientId),
    assertionAttributeExternalUid: claim === "userUID" ? DEFAULT_EXTERNAL_UID_ATTRIBUTE : OBJECT_ID_CLAIM,
    assertionAttributeLogin: UPN_CLAIM,
    assertionAttributeEmail: EMAIL_CLAIM,
    assertionAttributeName: DISPLAY_NAME_CLAIM,
  };
}

/**
 * Why `uri` cannot be an Entra application identifier URI, or undefined. Entra takes absolute
 * URIs (`https://…`, `api://…`, `urn:…`) without a fragment; Grafana's entity id is free text.
 */
export function entraIdentifierUriProblem(uri: string): string | undefined {
  if (Token.isUnresolved(uri)) return undefined;
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
