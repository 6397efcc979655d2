/**
 * `migration-check` in-process against the Grafana stand-in: Grafana's users listed page by page
 * with the deploying identity, each looked up through the SCIMMY SCIM server by userName, as
 * Grafana's migration guide does with curl; outcomes, counts, limits, progress and failures.
 */
import "./support/read-outputs-once"; // first: before the commands load verify/outputs
import * as fs from "node:fs";
import { classifyUser } from "../../verify/migration";
import { main } from "../../cli/grafana-scim";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana, type RunningServer, type StandInUser } from "./support/grafana-server";
import { applyOutputs, captureIo, tempProject, writeEnvironment } from "./support/state";

const TOKEN = "glsa_FAKE_migration_canary_scim_token_0007";
const GRAFANA_AUTH = "glsa_FAKE_migration_canary_deployer_0008";

const state = defaultGrafanaState();
let grafana: RunningServer;
let root: string;

const PEOPLE: StandInUser[] = [
  { id: "u-alice", userId: 1, login: "alice", email: "alice@example.com" },
  { id: "u-bob", userId: 2, login: "bob" },
  { id: "u-carol", userId: 3, login: "carol", email: "carol@example.com", userName: "carol" },
  { id: "u-dave", userId: 4, login: "dave", email: "dave@example.com" },
  { id: "u-dave2", userId: 5, login: "dave.old", email: "dave.old@example.com", userName: "dave@example.com" },
  { id: "u-erin", userId: 6, login: "erin", email: "erin@example.com", userName: "erin" },
  { id: "u-frank", userId: 7, login: "frank", email: "frank@example.com", userName: "erin@example.com" },
];

beforeAll(async () => {
  grafana = await startGrafana(state);
  root = tempProject();
  writeEnvironment(root, "prod", { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } });
  applyOutputs(root, "prod", { scim_tenant_url: `${grafana.url}${NAMESPACES_PATH}/stacks-123456`, grafana_url: grafana.url, scim_service_account_id: "1:7" }, TOKEN);
}, 120_000);

