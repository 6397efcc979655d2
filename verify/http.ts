/**
 * The transport rules every client here follows, and the one small JSON helper for the two APIs
 * that have no maintained Node client (Grafana's HTTP API and its SCIM API; SCIM filters are
 * built with scim2-parse-filter):
 *
 * - TLS is verified, always: URLs must be `https`, except plain `http` to a loopback address
 *   (127.0.0.0/8, ::1, localhost), which never leaves the machine. Nothing here disables
 *   certificate checks; a test trusts its own CA through Node's `NODE_EXTRA_CA_CERTS`.
 * - Every request has a deadline (`AbortSignal.timeout`), covering connect, headers and body,
 *   and reads at most {@link MAX_BODY_BYTES} of a body: a server that sends without end would
 *   otherwise fill memory until the deadline.
 * - Redirects are not followed: a bearer token is never sent on to another URL, and a redirect
 *   (e.g. to a login page) is reported as what it is. Grafana's APIs (here) and Graph
 *   (`redirect: "manual"` in ./entra/graph.ts) are fetched with that; Okta's SDK would follow
 *   them (node-fetch 2.7's default, keeping the token for the same host name on another port),
 *   so ./okta/client.ts gives it a request executor that asks node-fetch not to.
 *   `@azure/identity`'s own sign-in requests follow its pipeline's rule instead: redirects
 *   within the same origin only, without the Authorization header; a redirect to another origin
 *   is returned as the answer (@typespec/ts-http-runtime policies/redirectPolicy.js,
 *   `allowCrossOriginRedirects` false by default).
 * - Network failures are classified (DNS, TLS, refused, reset, timeout) so a check can name the
 *   cause; error texts carry the host, never a header or token.
 */
import { isIP } from "node:net";
import { fail, type CheckResult } from "./check";

/** Why `url` may not be called with credentials, or `undefined`. */
export function insecureUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a URL (got "${url}")`;
  }
  if (parsed.username || parsed.password) return "must not carry credentials in the URL";
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return undefined;
  return `must use https (plain http only to a loopback address); got ${parsed.protocol}//${parsed.host}`;
}

/** Whether `hostname` (as `URL.hostname` gives it) is a loopback address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1";
  return false;
}

/** What went wrong below HTTP. */
export type TransportFailure = "timeout" | "dns" | "tls" | "refused" | "reset" | "network";

/** A request that got no HTTP answer. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    readonly host: string,
    detail: string,
  ) {
    super(`${host}: ${detail}`);
    this.name = "TransportError";
  }
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** The error codes and names along an error's `cause` chain (fetch, node-fetch and SDK wrappers nest them). */
function errorChain(error: unknown): Array<{ code?: string; name?: string; type?: string; message?: string }> {
  const chain: Array<{ code?: string; name?: string; type?: string; message?: string }> = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const e = current as { code?: unknown; name?: unknown; type?: unknown; message?: unknown; cause?: unknown; errno?: unknown };
    chain.push({
      code: typeof e.code === "string" ? e.code : typeof e.errno === "string" ? e.errno : undefined,
      name: typeof e.name === "string" ? e.name : undefined,
      type: typeof e.type === "string" ? e.type : undefined,
      message: typeof e.message === "string" ? e.message : undefined,
    });
    current = e.cause;
  }
  return chain;
}

/**
 * Which transport failure `error` is, or `undefined` when it is not one (an HTTP error, a bug).
 * Reads the codes Node's fetch (undici), node-fetch (Okta's SDK) and Node's TLS stack use.
 */
export function classifyTransportError(error: unknown): { kind: TransportFailure; detail: string } | undefined {
  const chain = errorChain(error);
  for (const e of chain) {
    const code = e.code ?? "";
    if (e.name === "TimeoutError" || e.name === "AbortError" || e.type === "request-timeout" || e.type === "body-timeout" || /^UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT$/.test(code) || code === "ETIMEDOUT") {
      return { kind: "timeout", detail: "no answer before the time-out" };
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return { kind: "dns", detail: `DNS lookup failed (${code})` };
    if (TLS_CODES.test(code)) return { kind: "tls", detail: `TLS handshake failed (${code})` };
    if (code === "ECONNREFUSED") return { kind: "refused", detail: "connection refused (ECONNREFUSED)" };
    if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED") {
      return { kind: "reset", detail: `the connection was closed before a complete answer (${code})` };
    }
  }
  // undici reports some failures only as "fetch failed" / "other side closed" without a code.
  const messages = chain.map((e) => e.message ?? "").join(" | ");
  if (/other side closed|socket hang up|terminated/i.test(messages)) return { kind: "reset", detail: "the connection was closed before a complete answer" };
  if (/certificate|self[- ]signed|ssl|tls/i.test(messages)) return { kind: "tls", detail: "TLS handshake failed" };
  if (/fetch failed|network|ECONN/i.test(messages)) return { kind: "network", detail: "the request failed below HTTP" };
  return undefined;
}

