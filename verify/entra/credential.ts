/**
 * The Entra credential `verify` uses: the same one the azuread provider would, chosen from the
 * same `ARM_*` variables in the same order, built with Microsoft's `@azure/identity`.
 *
 * azuread 3.7.0 reads (hashicorp/terraform-provider-azuread, internal/provider/provider.go at
 * v3.7.0): ARM_CLIENT_ID (or ARM_CLIENT_ID_FILE_PATH), ARM_TENANT_ID, ARM_ENVIRONMENT,
 * ARM_CLIENT_CERTIFICATE(_PATH, _PASSWORD), ARM_CLIENT_SECRET (or ARM_CLIENT_SECRET_FILE_PATH),
 * ARM_USE_OIDC / ARM_USE_AKS_WORKLOAD_IDENTITY with ARM_OIDC_TOKEN (or ARM_OIDC_TOKEN_FILE_PATH)
 * or the GitHub Actions request pair ARM_OIDC_REQUEST_URL|ACTIONS_ID_TOKEN_REQUEST_URL and
 * ARM_OIDC_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN, ARM_USE_MSI (ARM_MSI_ENDPOINT), and
 * ARM_USE_CLI (default true). Its authorizer (go-azure-sdk) tries certificate, secret, OIDC,
 * managed identity, then Azure CLI; {@link entraCredentialChoice} keeps that order.
 *
 * GitHub Actions OIDC: the job's ID token is requested from ACTIONS_ID_TOKEN_REQUEST_URL with the
 * audience `api://AzureADTokenExchange` (what azuread and azure/login request) and exchanged by
 * `ClientAssertionCredential`. The token is fetched when a Graph call needs it, never printed.
 */
import * as fs from "node:fs";
import { AzureCliCredential, ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from "@azure/identity";
import type { AccessToken, GetTokenOptions, TokenCredential, TokenCredentialOptions } from "@azure/identity";
import { requestJson, TransportError } from "../http";

/** Audience of the GitHub OIDC token exchanged for an Entra token. */
export const GITHUB_OIDC_AUDIENCE = "api://AzureADTokenExchange";

/** The national clouds azuread's ARM_ENVIRONMENT names, with their login and Graph hosts. */
export const ENTRA_CLOUDS = {
  global: { authorityHost: "https://login.microsoftonline.com", graphUrl: "https://graph.microsoft.com" },
  usgovernment: { authorityHost: "https://login.microsoftonline.us", graphUrl: "https://graph.microsoft.us" },
  china: { authorityHost: "https://login.chinacloudapi.cn", graphUrl: "https://microsoftgraph.chinacloudapi.cn" },
} as const;

/** How `verify` will authenticate to Entra (no secret values: only where they come from). */
export type EntraCredentialChoice =
  | { readonly kind: "client-certificate"; readonly clientId: string; readonly certificatePath: string }
  | { readonly kind: "client-secret"; readonly clientId: string; readonly secretFrom: string }
  | { readonly kind: "oidc-token"; readonly clientId: string; readonly tokenFrom: string }
  | { readonly kind: "github-oidc"; readonly clientId: string; readonly requestUrlFrom: string }
  | { readonly kind: "managed-identity"; readonly clientId?: string }
  | { readonly kind: "azure-cli" };

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v.trim());
const first = (env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined => names.find((n) => (env[n] ?? "") !== "");

/** A credential problem: the message names the variables, never their values. */
export class EntraCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EntraCredentialError";
  }
}

