/**
 * scripts/ci/terraform-plan.sh, the plan step of every workflow, run with the real Terraform
 * CLI on provider-free stacks laid out as `npm run synth` lays them out. Fails loudly without
 * terraform.
 */
import * as fs from "node:fs";
import { CiWorkspace } from "../../support/ci";
import { terraformBinary } from "../../support/terraform";

const CANARY = "plan-script-sensitive-canary";

/** A synthesized-looking stack: one terraform_data, a sensitive variable, local state. */
function stackJson(input: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    terraform: { backend: { local: { path: "state.tfstate" } } },
    variable: { secret: { type: "string", sensitive: true, default: CANARY } },
    resource: { terraform_data: { app: { input }, secret: { input: "${var.secret}" } } },
    ...extra,
  };
}

describe("scripts/ci/terraform-plan.sh", () => {
  let ws: CiWorkspace;
  const run = (stack = "demo", env: NodeJS.ProcessEnv = {}) => ws.run("terraform-plan.sh", [stack, "out"], env);
  const tf = (...args: string[]) => ws.terraform("demo", args);

  /** v1 applied with `terraform init` and `terraform apply`, once: the cases that start from it work in copies of this workspace. */
  let applied: CiWorkspace;
  const startFromApplied = () => fs.cpSync(applied.root, ws.root, { recursive: true });

  beforeAll(() => {
    terraformBinary(); // throws, loudly, when terraform is missing
    ws = applied = new CiWorkspace();
    ws.writeStack("demo", stackJson("v1"));
    expect(tf("init", "-input=false", "-no-color").status).toBe(0);
    expect(tf("apply", "-auto-approve", "-input=false", "-no-color").status).toBe(0);
  });
  afterAll(() => applied.remove());
  beforeEach(() => (ws = new CiWorkspace()));
  afterEach(() => ws.remove());

  it("GIVEN a new stack THEN exit code 2 is recorded with the redacted text and the JSON plan, and Terraform's output is not printed", () => {
    ws.writeStack("demo", stackJson("v1"));
    const result = run();
    expect(result.status).toBe(0);
    expect(ws.read("out/exitcode").trim()).toBe("2");
    expect(ws.read("out/kind").trim()).toBe("saved");
    expect(ws.read("github-output")).toBe("exitcode=2\nkind=saved\n");
    expect(ws.read("out/plan.txt")).toContain("# terraform_data.app will be created");
    const plan = JSON.parse(ws.read("out/plan.json")) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> };
    expect(plan.resource_changes.map((r) => [r.address, r.change.actions])).toEqual([
      ["terraform_data.app", ["create"]],
      ["terraform_data.secret", ["create"]],
    ]);
    expect(ws.read("out/plan.json")).toContain(CANARY); // why plan.json must never leave the runner
    expect(result.stdout).toBe("plan of demo: exit code 2 (saved)\n");
    expect(result.stdout + result.stderr).not.toContain(CANARY);
    expect(ws.exists("out/plan.log")).toBe(false); // raw output is not kept
  });

  it("GIVEN an applied stack without changes THEN exit code 0; after a change, 2, with the leaked sensitive value scrubbed from the text", () => {
    startFromApplied();
    expect(run().status).toBe(0);
    expect(ws.read("out/exitcode").trim()).toBe("0");
    expect(ws.read("out/plan.txt")).toContain("No changes.");
    ws.writeStack("demo", stackJson("v2", { resource: { terraform_data: { app: { input: "v2" }, secret: { input: "${var.secret}", triggers_replace: "x" } } } }));
    expect(run("demo", { TF_PLAN_LOCK: "false" }).status).toBe(0);
    expect(ws.read("out/exitcode").trim()).toBe("2");
    const text = ws.read("out/plan.txt");
    expect(text).toContain('~ input  = "v1" -> "v2"');
    expect(text).toContain('~ output           = "(redacted)" -> (known after apply)'); // terraform_data.output copied the secret
    expect(text).not.toContain(CANARY);
  });

  it("GIVEN TF_PLAN_DESTROY=true THEN it plans the destruction of everything", () => {
    startFromApplied();
    expect(run("demo", { TF_PLAN_DESTROY: "true" }).status).toBe(0);
    expect(ws.read("out/plan.txt")).toContain("Plan: 0 to add, 0 to change, 2 to destroy.");
  });

  it("GIVEN a configuration Terraform rejects THEN exit code 1 is recorded with the error as plan.txt and no JSON plan", () => {
    ws.writeStack("demo", stackJson("v1", { output: { x: { value: "${terraform_data.missing.id}" } } }));
    expect(run().status).toBe(0);
    expect(ws.read("out/exitcode").trim()).toBe("1");
    expect(ws.read("out/kind").trim()).toBe("failed");
    expect(ws.read("out/plan.txt")).toContain("Reference to undeclared resource");
    expect(ws.exists("out/plan.json")).toBe(false);
  });

  it("GIVEN a sensitive variable that fails validation THEN Terraform's error names it, but its value from TF_VAR_* is scrubbed", () => {
    const secret = "validation-failure-canary-value";
    ws.writeStack("demo", {
      terraform: { backend: { local: { path: "state.tfstate" } } },
      variable: { key: { type: "string", sensitive: true, validation: [{ condition: "${length(var.key) > 100}", error_message: "The key is too short." }] } },
      resource: { terraform_data: { app: { input: "${var.key}" } } },
    });
    const result = run("demo", { TF_VAR_key: secret });
    expect(ws.read("out/exitcode").trim()).toBe("1");
    const text = ws.read("out/plan.txt");
    expect(text).toContain('var.key is "(redacted)"');
    expect(text).toContain("The key is too short.");
    expect(text + result.stdout + result.stderr).not.toContain(secret);
  });

  it("GIVEN an error that prints a value this step holds as a credential (GRAFANA_AUTH) THEN that value is scrubbed too", () => {
    const token = "grafana-auth-canary-0123456789";
    ws.writeStack("demo", {
      terraform: { backend: { local: { path: "state.tfstate" } } },
      // Not marked sensitive: only the step's credential variables can tell the redaction.
      variable: { url: { type: "string", validation: [{ condition: '${startswith(var.url, "https://")}', error_message: "Must be https." }] } },
      resource: { terraform_data: { app: { input: "${var.url}" } } },
    });
    run("demo", { TF_VAR_url: token, GRAFANA_AUTH: token });
    expect(ws.read("out/plan.txt")).toContain('var.url is "(redacted)"');
    expect(ws.read("out/plan.txt")).not.toContain(token);
  });

  it("GIVEN a bad stack name or no synthesized stack THEN it refuses with a usage error", () => {
    expect(run("../etc").status).toBe(64);
    expect(run("nope").stderr).toContain("cdktf.out/stacks/nope/cdk.tf.json not found: run npm run synth first");
  });

  it("GIVEN TF_PLAN_MODE=speculative with a backend other than cloud THEN the plan is saved as usual", () => {
    ws.writeStack("demo", stackJson("v1"));
    expect(run("demo", { TF_PLAN_MODE: "speculative" }).status).toBe(0);
    expect(ws.read("out/kind").trim()).toBe("saved");
  });
});
