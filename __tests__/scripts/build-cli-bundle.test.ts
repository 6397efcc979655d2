/**
 * The grafana-scim bundle the deploy and drift workflows run `verify` with (scripts/build-cli-bundle.ts),
 * built as CI builds it, copied to a folder without node_modules and run by Node alone against the
 * stand-ins of the verify tests (__tests__/verify/support): SCIMMY for Grafana's SCIM API, Graph
 * on https with a certificate the child process trusts (NODE_EXTRA_CA_CERTS), and Okta. Entra's
 * token comes from the bundled @azure/identity's Azure CLI credential, answered by a fake `az` on
 * PATH: no network, and the real credential code in the bundle runs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS } from "../../cli/grafana-scim";
import { buildCliBundle } from "../../scripts/build-cli-bundle";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana, type GrafanaState, type RunningServer } from "../verify/support/grafana-server";
import { ENTRA_TENANT_ID, ENVIRONMENTS, healthyGraphState, healthyOktaState, JOB, SP, stackOutputs } from "../verify/support/healthy";
import { startGraph, startOkta, type GraphState, type OktaState } from "../verify/support/idp-servers";
import { applyOutputs, tempProject, writeEnvironment } from "../verify/support/state";
import { selfSignedCertificate } from "../verify/support/tls";

const TOKEN = "glsa_FAKE_bundle_canary_scim_token_0011";
const GRAFANA_AUTH = "glsa_FAKE_bundle_canary_deployer_0012";
const OKTA_API_TOKEN = "00FAKE_bundle_canary_okta_api_token_0000013";
const AZ_TOKEN = "fake-az-cli-graph-access-token-0014";

let work: string;
let bundle: string;
let bytes: number;
let root: string;
let certFile: string;
let fakeAzBin: string;
let grafana: RunningServer;
let graph: RunningServer;
let okta: RunningServer;
const gState: GrafanaState = defaultGrafanaState();
const graphState = {} as GraphState;
const oktaState = {} as OktaState;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "cli-bundle-"));
  // Built where no node_modules is above it: the bundle must carry everything.
  bundle = path.join(work, "bin", "grafana-scim.cjs");
  for (let dir = path.dirname(bundle); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules"))) throw new Error(`${path.join(dir, "node_modules")} would let the bundle resolve packages it does not carry`);
    if (path.dirname(dir) === dir) break;
  }
  bytes = buildCliBundle(bundle);
  const tls = selfSignedCertificate(work);
  certFile = tls.certFile;
  grafana = await startGrafana(gState);
  graph = await startGraph(graphState, tls);
  okta = await startOkta(oktaState);
  const tenantUrl = `${grafana.url}${NAMESPACES_PATH}/stacks-123456`;
  Object.assign(gState, {
    scimToken: TOKEN,
    grafanaAuth: GRAFANA_AUTH,
    users: [{ id: "u-1", userId: 1, login: "bill", email: "billbob@contoso.com", externalId: "9bb0f679-a883-4a6f-8260-35b491b8b8c8" }],
    groups: [{ id: "g-1", displayName: "Grafana Users" }],
    saml: { enabled: true, assertionAttributeExternalUid: "userUID", allowSignUp: false },
    tokens: [{ name: "scim-1780000000", created: "2026-05-01T00:00:00Z", expiration: "2099-10-28T00:00:00Z", hasExpired: false, lastUsedAt: "2026-05-31T23:40:00Z" }],
  });
  Object.assign(graphState, healthyGraphState(tenantUrl), { authorizations: [] });
  Object.assign(oktaState, healthyOktaState(OKTA_API_TOKEN));

  root = tempProject();
  const outputs = stackOutputs(tenantUrl, grafana.url);
  writeEnvironment(root, "prod", { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, token: { lifetimeDays: 90, expiryWarningDays: 14 } });
  applyOutputs(root, "prod", { scim_tenant_url: tenantUrl, grafana_url: grafana.url, scim_service_account_id: "1:7" }, TOKEN);
  writeEnvironment(root, "undeployed", { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } });
  for (const name of ["entra", "okta"] as const) {
    writeEnvironment(root, name, ENVIRONMENTS[name]);
    applyOutputs(root, name, outputs[name], TOKEN);
  }

  // `az account get-access-token …` as the Azure CLI answers it; the arguments are kept.
  fakeAzBin = path.join(work, "fake-az");
  fs.mkdirSync(fakeAzBin);
  fs.writeFileSync(
    path.join(fakeAzBin, "az"),
    `#!/bin/sh\necho "$@" >> "${path.join(work, "az-calls")}"\necho '{"accessToken": "${AZ_TOKEN}", "expiresOn": "2099-01-01 00:00:00.000000", "expires_on": 4070908800, "subscription": "s", "tenant": "${ENTRA_TENANT_ID}", "tokenType": "Bearer"}'\n`,
    { mode: 0o755 },
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([grafana?.close(), graph?.close(), okta?.close()]);
  for (const dir of [work, root]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A child process environment: no inherited credentials, only what the test gives. */
const childEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...extra });

/** Runs Node in the project root; asynchronously, so the stand-ins in this process can answer. */
function node(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: root, encoding: "utf8", env: childEnv(env), timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) =>
      resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

/** `node grafana-scim.cjs …` in the project root, as the workflow runs it. */
function runBundle(args: string[], env: NodeJS.ProcessEnv = {}) {
  return node([bundle, ...args], env);
}

/** What one call of the bundle's `main` returned and wrote. */
type MainResult = { code: number; out: string; err: string };
/** One call of the bundle's `main`: its arguments, the environment it runs in, and endpoint overrides. */
type MainCall = { args: string[]; env: NodeJS.ProcessEnv; overrides?: Record<string, string> };

/**
 * The bundle `require`d by a small driver in one child process, which calls its `main` for each of
 * `calls` in turn, with that call's arguments, its environment (`process.env` is set to exactly
 * it for the call, as `childEnv` builds it) and endpoint overrides: the command line takes those
 * only in-process, never from the environment. One process for all, since loading the 14 MB bundle
 * is most of a run's cost; `--help`, `verify` and its exit codes keep their own `node
 * grafana-scim.cjs` runs above. The process starts with `processEnv` too: NODE_EXTRA_CA_CERTS is
 * read only when Node starts.
 */
