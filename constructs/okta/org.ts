/**
 * The Okta org this package configures: `https://<orgName>.<baseUrl>`, with its admin console
 * at `https://<orgName>-admin.<baseUrl>`. Pure functions; a bad value throws a
 * {@link ConfigurationError} naming the field.
 */
import type { OktaProviderConfig } from "@cdktf/provider-okta/lib/provider";
import { Token } from "cdktf";
import { assertValid, ConfigurationError } from "../errors";
import { DNS_LABEL } from "../dns-label";

/** The Okta cells the provider's `base_url` accepts for an org (custom domains are not org URLs). */
export const OKTA_BASE_URLS = ["okta.com", "oktapreview.com", "okta-emea.com"] as const;

/** One of {@link OKTA_BASE_URLS}. */
export type OktaBaseUrl = (typeof OKTA_BASE_URLS)[number];

/** An Okta org. */
export interface OktaOrg {
  /** The org's subdomain: `acme` for `https://acme.okta.com`. */
  readonly orgName: string;
  /** The org's domain. */
  readonly baseUrl: OktaBaseUrl;
}

/**
 * Environment variables the okta provider reads its credentials from: an API token, or the
 * OAuth 2.0 service-app variables. Never part of a configuration file or of synthesized JSON.
 */
export const OKTA_CREDENTIAL_ENV = {
  apiToken: "OKTA_API_TOKEN",
  oauth: ["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES"],
} as const;

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Why `orgName` is not an Okta org name, or `undefined` when it is one (or a reference). */
export function oktaOrgNameProblem(orgName: string): string | undefined {
  if (Token.isUnresolved(orgName)) return undefined;
  if (SCHEME.test(orgName) || /[./]/.test(orgName)) {
    const host = orgName.replace(SCHEME, "").split(/[./]/)[0] ?? "";
    const guess = host.toLowerCase().replace(/-admin$/, "");
    return `expected the org name only (e.g. "${guess}" for https://${guess}.okta.com), not a URL or host name (got "${orgName}")`;
  }
  if (/-admin$/i.test(orgName)) {
    return `"${orgName}" is the admin console's host name; use the org name without "-admin" (e.g. "${orgName.slice(0, -6).toLowerCase()}")`;
  }
  if (!DNS_LABEL.test(orgName)) {
    return `must be the org's subdomain in lowercase: letters a-z, digits and inner hyphens, 1-63 characters (got "${orgName}")`;
  }
  return undefined;
}

/** Why `baseUrl` is not an Okta org domain this package accepts, or `undefined` when it is one (or a reference). */
export function oktaBaseUrlProblem(baseUrl: string): string | undefined {
  if (Token.isUnresolved(baseUrl)) return undefined;
  if ((OKTA_BASE_URLS as readonly string[]).includes(baseUrl)) return undefined;
  return `must be one of ${OKTA_BASE_URLS.map((b) => `"${b}"`).join(", ")} (got "${baseUrl}"); the okta provider's base_url is the org's domain, not a URL or custom domain`;
}

/** Throws a field-named error when `org` is malformed. */
export function validateOktaOrg(org: OktaOrg): void {
  if (typeof org !== "object" || org === null) throw new ConfigurationError("org", "is required: the Okta org, { orgName, baseUrl }");
  assertValid("org.orgName", oktaOrgNameProblem(org.orgName));
  assertValid("org.baseUrl", oktaBaseUrlProblem(org.baseUrl));
}

/** The org's URL, e.g. `https://acme.okta.com`. */
export function oktaOrgUrl(org: OktaOrg): string {
  validateOktaOrg(org);
  return `https://${org.orgName}.${org.baseUrl}`;
}

/** The org's admin console, e.g. `https://acme-admin.okta.com`. */
export function oktaAdminUrl(org: OktaOrg): string {
  validateOktaOrg(org);
  return `https://${org.orgName}-admin.${org.baseUrl}`;
}

/** The admin console's list of active applications. */
export function oktaAppsAdminUrl(org: OktaOrg): string {
  return `${oktaAdminUrl(org)}/admin/apps/active`;
}

/**
 * The admin console page of one app instance, on its General tab. `appName` is the app's
 * generated `name` (e.g. `acme_grafana_1`), `appId` its id; both may be Terraform references.
 */
export function oktaAppAdminUrl(org: OktaOrg, appName: string, appId: string): string {
  return `${oktaAdminUrl(org)}/admin/app/${appName}/instance/${appId}/#tab-general`;
}

/**
 * The okta provider block: org and domain only. Credentials come from the provider's environment
 * variables: `OKTA_API_TOKEN`, or `OKTA_API_CLIENT_ID`, `OKTA_API_PRIVATE_KEY`,
 * `OKTA_API_PRIVATE_KEY_ID` and `OKTA_API_SCOPES` (OAuth 2.0).
 */
export function oktaProviderConfig(org: OktaOrg): OktaProviderConfig {
  validateOktaOrg(org);
  return { orgName: org.orgName, baseUrl: org.baseUrl };
}