/** The cause and fix of a transport failure, for a check line. */
export function transportCauseAndFix(error: TransportError, what: string): { cause: string; fix: string } {
  switch (error.kind) {
    case "dns":
      return { cause: `${error.host} does not resolve`, fix: `check the host name of ${what} and this machine's DNS` };
    case "tls":
      return { cause: `the TLS certificate of ${error.host} is not trusted or does not match the host`, fix: `serve ${what} with a certificate from a trusted CA for this host name (add an internal CA with NODE_EXTRA_CA_CERTS)` };
    case "refused":
      return { cause: `nothing listens on ${error.host}`, fix: `check that ${what} runs and that the URL's port is right` };
    case "reset":
      return { cause: `${error.host} dropped the connection`, fix: `check ${what} and any proxy or firewall between; run again` };
    case "timeout":
      return { cause: `${error.host} did not answer in time`, fix: `check ${what} is reachable from here; raise --timeout if it is just slow` };
    case "network":
      return { cause: `the request to ${error.host} failed below HTTP`, fix: `check network access from this machine to ${what}` };
  }
}

/** A thrown error as a failed check, with the transport cause where there is one. */
export function errorResult(id: string, title: string, what: string, error: unknown): CheckResult {
  if (error instanceof TransportError) {
    const { cause, fix } = transportCauseAndFix(error, what);
    return fail(id, title, error.message, cause, fix);
  }
  return fail(id, title, error instanceof Error ? error.message : String(error), `an unexpected error while calling ${what}`, "run again; if it persists, report it with this line");
}

/** An HTTP answer: status, and the body parsed as JSON when it is JSON (else its text, cut). */
export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly location?: string;
}

/** Options of {@link requestJson}. */
export interface RequestOptions {
  readonly method?: "GET" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Deadline of the whole request, in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * One HTTP request under the rules above. Resolves with any HTTP status (the caller maps it);
 * rejects with {@link TransportError} when there was no answer, or a plain Error for a URL the
 * rules refuse.
 */
export async function requestJson(url: string, options: RequestOptions): Promise<HttpAnswer> {
  const problem = insecureUrlProblem(url);
  if (problem) throw new Error(`refusing to call ${safeOrigin(url)}: the URL ${problem}`);
  const host = new URL(url).host;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: { accept: "application/json", ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await readText(response);
  } catch (error) {
    const failure = classifyTransportError(error);
    if (failure) throw new TransportError(failure.kind, host, failure.detail);
    throw error;
  }
  const location = response.headers.get("location") ?? undefined;
  return { status: response.status, body: parseBody(text), ...(location === undefined ? {} : { location }) };
}

/** The most {@link requestJson} reads of an answer: Grafana's answers here (a page of 100 users, a token list) are a few KB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The body as text, or, past {@link MAX_BODY_BYTES}, a note and its beginning (the rest is not read). */
async function readText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return `(an answer of more than ${MAX_BODY_BYTES / 1024 / 1024} MiB, not read further) ${Buffer.concat(chunks).subarray(0, 200).toString("utf8")}`;
    }
  }
}

/** `response` whose body errors past {@link MAX_BODY_BYTES}, for a client that reads the body itself (Graph's). */
export function boundedResponse(response: Response): Response {
  // A 204 or 304 has no body, and Response refuses to be built with one.
  if (!response.body || [101, 204, 205, 304].includes(response.status)) return response;
  let size = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > MAX_BODY_BYTES) controller.error(new Error(`an answer of more than ${MAX_BODY_BYTES / 1024 / 1024} MiB, not read further`));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
}

/** `scheme://host` of a URL, or a placeholder: for messages, never the path's query. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(not a URL)";
  }
}
