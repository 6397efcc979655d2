/** Fixed Entra ID identifiers and the URLs derived from tenant and app ids. Pure. */

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

/**
 * The claims mapping policy that sends the user's object id as `claimType` (Grafana's `userUID`)
 * next to Entra's basic claims.
 */
export function objectIdClaimsPolicy(claimType: string): string {
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      IncludeBasicClaimSet: "true",
      ClaimsSchema: [{ Source: "user", ID: "objectid", SamlClaimType: claimType }],
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `value` is not a UUID, or `undefined`. */
export function uuidProblem(value: string): string | undefined {
  return UUID.test(value) ? undefined : `must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "${value}")`;
}
