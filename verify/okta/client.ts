/**
 * Okta reads through Okta's official Node SDK (`@okta/okta-sdk-nodejs`), with the credentials the
 * okta provider reads: `OKTA_API_TOKEN` (SSWS), or the OAuth 2.0 service-app variables
 * `OKTA_API_CLIENT_ID`, `OKTA_API_PRIVATE_KEY` (PEM or JWK text, or a file path),
 * `OKTA_API_PRIVATE_KEY_ID`, `OKTA_API_SCOPES` (constructs/okta/org.ts, OKTA_CREDENTIAL_ENV).
 * Each request has the SDK's request time-out and at most one retry (its executor retries only
 * rate limits). The org URL follows the environment file; the URL rules of `../http` apply.
 */
import * as fs from "node:fs";
import { Client, DefaultRequestExecutor, type Collection } from "@okta/okta-sdk-nodejs";
import { insecureUrlProblem, MAX_BODY_BYTES, safeOrigin } from "../http";

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
 *
 * It also sends nothing outside the org's origin: the SDK's collections fetch the URL of a page's
 * `Link: <…>; rel="next"` header as it is, with the credential (src/collection.js, `nextUri`,
 * @okta/okta-sdk-nodejs 8.1.0), so an answer could send the API token to any host.
 */
class NoRedirectRequestExecutor extends DefaultRequestExecutor {
  constructor(
    private readonly origin: string,
    options: ConstructorParameters<typeof DefaultRequestExecutor>[0],
  ) {
    super(options);
  }

  override fetch(request: Parameters<DefaultRequestExecutor["fetch"]>[0]): ReturnType<DefaultRequestExecutor["fetch"]> {
    const origin = safeOrigin(String((request as { url?: unknown }).url));
    if (origin !== this.origin) {
      return Promise.reject(new Error(`refusing to send the Okta credential to another host (${origin}, not the org's ${this.origin}): an answer's next link pointed there`)) as ReturnType<DefaultRequestExecutor["fetch"]>;
    }
    return super.fetch({ ...request, redirect: "manual", size: MAX_BODY_BYTES } as typeof request);
  }
}

/** Default of {@link allPages}'s `maxPages`. */
export const MAX_PAGES = 100;

/**
 * Every item of an SDK collection, following Okta's `Link: <…>; rel="next"` pages as the SDK does
 * (src/collection.js: `next()` fetches `nextUri` when no item of the last page is left), but never
 * the same page twice and at most `maxPages` pages: a next link to itself, or an endless chain,
 * would otherwise keep verify running for ever.
 */
export async function allPages<T>(collection: Collection<T>, maxPages: number = MAX_PAGES): Promise<T[]> {
  const items: T[] = [];
  const fetched = new Set<string>();
  for (;;) {
    if (collection.currentItems.length === 0 && collection.nextUri) {
      if (fetched.has(collection.nextUri)) throw new Error(`Okta's next link repeats a page already read (${safeOrigin(collection.nextUri)}): not followed`);
      if (fetched.size >= maxPages) throw new Error(`Okta's next links go on past ${maxPages} pages: not followed`);
      fetched.add(collection.nextUri);
    }
    const { done, value } = await collection.next();
    if (value) items.push(value);
    if (done) return items;
  }
}

/**
 * The key file OKTA_API_PRIVATE_KEY names. Node's error would quote the value, which may be the
 * key itself in another form (base64 without PEM armor): the message names the variable only.
 */
function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new Error("OKTA_API_PRIVATE_KEY is neither a PEM or JWK key nor a readable key file");
  }
}

/** An Okta SDK client for `orgUrl`. */
export function createOktaClient(orgUrl: string, choice: OktaCredentialChoice, env: NodeJS.ProcessEnv, timeoutMs: number): Client {
  const problem = insecureUrlProblem(orgUrl);
  if (problem) throw new Error(`the Okta org URL ${problem}`);
  const requestExecutor = new NoRedirectRequestExecutor(safeOrigin(orgUrl), { requestTimeout: timeoutMs, maxRetries: 1 });
  // No response cache: the SDK's default one copies each GET answer with node-fetch's clone() and
  // reads the copy before handing back the original (src/default-cache-middleware.js, http.js:
  // `cacheMiddleware: null` turns it off). Past the clone's buffers (a few dozen KB) neither is read
  // on, and the request waits for ever, past requestTimeout. verify reads each resource once.
  const cacheMiddleware = null;
  // Explicit mode: the SDK would otherwise also read OKTA_CLIENT_* variables and ~/.okta/okta.yaml for it.
  if (choice.kind === "api-token") return new Client({ orgUrl, authorizationMode: "SSWS", token: env.OKTA_API_TOKEN, requestExecutor, cacheMiddleware });
  const key = env.OKTA_API_PRIVATE_KEY ?? "";
  const privateKey = /^(-----BEGIN|\{)/.test(key.trim()) ? key : readKeyFile(key);
  return new Client({
    orgUrl,
    authorizationMode: "PrivateKey",
    clientId: choice.clientId,
    scopes: choice.scopes.split(/[\s,]+/).filter(Boolean),
    privateKey,
    ...(env.OKTA_API_PRIVATE_KEY_ID ? { keyId: env.OKTA_API_PRIVATE_KEY_ID } : {}),
    requestExecutor,
    cacheMiddleware,
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