afterAll(async () => {
  await grafana.close();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => Object.assign(state, { scimToken: TOKEN, grafanaAuth: GRAFANA_AUTH, users: PEOPLE.map((p) => ({ ...p })), faults: {}, requests: [] }));

async function run(args: string[], env: NodeJS.ProcessEnv = { GRAFANA_AUTH }) {
  const io = captureIo(root, env);
  const code = await main(["migration-check", ...args], io.io);
  const stdout = io.stdout();
  expect(stdout + io.stderr()).not.toContain(TOKEN);
  expect(stdout + io.stderr()).not.toContain(GRAFANA_AUTH);
  return { code, stdout, stderr: io.stderr() };
}

describe("GIVEN existing users with every outcome", () => {
  it("WHEN migration-check runs THEN each user is linked, created or in conflict with the reason, with counts, exit 1", async () => {
    const { code, stdout } = await run(["prod"]);
    expect(code).toBe(1);
    expect(stdout).toContain("migration-check prod: 7 of 7 users, matched on email");
    expect(stdout).toMatch(/PASS {2}List Grafana's users \(GRAFANA_AUTH\) +7 users in the organization/);
    expect(stdout).toMatch(/FAIL {2}Users resolve to exactly one SCIM record +1 will be linked, 3 will be created, 3 conflict/);
    expect(stdout).toMatch(/FAIL {2}bob +conflict\n +cause: no email/);
    expect(stdout).toMatch(/WARN {2}carol <carol@example.com> +will be created\n +cause: no SCIM user answers userName eq "carol@example.com"/);
    expect(stdout).toMatch(/FAIL {2}dave <dave@example.com> +conflict\n +cause: 2 SCIM users answer userName eq "dave@example.com"/);
    expect(stdout).toMatch(/FAIL {2}erin <erin@example.com> +conflict\n +cause: identifier mismatch: userName eq "erin@example.com" finds another Grafana user \(erin@example.com\)/);
    expect(stdout).not.toContain("alice <alice@example.com>"); // linked users only with --all
    // The lookups are the guide's: userName eq "<identifier>" with the SCIM token.
    const filters = state.requests.filter((r) => r.path.includes("/Users?")).map((r) => new URL(r.path, "http://x").searchParams.get("filter"));
    expect(filters).toContain('userName eq "alice@example.com"');
    expect(state.requests.filter((r) => r.path.includes("/Users?")).every((r) => r.authorized)).toBe(true);
  });

  it("WHEN run with --all --json THEN every user and the counts are in the JSON", async () => {
    const { stdout } = await run(["prod", "--all", "--json"]);
    const report = JSON.parse(stdout) as { counts: Record<string, number>; users: Array<{ login: string; outcome: string }> };
    expect(report.counts).toEqual({ linked: 1, created: 3, conflict: 3 });
    expect(Object.fromEntries(report.users.map((u) => [u.login, u.outcome]))).toEqual({
      alice: "linked",
      bob: "conflict",
      carol: "created",
      dave: "conflict",
      "dave.old": "created",
      erin: "conflict",
      frank: "created", // frank's own email finds nobody; his record's userName is erin's email (erin's conflict)
    });
  });

  it("WHEN matched on login THEN the lookups use the login", async () => {
    const { stdout } = await run(["prod", "--match", "login", "--json"]);
    const report = JSON.parse(stdout) as { users: Array<{ login: string; identifier?: string; outcome: string }> };
    expect(report.users.find((u) => u.login === "carol")).toMatchObject({ identifier: "carol", outcome: "linked" });
  });
});

describe("GIVEN a large instance", () => {
  const many = (n: number): StandInUser[] => Array.from({ length: n }, (_, i) => ({ id: `u-${i}`, userId: i + 1, login: `user${i}`, email: `user${i}@example.com` }));

  it("WHEN it has more users than a page THEN every page is read, with progress on stderr, exit 0", async () => {
    state.users = many(230);
    const { code, stdout, stderr } = await run(["prod"]);
    expect(code).toBe(0);
    expect(stdout).toContain("230 will be linked, 0 will be created, 0 conflict");
    expect(stderr).toBe("checked 100 of 230 users\nchecked 200 of 230 users\nchecked 230 of 230 users\n");
    expect(state.requests.filter((r) => r.path.startsWith("/api/org/users/search")).map((r) => new URL(r.path, "http://x").searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("WHEN --max-users bounds the run THEN it stops there and says so", async () => {
    state.users = many(230);
    const { stdout } = await run(["prod", "--max-users", "150"]);
    expect(stdout).toMatch(/WARN {2}Users checked +150 of 230 \(--max-users\)/);
    expect(state.requests.filter((r) => r.path.includes("/Users?")).length).toBe(150);
  });
});

describe("GIVEN failures", () => {
  it("WHEN the SCIM token is refused THEN the lookup line fails with the guide's 401 cause, and no user is classified", async () => {
    state.scimToken = "rotated-elsewhere";
    const { code, stdout } = await run(["prod"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}Look users up through SCIM \(the SCIM token\) +HTTP 401/);
    expect(stdout).toContain("invalid or expired authentication token");
    expect(stdout).not.toContain("will be linked");
  });

  it("WHEN the deploying identity may not list users THEN the listing line fails with HTTP 403", async () => {
    state.faults.orgUsers = { kind: "status", status: 403, body: { message: "You'll need additional permissions to perform this action. Permissions needed: org.users:read", statusCode: 403 } };
    const { code, stdout } = await run(["prod"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL {2}List Grafana's users \(GRAFANA_AUTH\) +HTTP 403: You'll need additional permissions/);
  });

  it.each([
    [["prod"], {}, "GRAFANA_AUTH is not set"],
    [["prod", "--match", "upn"], { GRAFANA_AUTH }, '--match must be email or login (got "upn")'],
    [["prod", "--max-users", "0"], { GRAFANA_AUTH }, "--max-users must be a whole number of at least 1"],
  ])("WHEN migration-check %j THEN exit 2 with the reason", async (args, env, message) => {
    const { code, stderr } = await run(args, env);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain(`grafana-scim migration-check: ${message}`);
    expect(stderr).toContain("(grafana-scim migration-check --help shows the usage)");
  });
});

describe("classifyUser (pure)", () => {
  const user = { userId: 1, uid: "u-1", login: "ann", email: "ann@example.com" };
  it.each([
    ["one record that is this user by uid", { totalResults: 1, resources: [{ id: "u-1", userName: "someone" }] }, "linked"],
    ["one record of another user", { totalResults: 1, resources: [{ id: "u-9", userName: "ann@example.com.old", emails: [{ value: "x@example.com" }] }] }, "conflict"],
    ["no record", { totalResults: 0, resources: [] }, "created"],
    ["two records", { totalResults: 2, resources: [] }, "conflict"],
  ])("%s → %s", (_name, list, outcome) => {
    expect(classifyUser(user, "email", list).outcome).toBe(outcome);
  });
});
