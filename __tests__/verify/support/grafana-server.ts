/**
 * A stand-in for Grafana on 127.0.0.1 (ephemeral port): a real SCIM 2.0 server built with SCIMMY
 * and its Express routers, mounted under Grafana's namespaced path
 * (`/apis/scim.grafana.app/v0alpha1/namespaces/<ns>`), and the three Grafana HTTP API reads
 * `verify` and `migration-check` make. Failures are switched per route for a test:
 * an HTTP status with Grafana's error body, a slow answer, or a dropped connection.
 *
 * Grafana's error bodies follow its errutil public format (`message`, `messageId`, `statusCode`);
 * the namespace error's id `authn.invalid-namespace` is the one the grafana provider documents
 * (docs/resources/scim_config.md at v4.45.1).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

export const NAMESPACES_PATH = "/apis/scim.grafana.app/v0alpha1/namespaces";

/** A user in the stand-in: a SCIM record and a Grafana org user at once. */
export interface StandInUser {
  id: string;
  userId: number;
  login: string;
  email?: string;
  externalId?: string;
  active?: boolean;
  /** SCIM userName; default the email (or login). */
  userName?: string;
}

/** How a route misbehaves: an answer, a delay, a dropped connection, or a body that never ends (`chunkBytes` every `everyMs`). */
export type Fault = { kind: "status"; status: number; body: unknown; headers?: Record<string, string> } | { kind: "slow"; ms: number } | { kind: "drop" } | { kind: "endless"; status: number; chunkBytes: number; everyMs: number; contentType?: string };

/** Everything a test can change between requests. */
export interface GrafanaState {
  namespace: string;
  scimToken: string;
  grafanaAuth: string;
  users: StandInUser[];
  groups: Array<{ id: string; displayName: string }>;
  saml: Record<string, unknown> | undefined;
  tokens: Array<Record<string, unknown>>;
  /** Faults by route: "Users", "Groups", "saml", "tokens", "orgUsers". */
  faults: Partial<Record<"Users" | "Groups" | "saml" | "tokens" | "orgUsers", Fault>>;
  /** Requests seen: method, path and whether they carried the right credential. */
  requests: Array<{ path: string; authorized: boolean }>;
}

export function defaultGrafanaState(): GrafanaState {
  return {
    namespace: "stacks-123456",
    scimToken: "",
    grafanaAuth: "",
    users: [],
    groups: [],
    saml: undefined,
    tokens: [],
    faults: {},
    requests: [],
  };
}

