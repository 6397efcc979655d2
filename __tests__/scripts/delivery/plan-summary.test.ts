/**
 * The plan summarizer on real plans: the fixtures in __tests__/fixtures/plans/ were made by
 * Terraform 1.11 from provider-free configurations (generate.sh). Their resources are all
 * terraform_data, so the critical-resource mechanism is tested by naming that type critical,
 * and the default list is tested as data.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commentMarker, commentSize, fenced, GITHUB_COMMENT_LIMIT, renderComment, truncateLines } from "../../../scripts/delivery/comment";
import { DEFAULT_CRITICAL_RESOURCES, type CriticalPolicy } from "../../../scripts/delivery/critical";
import { EXIT_CRITICAL, main as cli, summaryCommand, UsageError } from "../../../scripts/delivery/cli";
import { changeKind, type PlanJson } from "../../../scripts/delivery/plan-json";
import { redact, REDACTED, sensitiveValues } from "../../../scripts/delivery/redaction";
import { countsLine, summarizePlan } from "../../../scripts/delivery/summary";

const FIXTURES = path.resolve(__dirname, "..", "..", "fixtures", "plans");
const SCENARIOS = ["create", "update", "replace", "destroy", "no-changes", "mixed"] as const;
type Scenario = (typeof SCENARIOS)[number];
const planJson = (name: Scenario): PlanJson => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as PlanJson;
const planText = (name: Scenario): string => fs.readFileSync(path.join(FIXTURES, `${name}.txt`), "utf8");
const exitCode = (name: Scenario): number => Number(fs.readFileSync(path.join(FIXTURES, `${name}.exitcode`), "utf8").trim());
const FIXTURE_CRITICAL: CriticalPolicy = { replaceOrDestroy: { terraform_data: "fixture: treated as critical" } };
const CANARIES = ["fixture-sensitive-canary-before", "fixture-sensitive-canary-after"];
const LEAKY_TOKEN = "glsa_FixtureNotARealToken0123456789_0a1b2c3d";

describe("the fixtures are what they claim to be", () => {
  it.each(SCENARIOS)("GIVEN %s THEN it is a Terraform 1.11 JSON plan with a text rendering and an exit code", (name) => {
    const plan = planJson(name) as PlanJson & { terraform_version: string; format_version: string };
    expect(plan.terraform_version).toMatch(/^1\.11\./);
    expect(plan.format_version).toMatch(/^1\./);
    expect(planText(name)).toMatch(/Terraform will perform the following actions|No changes\./);
    expect([0, 2]).toContain(exitCode(name));
  });
});

describe("changeKind", () => {
  it.each<[string[], string]>([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], "no-op"],
    [["read"], "read"],
    [["forget"], "forget"],
  ])("GIVEN actions %j THEN the kind is %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });

  it("GIVEN actions it does not know THEN it fails instead of miscounting", () => {
    expect(() => changeKind(["create", "update"])).toThrow("unknown plan actions: [create, update]");
  });
});

describe("summarizePlan on real plans", () => {
  it("GIVEN a create THEN one add and nothing critical", () => {
    const s = summarizePlan(planJson("create"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 1, change: 0, replace: 0, destroy: 0, forget: 0, import: 0 });
    expect(s.changes).toEqual([{ address: "terraform_data.app", type: "terraform_data", kind: "create", importing: false }]);
    expect(s.critical).toEqual([]);
  });

  it("GIVEN an in-place update THEN one change and nothing critical", () => {
    const s = summarizePlan(planJson("update"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 1, replace: 0, destroy: 0, forget: 0, import: 0 });
    expect(s.critical).toEqual([]);
  });

  it("GIVEN replacements (delete-then-create and create-before-destroy) of a critical type THEN both are replaces and both are flagged", () => {
    const s = summarizePlan(planJson("replace"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 0, replace: 2, destroy: 0, forget: 0, import: 0 });
    expect(s.critical.map((c) => [c.address, c.kind, c.reason, c.critical])).toEqual([
      ["terraform_data.app", "replace", "replace_because_cannot_update", "fixture: treated as critical"],
      ["terraform_data.token", "replace", "replace_because_cannot_update", "fixture: treated as critical"],
    ]);
  });

  it("GIVEN a destroy of a critical type THEN it is flagged", () => {
    const s = summarizePlan(planJson("destroy"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 0, replace: 0, destroy: 1, forget: 0, import: 0 });
    expect(s.critical).toEqual([
      { address: "terraform_data.app", type: "terraform_data", kind: "delete", importing: false, reason: "delete_because_no_resource_config", critical: "fixture: treated as critical" },
    ]);
  });

  it("GIVEN the same plans with the default critical list THEN terraform_data is never flagged", () => {
    for (const name of SCENARIOS) expect(summarizePlan(planJson(name)).critical).toEqual([]);
  });

  it("GIVEN no changes THEN nothing is listed and hasChanges is false", () => {
    const s = summarizePlan(planJson("no-changes"), FIXTURE_CRITICAL);
    expect(s).toMatchObject({ changes: [], critical: [], outputsChanged: [], hasChanges: false, errored: false });
  });

  it("GIVEN a mixed plan THEN only the replace and the destroys are critical, and the changed output is listed", () => {
    const s = summarizePlan(planJson("mixed"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 2, change: 2, replace: 1, destroy: 2, forget: 0, import: 0 });
    expect(s.changes.map((c) => `${c.kind} ${c.address}`)).toEqual([
      "create terraform_data.created",
      "delete terraform_data.destroyed",
      "delete terraform_data.items[1]",
      "create terraform_data.leaky",
      "replace terraform_data.replaced",
      "update terraform_data.token",
      "update terraform_data.updated",
    ]);
    expect(s.critical.map((c) => c.address)).toEqual(["terraform_data.destroyed", "terraform_data.items[1]", "terraform_data.replaced"]);
    expect(s.outputsChanged).toEqual(["tenant_url"]);
  });

  it.each(SCENARIOS)("GIVEN %s THEN the counts agree with Terraform's own Plan line and the exit code agrees with hasChanges", (name) => {
    const s = summarizePlan(planJson(name));
    const line = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(planText(name));
    // Terraform counts a replace as one add plus one destroy.
    const terraformCounts = line ? line.slice(1, 4).map(Number) : [0, 0, 0];
    expect([s.counts.add + s.counts.replace, s.counts.change, s.counts.destroy + s.counts.replace]).toEqual(terraformCounts);
    expect(s.hasChanges).toBe(exitCode(name) === 2);
  });

  it("GIVEN an import in the plan THEN it is listed and counted even without other changes", () => {
    const plan: PlanJson = {
      resource_changes: [
        { address: "grafana_service_account.sa", mode: "managed", type: "grafana_service_account", change: { actions: ["no-op"], importing: { id: "1:42" } } },
        { address: "data.grafana_role.r", mode: "data", type: "grafana_role", change: { actions: ["read"] } },
      ],
    };
    const s = summarizePlan(plan);
    expect(s.counts.import).toBe(1);
    expect(s.changes).toEqual([{ address: "grafana_service_account.sa", type: "grafana_service_account", kind: "no-op", importing: true }]);
    expect(s.critical).toEqual([]);
  });
});

describe("DEFAULT_CRITICAL_RESOURCES", () => {
  it("lists exactly the resources whose loss breaks provisioning, each with a reason", () => {
    expect(Object.keys(DEFAULT_CRITICAL_RESOURCES).sort()).toEqual([
      "azuread_application",
      "azuread_application_from_template",
      "azuread_service_principal",
      "azuread_synchronization_job",
      "grafana_service_account",
      "okta_app_saml",
    ]);
    for (const reason of Object.values(DEFAULT_CRITICAL_RESOURCES)) expect(reason.length).toBeGreaterThan(20);
  });

  it("GIVEN a replaced grafana_service_account and a destroyed okta_app_saml THEN the default list flags both, and not an updated one", () => {
    const plan: PlanJson = {
      resource_changes: [
        { address: "grafana_service_account.sa", type: "grafana_service_account", mode: "managed", change: { actions: ["delete", "create"] } },
        { address: "okta_app_saml.app", type: "okta_app_saml", mode: "managed", change: { actions: ["delete"] } },
        { address: "azuread_synchronization_job.job", type: "azuread_synchronization_job", mode: "managed", change: { actions: ["update"] } },
      ],
    };
    expect(summarizePlan(plan).critical.map((c) => c.address)).toEqual(["grafana_service_account.sa", "okta_app_saml.app"]);
  });
});

describe("redaction", () => {
  it("GIVEN the mixed plan THEN the sensitive values are collected from the JSON marks and the sensitive variable", () => {
    const values = sensitiveValues(planJson("mixed"));
    expect(values).toEqual(expect.arrayContaining(CANARIES));
    expect(values).not.toContain("v1");
    expect(values).not.toContain(LEAKY_TOKEN); // not marked sensitive: the pattern scrubber catches it
  });

  it("GIVEN Terraform's own text plan THEN it leaks a sensitive value and a token (why redaction is needed) AND redact removes both", () => {
    const text = planText("mixed");
    expect(text).toContain("(sensitive value)");
    expect(text).toContain(CANARIES[0]); // terraform_data.output copies the sensitive input unmarked
    expect(text).toContain(LEAKY_TOKEN);
    const clean = redact(text, sensitiveValues(planJson("mixed")));
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(clean).not.toContain(secret);
    expect(clean).toContain(`~ output = "${REDACTED}" -> (known after apply)`);
    expect(clean).toContain(`+ input  = "${REDACTED}"`);
    expect(clean).toContain("# terraform_data.leaky will be created");
  });

  it.each<[string, string]>([
    ["Grafana service account token", "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d"],
    ["Grafana Cloud token", "glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0AAAAAAAAAA"],
    ["Okta API token", "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"],
    ["Entra client secret", "Abc8Q~abcdefghijklmnopqrstuvwxyz0123456"],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop"],
    ["bearer token", "Bearer abcdefghijklmnopqrstuvwxyz"],
  ])("GIVEN a credential (%s) inside a plan line THEN it is scrubbed and the line stays", (_kind, secret) => {
    expect(redact(`      + value = "${secret}"\n`)).toBe(`      + value = "${REDACTED}"\n`);
  });

  it("GIVEN credentials in a URL or a whole PEM key THEN they are scrubbed", () => {
    expect(redact('url = "https://admin:hunter2@grafana.example.com/x"')).toBe(`url = "${REDACTED}grafana.example.com/x"`);
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    expect(redact(`key = <<EOT\n${pem}\nEOT`)).toBe(`key = <<EOT\n${REDACTED}\nEOT`);
  });

  it("GIVEN ordinary plan text THEN nothing is changed", () => {
    for (const name of ["create", "update", "replace", "destroy", "no-changes"] as const) {
      expect(redact(planText(name), sensitiveValues(planJson(name)))).toBe(planText(name));
    }
  });
});

describe("rendering", () => {
  it("GIVEN a stack THEN its marker is an HTML comment naming it", () => {
    expect(commentMarker("prod")).toBe("<!-- grafana-scim-cdktf plan: prod -->");
  });

  it("GIVEN text containing backticks THEN the fence is longer than any run in it", () => {
    expect(fenced("a ``` b")).toBe("````text\na ``` b\n````");
    expect(fenced("plain\n")).toBe("```text\nplain\n```");
  });

  it("GIVEN text over the limit THEN truncateLines keeps whole lines within it", () => {
    expect(truncateLines("aaa\nbbb\nccc", 8)).toEqual({ text: "aaa\nbbb", truncated: true });
    expect(truncateLines("aaa\nbbb", 100)).toEqual({ text: "aaa\nbbb", truncated: false });
    expect(commentSize("é")).toBe(2);
  });

  it("GIVEN counts THEN the line uses Terraform's words and mentions imports only when there are some", () => {
    expect(countsLine({ add: 1, change: 2, replace: 3, destroy: 4, forget: 0, import: 0 })).toBe("1 to add, 2 to change, 3 to replace, 4 to destroy");
    expect(countsLine({ add: 0, change: 0, replace: 0, destroy: 0, forget: 1, import: 2 })).toContain("2 to import, 1 to forget");
  });

  it("GIVEN the mixed plan with terraform_data critical THEN the comment starts with the marker, warns, lists and shows the redacted plan", () => {
    const plan = planJson("mixed");
    const comment = renderComment({
      stack: "prod",
      summary: summarizePlan(plan, FIXTURE_CRITICAL),
      planText: redact(planText("mixed"), sensitiveValues(plan)),
      logUrl: "https://github.com/acme/scim/actions/runs/1",
    });
    expect(comment.startsWith(`${commentMarker("prod")}\n`)).toBe(true);
    expect(comment).toContain("> [!CAUTION]");
    expect(comment).toContain("> - `terraform_data.replaced` (replace): fixture: treated as critical");
    expect(comment).toContain("> - `terraform_data.destroyed` (destroy): fixture: treated as critical");
    expect(comment).toContain("**Plan:** 2 to add, 2 to change, 1 to replace, 2 to destroy.");
    expect(comment).toContain("| `terraform_data.replaced` | **replace** :warning: |");
    expect(comment).toContain("| `terraform_data.updated` | update in place |");
    expect(comment).toContain("Outputs that change: `tenant_url`.");
    expect(comment).toContain("# terraform_data.created will be created");
    expect(comment).not.toContain("Truncated");
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(comment).not.toContain(secret);
  });

  it("GIVEN the same plan with the default list THEN there is no caution", () => {
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("mixed")), planText: planText("update") });
    expect(comment).not.toContain("[!CAUTION]");
  });

  it("GIVEN no changes THEN the comment says so and folds the plan", () => {
    const comment = renderComment({ stack: "dev", summary: summarizePlan(planJson("no-changes")), planText: planText("no-changes") });
    expect(comment).toContain("**No changes.**");
    expect(comment).toContain("<details><summary>Plan</summary>");
  });

  it("GIVEN a plan far over GitHub's limit THEN the comment fits, ends cleanly and links the job log", () => {
    const huge = Array.from({ length: 4000 }, (_, i) => `  # terraform_data.r${i} will be created — é ${"x".repeat(i % 50)}`).join("\n").repeat(2);
    expect(commentSize(huge)).toBeGreaterThan(4 * GITHUB_COMMENT_LIMIT);
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("mixed")), planText: huge, logUrl: "https://github.com/acme/scim/actions/runs/7" });
    expect(commentSize(comment)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(commentSize(comment)).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 1000); // uses the room it has
    expect(comment).toMatch(/\*\*Truncated\*\*: \d+ of \d+ bytes shown\. The \[job log\]\(https:\/\/github\.com\/acme\/scim\/actions\/runs\/7\) has the full plan\./);
    expect(comment.trimEnd().endsWith("</details>")).toBe(true);
    // The fence is closed: an even number of fence lines.
    expect(comment.split("\n").filter((l) => /^```/.test(l))).toHaveLength(2);
  });

  it.each([2000, 5000, 20000])("GIVEN a limit of %i THEN the comment is never larger", (maxSize) => {
    const text = planText("mixed").repeat(100);
    expect(commentSize(renderComment({ stack: "s", summary: summarizePlan(planJson("mixed")), planText: text, maxSize }))).toBeLessThanOrEqual(maxSize);
  });

  it("GIVEN a failed plan (no summary) THEN the comment says it failed and shows the output", () => {
    const comment = renderComment({ stack: "prod", planText: "Error: Invalid provider configuration", logUrl: "https://example.test/log" });
    expect(comment).toContain("The plan **failed**");
    expect(comment).toContain("Error: Invalid provider configuration");
    expect(comment).toContain("[job log](https://example.test/log)");
  });
});

describe("CLI", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const args = (name: Scenario, ...extra: string[]) => [
    "--stack", "prod",
    "--plan-json", path.join(FIXTURES, `${name}.json`),
    "--plan-text", path.join(FIXTURES, `${name}.txt`),
    "--output", path.join(dir, "comment.md"),
    ...extra,
  ];

  it("GIVEN bad arguments THEN it says which", () => {
    const quiet = { env: {}, log: () => undefined, stdout: () => undefined };
    expect(() => summaryCommand(["--stack", "x"], quiet)).toThrow("--plan-json is required");
    expect(() => summaryCommand(["--stack", "x"], quiet)).toThrow(UsageError);
    expect(() => summaryCommand(["--nope", "x"], quiet)).toThrow("Unknown option '--nope'");
    expect(() => summaryCommand(["--stack"], quiet)).toThrow("Option '--stack <value>' argument missing");
    expect(() => cli(["nope"], quiet)).toThrow('usage: delivery <summary> [options] (unknown subcommand "nope")');
  });

  it("GIVEN the mixed fixture THEN it writes the redacted comment and the step outputs", () => {
    const out = path.join(dir, "github-output");
    const lines: string[] = [];
    expect(summaryCommand(args("mixed"), { env: { GITHUB_OUTPUT: out }, log: (l) => lines.push(l), stdout: () => undefined })).toBe(0);
    const comment = fs.readFileSync(path.join(dir, "comment.md"), "utf8");
    expect(comment.startsWith(commentMarker("prod"))).toBe(true);
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(comment).not.toContain(secret);
    expect(fs.readFileSync(out, "utf8")).toBe("has_changes=true\ncritical=false\nfailed=false\n");
    expect(lines).toEqual(["prod: 2 to add, 2 to change, 1 to replace, 2 to destroy"]);
  });

  it("GIVEN --fail-on-critical and a critical replace THEN it exits with EXIT_CRITICAL after writing the comment", () => {
    const out = path.join(dir, "github-output");
    expect(summaryCommand(args("replace", "--critical-types", "terraform_data", "--fail-on-critical"), { env: { GITHUB_OUTPUT: out }, log: () => undefined, stdout: () => undefined })).toBe(EXIT_CRITICAL);
    expect(fs.readFileSync(out, "utf8")).toContain("critical=true");
    expect(fs.readFileSync(path.join(dir, "comment.md"), "utf8")).toContain("[!CAUTION]");
    expect(summaryCommand(args("update", "--critical-types", "terraform_data", "--fail-on-critical"), { env: {}, log: () => undefined, stdout: () => undefined })).toBe(0);
  });

  it("GIVEN no JSON plan (the plan failed) THEN it writes a failure comment and reports failed=true", () => {
    const text = path.join(dir, "err.txt");
    fs.writeFileSync(text, `Error: bad token glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d\n`);
    const out = path.join(dir, "github-output");
    const code = summaryCommand(["--stack", "prod", "--plan-json", path.join(dir, "missing.json"), "--plan-text", text, "--output", path.join(dir, "c.md")], { env: { GITHUB_OUTPUT: out }, log: () => undefined, stdout: () => undefined });
    expect(code).toBe(0);
    const comment = fs.readFileSync(path.join(dir, "c.md"), "utf8");
    expect(comment).toContain("The plan **failed**");
    expect(comment).toContain(`Error: bad token ${REDACTED}`);
    expect(fs.readFileSync(out, "utf8")).toContain("failed=true");
  });

  it("GIVEN the npm script as the workflows call it THEN it runs and prints the summary", () => {
    const result = spawnSync("npm", ["run", "--silent", "plan-summary", "--", ...args("destroy")], { cwd: path.resolve(__dirname, "..", "..", ".."), encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("prod: 0 to add, 0 to change, 0 to replace, 1 to destroy");
    expect(fs.readFileSync(path.join(dir, "comment.md"), "utf8")).toContain("| `terraform_data.app` | **destroy** |");
  });
});
