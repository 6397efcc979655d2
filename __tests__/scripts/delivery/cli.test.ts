/** The delivery command line as the workflows call it, on real plan fixtures. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { approvalOf } from "../../../scripts/delivery/approval";
import { criticalByAddress, EXIT_CHANGED, EXIT_CRITICAL, main as cli, readyCommand, redactCommand, summaryCommand, UsageError, verifyCommand } from "../../../scripts/delivery/cli";
import { commentMarker } from "../../../scripts/delivery/comment";
import { REDACTED } from "../../../scripts/delivery/redaction";
import { summarizePlan } from "../../../scripts/delivery/summary";
import { CANARIES, LEAKY_TOKEN, PLAN_FIXTURES, planFile, planJson, planText, scenarioEnv, standIn, type Scenario } from "../../support/plans";
import { unwrapStopped, workflowCommandsRun } from "../../support/workflow-commands";

describe("CLI", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const args = (name: Scenario, ...extra: string[]) => [
    "--stack", "prod",
    "--plan-json", planFile(name, "json"),
    "--plan-text", planFile(name, "txt"),
    "--output", path.join(dir, "comment.md"),
    ...extra,
  ];

  it("GIVEN bad arguments THEN it says which", async () => {
    const quiet = { env: {}, log: () => undefined, stdout: () => undefined };
    expect(() => summaryCommand(["--stack", "x"], quiet)).toThrow("--plan-dir, or --plan-json and --plan-text, are required");
    expect(() => summaryCommand(["--plan-dir", "x"], quiet)).toThrow("--stack is required");
    expect(() => summaryCommand(["--stack", "x"], quiet)).toThrow(UsageError);
    expect(() => summaryCommand(["--nope", "x"], quiet)).toThrow("Unknown option '--nope'");
    expect(() => summaryCommand(["--stack"], quiet)).toThrow("Option '--stack <value>' argument missing");
    return expect(cli(["nope"], quiet)).rejects.toThrow('usage: delivery <summary|redact|verify|superseded|ready> [options] (unknown subcommand "nope")');
  });

  it("GIVEN the mixed fixture THEN it writes the redacted comment and the step outputs", () => {
    const out = path.join(dir, "github-output");
    const lines: string[] = [];
    expect(summaryCommand(args("mixed"), { env: { GITHUB_OUTPUT: out }, log: (l) => lines.push(l), stdout: () => undefined })).toBe(0);
    const comment = fs.readFileSync(path.join(dir, "comment.md"), "utf8");
    expect(comment.startsWith(commentMarker("prod"))).toBe(true);
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(comment).not.toContain(secret);
    // Replacing a terraform_data that no construct marked is critical (see critical.test.ts).
    expect(fs.readFileSync(out, "utf8")).toMatch(/^has_changes=true\nchecks_failed=false\ncritical=true\nfailed=false\nfindings=true\ndigest=sha256:[0-9a-f]{64}\n$/);
    expect(lines).toEqual(["prod: 2 to add, 2 to change, 1 to replace, 2 to destroy; CRITICAL: terraform_data.replaced"]);
  });

  it("GIVEN --fail-on-critical and a critical change THEN it exits with EXIT_CRITICAL after writing the comment; without one, 0", () => {
    const out = path.join(dir, "github-output");
    const critical = path.join(dir, "critical.json");
    fs.writeFileSync(critical, JSON.stringify(standIn(planJson("critical"), { okta_group: "okta_group" })));
    const run = (json: string, ...extra: string[]) =>
      summaryCommand(["--stack", "prod", "--plan-json", json, "--plan-text", planFile("critical", "txt"), "--output", path.join(dir, "comment.md"), ...extra], {
        env: { GITHUB_OUTPUT: out },
        log: () => undefined,
        stdout: () => undefined,
      });
    expect(run(critical, "--fail-on-critical")).toBe(EXIT_CRITICAL);
    expect(fs.readFileSync(out, "utf8")).toContain("critical=true");
    expect(fs.readFileSync(path.join(dir, "comment.md"), "utf8")).toContain("> - `okta_group.okta_group` (replace): a group this package created in Okta");
    expect(run(critical)).toBe(0); // flagged, but not refused
    expect(run(planFile("update", "json"), "--fail-on-critical")).toBe(0); // updates only
  });

  it("GIVEN --config (the stack's cdk.tf.json) THEN the purposes marked there decide; without it every replace of a generic type is critical", () => {
    const lines: string[] = [];
    const run = (...extra: string[]) =>
      summaryCommand(["--stack", "prod", "--plan-json", planFile("purposes", "json"), "--plan-text", planFile("purposes", "txt"), "--output", path.join(dir, "c.md"), ...extra], {
        env: {},
        log: (l) => lines.push(l),
        stdout: () => undefined,
      });
    const critical = () => (/CRITICAL: (.*)$/.exec(lines.pop()!)?.[1] ?? "").split(", ");
    expect(run()).toBe(0);
    const without = critical();
    expect(without).toEqual(expect.arrayContaining(["terraform_data.intent_identity", "terraform_data.parse"]));
    expect(run("--config", path.join(PLAN_FIXTURES, "sources", "purposes.after.tf.json"))).toBe(0);
    // Unretyped, only the mapping records' marker fits their type (terraform_data): the rest stay critical.
    const withConfig = critical();
    expect(without.filter((a) => !withConfig.includes(a))).toEqual(["terraform_data.intent_extra", "terraform_data.intent_identity", "terraform_data.intent_mode", "terraform_data.intent_priority"]);
    expect(() => run("--config", path.join(dir, "missing.json"))).toThrow(`--config ${path.join(dir, "missing.json")} not found: give the stack's synthesized cdk.tf.json`);
  });

  it("GIVEN allow-critical with this plan's digest THEN the critical plan passes; with another plan's digest it is refused, naming both", () => {
    const critical = path.join(dir, "critical.json");
    const plan = standIn(planJson("critical"), { okta_group: "okta_group" });
    fs.writeFileSync(critical, JSON.stringify(plan));
    // The digest holds the gate's verdicts (see digestEntries).
    const gated = (p: typeof plan) => approvalOf("prod", p, criticalByAddress(summarizePlan(p)));
    const digest = gated(plan).digest;
    const stale = gated(standIn(planJson("critical"), { okta_group: "okta_group", signing_certificate: "azuread_service_principal_token_signing_certificate" })).digest;
    const lines: string[] = [];
    const run = (...extra: string[]) =>
      summaryCommand(["--stack", "prod", "--plan-json", critical, "--plan-text", planFile("critical", "txt"), "--output", path.join(dir, "c.md"), "--fail-on-critical", ...extra], {
        env: {},
        log: (l) => lines.push(l),
        stdout: () => undefined,
      });
    expect(run()).toBe(EXIT_CRITICAL);
    expect(lines.pop()).toBe(`prod: this plan has critical changes. Review it, then run the deploy by hand with allow-critical-digest ${digest}.`);
    expect(run("--allow-critical-digest", digest)).toBe(0);
    expect(lines.pop()).toBe(`prod: the critical changes above were approved by digest ${digest}`);
    expect(run("--allow-critical-digest", stale)).toBe(EXIT_CRITICAL);
    expect(lines.pop()).toBe(`prod: allow-critical approved ${stale}, but this plan is ${digest}: the plan changed. Review this plan and approve its digest instead.`);
    expect(() => run("--allow-critical-digest", "yes")).toThrow('--allow-critical-digest must be a plan digest (sha256: and 64 hex digits), got "yes"');
    expect(fs.readFileSync(path.join(dir, "c.md"), "utf8")).toContain(`Plan digest: \`${digest}\``);
  });

  it("GIVEN --approval-output THEN verify accepts the same plan and refuses another with 'plan changed since approval'", () => {
    const approval = path.join(dir, "approval.json");
    summaryCommand(["--stack", "prod", "--plan-json", planFile("update", "json"), "--plan-text", planFile("update", "txt"), "--output", path.join(dir, "c.md"), "--approval-output", approval], {
      env: {},
      log: () => undefined,
      stdout: () => undefined,
    });
    expect(JSON.parse(fs.readFileSync(approval, "utf8"))).toEqual(approvalOf("prod", planJson("update")));
    const lines: string[] = [];
    const context = { env: {}, log: (l: string) => lines.push(l), stdout: () => undefined };
    expect(verifyCommand(["--approval", approval, "--plan-json", planFile("update", "json"), "--stack", "prod"], context)).toBe(0);
    expect(lines.pop()).toMatch(/^prod: this plan is the approved one \(sha256:[0-9a-f]{64}\)$/);
    expect(verifyCommand(["--approval", approval, "--plan-json", planFile("replace", "json"), "--stack", "prod"], context)).toBe(EXIT_CHANGED);
    expect(lines.pop()).toMatch(/^prod: plan changed since approval: approved sha256:\w+, this plan is sha256:\w+\. Differences: terraform_data\.app \(changes differently\), terraform_data\.token \(new in this plan\)\./);
    expect(() => verifyCommand(["--approval", path.join(dir, "none.json"), "--plan-json", planFile("update", "json"), "--stack", "prod"], context)).toThrow("none.json not found: no plan was approved for this apply");
  });

  it("GIVEN an approved plan whose gate verdict hangs on a value the digest left out THEN the apply's plan with another verdict is not the approved one", () => {
    // The group claims PATCH removed from the configuration: its destroy calls nothing. Harmless while
    // it had set "None"; critical while it had set "SecurityGroup" (Entra keeps sending groups). The
    // gate reads that from `before`, which a destroy's digest entry leaves out, and the state can
    // move between the plan job and the apply job (another run's apply, planned without the lock).
    // Shape per https://developer.hashicorp.com/terraform/internals/json-format (resource_changes).
    const destroyOf = (claims: string) => ({
      format_version: "1.2",
      resource_changes: [
        {
          address: "msgraph_resource_action.group_claims",
          mode: "managed",
          type: "msgraph_resource_action",
          name: "group_claims",
          action_reason: "delete_because_no_resource_config",
          change: { actions: ["delete"], before: { resource_url: "applications/a", method: "PATCH", body: { groupMembershipClaims: claims } }, after: null, before_sensitive: {}, after_sensitive: false },
        },
      ],
    });
    const write = (name: string, plan: unknown) => {
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(plan));
      return path.join(dir, `${name}.json`);
    };
    const [harmless, critical] = [write("none", destroyOf("None")), write("groups", destroyOf("SecurityGroup"))];
    fs.writeFileSync(path.join(dir, "plan.txt"), "");
    const quiet = { env: {}, log: () => undefined, stdout: () => undefined };
    const approval = path.join(dir, "approval.json");
    const gate = (plan: string) => summaryCommand(["--stack", "prod", "--plan-json", plan, "--plan-text", path.join(dir, "plan.txt"), "--output", path.join(dir, "c.md"), "--fail-on-critical", "--approval-output", approval], quiet);
    expect(gate(critical)).toBe(EXIT_CRITICAL);
    expect(gate(harmless)).toBe(0); // the approval the reviewers see: nothing critical
    expect(verifyCommand(["--approval", approval, "--plan-json", harmless, "--stack", "prod"], quiet)).toBe(0);
    expect(verifyCommand(["--approval", approval, "--plan-json", critical, "--stack", "prod"], quiet)).toBe(EXIT_CHANGED);
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

  it("GIVEN the npm script (`npm run plan-summary`, to run it by hand; the workflows run the same code bundled, scripts/ci/delivery.cjs) THEN it runs and prints the summary", () => {
    const result = spawnSync("npm", ["run", "--silent", "plan-summary", "--", ...args("destroy")], { cwd: path.resolve(__dirname, "..", "..", ".."), encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("prod: 0 to add, 0 to change, 0 to replace, 1 to destroy");
    expect(fs.readFileSync(path.join(dir, "comment.md"), "utf8")).toContain("| `terraform_data.app` | **destroy** |");
  });
});

describe("CLI: checks", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-cli-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN a plan without changes but with a failing check THEN the comment warns with the redacted message and the step outputs report a finding", () => {
    const out = path.join(dir, "github-output");
    const lines: string[] = [];
    const code = summaryCommand(
      ["--stack", "prod", "--plan-json", planFile("checks", "json"), "--plan-text", planFile("checks", "txt"), "--output", path.join(dir, "c.md")],
      { env: { GITHUB_OUTPUT: out }, log: (l) => lines.push(l), stdout: () => undefined },
    );
    expect(code).toBe(0);
    const comment = fs.readFileSync(path.join(dir, "c.md"), "utf8");
    expect(comment).toContain("> **A check fails.** Terraform only warns about these and would apply anyway:");
    expect(comment).toContain(`> - \`check.token_expiry\`: The SCIM token expired on 2026-01-02T00:00:00Z: replace it (old value ${REDACTED}).\n`);
    expect(comment).not.toContain(LEAKY_TOKEN);
    expect(comment).toContain("**No changes.** The infrastructure matches the configuration, but the checks above fail.");
    expect(fs.readFileSync(out, "utf8")).toMatch(/^has_changes=false\nchecks_failed=true\ncritical=false\nfailed=false\nfindings=true\ndigest=sha256:[0-9a-f]{64}\n$/);
    expect(lines).toEqual(["prod: no changes; 1 failing check: check.token_expiry"]);
  });

  it("GIVEN a clean plan THEN there is no finding", () => {
    const out = path.join(dir, "github-output");
    summaryCommand(["--stack", "prod", "--plan-json", planFile("no-changes", "json"), "--plan-text", planFile("no-changes", "txt"), "--output", path.join(dir, "c.md")], {
      env: { GITHUB_OUTPUT: out },
      log: () => undefined,
      stdout: () => undefined,
    });
    expect(fs.readFileSync(out, "utf8")).toContain("findings=false\n");
  });
});

describe("CLI: redact", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-redact-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(PLAN_FIXTURES, "sources", "failed-validation.after.tf.json");
  const env = scenarioEnv("failed-validation");

  it("GIVEN a failed plan's output on stdin, the configuration and the step's TF_VAR_* THEN it streams the output without the sensitive values", async () => {
    const out: string[] = [];
    const code = await redactCommand(["--config", config], { env, log: () => undefined, stdout: (t) => out.push(t) }, Readable.from([planText("failed-validation")]));
    expect(code).toBe(0);
    const text = out.join("");
    expect(text).not.toContain(env.TF_VAR_saml_private_key);
    expect(text).toContain(`var.saml_private_key is "${REDACTED}"`);
    expect(text.split("\n").length).toBe(planText("failed-validation").split("\n").length + (planText("failed-validation").endsWith("\n") ? 0 : 1));
  });

  it("GIVEN --in and --out and a JSON plan THEN it writes the scrubbed file", async () => {
    const target = path.join(dir, "plan.txt");
    await redactCommand(["--plan-json", planFile("mixed", "json"), "--in", planFile("mixed", "txt"), "--out", target], { env: {}, log: () => undefined, stdout: () => undefined });
    const text = fs.readFileSync(target, "utf8");
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(text).not.toContain(secret);
    expect(text).toContain("# terraform_data.leaky will be created");
  });

  it("GIVEN no configuration and no plan THEN the credential variables of the step are still scrubbed", async () => {
    const out: string[] = [];
    await redactCommand([], { env: { GRAFANA_AUTH: "grafana-auth-canary" }, log: () => undefined, stdout: (t) => out.push(t) }, Readable.from(["Error: 401 for token grafana-auth-canary\n"]));
    expect(out.join("")).toBe(`Error: 401 for token ${REDACTED}\n`);
  });

  it("GIVEN --log THEN the redacted text is wrapped in lines that stop workflow commands, with a fresh token, the resume line on a line of its own", async () => {
    const file = path.join(dir, "verify.txt");
    fs.writeFileSync(file, "  ::error::forged\n##[add-mask]x\nlast line without newline ::");
    const run = async () => {
      const out: string[] = [];
      await redactCommand(["--log", "--in", file], { env: { GRAFANA_AUTH: "grafana-auth-canary" }, log: () => undefined, stdout: (t) => out.push(t) });
      return out.join("");
    };
    const [first, second] = [await run(), await run()];
    expect(unwrapStopped(first)).toBe("  ::error::forged\n##[add-mask]x\nlast line without newline ::\n");
    expect(workflowCommandsRun(`${first}::error::after`)).toEqual(["::error::after"]);
    expect(first.split("\n")[0]).not.toBe(second.split("\n")[0]);
    // Streamed (stdin), as the apply's output is.
    const out: string[] = [];
    await redactCommand(["--log"], { env: {}, log: () => undefined, stdout: (t) => out.push(t) }, Readable.from(["::warning::a\n"]));
    expect(unwrapStopped(out.join(""))).toBe("::warning::a\n");
  });

  it("GIVEN --follow and --until THEN it reads the file while another process writes it, to the marker, with characters split between writes", async () => {
    const file = path.join(dir, "apply.log");
    const marker = path.join(dir, "apply.done");
    fs.writeFileSync(file, "");
    const out: string[] = [];
    const reading = redactCommand(["--follow", file, "--until", marker], { env: { GRAFANA_AUTH: "grafana-auth-canary" }, log: () => undefined, stdout: (t) => out.push(t) });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 250));
    const euro = Buffer.from("€");
    for (const chunk of [Buffer.from("first line\nsecond "), Buffer.from("half, token grafana-auth-canary\nprice 5"), euro.subarray(0, 1), euro.subarray(1), Buffer.from("\nno newline at the end")]) {
      fs.appendFileSync(file, chunk);
      await pause();
    }
    expect(out.join("")).toBe(`first line\nsecond half, token ${REDACTED}\nprice 5€\n`);
    fs.writeFileSync(marker, "");
    expect(await reading).toBe(0);
    expect(out.join("")).toBe(`first line\nsecond half, token ${REDACTED}\nprice 5€\nno newline at the end\n`);
    await expect(redactCommand(["--follow", file], { env: {}, log: () => undefined, stdout: () => undefined })).rejects.toThrow("--follow and --until go together");
  });
});

describe("CLI: --plan-dir, as terraform-plan.sh leaves it", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-plan-dir-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  const context = () => ({ env: { GITHUB_OUTPUT: path.join(dir, "github-output") }, log: (l: string) => lines.push(l), stdout: () => undefined });

  it("GIVEN a saved plan THEN it reads plan.json and plan.txt from the folder", () => {
    fs.copyFileSync(planFile("mixed", "json"), path.join(dir, "plan.json"));
    fs.copyFileSync(planFile("mixed", "txt"), path.join(dir, "plan.txt"));
    fs.writeFileSync(path.join(dir, "kind"), "saved\n");
    expect(summaryCommand(["--stack", "prod", "--plan-dir", dir, "--output", path.join(dir, "c.md")], context())).toBe(0);
    expect(lines.pop()).toBe("prod: 2 to add, 2 to change, 1 to replace, 2 to destroy; CRITICAL: terraform_data.replaced");
  });

  it("GIVEN a speculative plan (text and exit code only) THEN the comment says what it cannot check, and a failing check in the text is a finding", () => {
    fs.writeFileSync(path.join(dir, "plan.txt"), "No changes. Your infrastructure matches the configuration.\n\nWarning: Check block assertion failed\n\nThe SCIM token expires soon.\n");
    fs.writeFileSync(path.join(dir, "kind"), "speculative\n");
    fs.writeFileSync(path.join(dir, "exitcode"), "0\n");
    expect(summaryCommand(["--stack", "prod", "--plan-dir", dir, "--output", path.join(dir, "c.md")], context())).toBe(0);
    const comment = fs.readFileSync(path.join(dir, "c.md"), "utf8");
    expect(comment).toContain("A **speculative plan** (HCP Terraform): there is no machine-readable plan, so this summary has no resource table, no critical-change check and no digest.");
    expect(comment).toContain("**No changes.** But a check fails: see the warnings below.");
    expect(comment).not.toContain("The plan **failed**");
    expect(fs.readFileSync(path.join(dir, "github-output"), "utf8")).toBe("has_changes=false\nchecks_failed=true\ncritical=false\nfailed=false\nfindings=true\ndigest=\n");
    expect(lines.pop()).toBe("prod: speculative plan, no changes; a check fails");
  });

  it("GIVEN a failed plan THEN failed=true", () => {
    fs.writeFileSync(path.join(dir, "plan.txt"), "Error: boom\n");
    fs.writeFileSync(path.join(dir, "kind"), "failed\n");
    summaryCommand(["--stack", "prod", "--plan-dir", dir, "--output", path.join(dir, "c.md")], context());
    expect(fs.readFileSync(path.join(dir, "github-output"), "utf8")).toContain("failed=true\nfindings=true\n");
  });
});

describe("CLI: the deploy's apply matrix (status, ready)", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-ready-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const quiet = { env: {}, log: () => undefined, stdout: () => undefined };
  const plan = (stack: string, fixture: string, ...extra: string[]) =>
    summaryCommand(
      ["--stack", stack, "--plan-json", fixture, "--plan-text", planFile("create", "txt"), "--output", path.join(dir, `${stack}.md`), "--approval-output", path.join(dir, "approved", stack, "approval.json"), "--status-output", path.join(dir, "approved", stack, "status"), ...extra],
      quiet,
    );

  it("GIVEN plans that are ready, empty, refused as critical and failed THEN only the ready stack gets an apply job", () => {
    const critical = path.join(dir, "critical.json");
    fs.writeFileSync(critical, JSON.stringify(standIn(planJson("critical"), { okta_group: "okta_group" })));
    expect(plan("prod", planFile("update", "json"), "--fail-on-critical")).toBe(0);
    expect(plan("dev", planFile("no-changes", "json"), "--fail-on-critical")).toBe(0);
    expect(plan("okta", critical, "--fail-on-critical")).toBe(EXIT_CRITICAL);
    expect(plan("broken", path.join(dir, "none.json"), "--fail-on-critical")).toBe(0);
    const status = (stack: string) => fs.readFileSync(path.join(dir, "approved", stack, "status"), "utf8").trim();
    expect(["prod", "dev", "okta", "broken"].map(status)).toEqual(["ready", "no-changes", "refused-critical", "failed"]);
    const out = path.join(dir, "github-output");
    const lines: string[] = [];
    const printed: string[] = [];
    readyCommand(["--dir", path.join(dir, "approved"), "--stacks", '["broken","dev","okta","prod","gone"]'], { env: { GITHUB_OUTPUT: out }, log: (l) => lines.push(l), stdout: (t) => printed.push(t) });
    expect(printed.join("")).toBe('["prod"]\n');
    expect(fs.readFileSync(out, "utf8")).toBe('stacks=["prod"]\n');
    expect(lines).toEqual(["broken: not applied: failed", "dev: not applied: no-changes", "okta: not applied: refused-critical", "gone: not applied: missing (the plan job did not finish)"]);
    expect(() => readyCommand(["--dir", dir, "--stacks", '["../x"]'], quiet)).toThrow("--stacks must be a JSON array of stack names");
  });
});