let declared: GrafanaState | undefined;
/** SCIMMY's resource declarations are process-wide: declare once, read the current state. */
function declareResources(get: () => GrafanaState): void {
  if (declared) return;
  declared = get();
  const toScim = (u: StandInUser) => ({
    id: u.id,
    userName: u.userName ?? u.email ?? u.login,
    ...(u.externalId ? { externalId: u.externalId } : {}),
    active: u.active ?? true,
    ...(u.email ? { emails: [{ value: u.email, type: "work", primary: true }] } : {}),
  });
  // SCIMMY leaves filtering to the handler: Filter#match selects the matching resources.
  type Query = { id?: string; filter?: { match: (v: unknown[]) => unknown[] } };
  const select = (items: Array<{ id: string }>, resource: Query) => {
    if (!resource.id) return resource.filter ? resource.filter.match(items) : items;
    const item = items.find((i) => i.id === resource.id);
    if (!item) throw new Error("not found"); // SCIMMY answers 404
    return item;
  };
  SCIMMY.Resources.declare(SCIMMY.Resources.User).egress(((resource: Query) => select(get().users.map(toScim), resource)) as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group).egress(((resource: Query) => select(get().groups, resource)) as never);
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Applies a route's fault, if any; resolves true when it answered (or dropped) the request, false to go on (after a delay when slow). */
export async function applyFault(fault: Fault | undefined, req: express.Request, res: express.Response): Promise<boolean> {
  if (!fault) return false;
  if (fault.kind === "drop") {
    req.socket.destroy();
    return true;
  }
  if (fault.kind === "status") {
    res.status(fault.status).set(fault.headers ?? {}).json(fault.body);
    return true;
  }
  if (fault.kind === "endless") {
    res.status(fault.status).set("content-type", fault.contentType ?? "text/html");
    const chunk = Buffer.alloc(fault.chunkBytes, "<p>");
    const timer = setInterval(() => res.write(chunk), fault.everyMs);
    res.on("close", () => clearInterval(timer));
    res.write(chunk);
    return true;
  }
  await new Promise((resolve) => setTimeout(resolve, fault.ms).unref());
  return false;
}

/** A key and certificate to serve https with (see tls.ts). */
export interface ServerTls {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** Listens on 127.0.0.1 (https with `tls`) and resolves with its URL. */
export function listen(handler: http.RequestListener, tls?: ServerTls): Promise<{ server: http.Server | https.Server; url: string }> {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  const scheme = tls ? "https" : "http";
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Closes a server, ending open (slow) connections too. */
export function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startGrafana(state: GrafanaState): Promise<RunningServer> {
  declareResources(() => state);
  const app = express();
  const bearer = (req: express.Request, expected: string) => req.header("authorization") === `Bearer ${expected}`;

  // Grafana's HTTP API, with the deploying identity's token.
  const api = express.Router();
  api.use((req, res, next) => {
    const ok = bearer(req, state.grafanaAuth);
    state.requests.push({ path: req.originalUrl, authorized: ok });
    if (!ok) res.status(401).json({ message: "Unauthorized", messageId: "auth.unauthorized", statusCode: 401 });
    else next();
  });
  api.get("/v1/sso-settings/saml", async (req, res) => {
    if (await applyFault(state.faults.saml, req, res)) return;
    if (!state.saml) res.status(404).json({ message: "SSO Settings not found", statusCode: 404 });
    else res.json({ id: "1", provider: "saml", settings: state.saml, source: "database" });
  });
  api.get("/serviceaccounts/:id/tokens", async (req, res) => {
    if (await applyFault(state.faults.tokens, req, res)) return;
    res.json(state.tokens);
  });
  api.get("/org/users/search", async (req, res) => {
    if (await applyFault(state.faults.orgUsers, req, res)) return;
    const perPage = Number(req.query.perpage ?? 1000);
    const page = Number(req.query.page ?? 1);
    const slice = state.users.slice((page - 1) * perPage, page * perPage);
    res.json({
      totalCount: state.users.length,
      orgUsers: slice.map((u) => ({ orgId: 1, userId: u.userId, uid: u.id, login: u.login, email: u.email ?? "", name: u.login, role: "Viewer" })),
      page,
      perPage,
    });
  });
  app.use("/api", api);

  // Grafana's SCIM API in the configured namespace; any other namespace is refused as Grafana does.
  const scimPath = `${NAMESPACES_PATH}/${state.namespace}`;
  app.use(scimPath, async (req, res, next) => {
    const ok = bearer(req, state.scimToken);
    state.requests.push({ path: req.originalUrl, authorized: ok });
    // Grafana records a use of the token (lastUsedAt), on versions that report it.
    const newest = [...state.tokens].sort((a, b) => Date.parse(String(b.created ?? "")) - Date.parse(String(a.created ?? "")))[0];
    if (ok && newest && "lastUsedAt" in newest) newest.lastUsedAt = new Date().toISOString();
    const resource = req.path.startsWith("/Groups") ? "Groups" : "Users";
    if (await applyFault(state.faults[resource], req, res)) return;
    next();
  });
  app.use(
    scimPath,
    new SCIMMYRouters({
      type: "bearer",
      docUri: "https://grafana.com/docs/grafana/latest/setup-grafana/configure-access/configure-scim-provisioning/",
      handler: (req: express.Request) => {
        if (!bearer(req, state.scimToken)) throw new Error("invalid or expired token");
        return "scim-provisioner";
      },
    }),
  );
  app.use(`${NAMESPACES_PATH}/:namespace`, (req, res) => {
    state.requests.push({ path: req.originalUrl, authorized: bearer(req, state.scimToken) });
    res.status(403).json({ message: "invalid namespace", messageId: "authn.invalid-namespace", statusCode: 403 });
  });

  const { server, url } = await listen(app);
  return { url, close: () => closeServer(server) };
}
