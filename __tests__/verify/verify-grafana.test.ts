/**
 * `verify` end to end on the Grafana side, in-process (`main(argv, io)`): the stack's outputs read
 * from a real local Terraform state, Grafana's SCIM API served by a real SCIM 2.0 server (SCIMMY)
 * under the namespaced path, Grafana's HTTP API by the same stand-in. Every failure Grafana's
 * troubleshooting guide documents is provoked and must show its cause and fix.
 */
import "./support/read-outputs-once"; // first: before the commands load verify/outputs
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { COMMANDS, main } from "../../cli/grafana-scim";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana, type GrafanaState, type RunningServer } from "./support/grafana-server";
import { TerraformSession, terraformBinary } from "../support/terraform";
import { applyOutputs, captureIo, outputsState, tempProject, writeEnvironment } from "./support/state";
import { startUntrustedHttps } from "./support/tls";

/** A recognizable fake SCIM token: it must never appear in any output. */
const TOKEN = "glsa_FAKE_verify_canary_scim_token_0001";
const GRAFANA_AUTH = "glsa_FAKE_verify_canary_deployer_0002";
const ENVIRONMENT = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, token: { lifetimeDays: 90, expiryWarningDays: 14 } };

let root: string;
let grafana: RunningServer;
let tls: { url: string; close: () => Promise<void> };
let state: GrafanaState;

const outputs = (base: string, namespace = "stacks-123456") => ({
  scim_tenant_url: `${base}${NAMESPACES_PATH}/${namespace}`,
  grafana_url: base,
  scim_service_account_id: "1:7",
});

beforeAll(async () => {
  state = defaultGrafanaState();
  grafana = await startGrafana(state);
  tls = await startUntrustedHttps();
  root = tempProject();
  for (const name of ["prod", "wrongns", "tls", "dns"]) writeEnvironment(root, name, ENVIRONMENT);
  writeEnvironment(root, "undeployed", ENVIRONMENT);
  applyOutputs(root, "prod", outputs(grafana.url), TOKEN);
  applyOutputs(root, "wrongns", outputs(grafana.url, "default"), TOKEN);
  applyOutputs(root, "tls", outputs(tls.url), TOKEN);
  applyOutputs(root, "dns", outputs("https://grafana.invalid"), TOKEN);
}, 120_000);

