/**
 * `verify` and `migration-check` against servers that answer like an adversary would: what they
 * print comes from Grafana's SCIM and HTTP APIs and from Okta, i.e. from anyone who can create
 * users, groups or apps there, or from whoever controls a host the commands are pointed at.
 * Whatever the answer, the commands must print no control or escape sequence raw, forge no
 * result line, inject no Markdown or HTML into the job summary, echo no credential, end in
 * bounded time, and send no credential to another host.
 */
import "./support/read-outputs-once"; // first: before the commands load verify/outputs
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/grafana-scim";
import { allPages } from "../../verify/okta/client";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana, type GrafanaState, type RunningServer } from "./support/grafana-server";
import type { TokenCredential } from "@azure/identity";
import { ENVIRONMENTS, healthyGraphState, healthyOktaState, OKTA_APP, stackOutputs } from "./support/healthy";
import { startGraph, startOkta, type GraphState, type OktaState } from "./support/idp-servers";
import { applyOutputs, captureIo, tempProject, writeEnvironment } from "./support/state";

const TOKEN = "glsa_FAKE_hostile_canary_scim_token_0011";
const GRAFANA_AUTH = "glsa_FAKE_hostile_canary_deployer_0012";
const OKTA_API_TOKEN = "00FAKE_hostile_canary_okta_api_token_0000013";
const GRAFANA_ONLY = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };

/** Characters a terminal or log acts on instead of showing: C0/C1 controls (ESC, CR, BEL…), line separators, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * A name an adversary gives a user: clears the screen, an OSC 8 hyperlink, a CR overwrite, a forged
 * result line, a GitHub Actions workflow command (the runner reads a line starting with "::" after
 * leading spaces as one), a bidi override.
 */
const HOSTILE_NAME = "mallory\u001b[2J\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\rPASS  all good\nPASS  Users resolve to exactly one SCIM record  0 conflict\n  ::error title=verify::forged\u202egnp.exe";

/** Lines of `text` that a terminal, a log or the Actions runner would read as a result or a command of their own. */
const forgedLines = (text: string) => text.split(/\r|\n|\u2028|\u2029/).filter((line) => /^PASS {2}(all good|Users resolve to exactly one SCIM record {2}0 conflict)/.test(line) || line.trimStart().startsWith("::"));
/** …and Markdown and HTML for the job summary. */
const MARKDOWN_NAME = "[Approve the deploy](https://evil.example/approve) ![x](https://evil.example/pixel.png) <img src=https://evil.example/p.png> <details><summary>ok</summary> @acme/platform-admins";

