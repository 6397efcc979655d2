/**
 * A DNS label (RFC 1123, lower case): what a Grafana Cloud stack slug and an Okta org name must be,
 * since each becomes the first label of a host name (`<slug>.grafana.net`, `<org>.okta.com`).
 */

/** The pattern as a string, for JSON Schema `pattern`. */
export const DNS_LABEL_PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$";

/** The pattern as a regular expression. */
export const DNS_LABEL = new RegExp(DNS_LABEL_PATTERN);
