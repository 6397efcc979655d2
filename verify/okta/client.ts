/**
 * Okta reads through Okta's official Node SDK (`@okta/okta-sdk-nodejs`), with the credentials the
 * okta provider reads: `OKTA_API_TOKEN` (SSWS), or the OAuth 2.0 service-app variables
 * `OKTA_API_CLIENT_ID`, `OKTA_API_PRIVATE_KEY` (PEM or JWK text, or a file path),
 * `OKTA_API_PRIVATE_KEY_ID`, `OKTA_API_SCOPES` (constructs/okta/org.ts, OKTA_CREDENTIAL_ENV).
 * Each request has the SDK's request time-out and at most one retry (its executor retries only
 * rate limits). The org URL follows the environment file; the URL rules of `../http` apply.
 */
import * as fs from "node:fs";
import { Client, DefaultRequestExecutor } from "@okta/okta-sdk-nodejs";
import { insecureUrlProblem } from "../http";

/** Where the Okta credential comes from (no values). */
export type OktaCredentialChoice = { readonly kind: "api-token" } | { readonly kind: "oauth"; readonly clientId: string; readonly scopes: string };

/** The Okta credential the OKTA_API_* variables select, or `undefined` when none is set. Pure. */
export function oktaCredentialChoice(env: NodeJS.ProcessEnv): OktaCredentialChoice | undefined {
  if (env.OKTA_API_TOKEN) return { kind: "api-token" };
  if (env.OKTA_API_CLIENT_ID && env.OKTA_API_PRIVATE_KEY) {
    return { kind: "oauth", clientId: env.OKTA_API_CLIENT_ID, scopes: env.OKTA_API_SCOPES || "okta.apps.read okta.groups.read okta.users.read" };
  }
  return undefined;
}

/**
 * The SDK's request executor without redirects. The SDK hands each request to node-fetch 2.7
 * (@okta/okta-sdk-nodejs src/request-executor.js), which follows redirects by default and keeps
 * the Authorization header when the new URL has the same host name, another port included
 * (node-fetch lib/index.js, isDomainOrSubdomain). `redirect: "manual"` makes a 3xx an answer the
 * SDK reports as an HTTP error, as the other clients here do.
 */
class NoRedirectRequestExecutor extends DefaultRequestExecutor {
  override fetch(request: Parameters<DefaultRequestExecutor["fetch"]>[0]): ReturnType<DefaultRequestExecutor["fetch"]> {
    return super.fetch({ ...request, redirect: "manual" } as typeof request);
  }
}

/** An Okta SDK client for `orgUrl`. */
export function createOktaClient(orgUrl: string, choice: OktaCredentialChoice, env: NodeJS.ProcessEnv, timeoutMs: number): Client {
  const problem = insecureUrlProblem(orgUrl);
  if (problem) throw new Error(`the Okta org URL ${problem}`);
  const requestExecutor = new NoRedirectRequestExecutor({ requestTimeout: timeoutMs, maxRetries: 1 });
  // Explicit mode: the SDK would otherwise also read OKTA_CLIENT_* variables and ~/.okta/okta.yaml for it.
  if (choice.kind === "api-token") return new Client({ orgUrl, authorizationMode: "SSWS", token: env.OKTA_API_TOKEN, requestExecutor });
  const key = env.OKTA_API_PRIVATE_KEY ?? "";
  const privateKey = /^(-----BEGIN|\{)/.test(key.trim()) ? key : fs.readFileSync(key, "utf8");
  return new Client({
    orgUrl,
    authorizationMode: "PrivateKey",
    clientId: choice.clientId,
    scopes: choice.scopes.split(/[\s,]+/).filter(Boolean),
    privateKey,
    ...(env.OKTA_API_PRIVATE_KEY_ID ? { keyId: env.OKTA_API_PRIVATE_KEY_ID } : {}),
    requestExecutor,
  });
}

/** An Okta failure: HTTP status (or -1) and Okta's error code and summary. */
export interface OktaFailure {
  readonly status: number;
  readonly code: string;
  readonly summary: string;
}

/** The failure behind an SDK error (OktaApiError, HttpError, or a transport error). */
export function oktaFailure(error: unknown): OktaFailure {
  const e = error as { status?: unknown; errorCode?: unknown; errorSummary?: unknown; message?: unknown };
  const status = typeof e?.status === "number" ? e.status : typeof e?.status === "string" ? Number(e.status) || -1 : -1;
  return {
    status,
    code: typeof e?.errorCode === "string" ? e.errorCode : "",
    summary: typeof e?.errorSummary === "string" ? e.errorSummary : typeof e?.message === "string" ? e.message.replace(/SSWS \S+|Bearer \S+/g, "<credential>").slice(0, 200) : String(error),
  };
}