const gState: GrafanaState = defaultGrafanaState();
const oktaState = {} as OktaState;
const graphState = {} as GraphState;
let root: string;
let grafana: RunningServer;
let okta: RunningServer;
let graph: RunningServer;
/** Answers every request with 401 and a body that quotes its Authorization header back. */
let echo: http.Server;
const staticCredential: TokenCredential = { getToken: async () => ({ token: "test-graph-access-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };

beforeAll(async () => {
  grafana = await startGrafana(gState);
  okta = await startOkta(oktaState);
  graph = await startGraph(graphState);
  echo = http.createServer((req, res) => res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: `invalid credentials: ${req.headers.authorization}`, statusCode: 401 })));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  const echoUrl = `http://127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
  root = tempProject();
  writeEnvironment(root, "echo", GRAFANA_ONLY);
  applyOutputs(root, "echo", { scim_tenant_url: `${echoUrl}${NAMESPACES_PATH}/stacks-123456`, grafana_url: echoUrl, scim_service_account_id: "1:7" }, TOKEN);
  const outputs = stackOutputs(`${grafana.url}${NAMESPACES_PATH}/stacks-123456`, grafana.url);
  writeEnvironment(root, "prod", GRAFANA_ONLY);
  applyOutputs(root, "prod", { scim_tenant_url: outputs.okta.scim_tenant_url!, grafana_url: grafana.url, scim_service_account_id: "1:7" }, TOKEN);
  writeEnvironment(root, "okta", ENVIRONMENTS.okta);
  applyOutputs(root, "okta", outputs.okta, TOKEN);
  writeEnvironment(root, "entra", ENVIRONMENTS.entra);
  applyOutputs(root, "entra", outputs.entra, TOKEN);
}, 120_000);

afterAll(async () => {
  echo.closeAllConnections();
  await Promise.all([grafana.close(), okta.close(), graph.close(), new Promise((resolve) => echo.close(resolve))]);
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(gState, {
    scimToken: TOKEN,
    grafanaAuth: GRAFANA_AUTH,
    users: [{ id: "u-1", userId: 1, login: "alice", email: "alice@example.com", externalId: "ext-alice" }],
    groups: [],
    saml: { enabled: true, assertionAttributeExternalUid: "userUID", allowSignUp: false },
    tokens: [],
    faults: {},
    requests: [],
  });
  Object.assign(oktaState, healthyOktaState(OKTA_API_TOKEN));
  Object.assign(graphState, healthyGraphState(`${grafana.url}${NAMESPACES_PATH}/stacks-123456`));
});

async function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(root, { GRAFANA_AUTH, OKTA_API_TOKEN, ...env }, { overrides: { oktaOrgUrl: okta.url, graphUrl: graph.url, entraCredential: staticCredential } });
  const code = await main([command, ...args], io.io);
  const out = io.stdout();
  for (const secret of [TOKEN, GRAFANA_AUTH, OKTA_API_TOKEN]) expect(out + io.stderr()).not.toContain(secret);
  return { code, stdout: out, stderr: io.stderr() };
}

describe("GIVEN user names with escape sequences, CR, newlines and bidi overrides", () => {
  it("WHEN migration-check prints them (table and --json) THEN none is printed raw and no result line is forged", async () => {
    gState.users.push({ id: "u-m", userId: 2, login: HOSTILE_NAME, email: `m@example.com${HOSTILE_NAME}` });
    for (const args of [["prod"], ["prod", "--json"]]) {
      const { stdout } = await run("migration-check", args);
      expect(stdout).toContain("mallory");
      expect(stdout).not.toMatch(RAW_CONTROL);
      expect(forgedLines(stdout)).toEqual([]);
    }
  });

  it("WHEN verify --user finds that user THEN neither the table, the JSON nor the summary prints them raw", async () => {
    gState.users.push({ id: "u-m", userId: 2, login: "m", externalId: "ext-m", userName: HOSTILE_NAME });
    const summary = path.join(os.tmpdir(), `hostile-summary-${process.pid}.md`);
    try {
      for (const args of [["prod", "--user", "ext-m", "--summary-file", summary], ["prod", "--user", "ext-m", "--json"]]) {
        const { stdout } = await run("verify", args);
        expect(stdout).toContain("mallory");
        expect(stdout).not.toMatch(RAW_CONTROL);
        expect(forgedLines(stdout)).toEqual([]);
      }
      expect(fs.readFileSync(summary, "utf8")).not.toMatch(RAW_CONTROL);
    } finally {
      fs.rmSync(summary, { force: true });
    }
  });
});

describe("GIVEN a user name with Markdown links, images and HTML", () => {
  it("WHEN verify --user writes the job summary THEN they are text, not links, images or HTML", async () => {
    gState.users.push({ id: "u-m", userId: 2, login: "m", externalId: "ext-m", userName: MARKDOWN_NAME });
    const summary = path.join(os.tmpdir(), `markdown-summary-${process.pid}.md`);
    try {
      await run("verify", ["prod", "--user", "ext-m", "--summary-file", summary]);
      const markdown = fs.readFileSync(summary, "utf8");
      expect(markdown).toContain("Approve the deploy");
      // An unescaped "[" opens a link, "<" an HTML tag.
      expect(markdown).not.toMatch(/(?<!\\)\[Approve|(?<!\\)\[x\]|(?<!\\)<(img|details|summary)/);
      // An unescaped "@" mentions (the summary goes into the drift issue too).
      expect(markdown).toContain("\\@acme/platform-admins");
      expect(markdown).not.toMatch(/(?<!\\)@acme/);
    } finally {
      fs.rmSync(summary, { force: true });
    }
  });
});

describe("GIVEN Okta's group push mappings paged with a Link header (Okta's pagination: rel=\"next\")", () => {
  const MAPPINGS = `/api/v1/apps/${OKTA_APP}/group-push/mappings`;

  it("WHEN the next link points at another host THEN the API token is not sent there, and the line says why", async () => {
    const seen: string[] = [];
    const elsewhere = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? "(none)");
      res.writeHead(200, { "content-type": "application/json" }).end("[]");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const next = `http://127.0.0.1:${(elsewhere.address() as net.AddressInfo).port}${MAPPINGS}?after=gpm1`;
    oktaState.faults.push = { kind: "status", status: 200, body: oktaState.pushMappings, headers: { link: `<${next}>; rel="next"` } };
    try {
      const { stdout } = await run("verify", ["okta", "--json"]);
      expect(seen).toEqual([]);
      const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "okta.app.group-push");
      expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("another host") });
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it("WHEN the next link points at the same page forever THEN verify ends in bounded time with the line failing", async () => {
    oktaState.faults.push = { kind: "status", status: 200, body: [], headers: { link: `<${okta.url}${MAPPINGS}>; rel="next"` } };
    const requests = () => oktaState.authorizations.length;
    let settled = false;
    const verifying = run("verify", ["okta", "--json"]).finally(() => (settled = true));
    const deadline = Date.now() + 15_000;
    while (!settled && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Before the fix it loops for ever: stop the stand-in's loop so the suite can end, then fail.
    const endedByItself = settled;
    if (!settled) oktaState.faults.push = { kind: "status", status: 500, body: { errorCode: "E0000009", errorSummary: "stop" } };
    const { stdout } = await verifying;
    expect({ endedByItself, fewRequests: requests() < 200 }).toEqual({ endedByItself: true, fewRequests: true });
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "okta.app.group-push");
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("next") });
  }, 60_000);
});

