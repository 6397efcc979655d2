/**
 * Grafana checks as pure functions of what the APIs answered, each returning one
 * {@link CheckResult} with Grafana's documented cause and fix.
 */
import { SECONDS_PER_DAY } from "../../constructs/grafana/token-options";
import { fail, pass, skip, warn, type CheckResult } from "../check";
import type { HttpAnswer } from "../http";
import type { ServiceAccountToken } from "./api";
import type { ScimQueryResult } from "./scim-client";
import { bodySummary, diagnoseScimAnswer, INVALID_NAMESPACE, tenantUrlNamespace, USER_SYNC_FAILED } from "./troubleshooting";

/** The tenant URL addresses the namespace the environment's Grafana uses. */
export function namespaceCheck(tenantUrl: string, expectedNamespace: string): CheckResult {
  const id = "grafana.scim.namespace";
  const title = "Tenant URL namespace";
  const actual = tenantUrlNamespace(tenantUrl);
  if (actual === expectedNamespace) return pass(id, title, `namespaces/${actual}`);
  return fail(id, title, `the tenant URL addresses ${actual === undefined ? "no namespace" : `namespaces/${actual}`}, the environment expects namespaces/${expectedNamespace}`, INVALID_NAMESPACE.cause, INVALID_NAMESPACE.fix);
}

/** Grafana's SCIM API answered a `/Users` or `/Groups` list with the token. */
export function scimEndpointCheck(resource: "Users" | "Groups", result: ScimQueryResult): CheckResult {
  const id = `grafana.scim.${resource.toLowerCase()}`;
  const title = `SCIM ${resource} with the token`;
  if (result.ok) return pass(id, title, `HTTP 200, ${result.list.totalResults} ${resource.toLowerCase()} (count=1)`);
  return answerFailure(id, title, result.answer, result.problem);
}

/** A failed SCIM answer as a check line (troubleshooting table). */
export function answerFailure(id: string, title: string, answer: HttpAnswer, problem?: string): CheckResult {
  if (problem !== undefined) return fail(id, title, `HTTP ${answer.status}, ${problem}`, "the URL answers, but not with Grafana's SCIM API", "check the tenant URL points at Grafana (no proxy rewriting /apis/)");
  const { cause, fix } = diagnoseScimAnswer(answer.status, answer.body);
  const summary = bodySummary(answer.body);
  return fail(id, title, `HTTP ${answer.status}${summary ? `: ${summary}` : ""}${answer.location ? ` (to ${answer.location.split("?")[0]})` : ""}`, cause, fix);
}

/** Whether a token name is the configured one, or one of its rotations (`<name>-<unix time>`). */
export function isScimTokenName(tokenName: string, configured: string): boolean {
  return tokenName === configured || new RegExp(`^${configured.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d+$`).test(tokenName);
}

/**
 * The SCIM token's expiry against `expiryWarningDays`: the newest token with the configured name
 * (or a rotation of it) among the service account's tokens.
 */
export function tokenExpiryCheck(tokens: readonly ServiceAccountToken[], tokenName: string, warningDays: number, now: Date): CheckResult {
  const id = "grafana.token.expiry";
  const title = "SCIM token expiry";
  const token = newestScimToken(tokens, tokenName);
  if (!token) {
    return fail(id, title, `the service account has no token named "${tokenName}" (it has ${tokens.length})`, "the token in the state was deleted in Grafana", "apply the stack again to create it, then give it to the identity provider");
  }
  const label = `token "${token.name}"`;
  if (token.hasExpired) return fail(id, title, `${label} has expired`, "HTTP 401 Unauthorized: invalid or expired authentication token (troubleshooting: HTTP 401)", "replace it: terraform apply -replace=<the token's address>, then give the new one to the identity provider");
  if (!token.expiration) return pass(id, title, `${label} never expires`);
  const expires = Date.parse(token.expiration);
  if (Number.isNaN(expires)) return warn(id, title, `${label}: unreadable expiration "${token.expiration}"`, "Grafana answered an expiration this tool cannot read", "check the token in Grafana (Service accounts)");
  const days = Math.floor((expires - now.getTime()) / (SECONDS_PER_DAY * 1000));
  const when = `${label} expires ${new Date(expires).toISOString().slice(0, 10)} (in ${days} days; warning from ${warningDays})`;
  if (expires <= now.getTime()) return fail(id, title, `${label} expired ${new Date(expires).toISOString().slice(0, 10)}`, "HTTP 401 Unauthorized: invalid or expired authentication token (troubleshooting: HTTP 401)", "replace it: terraform apply -replace=<the token's address>");
  if (days <= warningDays) return warn(id, title, when, "the token expires within token.expiryWarningDays", "replace it before then (rotation applies it automatically with Entra ID; with Okta paste the new token, see the runbook)");
  return pass(id, title, when);
}