async function runBundleMains(calls: MainCall[], processEnv: NodeJS.ProcessEnv): Promise<MainResult[]> {
  const driver = [
    `const { main } = require(${JSON.stringify(bundle)});`,
    `const calls = ${JSON.stringify(calls.map((call) => ({ ...call, env: childEnv(call.env) })))};`,
    "(async () => {",
    "  const results = [];",
    "  for (const { args, env, overrides } of calls) {",
    "    for (const name of Object.keys(process.env)) delete process.env[name];",
    "    Object.assign(process.env, env);",
    "    let out = '', err = '';",
    "    const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), env: process.env, cwd: process.cwd(), ...(overrides ? { overrides } : {}) });",
    "    results.push({ code, out, err });",
    "  }",
    "  process.stdout.write(JSON.stringify(results));",
    "})();",
  ].join("\n");
  const result = await node(["-e", driver], processEnv);
  if (result.status !== 0) throw new Error(`the driver failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  // Nothing on the process's own stderr: a warning Node prints when the bundle loads the identity
  // providers' clients (verify loads them only for their environments, so no real run above does).
  if (result.stderr !== "") throw new Error(`the driver printed on stderr (loading the bundle or its clients):\n${result.stderr}`);
  return JSON.parse(result.stdout) as MainResult[];
}

/** The in-process calls of the cases below, in one driver run the first case that needs them starts. */
let mains: Promise<Record<"verifyHelp" | "migrationCheckHelp" | "entra" | "okta", MainResult>> | undefined;
function bundleMains() {
  mains ??= (async () => {
    fs.rmSync(path.join(work, "az-calls"), { force: true });
    graphState.authorizations = [];
    oktaState.authorizations = [];
    const entraEnv = { GRAFANA_AUTH, PATH: `${fakeAzBin}:${process.env.PATH}`, NODE_EXTRA_CA_CERTS: certFile };
    const [verifyHelp, migrationCheckHelp, entraVerify, oktaVerify] = await runBundleMains(
      [
        { args: ["verify", "--help"], env: {} },
        { args: ["migration-check", "--help"], env: {} },
        { args: ["verify", "entra", "--json"], env: entraEnv, overrides: { graphUrl: graph.url } },
        { args: ["verify", "okta", "--json"], env: { GRAFANA_AUTH, OKTA_API_TOKEN }, overrides: { oktaOrgUrl: okta.url } },
      ],
      entraEnv,
    );
    return { verifyHelp: verifyHelp!, migrationCheckHelp: migrationCheckHelp!, entra: entraVerify!, okta: oktaVerify! };
  })();
  return mains;
}

type Report = { ok: boolean; checks: Array<{ id: string; status: string; detail: string }> };
const failing = (report: Report) => report.checks.filter((c) => c.status !== "pass");

describe("the grafana-scim bundle", () => {
  it("is one self-contained file: Node's built-in modules only, besides two optional requires its dependencies guard", () => {
    const text = fs.readFileSync(bundle, "utf8");
    expect(bytes).toBe(Buffer.byteLength(text));
    const required = new Set([...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!.replace(/^node:/, "")));
    const builtins = new Set(require("node:module").builtinModules as string[]);
    // node-fetch's `encoding` (for non-UTF-8 bodies) and es6-promise's `vertx`: both inside try/catch.
    expect([...required].filter((m) => !builtins.has(m)).sort()).toEqual(["encoding", "vertx"]);
    for (const optional of ["encoding", "vertx"]) expect(text).toMatch(new RegExp(`try \\{\\s*(var \\w+ = Function\\("return this"\\)\\(\\)\\.|\\w+ = )require\\("${optional}"\\)`));
  });

  it("answers as the bin does: the command list, verify --help, migration-check --help", async () => {
    const help = await runBundle(["--help"]);
    expect(help.status).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(`  ${name} `);
    // The bundle's `main`, which `node grafana-scim.cjs` runs (the command list above), in the shared driver.
    const { verifyHelp, migrationCheckHelp } = await bundleMains();
    for (const [name, result] of [["verify", verifyHelp], ["migration-check", migrationCheckHelp]] as const) expect({ name, ...result }).toEqual({ name, code: 0, out: `${COMMANDS[name]!.usage}\n`, err: "" });
  });

  it("GIVEN a deployed environment WHEN `node grafana-scim.cjs verify <env> --summary-file` THEN the table, the Markdown summary and the exit code, and no secret", async () => {
    const summary = path.join(work, "summary.md");
    fs.writeFileSync(summary, "");
    const { status, stdout, stderr } = await runBundle(["verify", "prod", "--summary-file", summary], { GRAFANA_AUTH });
    expect(stderr).toBe("");
    expect(stdout).toContain("7 passed, 0 failed, 0 warnings, 0 skipped");
    expect(status).toBe(0);
    const markdown = fs.readFileSync(summary, "utf8");
    expect(markdown).toMatch(/^### verify prod: http:\/\/127\.0\.0\.1:\d+\/apis\/scim\.grafana\.app\/v0alpha1\/namespaces\/stacks-123456\n/);
    expect(markdown).toContain("| ✅ pass | SCIM Users with the token |");
    for (const text of [stdout, markdown]) for (const secret of [TOKEN, GRAFANA_AUTH]) expect(text).not.toContain(secret);
  });

  it("GIVEN an environment that was never deployed THEN exit 1 with what to do", async () => {
    expect(await runBundle(["verify", "undeployed"])).toEqual({
      status: 1,
      stdout: "",
      stderr: 'cannot read the deployed stack\'s outputs: the state of "undeployed" has no outputs: the stack is not deployed (or the backend points elsewhere)\nfix: deploy it first: npm run deploy -- undeployed\n',
    });
  });

  it("GIVEN an Entra environment THEN the bundled @azure/identity (Azure CLI credential) and Graph client read the job with the credential's token", async () => {
    const { code, out, err } = (await bundleMains()).entra;
    expect(err).toBe("");
    const report = JSON.parse(out) as Report;
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["entra.job.state", "entra.secret.tenant-url", "entra.mappings.user", "entra.saml.claim"]));
    expect(graphState.paths).toContain(`/v1.0/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}`);
    // The token came from `az`, for Graph's resource in the environment's tenant, and reached Graph.
    expect(fs.readFileSync(path.join(work, "az-calls"), "utf8")).toContain(`account get-access-token --output json --resource ${graph.url} --tenant ${ENTRA_TENANT_ID}`);
    expect(new Set(graphState.authorizations)).toEqual(new Set([`Bearer ${AZ_TOKEN}`]));
    expect(out).not.toContain(AZ_TOKEN);
  });

  it("GIVEN an Okta environment THEN the bundled Okta SDK reads the app with OKTA_API_TOKEN", async () => {
    const { code, out, err } = (await bundleMains()).okta;
    expect(err).toBe("");
    const report = JSON.parse(out) as Report;
    expect(failing(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["okta.app.active", "okta.app.scim-features", "okta.app.group-push"]));
    expect(oktaState.authorizations.length).toBeGreaterThan(0);
    expect(new Set(oktaState.authorizations)).toEqual(new Set([`SSWS ${OKTA_API_TOKEN}`]));
    expect(out).not.toContain(OKTA_API_TOKEN);
  });
});