describe("allPages (Okta's pages, bounded)", () => {
  /** A stand-in for the SDK's Collection (src/collection.js): `next()` fetches `nextUri` when no item is left. */
  function collection(page: (uri: string) => { items: string[]; next?: string }) {
    const c = {
      nextUri: "https://example.okta.com/api/v1/x" as string | undefined,
      currentItems: [] as string[],
      fetches: 0,
      async next(): Promise<{ done: boolean; value: string | null }> {
        if (c.currentItems.length === 0 && c.nextUri) {
          c.fetches += 1;
          const p = page(c.nextUri);
          c.currentItems = [...p.items];
          c.nextUri = p.next;
        }
        const item = c.currentItems.shift();
        return { done: item === undefined && !c.nextUri, value: item ?? null };
      },
    };
    return c;
  }

  it("GIVEN an endless chain of new next links THEN it stops after maxPages pages with the reason", async () => {
    const endless = collection((uri) => ({ items: ["m"], next: `${uri}1` }));
    await expect(allPages(endless as never, 5)).rejects.toThrow("Okta's next links go on past 5 pages: not followed");
    expect(endless.fetches).toBe(5);
  });

  it("GIVEN three pages THEN every item, each page read once", async () => {
    const three = collection((uri) => ({ items: [uri.slice(-1)], ...(uri.length < "https://example.okta.com/api/v1/x".length + 2 ? { next: `${uri}2` } : {}) }));
    expect(await allPages(three as never, 5)).toEqual(["x", "2", "2"]);
    expect(three.fetches).toBe(3);
  });
});

