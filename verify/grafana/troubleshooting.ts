/**
 * Grafana's SCIM troubleshooting table as data: each documented failure with its cause and fix.
 * Source: Grafana docs, "Troubleshoot SCIM provisioning"
 * (grafana/grafana docs/sources/setup-grafana/configure-access/configure-scim-provisioning/troubleshooting/_index.md),
 * and the grafana provider's scim_config docs for the namespace error (`403 authn.invalid-namespace`,
 * grafana/terraform-provider-grafana docs/resources/scim_config.md at v4.45.1). Pure.
 */
import { SCIM_NAMESPACES_PATH } from "../../constructs/grafana/tenant-url";

/** A failure Grafana documents, as cause and fix. */
export interface Diagnosis {
  readonly cause: string;
  readonly fix: string;
}

export const INVALID_NAMESPACE: Diagnosis = {
  cause: 'Grafana answers "invalid namespace": the SCIM endpoint URL is incorrectly formatted (troubleshooting: "invalid namespace")',
  fix: `use ${SCIM_NAMESPACES_PATH}/stacks-<stack id> on Grafana Cloud and /namespaces/default self-hosted; check grafana.stackId in the environment file and re-deploy`,
};

export const UNAUTHORIZED: Diagnosis = {
  cause: "HTTP 401 Unauthorized: invalid or expired authentication token (troubleshooting: HTTP 401)",
  fix: "generate a new token: terraform apply -replace=<the token's address> (or wait for rotation), then give it to the identity provider",
};

export const FORBIDDEN: Diagnosis = {
  cause: "HTTP 403 Forbidden: either an incorrect token or insufficient permissions (troubleshooting: HTTP 403)",
  fix: "check the token belongs to the SCIM service account, and that its role (custom:scim:provisioner or the fixed roles) holds the user and team permissions; re-apply the stack",
};

export const USER_SYNC_FAILED: Diagnosis = {
  cause: 'logins will fail with "User sync failed": the user\'s unique identifier is not in the SAML assertion Grafana reads (troubleshooting: "User sync failed")',
  fix: 'send the id SCIM uses as externalId in the SAML claim Grafana reads (userUID: Entra objectId, Okta user.getInternalProperty("id")), and set assertion_attribute_external_uid to that claim',
};

/** The namespace a tenant URL addresses (the path segment after `/namespaces/`), or `undefined`. */
export function tenantUrlNamespace(tenantUrl: string): string | undefined {
  try {
    const match = /\/namespaces\/([^/]+)\/?$/.exec(new URL(tenantUrl).pathname);
    return match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an error body is Grafana's namespace error (errutil `messageId` `authn.invalid-namespace`, or the message text). */
export function isInvalidNamespace(body: unknown): boolean {
  if (body !== null && typeof body === "object") {
    const b = body as { messageId?: unknown; message?: unknown; detail?: unknown };
    if (b.messageId === "authn.invalid-namespace") return true;
    return [b.message, b.detail].some((t) => typeof t === "string" && /invalid[ -]namespace/i.test(t));
  }
  return typeof body === "string" && /invalid[ -]namespace/i.test(body);
}

/** The documented diagnosis of a failed SCIM answer, or a generic one naming the status. */
export function diagnoseScimAnswer(status: number, body: unknown): Diagnosis {
  if (isInvalidNamespace(body)) return INVALID_NAMESPACE;
  if (status === 401) return UNAUTHORIZED;
  if (status === 403) return FORBIDDEN;
  if (status === 404) {
    return {
      cause: "HTTP 404: no SCIM API at this URL (SCIM not available on this Grafana, or the path is wrong)",
      fix: "SCIM needs Grafana Enterprise or Cloud (self-hosted 12.x: [feature_toggles] enableSCIM = true); check the tenant URL",
    };
  }
  if (status >= 300 && status < 400) {
    return { cause: `HTTP ${status}: Grafana redirects instead of answering (a login page or proxy)`, fix: "use Grafana's root URL as Grafana serves it, without a proxy that redirects API calls" };
  }
  return { cause: `HTTP ${status} from Grafana's SCIM API`, fix: "see Grafana's server log for the request; run again" };
}

/** A short, secret-free text of an error body for a check's detail. */
export function bodySummary(body: unknown): string {
  if (body !== null && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const text = [b.messageId, b.message, b.detail, b.scimType].filter((v): v is string => typeof v === "string").join(": ");
    if (text) return text.slice(0, 200);
    return "";
  }
  return typeof body === "string" ? body.replace(/\s+/g, " ").trim().slice(0, 120) : "";
}