/** The credential the ARM_* variables select, in azuread's order; throws when none is usable. Pure. */
export function entraCredentialChoice(env: NodeJS.ProcessEnv): EntraCredentialChoice {
  const clientId = env.ARM_CLIENT_ID || (env.ARM_CLIENT_ID_FILE_PATH ? "(from ARM_CLIENT_ID_FILE_PATH)" : "");
  const certificate = first(env, ["ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE"]);
  if (clientId && certificate) return { kind: "client-certificate", clientId, certificatePath: certificate };
  const secret = first(env, ["ARM_CLIENT_SECRET", "ARM_CLIENT_SECRET_FILE_PATH"]);
  if (clientId && secret) return { kind: "client-secret", clientId, secretFrom: secret };
  if (truthy(env.ARM_USE_OIDC) || truthy(env.ARM_USE_AKS_WORKLOAD_IDENTITY)) {
    if (!clientId) throw new EntraCredentialError("ARM_USE_OIDC is set but ARM_CLIENT_ID is not: set the client id of the app registration with the federated credential");
    const token = first(env, ["ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH"]);
    if (token) return { kind: "oidc-token", clientId, tokenFrom: token };
    const url = first(env, ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"]);
    const requestToken = first(env, ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
    if (url && requestToken) return { kind: "github-oidc", clientId, requestUrlFrom: url };
    throw new EntraCredentialError(
      "ARM_USE_OIDC is set but there is no OIDC token: set ARM_OIDC_TOKEN(_FILE_PATH), or run in a GitHub Actions job with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN)",
    );
  }
  if (truthy(env.ARM_USE_MSI)) return { kind: "managed-identity", ...(clientId ? { clientId } : {}) };
  if (env.ARM_USE_CLI === undefined || truthy(env.ARM_USE_CLI)) return { kind: "azure-cli" };
  throw new EntraCredentialError("no Entra credential: set ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC, as for the azuread provider");
}

/** Human text of a choice, for the check's detail (no values). */
export function describeCredential(choice: EntraCredentialChoice): string {
  switch (choice.kind) {
    case "client-certificate":
      return `client certificate (${choice.certificatePath})`;
    case "client-secret":
      return `client secret (${choice.secretFrom})`;
    case "oidc-token":
      return `OIDC token (${choice.tokenFrom})`;
    case "github-oidc":
      return `GitHub Actions OIDC (${choice.requestUrlFrom})`;
    case "managed-identity":
      return "managed identity";
    case "azure-cli":
      return "Azure CLI login";
  }
}

/** The cloud ARM_ENVIRONMENT names (default global). */
export function entraCloud(env: NodeJS.ProcessEnv): (typeof ENTRA_CLOUDS)[keyof typeof ENTRA_CLOUDS] {
  const name = (env.ARM_ENVIRONMENT || "global").toLowerCase();
  if (name in ENTRA_CLOUDS) return ENTRA_CLOUDS[name as keyof typeof ENTRA_CLOUDS];
  throw new EntraCredentialError(`ARM_ENVIRONMENT "${name}" is not supported by verify (global, usgovernment, china)`);
}

/**
 * Requests the GitHub Actions ID token for {@link GITHUB_OIDC_AUDIENCE}: GET the request URL with
 * `&audience=…` and the request token as bearer; the answer is `{ "value": "<jwt>" }` (GitHub's
 * "Configuring OpenID Connect in cloud providers" documentation).
 */
export async function githubOidcToken(requestUrl: string, requestToken: string, timeoutMs: number): Promise<string> {
  const url = new URL(requestUrl);
  url.searchParams.set("audience", GITHUB_OIDC_AUDIENCE);
  const answer = await requestJson(url.toString(), { headers: { authorization: `Bearer ${requestToken}` }, timeoutMs });
  const value = (answer.body as { value?: unknown } | undefined)?.value;
  if (answer.status !== 200 || typeof value !== "string" || value === "") {
    throw new EntraCredentialError(`the GitHub OIDC token request answered HTTP ${answer.status} without a token: does the job have permissions: id-token: write?`);
  }
  return value;
}

/**
 * The file the variable `name` names, trimmed. The error names the variable only: Node's would
 * quote its value, which may be the secret itself put where its file's path belongs.
 */
function readFile(env: NodeJS.ProcessEnv, name: string): string {
  try {
    return fs.readFileSync(env[name] ?? "", "utf8").trim();
  } catch (error) {
    throw new EntraCredentialError(`${name} does not name a readable file (${(error as { code?: string }).code ?? "unreadable"})`);
  }
}

/**
 * `credential` with a deadline: `getToken` passes an abort signal of `timeoutMs` (with the
 * caller's) to the library, and rejects with a timeout {@link TransportError} naming `host` once
 * it passes, whether or not the library honours the signal. @azure/identity 4.13.1 does not
 * abort its authority discovery on the signal (tested against a socket that never answers): the
 * per-request deadline of {@link identityOptions} is what closes that connection.
 */
export function withTokenDeadline(credential: TokenCredential, timeoutMs: number, host: string): TokenCredential {
  return {
    getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
      const controller = new AbortController();
      options?.abortSignal?.addEventListener("abort", () => controller.abort());
      const timedOut = () => new TransportError("timeout", host, `no Entra token before the time-out (${timeoutMs / 1000} s)`);
      return new Promise<AccessToken | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          controller.abort();
          reject(timedOut());
        }, timeoutMs);
        credential.getToken(scopes, { ...options, abortSignal: controller.signal }).then(
          (token) => {
            clearTimeout(timer);
            resolve(token);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}

/**
 * The @azure/identity options for every credential: the cloud's authority, one retry instead of
 * three (azure/core-rest-pipeline's default), and a deadline of `timeoutMs` on each of the
 * library's HTTP requests (a per-call pipeline policy setting `request.timeout`, which the Node
 * HTTP client turns into an abort that closes the socket: @typespec/ts-http-runtime
 * nodeHttpClient.js). A non-Microsoft authority (a test stand-in) gets no instance discovery,
 * which would ask login.microsoftonline.com about it.
 */
export function identityOptions(authorityHost: string, timeoutMs: number, microsoftCloud: boolean): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
  return {
    authorityHost,
    retryOptions: { maxRetries: 1 },
    additionalPolicies: [
      {
        position: "perCall",
        policy: {
          name: "grafanaScimRequestDeadline",
          sendRequest: (request, next) => {
            request.timeout = timeoutMs;
            return next(request);
          },
        },
      },
    ],
    ...(microsoftCloud ? {} : { disableInstanceDiscovery: true }),
  };
}

/** Builds the `@azure/identity` credential for a choice; `authorityHost` replaces the cloud's (tests). */
export function createEntraCredential(choice: EntraCredentialChoice, env: NodeJS.ProcessEnv, tenantId: string, timeoutMs: number, authorityHost?: string): TokenCredential {
  const host = authorityHost ?? entraCloud(env).authorityHost;
  const options = identityOptions(host, timeoutMs, authorityHost === undefined);
  return withTokenDeadline(createCredential(choice, env, tenantId, timeoutMs, options), timeoutMs, new URL(host).host);
}

function createCredential(
  choice: EntraCredentialChoice,
  env: NodeJS.ProcessEnv,
  tenantId: string,
  timeoutMs: number,
  options: ReturnType<typeof identityOptions>,
): TokenCredential {
  const clientId = (): string => env.ARM_CLIENT_ID || readFile(env, "ARM_CLIENT_ID_FILE_PATH");
  switch (choice.kind) {
    case "client-certificate": {
      const path = env.ARM_CLIENT_CERTIFICATE_PATH;
      if (!path) throw new EntraCredentialError("ARM_CLIENT_CERTIFICATE (inline) is not supported by verify: give the PEM file in ARM_CLIENT_CERTIFICATE_PATH");
      if (!readFile(env, "ARM_CLIENT_CERTIFICATE_PATH").includes("-----BEGIN")) {
        throw new EntraCredentialError("ARM_CLIENT_CERTIFICATE_PATH is not a PEM file: @azure/identity reads PEM (certificate and key), not PKCS#12; convert it with openssl pkcs12 -nodes");
      }
      return new ClientCertificateCredential(tenantId, clientId(), { certificatePath: path }, options);
    }
    case "client-secret":
      return new ClientSecretCredential(tenantId, clientId(), env.ARM_CLIENT_SECRET || readFile(env, "ARM_CLIENT_SECRET_FILE_PATH"), options);
    case "oidc-token":
      return new ClientAssertionCredential(tenantId, clientId(), async () => env.ARM_OIDC_TOKEN || readFile(env, "ARM_OIDC_TOKEN_FILE_PATH"), options);
    case "github-oidc": {
      const url = env.ARM_OIDC_REQUEST_URL || env.ACTIONS_ID_TOKEN_REQUEST_URL || "";
      const token = env.ARM_OIDC_REQUEST_TOKEN || env.ACTIONS_ID_TOKEN_REQUEST_TOKEN || "";
      return new ClientAssertionCredential(tenantId, clientId(), () => githubOidcToken(url, token, timeoutMs), options);
    }
    case "managed-identity":
      return new ManagedIdentityCredential({ ...options, ...(choice.clientId ? { clientId: clientId() } : {}) });
    case "azure-cli":
      return new AzureCliCredential({ tenantId, processTimeoutInMs: timeoutMs });
  }
}