describe("GIVEN an answer whose body never ends", () => {
  it("WHEN verify reads it THEN it stops reading at a bounded size, long before the time-out, and says so", async () => {
    // 1 MiB every 20 ms: without a bound, memory grows by 50 MiB a second until the time-out.
    gState.faults.Users = { kind: "endless", status: 500, chunkBytes: 1 << 20, everyMs: 20 };
    const started = Date.now();
    const { stdout } = await run("verify", ["prod", "--json", "--timeout", "20"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "grafana.scim.users");
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("more than 4 MiB") });
  }, 60_000);

  it("WHEN Okta's answer never ends THEN the Okta SDK stops reading at the same bound", async () => {
    oktaState.faults.app = { kind: "endless", status: 200, chunkBytes: 1 << 20, everyMs: 20 };
    const started = Date.now();
    const { stdout } = await run("verify", ["okta", "--json", "--timeout", "1"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "okta.app.active");
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("over limit") });
  }, 60_000);

  it("WHEN Okta's answer is large but finite (200 KB) THEN it is read, in bounded time", async () => {
    oktaState.app._padding = "x".repeat(200_000);
    let settled = false;
    const verifying = run("verify", ["okta", "--json", "--timeout", "5"]).finally(() => (settled = true));
    const deadline = Date.now() + 15_000;
    while (!settled && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(true);
    const line = (JSON.parse((await verifying).stdout) as { checks: Array<{ id: string; status: string }> }).checks.find((c) => c.id === "okta.app.active");
    expect(line).toMatchObject({ status: "pass" });
  }, 60_000);

  it("WHEN Graph's answer never ends THEN the Graph client stops reading at the same bound", async () => {
    graphState.faults.job = { kind: "endless", status: 200, chunkBytes: 1 << 20, everyMs: 20, contentType: "application/json" };
    const started = Date.now();
    const { stdout } = await run("verify", ["entra", "--json", "--timeout", "20"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "entra.job.state");
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("more than 4 MiB") });
  }, 60_000);
});

describe("GIVEN a server that quotes the credential it got back in its error", () => {
  it.each([
    ["a bearer token", GRAFANA_AUTH, "Bearer"],
    ["basic auth (user:password)", "admin:FAKE-hostile-password-0014", "Basic"],
  ])("WHEN GRAFANA_AUTH is %s THEN neither it nor its encoding is printed", async (_name, auth, scheme) => {
    const { stdout } = await run("verify", ["echo", "--json"], { GRAFANA_AUTH: auth });
    expect(stdout).toContain(`invalid credentials: ${scheme} `);
    const encoded = Buffer.from(auth).toString("base64");
    for (const secret of [auth, encoded, auth.split(":").pop()!]) expect(stdout).not.toContain(secret);
  });
});

describe("GIVEN answers of the wrong shape", () => {
  const shapes: Array<[string, (app: Record<string, any>) => void]> = [
    ["features a string", (app) => (app.features = "SCIM_PROVISIONING")],
    ["features an object", (app) => (app.features = { a: 1 })],
    ["features null", (app) => (app.features = null)],
    ["attribute statements an object", (app) => (app.settings.signOn.attributeStatements = { name: "userUID" })],
    ["attribute statements a string", (app) => (app.settings.signOn.attributeStatements = "userUID")],
    ["attribute statement values a number", (app) => (app.settings.signOn.attributeStatements = [{ name: "userUID", values: 5 }])],
    ["attribute statement values an object", (app) => (app.settings.signOn.attributeStatements = [{ name: "userUID", values: { a: 1 } }])],
    ["attribute statements with null", (app) => (app.settings.signOn.attributeStatements = [null])],
    ["settings a string", (app) => (app.settings = "x")],
    ["label an object", (app) => (app.label = { a: 1 })],
  ];
  it.each(shapes)("WHEN Okta's app has %s THEN verify reports it in its lines (no exception)", async (_name, change) => {
    change(oktaState.app);
    const { code, stdout } = await run("verify", ["okta", "--json"]);
    expect([0, 1]).toContain(code);
    expect((JSON.parse(stdout) as { checks: unknown[] }).checks.length).toBeGreaterThan(3);
  });

  const pushShapes: Array<[string, unknown]> = [["an object", { a: 1 }], ["a string", "ACTIVE"], ["numbers", [1, 2]], ["nulls", [null]]];
  it.each(pushShapes)("WHEN Okta's group push mappings are %s THEN verify reports it in its lines (no exception)", async (_name, body) => {
    oktaState.pushMappings = body as unknown[];
    const { code } = await run("verify", ["okta", "--json"]);
    expect([0, 1]).toContain(code);
  });
});

