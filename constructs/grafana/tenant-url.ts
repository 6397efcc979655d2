/**
 * Where Grafana lives and the SCIM tenant URL an identity provider must call.
 *
 * - Grafana Cloud: `https://{stackSlug}.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-{stackId}`
 *   (or the stack's custom domain instead of `{stackSlug}.grafana.net`)
 * - self-hosted:   `https://{host}/apis/scim.grafana.app/v0alpha1/namespaces/default`
 *
 * Every function here is pure and validates its input; a bad value throws a
 * {@link ConfigurationError} naming the field of the instance. Terraform references (unresolved
 * tokens) are not validated: they are only known when Terraform runs.
 */
import { Token } from "cdktf";
import { assertValid, ConfigurationError } from "../errors";
import { DNS_LABEL } from "../dns-label";
import { templateSequenceProblem } from "../template-escape";

/** Path prefix of Grafana's SCIM API (app platform group `scim.grafana.app`, version `v0alpha1`). */
export const SCIM_NAMESPACES_PATH = "/apis/scim.grafana.app/v0alpha1/namespaces";

/** Domain under which every Grafana Cloud stack is served. */
export const GRAFANA_CLOUD_DOMAIN = "grafana.net";

/** A Grafana Cloud stack. */
export interface GrafanaCloudInstance {
  readonly kind: "cloud";
  /** The stack's slug: `acme` for `https://acme.grafana.net`. May be a Terraform reference. */
  readonly stackSlug: string;
  /**
   * The numeric stack id (Administration > Authentication > SCIM, or the Cloud portal). May be a
   * Terraform reference (e.g. a `TerraformVariable`'s `numberValue`).
   */
  readonly stackId: number;
  /**
   * The stack's root URL when it is served on a custom domain, `https://`, no path. The SCIM
   * namespace stays `stacks-<stackId>` and the provider keeps `stack_id`; the tenant URL, the
   * provider's `url` and Grafana's SAML endpoints use this URL.
   * @default `https://<stackSlug>.grafana.net`
   */
  readonly url?: string;
}

/** A self-hosted Grafana Enterprise instance. */
export interface SelfHostedGrafanaInstance {
  readonly kind: "self-hosted";
  /** Root URL of Grafana, `https://` and no path, e.g. `https://grafana.example.com`. May be a Terraform reference. */
  readonly url: string;
  /**
   * The Grafana organization SCIM provisions into. Only `1` is accepted: grafana provider 4.45.1's
   * `grafana_scim_config` always configures the namespace `default`, organization 1.
   * @default 1
   */
  readonly orgId?: number;
}

/** Either kind of Grafana that accepts SCIM. */
export type GrafanaInstance = GrafanaCloudInstance | SelfHostedGrafanaInstance;

/** Why `slug` is not a Grafana Cloud stack slug, or `undefined` when it is one (or a reference). */
export function stackSlugProblem(slug: string): string | undefined {
  if (Token.isUnresolved(slug)) return undefined;
  const template = templateSequenceProblem(slug);
  if (template) return template;
  if (slug.includes("://") || slug.includes(".")) {
    const guess = slug.replace(/^[a-z]+:\/\//i, "").split(/[./]/)[0];
    return `expected the stack slug only (e.g. "${guess}"), not a URL or host name (got "${slug}")`;
  }
  if (!DNS_LABEL.test(slug)) {
    return `must be a lowercase DNS label: letters a-z, digits and inner hyphens, 1-63 characters (got "${slug}")`;
  }
  return undefined;
}

/** Why `id` is not a Grafana Cloud stack id (a positive integer), or `undefined` when it is one (or a reference). */
export function stackIdProblem(id: unknown): string | undefined {
  if (typeof id === "number" && Token.isUnresolved(id)) return undefined;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return undefined;
  return `must be the numeric stack id, a positive integer such as 123456 (got ${JSON.stringify(id)})`;
}

/**
 * Why `host` (as a WHATWG URL parser leaves it: lower case, IDNs as `xn--`) is not a plain DNS
 * name, or `undefined`: labels of letters, digits and inner hyphens, 1-63 characters each, at most
 * 253 in all, no trailing dot. A trailing dot would make `acme.grafana.net.` a different host to
 * every rule that compares host names, and a template sequence (`${...}`) a Terraform expression.
 */
export function dnsHostProblem(host: string): string | undefined {
  if (host.endsWith(".")) return `the host "${host}" ends with a dot: write it without the trailing dot ("${host.replace(/\.+$/, "")}")`;
  const labels = host.split(".");
  if (host.length > 253 || labels.some((label) => !DNS_LABEL.test(label))) {
    return `the host "${host}" is not a plain DNS name: labels of letters a-z, digits and inner hyphens, 1-63 characters each`;
  }
  return undefined;
}

/**
 * Why `url` is not an absolute `https://` URL with a plain DNS host name, or `undefined`: no
 * template sequence (Terraform would evaluate it on the machine that plans), no credentials.
 * A path and query are allowed (a SAML metadata URL has them).
 */
export function httpsUrlProblem(url: string): string | undefined {
  const template = templateSequenceProblem(url);
  if (template) return template;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const hint = /^[\w.-]+(:\d+)?\/?$/.test(url) ? `; did you mean "https://${url.replace(/\/$/, "")}"?` : "";
    return `must be an absolute URL starting with https:// (got "${url}")${hint}`;
  }
  if (parsed.protocol !== "https:") return `must use https (got "${parsed.protocol}//")`;
  if (parsed.username || parsed.password) return "must not contain credentials";
  return dnsHostProblem(parsed.hostname) ?? writtenHostProblem(url, parsed.hostname);
}

