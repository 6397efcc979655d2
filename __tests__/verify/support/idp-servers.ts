/**
 * Stand-ins for Microsoft Graph and Okta on 127.0.0.1 (ephemeral ports), answering with the
 * documented or recorded examples in `__tests__/fixtures/graph` and `__tests__/fixtures/okta`
 * (each fixture folder's README cites its source). Faults per route as in `grafana-server.ts`.
 */
import express from "express";
import { applyFault as fault, closeServer, listen, type Fault, type RunningServer, type ServerTls } from "./grafana-server";

export interface GraphState {
  job: unknown;
  schema: unknown;
  secrets: unknown;
  claimsMappingPolicies: unknown;
  provisionOnDemand: unknown;
  /** Applications by client id (`appId`), as `GET /applications(appId='…')` answers them. */
  applications?: Record<string, unknown>;
  faults: Partial<Record<"job" | "schema" | "secrets" | "claims" | "provision" | "application", Fault>>;
  /** Bodies POSTed to provisionOnDemand. */
  provisioned: unknown[];
  paths: string[];
  /** The Authorization header of each request, when the test keeps them. */
  authorizations?: string[];
}

/** Graph's stand-in; with `tls` on https, where the Graph client attaches the credential's token (recorded in `authorizations`). */
export async function startGraph(state: GraphState, tls?: ServerTls): Promise<RunningServer> {
  const app = express();
  app.use(express.json());
  const sp = "/v1.0/servicePrincipals/:sp";
  app.use((req, _res, next) => {
    state.paths.push(req.originalUrl);
    state.authorizations?.push(req.header("authorization") ?? "");
    next();
  });
  const route = (path: string, key: keyof GraphState["faults"], body: () => unknown) =>
    app.get(path, async (req, res) => {
      if (await fault(state.faults[key], req, res)) return;
      res.json(body());
    });
  route(`${sp}/synchronization/jobs/:job`, "job", () => state.job);
  route(`${sp}/synchronization/jobs/:job/schema`, "schema", () => state.schema);
  route(`${sp}/synchronization/secrets`, "secrets", () => state.secrets);
  route(`${sp}/claimsMappingPolicies`, "claims", () => state.claimsMappingPolicies);
  // GET /applications(appId='{appId}') (application-get.md), the quotes as the client sends them.
  app.get(/^\/v1\.0\/applications\(appId=(?:'|%27)([^'%]*)(?:'|%27)\)$/, async (req, res) => {
    if (await fault(state.faults.application, req, res)) return;
    const application = state.applications?.[decodeURIComponent(String((req.params as Record<string, string>)[0]))];
    if (application === undefined) res.status(404).json({ error: { code: "Request_ResourceNotFound", message: "Resource does not exist or one of its queried reference-property objects are not present." } });
    else res.json(application);
  });
  app.post(`${sp}/synchronization/jobs/:job/provisionOnDemand`, async (req, res) => {
    state.provisioned.push(req.body);
    if (await fault(state.faults.provision, req, res)) return;
    res.json(state.provisionOnDemand);
  });
  const { server, url } = await listen(app, tls);
  return { url, close: () => closeServer(server) };
}

export interface OktaState {
  apiToken: string;
  app: Record<string, unknown>;
  user: Record<string, unknown>;
  pushMappings: unknown[] | undefined;
  faults: Partial<Record<"app" | "push" | "user", Fault>>;
  authorizations: string[];
}

export async function startOkta(state: OktaState): Promise<RunningServer> {
  const app = express();
  app.use((req, res, next) => {
    const auth = req.header("authorization") ?? "";
    state.authorizations.push(auth);
    if (auth !== `SSWS ${state.apiToken}`) {
      res.status(401).json({ errorCode: "E0000011", errorSummary: "Invalid token provided", errorLink: "E0000011", errorId: "oae1", errorCauses: [] });
      return;
    }
    next();
  });
  app.get("/api/v1/apps/:id", async (req, res) => {
    if (await fault(state.faults.app, req, res)) return;
    if (req.params.id !== state.app.id) res.status(404).json({ errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${req.params.id} (AppInstance)`, errorCauses: [] });
    else res.json(state.app);
  });
  app.get("/api/v1/apps/:id/group-push/mappings", async (req, res) => {
    if (await fault(state.faults.push, req, res)) return;
    if (state.pushMappings === undefined) res.status(404).json({ errorCode: "E0000007", errorSummary: "Not found: Resource not found", errorCauses: [] });
    else res.json(state.pushMappings);
  });
  app.get("/api/v1/users/:id", async (req, res) => {
    if (await fault(state.faults.user, req, res)) return;
    const profile = state.user.profile as { login?: string };
    if (req.params.id !== state.user.id && req.params.id !== profile.login) res.status(404).json({ errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${req.params.id} (User)`, errorCauses: [] });
    else res.json(state.user);
  });
  const { server, url } = await listen(app);
  return { url, close: () => closeServer(server) };
}