/** The newest token with the configured name or a rotation of it: the one the state holds. */
function newestScimToken(tokens: readonly ServiceAccountToken[], tokenName: string): ServiceAccountToken | undefined {
  return tokens.filter((t) => isScimTokenName(t.name, tokenName)).sort((a, b) => Date.parse(b.created ?? "") - Date.parse(a.created ?? ""))[0];
}

/**
 * Whether the identity provider has used the SCIM token, from Grafana's `lastUsedAt` as read
 * *before* verify's own SCIM calls (which count as uses too). A token nobody has used is what a
 * replacement or rotation leaves when the token is pasted by hand (`pastedByHand`: Okta, or no
 * identity provider): the identity provider still holds the old, deleted one, while verify, which
 * uses the state's token, passes. With Entra ID the token is delivered in the same apply, and
 * "never used" only means no cycle ran since. Without `lastUsedAt` in Grafana's answer (older
 * versions) it cannot be told here.
 *
 * Limit: once verify has run with the token, Grafana records a use, so a later run cannot tell
 * the identity provider's use from verify's. The signal is the first verify after a new token
 * (the deploy runs one right after the apply that made it).
 */
export function tokenUseCheck(tokens: readonly ServiceAccountToken[], tokenName: string, pastedByHand: boolean): CheckResult {
  const id = "grafana.token.used";
  const title = "SCIM token in use";
  const token = newestScimToken(tokens, tokenName);
  if (!token) return skip(id, title, `the service account has no token named "${tokenName}" (see SCIM token expiry)`);
  const label = `token "${token.name}"`;
  if (!("lastUsedAt" in token) || token.lastUsedAt === undefined) {
    return skip(id, title, "Grafana does not report when tokens were last used (no lastUsedAt): only the identity provider shows whether it sends this token (Okta: Provisioning › Integration, Test API Credentials)");
  }
  if (token.lastUsedAt !== null) return pass(id, title, `${label} was last used ${token.lastUsedAt}`);
  if (!pastedByHand) return pass(id, title, `${label} has not been used yet: Entra ID received it with the apply and uses it from its next provisioning cycle`);
  return warn(
    id,
    title,
    `${label} has never been used`,
    "the token is pasted into the identity provider by hand: after a replacement or rotation it still holds the old token, which Grafana deleted, and provisioning fails with HTTP 401",
    "paste the new token into the identity provider's SCIM settings (terraform output -raw scim_token; see the runbook), then test the connection",
  );
}

/** Reads a SAML setting by its camelCase API name or its snake_case Terraform name. */
export function samlSetting(settings: Record<string, unknown>, camel: string): unknown {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return settings[camel] ?? settings[snake];
}

/** Grafana's SAML settings read the external-UID claim the identity provider sends. */
export function samlExternalUidCheck(settings: Record<string, unknown>, expectedClaim: string, sentBy: string): CheckResult {
  const id = "grafana.saml.external-uid";
  const title = "SAML external UID claim";
  if (samlSetting(settings, "enabled") === false) return fail(id, title, "Grafana's SAML is disabled", "SCIM provisioning only works with SAML authentication", "enable SAML (the environment's saml section manages it)");
  const actual = samlSetting(settings, "assertionAttributeExternalUid");
  if (actual === expectedClaim) return pass(id, title, `Grafana reads "${expectedClaim}", which ${sentBy} sends`);
  return fail(id, title, `Grafana reads ${typeof actual === "string" && actual ? `"${actual}"` : "no external UID claim"}; ${sentBy} sends the id in "${expectedClaim}"`, USER_SYNC_FAILED.cause, USER_SYNC_FAILED.fix);
}

/** JIT sign-up is off, so only SCIM creates users. */
export function samlSignUpCheck(settings: Record<string, unknown>): CheckResult {
  const id = "grafana.saml.allow-sign-up";
  const title = "SAML just-in-time sign-up off";
  const allow = samlSetting(settings, "allowSignUp");
  if (allow === true || allow === "true") {
    return fail(id, title, "allow_sign_up is true", "SAML logins create users SCIM did not provision, which then conflict with SCIM (Grafana: disable allow_sign_up when SCIM provisions)", 'set saml.allowSignUp to false (the default) and re-deploy');
  }
  if (allow === false || allow === "false") return pass(id, title, "allow_sign_up is false");
  // Grafana's SAML default for allow_sign_up is true (Configure SAML authentication in Grafana, "allow_sign_up").
  return warn(
    id,
    title,
    `allow_sign_up is unknown (${allow === undefined || allow === null ? "not in Grafana's answer" : `unreadable: ${JSON.stringify(allow).slice(0, 40)}`}); Grafana's default for SAML is true`,
    "if sign-up is on, SAML logins create users SCIM did not provision, which then conflict with SCIM",
    "set saml.allowSignUp to false explicitly and re-deploy, then check Grafana's SAML settings (Administration › Authentication › SAML)",
  );
}
