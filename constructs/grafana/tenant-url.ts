/**
 * Where Grafana lives and the SCIM tenant URL an identity provider must call.
 *
 * - Grafana Cloud: `https://{stackSlug}.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-{stackId}`
 * - self-hosted:   `https://{host}/apis/scim.grafana.app/v0alpha1/namespaces/default`
 *
 * Every function here is pure and validates its input; a bad value throws a
 * {@link ConfigurationError} naming the field.
 */
import { assertValid } from "../errors";
import { DNS_LABEL } from "../dns-label";

/** Path prefix of Grafana's SCIM API (app platform group `scim.grafana.app`, version `v0alpha1`). */
export const SCIM_NAMESPACES_PATH = "/apis/scim.grafana.app/v0alpha1/namespaces";

/** Domain under which every Grafana Cloud stack is served. */
export const GRAFANA_CLOUD_DOMAIN = "grafana.net";

/** A Grafana Cloud stack. */
export interface GrafanaCloudInstance {
  readonly kind: "cloud";
  /** The stack's slug: `acme` for `https://acme.grafana.net`. */
  readonly stackSlug: string;
  /** The numeric stack id (Administration > Authentication > SCIM, or the Cloud portal). */
  readonly stackId: number;
}

/** A self-hosted Grafana Enterprise instance. */
export interface SelfHostedGrafanaInstance {
  readonly kind: "self-hosted";
  /** Root URL of Grafana, `https://` and no path, e.g. `https://grafana.example.com`. */
  readonly url: string;
}

/** Either kind of Grafana that accepts SCIM. */
export type GrafanaInstance = GrafanaCloudInstance | SelfHostedGrafanaInstance;


/** Why `slug` is not a Grafana Cloud stack slug, or `undefined` when it is one. */
export function stackSlugProblem(slug: string): string | undefined {
  if (slug.includes("://") || slug.includes(".")) {
    const guess = slug.replace(/^[a-z]+:\/\//i, "").split(/[./]/)[0];
    return `expected the stack slug only (e.g. "${guess}"), not a URL or host name (got "${slug}")`;
  }
  if (!DNS_LABEL.test(slug)) {
    return `must be a lowercase DNS label: letters a-z, digits and inner hyphens, 1-63 characters (got "${slug}")`;
  }
  return undefined;
}

/** Why `id` is not a Grafana Cloud stack id (a positive integer), or `undefined` when it is one. */
export function stackIdProblem(id: unknown): string | undefined {
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return undefined;
  return `must be the numeric stack id, a positive integer such as 123456 (got ${JSON.stringify(id)})`;
}

/** Why `url` is not a usable self-hosted Grafana root URL, or `undefined` when it is one. */
export function selfHostedUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const hint = /^[\w.-]+(:\d+)?\/?$/.test(url) ? `; did you mean "https://${url.replace(/\/$/, "")}"?` : "";
    return `must be an absolute URL starting with https:// (got "${url}")${hint}`;
  }
  if (parsed.protocol !== "https:") {
    return `must use https: identity providers only send SCIM requests over TLS (got "${parsed.protocol}//")`;
  }
  if (parsed.username || parsed.password) {
    return "must not contain credentials; the provider reads them from GRAFANA_AUTH";
  }
  if (parsed.pathname !== "/") {
    return `must be Grafana's root URL without a path (got "${parsed.pathname}"): the grafana provider calls the SCIM API at the host root, so Grafana served from a sub-path is not supported`;
  }
  if (parsed.search || parsed.hash) {
    return "must not have a query string or fragment";
  }
  if (parsed.hostname === GRAFANA_CLOUD_DOMAIN || parsed.hostname.endsWith(`.${GRAFANA_CLOUD_DOMAIN}`)) {
    return `"${parsed.hostname}" is a Grafana Cloud stack: use kind "cloud" with stackSlug and stackId (its SCIM namespace is stacks-<id>, not default)`;
  }
  return undefined;
}

/** Throws a field-named error when `instance` is malformed. */
export function validateGrafanaInstance(instance: GrafanaInstance): void {
  if (instance.kind === "cloud") {
    assertValid("stackSlug", stackSlugProblem(instance.stackSlug));
    assertValid("stackId", stackIdProblem(instance.stackId));
  } else {
    assertValid("url", selfHostedUrlProblem(instance.url));
  }
}

/**
 * Grafana's root URL without a trailing slash: `https://acme.grafana.net` for Cloud, the
 * normalized origin (lower-case host, default port dropped) for self-hosted.
 */
export function grafanaUrl(instance: GrafanaInstance): string {
  validateGrafanaInstance(instance);
  return instance.kind === "cloud"
    ? `https://${instance.stackSlug}.${GRAFANA_CLOUD_DOMAIN}`
    : new URL(instance.url).origin;
}

/** The app-platform namespace SCIM lives in: `stacks-{id}` on Cloud, `default` (org 1) self-hosted. */
export function scimNamespace(instance: GrafanaInstance): string {
  validateGrafanaInstance(instance);
  return instance.kind === "cloud" ? `stacks-${instance.stackId}` : "default";
}

/** The SCIM tenant URL (Entra "Tenant URL", Okta "SCIM connector base URL"). */
export function scimTenantUrl(instance: GrafanaInstance): string {
  return `${grafanaUrl(instance)}${SCIM_NAMESPACES_PATH}/${scimNamespace(instance)}`;
}
