/** Grafana's SAML service-provider endpoints and the claim SCIM users are matched on. */

/** The SAML attribute Grafana reads the external UID from by default (`[auth.saml] assertion_attribute_external_uid`). */
export const DEFAULT_EXTERNAL_UID_ATTRIBUTE = "userUID";

/** Grafana's SP metadata URL, which this package also uses as its SAML entity id (the IdP's "audience"). */
export function samlEntityId(grafanaRootUrl: string): string {
  return `${stripSlash(grafanaRootUrl)}/saml/metadata`;
}

/** Grafana's assertion consumer service URL (the IdP's "single sign-on URL"/"reply URL"). */
export function samlAcsUrl(grafanaRootUrl: string): string {
  return `${stripSlash(grafanaRootUrl)}/saml/acs`;
}

/** Grafana's single logout URL. */
export function samlSloUrl(grafanaRootUrl: string): string {
  return `${stripSlash(grafanaRootUrl)}/saml/slo`;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