afterAll(async () => {
  await grafana.close();
  await tls.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const HEALTHY = (): Partial<GrafanaState> => ({
  scimToken: TOKEN,
  grafanaAuth: GRAFANA_AUTH,
  users: [
    { id: "u-1", userId: 1, login: "alice", email: "alice@example.com", externalId: "ext-alice" },
    { id: "u-2", userId: 2, login: "bob", email: "bob@example.com" },
  ],
  groups: [{ id: "g-1", displayName: "Grafana Users" }],
  saml: { enabled: true, assertionAttributeExternalUid: "userUID", allowSignUp: false },
  tokens: [{ id: 3, name: "scim", created: "2026-05-01T00:00:00Z", expiration: "2026-07-31T00:00:00Z", hasExpired: false, lastUsedAt: "2026-05-31T23:40:00Z" }],
  faults: {},
});

beforeEach(() => {
  Object.assign(state, HEALTHY());
  state.requests = [];
});

async function verify(args: string[], env: NodeJS.ProcessEnv = { GRAFANA_AUTH }) {
  const run = captureIo(root, env);
  const code = await main(["verify", ...args], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function verifyJson(args: string[], env?: NodeJS.ProcessEnv) {
  const run = await verify([...args, "--json"], env);
  return { ...run, report: JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ id: string; status: string; detail: string; cause?: string; fix?: string }> } };
}

const check = (report: { checks: Array<{ id: string }> }, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(", ")}`);
  return found as { id: string; status: string; detail: string; cause?: string; fix?: string };
};

describe("GIVEN a healthy deployment", () => {
  it("WHEN verify runs THEN every Grafana check passes, exit 0, and the token is used but never printed", async () => {
    const { code, stdout, stderr } = await verify(["prod"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^verify prod: http:\/\/127\.0\.0\.1:\d+\/apis\/scim\.grafana\.app\/v0alpha1\/namespaces\/stacks-123456$/m);
    for (const line of ["PASS  Tenant URL namespace", "PASS  SCIM Users with the token", "PASS  SCIM Groups with the token", "PASS  SCIM token expiry", "PASS  SCIM token in use", "PASS  SAML external UID claim", "PASS  SAML just-in-time sign-up off"]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toContain("7 passed, 0 failed, 0 warnings, 0 skipped");
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain(GRAFANA_AUTH);
    // The SCIM calls carried the SCIM token, the Grafana API calls the deploying identity's.
    expect(state.requests.filter((r) => r.path.includes("/Users?")).every((r) => r.authorized)).toBe(true);
    expect(state.requests.find((r) => r.path.includes("/Users?"))?.path).toContain("count=1");
    expect(state.requests.filter((r) => r.path.startsWith("/api/")).every((r) => r.authorized)).toBe(true);
  });

  it("WHEN verify runs with --json THEN it is JSON with every check, ok true, and no token", async () => {
    const { code, stdout, report } = await verifyJson(["prod"]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(["grafana.scim.namespace", "grafana.scim.users", "grafana.scim.groups", "grafana.token.expiry", "grafana.token.used", "grafana.saml.external-uid", "grafana.saml.allow-sign-up"]);
    expect(stdout).not.toContain(TOKEN);
    expect(stdout).not.toContain(GRAFANA_AUTH);
  });

  it("WHEN verify runs with --summary-file THEN a Markdown table is appended, without the token", async () => {
    const summary = path.join(os.tmpdir(), `verify-summary-${process.pid}.md`);
    fs.writeFileSync(summary, "# existing\n");
    try {
      const { code } = await verify(["prod", "--summary-file", summary]);
      expect(code).toBe(0);
      const text = fs.readFileSync(summary, "utf8");
      expect(text.startsWith("# existing\n### verify prod:")).toBe(true);
      expect(text).toContain("| ✅ pass | SCIM Users with the token | HTTP 200, 2 users (count=1) |");
      expect(text).not.toContain(TOKEN);
    } finally {
      fs.rmSync(summary, { force: true });
    }
  });

  it("WHEN GRAFANA_AUTH is not set THEN the checks that need it are skipped with the reason, the SCIM checks still run", async () => {
    const { code, report } = await verifyJson(["prod"], {});
    expect(code).toBe(0);
    expect(check(report, "grafana.scim.users").status).toBe("pass");
    for (const id of ["grafana.token.expiry", "grafana.token.used", "grafana.saml.external-uid", "grafana.saml.allow-sign-up"]) {
      expect(check(report, id)).toMatchObject({ status: "skip", detail: expect.stringContaining("GRAFANA_AUTH is not set") });
    }
  });

  it("WHEN GRAFANA_AUTH is not set and --require-credentials is given (the workflows) THEN those checks fail naming the variable, exit 1", async () => {
    const { code, report } = await verifyJson(["prod", "--require-credentials"], {});
    expect(code).toBe(1);
    expect(check(report, "grafana.scim.users").status).toBe("pass");
    for (const id of ["grafana.token.expiry", "grafana.token.used", "grafana.saml.external-uid", "grafana.saml.allow-sign-up"]) {
      expect(check(report, id)).toMatchObject({ status: "fail", cause: "--require-credentials: GRAFANA_AUTH is not set where verify runs", fix: expect.stringContaining("set GRAFANA_AUTH") });
    }
  });
});

describe("GIVEN each failure of Grafana's troubleshooting guide", () => {
  it('WHEN the tenant URL names the wrong namespace THEN "invalid namespace" with its cause and fix, exit 1', async () => {
    const { code, report, stdout } = await verifyJson(["wrongns"]);
    expect(code).toBe(1);
    expect(check(report, "grafana.scim.namespace")).toMatchObject({ status: "fail", detail: expect.stringContaining("namespaces/default, the environment expects namespaces/stacks-123456") });
    const users = check(report, "grafana.scim.users");
    expect(users.status).toBe("fail");
    expect(users.detail).toBe("HTTP 403: authn.invalid-namespace: invalid namespace");
    expect(users.cause).toContain('the SCIM endpoint URL is incorrectly formatted (troubleshooting: "invalid namespace")');
    expect(users.fix).toContain("/namespaces/stacks-<stack id> on Grafana Cloud");
    expect(stdout).not.toContain(TOKEN);
  });

  it("WHEN the token is invalid or expired THEN HTTP 401 with the guide's cause and fix", async () => {
    state.scimToken = "another-token-grafana-accepts";
    const { code, report } = await verifyJson(["prod"]);
    expect(code).toBe(1);
    expect(check(report, "grafana.scim.users")).toMatchObject({ status: "fail", cause: expect.stringContaining("HTTP 401 Unauthorized: invalid or expired authentication token"), fix: expect.stringContaining("generate a new token") });
  });

  it("WHEN the service account lacks permissions THEN HTTP 403 with the guide's cause and fix", async () => {
    state.faults.Users = { kind: "status", status: 403, body: { message: "You'll need additional permissions to perform this action. Permissions needed: org.users:read", messageId: "accesscontrol.forbidden", statusCode: 403 } };
    const { report } = await verifyJson(["prod"]);
    const users = check(report, "grafana.scim.users");
    expect(users).toMatchObject({ status: "fail", cause: expect.stringContaining("either an incorrect token or insufficient permissions") });
    expect(users.detail).toContain("accesscontrol.forbidden");
    expect(check(report, "grafana.scim.groups").status).toBe("pass");
  });

  it("WHEN Grafana is slow THEN the request stops at the time-out with the cause, well before the server would answer", async () => {
    state.faults.Users = { kind: "slow", ms: 5000 };
    const started = Date.now();
    const { code, report } = await verifyJson(["prod", "--timeout", "0.5"]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(code).toBe(1);
    expect(check(report, "grafana.scim.users")).toMatchObject({ status: "fail", detail: expect.stringContaining("no answer before the time-out"), fix: expect.stringContaining("raise --timeout") });
  });

  it("WHEN Grafana drops the connection THEN the check says so", async () => {
    state.faults.Groups = { kind: "drop" };
    const { report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.scim.groups")).toMatchObject({ status: "fail", cause: expect.stringMatching(/dropped the connection$/) });
    expect(check(report, "grafana.scim.users").status).toBe("pass");
  });

  it("WHEN Grafana's certificate is not trusted THEN a TLS failure, and nothing is sent in clear", async () => {
    const { code, report } = await verifyJson(["tls"]);
    expect(code).toBe(1);
    const users = check(report, "grafana.scim.users");
    expect(users.status).toBe("fail");
    expect(users.detail).toMatch(/TLS handshake failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\)/);
    expect(users.cause).toContain("TLS certificate");
  });

  it("WHEN Grafana's host does not resolve THEN a DNS failure naming the host", async () => {
    const { report } = await verifyJson(["dns"]);
    expect(check(report, "grafana.scim.users")).toMatchObject({ status: "fail", cause: "grafana.invalid does not resolve" });
  });

  it('WHEN Grafana reads another SAML claim than the identity provider sends THEN "User sync failed" with its cause and fix', async () => {
    state.saml = { enabled: true, assertionAttributeExternalUid: "", allowSignUp: true };
    const { report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.saml.external-uid")).toMatchObject({
      status: "fail",
      detail: 'Grafana reads no external UID claim; the identity provider sends the id in "userUID"',
      cause: expect.stringContaining('"User sync failed"'),
    });
    expect(check(report, "grafana.saml.allow-sign-up")).toMatchObject({ status: "fail", detail: "allow_sign_up is true" });
  });

  it.each([
    ["missing from Grafana's answer", undefined, "allow_sign_up is unknown (not in Grafana's answer); Grafana's default for SAML is true"],
    ["unreadable", "sometimes", 'allow_sign_up is unknown (unreadable: "sometimes"); Grafana\'s default for SAML is true'],
  ])("WHEN allow_sign_up is %s THEN a warning: Grafana's SAML default is on", async (_name, value, detail) => {
    state.saml = { enabled: true, assertionAttributeExternalUid: "userUID", ...(value === undefined ? {} : { allowSignUp: value }) };
    const { code, report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.saml.allow-sign-up")).toMatchObject({ status: "warn", detail, fix: expect.stringContaining("set saml.allowSignUp to false explicitly") });
    expect(code).toBe(0);
  });

  it("WHEN the SCIM token (pasted by hand: no identity provider) was never used THEN a warning to paste it; verify's own SCIM calls come after the read", async () => {
    state.tokens = [{ name: "scim", created: "2026-05-01T00:00:00Z", expiration: "2026-07-31T00:00:00Z", hasExpired: false, lastUsedAt: null }];
    const { code, report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.token.used")).toMatchObject({
      status: "warn",
      detail: 'token "scim" has never been used',
      cause: expect.stringContaining("still holds the old token, which Grafana deleted"),
      fix: expect.stringContaining("terraform output -raw scim_token"),
    });
    expect(code).toBe(0);
    // The stand-in, as Grafana, recorded verify's SCIM calls as a use: read afterwards, the token would look used.
    expect(state.tokens[0]!.lastUsedAt).toEqual(expect.any(String));
    const { report: second } = await verifyJson(["prod"]);
    expect(check(second, "grafana.token.used")).toMatchObject({ status: "pass", detail: expect.stringMatching(/^token "scim" was last used 20/) });
  });

  it("WHEN Grafana does not report lastUsedAt (older versions) THEN the line is skipped, saying where to look instead", async () => {
    state.tokens = [{ name: "scim", created: "2026-05-01T00:00:00Z", expiration: "2026-07-31T00:00:00Z", hasExpired: false }];
    const { report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.token.used")).toMatchObject({ status: "skip", detail: expect.stringContaining("Grafana does not report when tokens were last used") });
  });

  it("WHEN Grafana does not report lastUsedAt and --require-credentials is given THEN the line stays a skip: no credential is missing", async () => {
    state.tokens = [{ name: "scim", created: "2026-05-01T00:00:00Z", expiration: "2026-07-31T00:00:00Z", hasExpired: false }];
    const { code, report } = await verifyJson(["prod", "--require-credentials"]);
    expect(check(report, "grafana.token.used").status).toBe("skip");
    expect(code).toBe(0);
  });

  it("WHEN Grafana has no SAML at all THEN the SAML check fails: SCIM works only with SAML", async () => {
    state.saml = undefined;
    const { report } = await verifyJson(["prod"]);
    expect(check(report, "grafana.saml.external-uid")).toMatchObject({ status: "fail", cause: expect.stringContaining("only works with SAML") });
  });

  it.each([
    ["expired", [{ name: "scim", created: "2026-01-01T00:00:00Z", expiration: "2026-04-01T00:00:00Z", hasExpired: true }], "fail", /has expired/],
    ["due within the warning window", [{ name: "scim", created: "2026-03-01T00:00:00Z", expiration: "2026-06-10T00:00:00Z", hasExpired: false }], "warn", /expires 2026-06-10 \(in 9 days; warning from 14\)/],
    ["a rotation, newest first", [{ name: "scim-1700000000", created: "2026-01-01T00:00:00Z", expiration: "2026-06-03T00:00:00Z" }, { name: "scim-1780000000", created: "2026-05-20T00:00:00Z", expiration: "2026-09-01T00:00:00Z" }], "pass", /"scim-1780000000" expires 2026-09-01/],
    ["never expiring", [{ name: "scim", created: "2026-01-01T00:00:00Z", expiration: null }], "pass", /never expires/],
    ["deleted in Grafana", [{ name: "someone-else", created: "2026-01-01T00:00:00Z" }], "fail", /no token named "scim"/],
  ])("WHEN the SCIM token is %s THEN the expiry check says so against expiryWarningDays", async (_name, tokens, status, detail) => {
    state.tokens = tokens;
    const { report } = await verifyJson(["prod"]);
    const line = check(report, "grafana.token.expiry");
    expect(line.status).toBe(status);
    expect(line.detail).toMatch(detail);
  });
});

describe("GIVEN --user (no identity provider: the id is an externalId)", () => {
  it("WHEN exactly one active user has it THEN pass", async () => {
    const { report } = await verifyJson(["prod", "--user", "ext-alice"]);
    expect(check(report, "grafana.scim.user")).toMatchObject({ status: "pass", detail: "exactly one active user: alice@example.com (id u-1)" });
    expect(state.requests.map((r) => new URL(r.path, "http://x").searchParams.get("filter"))).toContain('externalId eq "ext-alice"');
  });

  it.each([
    ["no user has it", () => undefined, /no SCIM user with externalId "ext-alice"/],
    ["two users have it", () => state.users.push({ id: "u-3", userId: 3, login: "alice2", email: "alice2@example.com", externalId: "ext-alice" }), /2 SCIM users with externalId/],
    ["its user is inactive", () => (state.users[0]!.active = false), /provisioned but inactive/],
  ])("WHEN %s THEN fail", async (name, arrange, detail) => {
    if (name === "no user has it") state.users[0]!.externalId = "someone-else";
    arrange();
    const { code, report } = await verifyJson(["prod", "--user", "ext-alice"]);
    expect(code).toBe(1);
    expect(check(report, "grafana.scim.user")).toMatchObject({ status: "fail", detail: expect.stringMatching(detail) });
  });
});

describe("GIVEN the npm script's way in (npm run verify runs tsx cli/grafana-scim.ts verify: the bin's code)", () => {
  it("WHEN it runs as its own process THEN it prints the table and sets the exit code, without the token", async () => {
    state.scimToken = "not-the-token-in-the-state";
    const project = path.resolve(__dirname, "..", "..");
    const scripts = (JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect({ verify: scripts.verify, "migration-check": scripts["migration-check"] }).toEqual({ verify: "tsx cli/grafana-scim.ts verify", "migration-check": "tsx cli/grafana-scim.ts migration-check" });
    // The project root's tsx, by path: the command runs in the temporary project directory.
    // TMPDIR: the run's scratch folder, where tsx keeps its transform cache (else /tmp, kept across runs).
    const tsx = pathToFileURL(require.resolve("tsx", { paths: [project] })).href;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", tsx, path.join(project, "cli", "grafana-scim.ts"), "verify", "prod"], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: os.tmpdir(), GRAFANA_AUTH, NO_COLOR: "1" }, timeout: 60_000 }, (_error, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAIL  SCIM Users with the token");
    expect(result.stdout).toContain("cause: HTTP 401 Unauthorized");
    expect(result.stdout).not.toContain(TOKEN);
  });
});

describe("GIVEN bad invocations", () => {
  it.each([
    [[], "grafana-scim verify: name the environment to verify\n(grafana-scim verify --help shows the usage)\n"],
    [["prod", "staging"], "grafana-scim verify: one environment at a time (got prod, staging)\n(grafana-scim verify --help shows the usage)\n"],
    [["nope"], 'does not exist. Environments: dns, prod, tls, undeployed, wrongns\n(grafana-scim verify --help shows the usage)\n'],
    [["prod", "--timeout", "soon"], 'grafana-scim verify: --timeout must be a number of seconds between 0 and 300 (got "soon")\n'],
    [["prod", "--user", " "], "grafana-scim verify: --user needs an id\n"],
    [["prod", "--colour"], "grafana-scim verify: Unknown option '--colour'"],
  ])("WHEN verify %j THEN exit 2 with the reason", async (args, message) => {
    const { code, stderr, stdout } = await verify(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe("");
  });

  it("WHEN an option is unknown THEN the usage follows", async () => {
    const { stderr } = await verify(["prod", "--colour"]);
    expect(stderr).toContain(`\n\n${COMMANDS.verify!.usage}\n`);
  });

  it("WHEN the environment was never deployed THEN exit 1: its state has no outputs, with the fix", async () => {
    const { code, stderr } = await verify(["undeployed"]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read the deployed stack\'s outputs: the state of "undeployed" has no outputs');
    expect(stderr).toContain("fix: deploy it first: npm run deploy -- undeployed");
  });

  it("WHEN the environment was never deployed and --summary-file is given THEN the job summary says why there is no table", async () => {
    const summary = path.join(os.tmpdir(), `verify-summary-undeployed-${process.pid}.md`);
    try {
      const { code } = await verify(["undeployed", "--summary-file", summary]);
      expect(code).toBe(1);
      expect(fs.readFileSync(summary, "utf8")).toBe(
        '### verify undeployed: not run\n\nCannot read the deployed stack\'s outputs: the state of "undeployed" has no outputs: the stack is not deployed (or the backend points elsewhere)\n\n**fix:** deploy it first: npm run deploy -- undeployed\n\n',
      );
    } finally {
      fs.rmSync(summary, { force: true });
    }
  });

  /** A `terraform` that runs the real one (the tests' verified binary), except for the commands `fake` answers (exit 1 with that stderr). */
  function terraformWith(fake: Record<string, string>): string {
    const real = terraformBinary();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-terraform-"));
    const cases = Object.entries(fake).map(([command, stderr]) => `  ${command}) printf '%s\\n' ${JSON.stringify(stderr)} >&2; exit 1 ;;`).join("\n");
    fs.writeFileSync(path.join(dir, "terraform"), `#!/bin/sh\ncase "$1" in\n${cases}\nesac\nexec ${JSON.stringify(real)} "$@"\n`, { mode: 0o755 });
    return path.join(dir, "terraform");
  }

  async function verifyWith(terraform: string, environment: string) {
    const run = captureIo(root, { GRAFANA_AUTH }, { overrides: { terraform } });
    const code = await main(["verify", environment], run.io);
    return { code, stderr: run.stderr() };
  }

  it("WHEN the state is not a state THEN exit 1 with terraform output's error (init configured the backend) and the fix", async () => {
    writeEnvironment(root, "corrupt", ENVIRONMENT);
    fs.writeFileSync(path.join(root, "state", "corrupt.tfstate"), "not a state\n");
    try {
      const { code, stderr } = await verify(["corrupt"]);
      expect(code).toBe(1);
      expect(stderr).toContain("cannot read the deployed stack's outputs: terraform output failed: Error: Unsupported state file format");
      expect(stderr).toContain("fix: check the backend credentials and that the stack was deployed");
    } finally {
      fs.rmSync(path.join(root, "environments", "corrupt.json"));
      fs.rmSync(path.join(root, "state", "corrupt.tfstate"));
    }
  });

  it("WHEN the backend configured but reading the state failed THEN output's error is named, not init's complaint about the state's providers", async () => {
    const terraform = terraformWith({ output: "Error: Failed to load state: operation timed out" });
    const { code, stderr } = await verifyWith(terraform, "prod");
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read the deployed stack's outputs: terraform output failed: Error: Failed to load state: operation timed out");
    expect(stderr).not.toContain("init");
    fs.rmSync(path.dirname(terraform), { recursive: true, force: true });
  });

  it("WHEN init cannot reach the backend THEN its error is named, with the fix about backend credentials", async () => {
    const terraform = terraformWith({ init: "Error: Failed to get existing workspaces: connection refused", output: "Error: Backend initialization required, please run \"terraform init\"" });
    const { code, stderr } = await verifyWith(terraform, "prod");
    expect(code).toBe(1);
    expect(stderr).toContain("cannot read the deployed stack's outputs: terraform init of the local backend failed: Error: Failed to get existing workspaces: connection refused");
    expect(stderr).toContain("fix: give this process the same backend credentials a plan gets");
    fs.rmSync(path.dirname(terraform), { recursive: true, force: true });
  });

  it("WHEN the environment file is invalid THEN exit 1 naming the file and field, nothing is called", async () => {
    writeEnvironment(root, "broken", { grafana: { kind: "cloud", stackSlug: "acme", stackId: "123456" } });
    try {
      const { code, stderr } = await verify(["broken"]);
      expect(code).toBe(1);
      const file = path.relative(process.cwd(), path.join(root, "environments", "broken.json"));
      expect(stderr).toBe(`${file} is not a valid environment:\n  - grafana.stackId: expected number, got "123456"\n`);
    } finally {
      fs.rmSync(path.join(root, "environments", "broken.json"));
    }
  });
});

describe("the deployed state these tests read (support/state.ts)", () => {
  it("GIVEN the same outputs and token THEN outputsState is exactly what a real terraform apply with the stack's local backend writes", () => {
    const session = new TerraformSession();
    try {
      const stateFile = path.join(session.dir, "deployed.tfstate");
      const values = outputs("https://acme.grafana.net");
      const applied = session
        .write({
          terraform: { backend: { local: { path: stateFile } } },
          variable: { scim_token: { type: "string", sensitive: true } },
          output: { ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])), scim_token: { value: "${var.scim_token}", sensitive: true } },
        })
        .apply({ scim_token: TOKEN });
      expect(applied.ok).toBe(true);
      const written = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { lineage: string; terraform_version: string };
      expect({ ...written, terraform_version: "1.5.0" }).toEqual(outputsState(values, TOKEN, written.lineage));
    } finally {
      session.close();
    }
  });
});