describe("GIVEN a Grafana that drops or stalls the connection during migration-check", () => {
  it.each([
    ["the user listing is dropped", "orgUsers", { kind: "drop" }],
    ["a SCIM lookup is dropped", "Users", { kind: "drop" }],
    ["a SCIM lookup stalls past --timeout", "Users", { kind: "slow", ms: 5_000 }],
  ] as const)("WHEN %s THEN a failed line with the cause, exit 1 (no exception, no stack trace)", async (_name, route, fault) => {
    gState.faults[route] = fault;
    const { code, stdout } = await run("migration-check", ["prod", "--timeout", "1"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}(List Grafana's users|Look users up through SCIM).*\n +cause: .*(dropped the connection|did not answer in time)/);
  });
});

describe("GIVEN Graph answers a job schema of the wrong shape", () => {
  it.each([
    ["a null rule", { synchronizationRules: [null] }],
    ["object mappings a string", { synchronizationRules: [{ id: "r", objectMappings: "User" }] }],
  ])("WHEN verify --user reads %s THEN the mapping and provisioning lines fail (no exception)", async (_name, schema) => {
    graphState.schema = schema;
    const { code, stdout } = await run("verify", ["entra", "--json", "--user", "9bb0f679-a883-4a6f-8260-35b491b8b8c8"]);
    expect(code).toBe(1);
    const checks = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string }> }).checks;
    expect(checks.find((c) => c.id === "entra.user.provision")).toMatchObject({ status: "fail" });
  });
});

describe("GIVEN Grafana answers with redirects to another host", () => {
  it("WHEN the SCIM API and the HTTP API redirect THEN nothing is sent there, and the lines say it redirects", async () => {
    const seen: string[] = [];
    const elsewhere = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? "(none)");
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const location = `http://127.0.0.1:${(elsewhere.address() as net.AddressInfo).port}/login?token=x`;
    for (const route of ["Users", "Groups", "saml", "tokens"] as const) gState.faults[route] = { kind: "status", status: 307, body: {}, headers: { location } };
    try {
      const { stdout } = await run("verify", ["prod", "--json"]);
      expect(seen).toEqual([]);
      const checks = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string; cause?: string }> }).checks;
      expect(checks.find((c) => c.id === "grafana.scim.users")).toMatchObject({ status: "fail", cause: expect.stringContaining("redirects") });
      expect(stdout).not.toContain("token=x");
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});

describe("GIVEN Okta never answers", () => {
  it("WHEN verify asks for the app THEN the line fails at --timeout", async () => {
    oktaState.faults.app = { kind: "slow", ms: 20_000 };
    const started = Date.now();
    const { stdout } = await run("verify", ["okta", "--json", "--timeout", "1"]);
    expect(Date.now() - started).toBeLessThan(8_000);
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; cause?: string }> }).checks.find((c) => c.id === "okta.app.active");
    expect(line).toMatchObject({ status: "fail", cause: expect.stringContaining("did not answer in time") });
  }, 60_000);
});

