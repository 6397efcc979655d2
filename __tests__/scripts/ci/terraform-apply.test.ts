/**
 * The deploy flow through the scripts the workflows call, with the real Terraform CLI on a
 * provider-free stack: the plan job (terraform-plan.sh, then `delivery summary
 * --approval-output`) and the apply job (terraform-apply.sh). The apply applies the approved plan,
 * refuses a plan that changed after approval, and never prints a secret.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CiWorkspace, ROOT } from "../../support/ci";
import { terraformBinary } from "../../support/terraform";

const SECRET = "apply-step-sensitive-canary";

/** A stack with a sensitive variable whose value terraform_data.output copies unmarked, and an output that shows that copy. */
function stackJson(input: string): Record<string, unknown> {
  return {
    terraform: { backend: { local: { path: "state.tfstate" } } },
    variable: { secret: { type: "string", sensitive: true } },
    resource: { terraform_data: { app: { input }, secret: { input: "${var.secret}" } } },
    output: { app: { value: "${terraform_data.app.output}" }, leaked: { value: "${terraform_data.secret.output}" } },
  };
}

describe("plan job, approval, apply job", () => {
  let ws: CiWorkspace;
  const env = { TF_VAR_secret: SECRET };
  /** The plan job: plan with the read identity (no lock), summarize, write the approval. */
  const planJob = (extra: NodeJS.ProcessEnv = {}) => {
    const plan = ws.run("terraform-plan.sh", ["demo", "plan"], { ...env, TF_PLAN_LOCK: "false", ...extra });
    expect(plan.status).toBe(0);
    // As deploy.yml's plan job calls it (approved/<stack>/ is what the apply job downloads).
    const summary = ws.spawnNode(["scripts/ci/delivery.cjs", "summary", "--stack", "demo", "--plan-dir", "plan", "--output", "plan/comment.md", "--fail-on-critical", "--approval-output", "approved/demo/approval.json", "--status-output", "approved/demo/status"]);
    expect(summary.status).toBe(0);
    return JSON.parse(ws.read("approved/demo/approval.json")) as { digest: string };
  };
  const applyJob = (extra: NodeJS.ProcessEnv = {}) => ws.run("terraform-apply.sh", ["demo", "apply", "approved/demo/approval.json"], { ...env, ...extra });
  /** deploy.yml's ready job: the stacks that get an apply job. */
  const ready = () => JSON.parse(ws.spawnNode(["scripts/ci/delivery.cjs", "ready", "--dir", "approved", "--stacks", '["demo"]']).stdout) as string[];
  const state = () => JSON.parse(ws.read("cdktf.out/stacks/demo/state.tfstate")) as { resources: Array<{ name: string; instances: Array<{ attributes: { input: { value: unknown } } }> }> };
  const appInput = () => state().resources.find((r) => r.name === "app")?.instances[0]?.attributes.input.value;

  const newWorkspace = () => {
    const workspace = new CiWorkspace();
    fs.mkdirSync(path.join(workspace.root, "scripts", "ci"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "scripts", "ci", "delivery.cjs"), path.join(workspace.root, "scripts", "ci", "delivery.cjs"));
    return workspace;
  };

  /**
   * The first deploy of v1, run once: the plan job, then the apply job, in a workspace of its own.
   * The first case asserts on it; the cases that start from "v1 planned" or "v1 deployed" work in
   * copies of that workspace taken after each job (the stack directory with .terraform, the state,
   * plan/, approved/, apply/), instead of running the same two jobs again for each of them.
   */
  let v1: { planned: string; deployed: CiWorkspace; approval: { digest: string }; comment: string; ready: string[]; apply: ReturnType<typeof applyJob> };
  const startFrom = (stage: "planned" | "deployed") => fs.cpSync(stage === "planned" ? v1.planned : v1.deployed.root, ws.root, { recursive: true });

  beforeAll(() => {
    terraformBinary();
    ws = newWorkspace();
    ws.writeStack("demo", stackJson("v1"));
    const approval = planJob();
    const planned = fs.mkdtempSync(path.join(os.tmpdir(), "ci-step-planned-"));
    fs.cpSync(ws.root, planned, { recursive: true });
    const comment = ws.read("plan/comment.md");
    const readyStacks = ready();
    v1 = { planned, deployed: ws, approval, comment, ready: readyStacks, apply: applyJob() };
  });
  afterAll(() => {
    v1.deployed.remove();
    fs.rmSync(v1.planned, { recursive: true, force: true });
  });
  beforeEach(() => {
    ws = newWorkspace();
  });
  afterEach(() => ws.remove());

  it("GIVEN an approved plan THEN the apply job applies exactly it, and its output (which Terraform prints with the secret) is redacted", () => {
    startFrom("deployed");
    const { approval, apply: result } = v1;
    expect(v1.comment).toContain(`Plan digest: \`${approval.digest}\``);
    expect(v1.ready).toEqual(["demo"]);
    expect(result.stderr).toContain(`demo: this plan is the approved one (${approval.digest})`);
    expect(result.status).toBe(0);
    expect(ws.read("apply/result").trim()).toBe("applied");
    expect(result.stdout).toContain("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
    expect(result.stdout).toContain('leaked = "(redacted)"');
    // Terraform's output (outputs, errors: values from the tenants) reaches the log with workflow commands stopped.
    const applyLog = /^::stop-commands::(grafana-scim-[0-9a-f]{32})\n[\s\S]*Apply complete![\s\S]*^::\1::$/m;
    expect(result.stdout).toMatch(applyLog);
    expect(result.stdout + result.stderr + ws.read("apply/plan.txt")).not.toContain(SECRET);
    expect(ws.read("apply/plan.txt")).toContain("# terraform_data.app will be created");
    expect(appInput()).toBe("v1");
    // Terraform itself would have printed the secret: the redaction is what keeps it out of the log.
    const raw = ws.terraform("demo", ["output", "-no-color"], env);
    expect(raw.stdout).toContain(`leaked = "${SECRET}"`);
  });

  it("GIVEN the state moved after approval THEN the apply job refuses with 'plan changed since approval' and applies nothing", () => {
    startFrom("deployed"); // v1, planned, approved and applied by the jobs
    ws.writeStack("demo", stackJson("v2"));
    const approval = planJob(); // reviewers approve: app v1 -> v2
    // Meanwhile someone applies v3 from a workstation, then the reviewed configuration is applied.
    ws.writeStack("demo", stackJson("v3"));
    expect(ws.terraform("demo", ["apply", "-auto-approve", "-input=false", "-no-color"], env).status).toBe(0);
    ws.writeStack("demo", stackJson("v2"));
    const result = applyJob();
    expect(result.status).toBe(4);
    expect(ws.read("apply/result").trim()).toBe("changed-since-approval");
    expect(result.stderr).toContain(`demo: plan changed since approval: approved ${approval.digest}, this plan is sha256:`);
    expect(result.stderr).toContain("Differences: output.app (changes differently), terraform_data.app (changes differently).");
    expect(result.stdout).not.toContain("Apply complete");
    expect(appInput()).toBe("v3"); // untouched
  });

  it("GIVEN another stack's approval or no approval file THEN nothing is applied", () => {
    startFrom("planned"); // v1, planned and approved, not applied
    const approval = JSON.parse(ws.read("approved/demo/approval.json")) as Record<string, unknown>;
    fs.writeFileSync(path.join(ws.root, "approved", "demo", "approval.json"), JSON.stringify({ ...approval, stack: "prod" }));
    const wrongStack = applyJob();
    expect(wrongStack.status).toBe(4);
    expect(wrongStack.stderr).toContain("the approval is for stack prod, not demo");
    const missing = ws.run("terraform-apply.sh", ["demo", "apply", "approved/none.json"], env);
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain("approved/none.json not found: no plan was approved for this apply");
    expect(ws.exists("cdktf.out/stacks/demo/state.tfstate")).toBe(false);
  });

  it("GIVEN an approved plan without changes THEN there is nothing to apply", () => {
    startFrom("deployed"); // v1, planned, approved and applied by the jobs
    planJob();
    expect(ready()).toEqual([]); // the deploy asks nobody to approve nothing
    const result = applyJob(); // and if it ran anyway, it would apply nothing
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("demo: the approved plan has no changes; nothing to apply");
    expect(ws.read("apply/result").trim()).toBe("no-changes");
  });

  it("GIVEN the redactor dies mid-apply THEN Terraform finishes the apply, saves the state and releases the lock; the job fails, and no raw output is left", async () => {
    // The scripts find delivery.cjs next to themselves: run copies next to a redactor that is
    // killed after its second line, as an out-of-memory kill or a crash would.
    for (const script of ["terraform-apply.sh", "stack.sh"]) fs.copyFileSync(path.join(ROOT, "scripts", "ci", script), path.join(ws.root, "scripts", "ci", script));
    fs.renameSync(path.join(ws.root, "scripts", "ci", "delivery.cjs"), path.join(ws.root, "scripts", "ci", "delivery-real.cjs"));
    fs.writeFileSync(
      path.join(ws.root, "scripts", "ci", "delivery.cjs"),
      [
        'const real = require("./delivery-real.cjs");',
        "const argv = process.argv.slice(2);",
        'const streaming = argv[0] === "redact" && !argv.includes("--in");',
        "let lines = 0;",
        "const stdout = (t) => { process.stdout.write(t); if (streaming && ++lines >= 2) process.kill(process.pid, \"SIGKILL\"); };",
        "real.main(argv, { env: process.env, log: (l) => console.error(l), stdout }).then((c) => (process.exitCode = c), (e) => { console.error(e.message); process.exitCode = 1; });",
      ].join("\n"),
    );
    // Terraform keeps writing after the kill: the provisioner's output comes two seconds later.
    const slow = (input: string) => ({
      ...stackJson(input),
      resource: {
        terraform_data: {
          ...(stackJson(input).resource as { terraform_data: Record<string, unknown> }).terraform_data,
          slow: { input, provisioner: [{ "local-exec": { command: "sleep 2; echo provisioned; echo done" } }] },
          after: { input, depends_on: ["terraform_data.slow"] },
        },
      },
    });
    ws.writeStack("demo", slow("v1"));
    planJob();
    const result = spawnSync("bash", [path.join(ws.root, "scripts", "ci", "terraform-apply.sh"), "demo", "apply", "approved/demo/approval.json"], { cwd: ws.root, encoding: "utf8", env: { ...ws.env, ...env } });
    expect(result.stdout.split("\n").filter(Boolean)).toHaveLength(2);
    expect(result.stderr).toContain("error: the apply succeeded, but its output could not be redacted");
    expect(result.status).toBe(1);
    // Terraform was not stopped by the dead reader: every resource is in the state, the lock is gone.
    expect(state().resources.map((r) => r.name).sort()).toEqual(["after", "app", "secret", "slow"]);
    expect(ws.exists("cdktf.out/stacks/demo/.terraform.tfstate.lock.info")).toBe(false);
    expect(ws.terraform("demo", ["plan", "-detailed-exitcode", "-input=false", "-no-color"], env).status).toBe(0);
    // The raw output (with the secret) does not outlive the step.
    expect(fs.readdirSync(path.join(ws.root, "apply")).sort()).toEqual(["plan.json", "plan.txt", "result"]);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  }, 60_000);

  it("GIVEN an approved destroy plan THEN the apply job destroys exactly what was approved", () => {
    startFrom("deployed"); // v1, planned, approved and applied by the jobs
    planJob({ TF_PLAN_DESTROY: "true" });
    expect(ws.read("plan/comment.md")).toContain("0 to add, 0 to change, 0 to replace, 2 to destroy");
    const result = applyJob({ TF_PLAN_DESTROY: "true" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Apply complete! Resources: 0 added, 0 changed, 2 destroyed.");
    expect(state().resources).toEqual([]);
  });
});
