/** Fixed Entra ID identifiers and the URLs derived from tenant and app ids. Pure. */
import { Token } from "cdktf";
import { isUuid } from "../uuid";

/** The "Custom" (non-gallery) application template. */
export const CUSTOM_APP_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

/** Synchronization job template for a generic SCIM app (`customappsso` is the deprecated predecessor). */
export const SCIM_JOB_TEMPLATE_ID = "scim";

/**
 * The Custom template's `User` app role. Its `value` is null, so azuread's `app_role_ids` omits
 * it; assignments use this id.
 */
export const CUSTOM_APP_USER_ROLE_ID = "18d14569-c3bd-439b-9a66-3a2aee01d14f";

/** SAML claim Entra sends with the user's object id when no claims mapping policy changes it. */
export const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
/** Entra's default SAML claims for the user principal name, email and display name. */
export const UPN_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
export const EMAIL_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
export const DISPLAY_NAME_CLAIM = "http://schemas.microsoft.com/identity/claims/displayname";
/**
 * SAML claim Entra sends a user's groups in, when the application's `groupMembershipClaims` asks
 * for groups; its values are group object ids (Microsoft identity platform, "SAML token claims
 * reference": https://learn.microsoft.com/entra/identity-platform/reference-saml-tokens).
 */
export const GROUPS_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";

/** The app-specific federation metadata URL Grafana reads Entra's SAML settings from. */
export function federationMetadataUrl(tenantId: string, clientId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${clientId}`;
}

/**
 * The Entra admin center's provisioning blade of an enterprise app (deep-link format as used by
 * public tooling; Microsoft does not document portal URLs).
 */
export function provisioningPortalUrl(clientId: string, servicePrincipalObjectId: string): string {
  return `https://portal.azure.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/appId/${clientId}/objectId/${servicePrincipalObjectId}`;
}

/** One claim a claims mapping policy emits: a user property (`ID`) under a SAML claim type. */
export interface UserClaim {
  /** The user property, as the policy's `ID` (`objectid`, `userprincipalname`, `mail`, `displayname`, …). */
  readonly id: string;
  /** The SAML claim type it is sent as. */
  readonly samlClaimType: string;
}

/**
 * A claims mapping policy definition that sends `claims` from the user object next to Entra's
 * basic claim set (`IncludeBasicClaimSet`), in the format of Microsoft's claims mapping policy
 * type (https://learn.microsoft.com/entra/identity-platform/reference-claims-mapping-policy-type):
 * `Version` 1, `ClaimsSchema` entries of `Source` `user`, `ID` and `SamlClaimType`. Pure.
 */
export function userClaimsMappingPolicy(claims: readonly UserClaim[]): string {
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      IncludeBasicClaimSet: "true",
      ClaimsSchema: claims.map((c) => ({ Source: "user", ID: c.id, SamlClaimType: c.samlClaimType })),
    },
  });
}

/** Why `value` is not a UUID, or `undefined` (also for a reference, which Terraform resolves). */
export function uuidProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  return isUuid(value) ? undefined : `must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "${value}")`;
}