/**
 * Why the host written in `url` is not the host the URL parser reads (`hostname`, lower case), or
 * `undefined`. The parser maps look-alike and invisible characters (a Cyrillic "а", a soft hyphen,
 * fullwidth letters) to an `xn--` or another ASCII name, decodes percent-encoding, and reads
 * `0x7f.1` as 127.0.0.1: the file would show one host while the provider, Entra or Okta call, and
 * send their tokens to, another. Pure.
 */
function writtenHostProblem(url: string, hostname: string): string | undefined {
  const written = /^https:\/\/([^/?#\\]*)/i.exec(url)?.[1]?.replace(/:\d*$/, "");
  if (written === undefined) return `must be written as https://<host> (got "${url}")`;
  if (written.toLowerCase() === hostname) return undefined;
  return (
    `the host "${written}" is read as "${hostname}": write the host as it is used, in ASCII ` +
    "(an internationalized name in its xn-- form, an IPv4 address as four decimal numbers, no percent-encoding)"
  );
}

/**
 * Why `url` is not an `https://` root URL with a plain DNS host name, or `undefined`: as
 * {@link httpsUrlProblem}, and no path, query or fragment. Used for every Grafana URL this package
 * writes into the provider block, outputs or SAML settings.
 */
export function rootUrlProblem(url: string): string | undefined {
  const problem = httpsUrlProblem(url);
  if (problem?.startsWith("must use https")) {
    return `must use https: identity providers only send SCIM requests over TLS (got "${new URL(url).protocol}//")`;
  }
  if (problem === "must not contain credentials") return `${problem}; the provider reads them from GRAFANA_AUTH`;
  if (problem) return problem;
  const parsed = new URL(url);
  if (parsed.pathname !== "/") {
    return `must be Grafana's root URL without a path (got "${parsed.pathname}"): the grafana provider calls the SCIM API at the host root, so Grafana served from a sub-path is not supported`;
  }
  if (parsed.search || parsed.hash) {
    return "must not have a query string or fragment";
  }
  return undefined;
}

function isGrafanaCloudHost(host: string): boolean {
  return host === GRAFANA_CLOUD_DOMAIN || host.endsWith(`.${GRAFANA_CLOUD_DOMAIN}`);
}

/** Why `url` is not a usable self-hosted Grafana root URL, or `undefined` when it is one (or a reference). */
export function selfHostedUrlProblem(url: string): string | undefined {
  if (Token.isUnresolved(url)) return undefined;
  const problem = rootUrlProblem(url);
  if (problem) return problem;
  const host = new URL(url).hostname;
  if (isGrafanaCloudHost(host)) {
    return `"${host}" is a Grafana Cloud stack: use kind "cloud" with stackSlug and stackId (its SCIM namespace is stacks-<id>, not default)`;
  }
  return undefined;
}

/**
 * Why `url` cannot be the custom-domain URL of the Cloud stack `stackSlug`, or `undefined`: a root
 * URL as for self-hosted Grafana; a `*.grafana.net` host must be the stack's own.
 */
export function cloudUrlProblem(url: string, stackSlug: string): string | undefined {
  if (Token.isUnresolved(url)) return undefined;
  const problem = rootUrlProblem(url);
  if (problem) return problem;
  const host = new URL(url).hostname;
  if (isGrafanaCloudHost(host) && !Token.isUnresolved(stackSlug) && host !== `${stackSlug}.${GRAFANA_CLOUD_DOMAIN}`) {
    return `"${host}" is not the host of stack "${stackSlug}" (${stackSlug}.${GRAFANA_CLOUD_DOMAIN}); set url only for a custom domain`;
  }
  return undefined;
}

/**
 * Why SCIM cannot be set up for self-hosted organization `orgId`, or `undefined` for org 1.
 *
 * Grafana's app platform does address other organizations: org 1 is the namespace `default`, org N
 * is `org-N` (grafana/authlib `types/namespace.go`, `OrgNamespaceFormatter`, used by
 * grafana/grafana's `pkg/apimachinery`). But grafana provider 4.45.1's `grafana_scim_config`
 * always calls the namespace `default` on self-hosted Grafana (its `namespace()` in
 * `internal/resources/grafana/resource_scim_config.go` returns "default" whenever the provider's
 * org id is set, whatever it is), so it would switch SCIM on or off for org 1.
 */
export function orgIdProblem(orgId: unknown): string | undefined {
  if (typeof orgId === "number" && Token.isUnresolved(orgId)) {
    return "must be a literal: the SCIM namespace is chosen at synthesis";
  }
  if (!(typeof orgId === "number" && Number.isSafeInteger(orgId) && orgId > 0)) {
    return `must be a Grafana organization id, a positive integer (got ${JSON.stringify(orgId)})`;
  }
  if (orgId === 1) return undefined;
  return (
    `organization ${orgId} is not supported: Grafana's SCIM API for it lives in the namespace "${appPlatformNamespace(orgId)}", ` +
    'but grafana provider 4.45.1\'s grafana_scim_config always configures the namespace "default" (organization 1) on self-hosted Grafana, ' +
    "so it would switch SCIM for the wrong organization. Only organization 1 can be set up with this package"
  );
}

/**
 * The app-platform namespace of a self-hosted organization: `default` for org 1, `org-<id>`
 * otherwise (grafana/authlib `types/namespace.go`, `OrgNamespaceFormatter`). Pure.
 */
export function appPlatformNamespace(orgId: number): string {
  return orgId === 1 ? "default" : `org-${orgId}`;
}

/** Throws a field-named error when `instance` is malformed. */
export function validateGrafanaInstance(instance: GrafanaInstance): void {
  // A JavaScript caller (or a cast) may pass anything: a ConfigurationError, not a TypeError further down.
  const kind: unknown = (instance as Partial<GrafanaInstance> | undefined)?.kind;
  if (kind !== "cloud" && kind !== "self-hosted") {
    throw new ConfigurationError("kind", `must be "cloud" or "self-hosted" (got ${instance === undefined || instance === null ? "no instance" : JSON.stringify(kind)})`);
  }
  if (instance.kind === "cloud") {
    assertValid("stackSlug", stackSlugProblem(instance.stackSlug));
    assertValid("stackId", stackIdProblem(instance.stackId));
    if (instance.url !== undefined) assertValid("url", cloudUrlProblem(instance.url, instance.stackSlug));
  } else {
    assertValid("url", selfHostedUrlProblem(instance.url));
    if (instance.orgId !== undefined) assertValid("orgId", orgIdProblem(instance.orgId));
  }
}

/** The origin of a validated root URL (lower-case host, default port dropped); a reference passes unchanged. */
function origin(url: string): string {
  return Token.isUnresolved(url) ? url : new URL(url).origin;
}

/**
 * Grafana's root URL without a trailing slash: `https://acme.grafana.net` (or the custom domain)
 * for Cloud, the normalized origin (lower-case host, default port dropped) for self-hosted.
 */
export function grafanaUrl(instance: GrafanaInstance): string {
  validateGrafanaInstance(instance);
  if (instance.kind === "self-hosted") return origin(instance.url);
  return instance.url !== undefined ? origin(instance.url) : `https://${instance.stackSlug}.${GRAFANA_CLOUD_DOMAIN}`;
}

/**
 * The app-platform namespace SCIM lives in: `stacks-{id}` on Cloud (Grafana's
 * `CloudNamespaceFormatter`, and what the provider calls with `stack_id`), `default` (org 1)
 * self-hosted.
 */
export function scimNamespace(instance: GrafanaInstance): string {
  validateGrafanaInstance(instance);
  if (instance.kind === "self-hosted") return appPlatformNamespace(instance.orgId ?? 1);
  return `stacks-${Token.isUnresolved(instance.stackId) ? Token.asString(instance.stackId) : String(instance.stackId)}`;
}

/** The SCIM tenant URL (Entra "Tenant URL", Okta "SCIM connector base URL"). */
export function scimTenantUrl(instance: GrafanaInstance): string {
  return `${grafanaUrl(instance)}${SCIM_NAMESPACES_PATH}/${scimNamespace(instance)}`;
}