describe("GIVEN one very long user name among many users", () => {
  it("WHEN migration-check prints the table THEN the other rows are not padded to its width (output grows with the input, not with their product)", async () => {
    gState.users = Array.from({ length: 60 }, (_, i) => ({ id: `u-${i}`, userId: i + 1, login: `user${i}`, email: `user${i}@example.com`, userName: `other${i}` }));
    gState.users.push({ id: "u-long", userId: 99, login: "l".repeat(20_000), email: "long@example.com", userName: "other-long" });
    const { stdout } = await run("migration-check", ["prod"]);
    expect(stdout).toContain("user59 <user59@example.com>");
    expect(stdout.length).toBeLessThan(60_000);
  });
});

describe("GIVEN Graph asks to retry much later", () => {
  it("WHEN the job read answers 503 with Retry-After: 3600 THEN verify waits no longer than its deadline per retry, and the line fails", async () => {
    graphState.faults.job = { kind: "status", status: 503, body: { error: { code: "ServiceUnavailable", message: "try later" } }, headers: { "retry-after": "3600" } };
    const started = Date.now();
    const { stdout } = await run("verify", ["entra", "--json", "--timeout", "1"]);
    expect(Date.now() - started).toBeLessThan(15_000);
    const line = (JSON.parse(stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === "entra.job.state");
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("HTTP 503") });
  }, 60_000);
});

describe("GIVEN an Okta OAuth private key that is neither PEM, JWK nor a readable file", () => {
  const KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7FAKEhostileKey0015";
  it.each([
    ["the key's base64 without PEM armor", KEY],
    ["a path that does not exist", "/nonexistent/okta-key.pem"],
    ["a PEM that is no key", "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"],
  ])("WHEN OKTA_API_PRIVATE_KEY is %s THEN the Okta line fails, the key is not printed (no exception)", async (_name, key) => {
    const io = captureIo(root, { GRAFANA_AUTH, OKTA_API_CLIENT_ID: "0oa1clientid", OKTA_API_PRIVATE_KEY: key }, { overrides: { oktaOrgUrl: okta.url } });
    const code = await main(["verify", "okta", "--json"], io.io);
    expect(code).toBe(1);
    expect(io.stdout() + io.stderr()).not.toContain(KEY);
    const line = (JSON.parse(io.stdout()) as { checks: Array<{ id: string; status: string }> }).checks.find((c) => c.id === "okta.credential" || c.id === "okta.app.active");
    expect(line).toMatchObject({ status: "fail" });
  });
});

describe("GIVEN an ARM_*_FILE_PATH variable that holds the secret itself instead of a path", () => {
  // A client secret of the older form (no "Q~"), and a token of no known shape: only the variable says they are secrets.
  const SECRET = "oldFormEntraClientSecretFAKE0016abcdefXYZ+/=";
  it.each([
    ["ARM_CLIENT_SECRET_FILE_PATH", { ARM_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ARM_CLIENT_SECRET_FILE_PATH: SECRET }],
    ["ARM_OIDC_TOKEN_FILE_PATH", { ARM_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: SECRET }],
  ])("WHEN %s is the secret THEN the Entra line fails and the value is not printed", async (_name, env) => {
    const io = captureIo(root, { GRAFANA_AUTH, ...env }, { overrides: { graphUrl: graph.url } });
    const code = await main(["verify", "entra", "--json"], io.io);
    expect(code).toBe(1);
    expect(io.stdout() + io.stderr()).not.toContain(SECRET);
  });
});

describe("GIVEN a --summary-file that cannot be written", () => {
  it.each([
    ["in a folder that does not exist", (dir: string) => path.join(dir, "no", "such", "summary.md")],
    ["a folder", (dir: string) => dir],
  ])("WHEN it is %s THEN exit 2 naming the option, before any request (no exception)", async (_name, file) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
    try {
      const { code, stderr } = await run("verify", ["prod", "--summary-file", file(dir)]);
      expect(code).toBe(2);
      expect(stderr).toContain("--summary-file");
      expect(gState.requests).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

