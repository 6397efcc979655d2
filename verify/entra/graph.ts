/**
 * Microsoft Graph reads (and the one provision-on-demand action) `verify` makes, through
 * Microsoft's `@microsoft/microsoft-graph-client` with an `@azure/identity` credential.
 *
 * The middleware chain is the library's own authentication and retry handlers followed by a
 * fetch handler that adds this package's transport rules (`../http`): a deadline per request, no
 * redirects, https only (loopback http allowed), a bounded body, and classified network errors.
 * The library attaches the bearer token only to https URLs of Graph's hosts (or `customHosts`),
 * never to anything else.
 *
 * Endpoints (Microsoft Graph v1.0 reference, microsoftgraph/microsoft-graph-docs-contrib
 * api-reference/v1.0/api/):
 * - `GET /servicePrincipals/{id}/synchronization/jobs/{jobId}` (synchronization-synchronizationjob-get.md)
 * - `GET …/jobs/{jobId}/schema` (synchronization-synchronizationschema-get.md)
 * - `GET /servicePrincipals/{id}/synchronization/secrets`: not in Graph's reference; the azuread
 *   provider reads the secret this way (ListSynchronizationSecrets, internal/services/synchronization/
 *   synchronization_secret_resource.go at v3.7.0), and Graph masks `SecretToken`.
 * - `GET /servicePrincipals/{id}/claimsMappingPolicies` (serviceprincipal-list-claimsmappingpolicies.md)
 * - `POST …/jobs/{jobId}/provisionOnDemand` (synchronization-synchronizationjob-provisionondemand.md)
 * - `GET /applications(appId='{appId}')?$select=groupMembershipClaims` (application-get.md: the
 *   application addressed by its client id, `Application.Read.All`)
 */
import { AuthenticationHandler, Client, GraphError, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { TokenCredential } from "@azure/identity";
import { boundedResponse, classifyTransportError, insecureUrlProblem, safeOrigin, TransportError } from "../http";

/** The last link of the chain: fetch under the package's transport rules. */
class DeadlineFetchHandler implements Middleware {
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const problem = insecureUrlProblem(url);
    if (problem) throw new Error(`refusing to call ${safeOrigin(url)}: the URL ${problem}`);
    try {
      context.response = boundedResponse(await fetch(context.request, { ...(context.options as RequestInit), redirect: "manual", signal: AbortSignal.timeout(this.timeoutMs) }));
    } catch (error) {
      const failure = classifyTransportError(error);
      if (failure) throw new TransportError(failure.kind, new URL(url).host, failure.detail);
      throw error;
    }
  }
}

/**
 * The library's retry options (one second, at most two retries of a 429, 503 or 504), with
 * Retry-After honoured only up to `maxDelaySeconds`: the library caps it at 180 s a retry
 * (RetryHandler getDelay, RetryHandlerOptions.MAX_DELAY, @microsoft/microsoft-graph-client 3.0.7),
 * so an answer with `Retry-After: 3600` held verify six minutes, whatever --timeout said.
 */
class BoundedRetryOptions extends RetryHandlerOptions {
  constructor(private readonly maxDelaySeconds: number) {
    super(1, 2);
  }

  override getMaxDelay(): number {
    return this.maxDelaySeconds;
  }
}

/** A Graph failure: HTTP status (or -1 with a transport error) and Graph's error code and message. */
export interface GraphFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly transport?: TransportError;
}

/** The Graph failure behind a thrown error (GraphError keeps transport errors only as text). */
export function graphFailure(error: unknown): GraphFailure {
  if (error instanceof TransportError) return { status: -1, code: error.kind, message: error.message, transport: error };
  if (error instanceof GraphError) {
    const text = typeof error.body === "string" ? error.body : "";
    // The host may carry a port (a sign-in or Graph host other than the default).
    const transport = /^TransportError: ([^\s:]+(?::\d+)?): (.*)$/s.exec(text);
    if (error.code === "TransportError" && transport) {
      const kind = /DNS/.test(transport[2]!) ? "dns" : /TLS/.test(transport[2]!) ? "tls" : /refused/.test(transport[2]!) ? "refused" : /time-out/.test(transport[2]!) ? "timeout" : /closed/.test(transport[2]!) ? "reset" : "network";
      const t = new TransportError(kind, transport[1]!, transport[2]!);
      return { status: -1, code: kind, message: t.message, transport: t };
    }
    return { status: error.statusCode, code: error.code ?? "", message: error.message };
  }
  return { status: -1, code: "", message: error instanceof Error ? error.message : String(error) };
}

/** Options of {@link EntraGraph}. */
export interface EntraGraphOptions {
  readonly credential: TokenCredential;
  /** Graph's root, e.g. `https://graph.microsoft.com` (a national cloud's, or a test server's). */
  readonly graphUrl: string;
  readonly timeoutMs: number;
}

/** The Graph calls of `verify`. */
export class EntraGraph {
  private readonly client: Client;

  constructor(options: EntraGraphOptions) {
    const base = new URL(options.graphUrl);
    const scope = `${base.origin}/.default`;
    const auth = new AuthenticationHandler(new TokenCredentialAuthenticationProvider(options.credential, { scopes: [scope] }));
    // A retry waits at most the request deadline (and 10 s): verify's run stays bounded by --timeout.
    const retry = new RetryHandler(new BoundedRetryOptions(Math.min(10, Math.ceil(options.timeoutMs / 1000))));
    const fetcher = new DeadlineFetchHandler(options.timeoutMs);
    auth.setNext(retry);
    retry.setNext(fetcher);
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: `${base.origin}/`,
      defaultVersion: "v1.0",
      // The client compares a request's host name *without* its port with these
      // (GraphRequestUtil isValidEndpoint, @microsoft/microsoft-graph-client 3.0.7): the host name
      // makes a Graph root with a port (a stand-in in the tests) receive the token like Graph does.
      customHosts: new Set([base.host, base.hostname]),
    });
  }

  private servicePrincipal(id: string): string {
    return `/servicePrincipals/${encodeURIComponent(id)}`;
  }

  job(servicePrincipalId: string, jobId: string): Promise<unknown> {
    return this.client.api(`${this.servicePrincipal(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`).get();
  }

  schema(servicePrincipalId: string, jobId: string): Promise<unknown> {
    return this.client.api(`${this.servicePrincipal(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`).get();
  }

  secrets(servicePrincipalId: string): Promise<unknown> {
    return this.client.api(`${this.servicePrincipal(servicePrincipalId)}/synchronization/secrets`).get();
  }

  claimsMappingPolicies(servicePrincipalId: string): Promise<unknown> {
    return this.client.api(`${this.servicePrincipal(servicePrincipalId)}/claimsMappingPolicies`).get();
  }

  /** The application's `groupMembershipClaims`, the application addressed by its client id. */
  applicationGroupClaims(clientId: string): Promise<unknown> {
    return this.client.api(`/applications(appId='${encodeURIComponent(clientId)}')`).select("groupMembershipClaims").get();
  }

  provisionOnDemand(servicePrincipalId: string, jobId: string, ruleId: string, userObjectId: string): Promise<unknown> {
    return this.client
      .api(`${this.servicePrincipal(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}/provisionOnDemand`)
      .post({ parameters: [{ ruleId, subjects: [{ objectId: userObjectId, objectTypeName: "User" }] }] });
  }
}
