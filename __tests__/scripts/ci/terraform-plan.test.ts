/**
 * scripts/ci/terraform-plan.sh, the plan step of every workflow, run with the real Terraform
 * CLI on a provider-free stack laid out as `npm run synth` lays it out. Fails loudly without
 * terraform.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { terraformBinary } from "../../support/terraform";

const SCRIPT = path.resolve(__dirname, "..", "..", "..", "scripts", "ci", "terraform-plan.sh");
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
  let root: string;
  let env: NodeJS.ProcessEnv;
  const stackDir = () => path.join(root, "cdktf.out", "stacks", "demo");
  const write = (config: Record<string, unknown>) => {
    fs.mkdirSync(stackDir(), { recursive: true });
    fs.writeFileSync(path.join(stackDir(), "cdk.tf.json"), JSON.stringify(config, null, 2));
  };
  const run = (stack = "demo", extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync("bash", [SCRIPT, stack, "out"], { cwd: root, encoding: "utf8", env: { ...env, ...extraEnv } });
  const read = (file: string) => fs.readFileSync(path.join(root, "out", file), "utf8");

  beforeAll(() => {
    terraformBinary(); // throws, loudly, when terraform is missing
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "tfplan-script-"));
    fs.writeFileSync(path.join(root, "terraformrc"), "");
    const binDir = path.dirname(spawnSync("bash", ["-c", `command -v ${terraformBinary()}`], { encoding: "utf8" }).stdout.trim());
    env = { PATH: `${binDir}:/usr/bin:/bin`, HOME: root, TF_CLI_CONFIG_FILE: path.join(root, "terraformrc"), GITHUB_OUTPUT: path.join(root, "github-output") };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("GIVEN a new stack THEN exit code 2 is recorded with the text and JSON plan, and Terraform's output is not printed", () => {
    write(stackJson("v1"));
    const result = run();
    expect(result.status).toBe(0);
    expect(read("exitcode").trim()).toBe("2");
    expect(fs.readFileSync(path.join(root, "github-output"), "utf8")).toBe("exitcode=2\n");
    expect(read("plan.txt")).toContain("# terraform_data.app will be created");
    const plan = JSON.parse(read("plan.json")) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> };
    expect(plan.resource_changes.map((r) => [r.address, r.change.actions])).toEqual([
      ["terraform_data.app", ["create"]],
      ["terraform_data.secret", ["create"]],
    ]);
    expect(read("plan.json")).toContain(CANARY); // why plan.json must never leave the runner
    expect(result.stdout).toBe("plan of demo: exit code 2\n");
    expect(result.stdout + result.stderr).not.toContain(CANARY);
  });

  it("GIVEN an applied stack without changes THEN exit code 0; after a change, 2", () => {
    write(stackJson("v1"));
    const tf = (...args: string[]) => spawnSync(terraformBinary(), args, { cwd: stackDir(), encoding: "utf8", env });
    expect(tf("init", "-input=false", "-no-color").status).toBe(0);
    expect(tf("apply", "-auto-approve", "-input=false", "-no-color").status).toBe(0);
    expect(run().status).toBe(0);
    expect(read("exitcode").trim()).toBe("0");
    expect(read("plan.txt")).toContain("No changes.");
    write(stackJson("v2"));
    expect(run("demo", { TF_PLAN_LOCK: "false" }).status).toBe(0);
    expect(read("exitcode").trim()).toBe("2");
    expect(read("plan.txt")).toContain('~ input  = "v1" -> "v2"');
  });

  it("GIVEN a configuration Terraform rejects THEN exit code 1 is recorded with the error as plan.txt and no JSON plan", () => {
    write(stackJson("v1", { output: { x: { value: "${terraform_data.missing.id}" } } }));
    expect(run().status).toBe(0);
    expect(read("exitcode").trim()).toBe("1");
    expect(read("plan.txt")).toContain("Reference to undeclared resource");
    expect(fs.existsSync(path.join(root, "out", "plan.json"))).toBe(false);
  });

  it("GIVEN a bad stack name or no synthesized stack THEN it refuses with a usage error", () => {
    expect(run("../etc").status).toBe(64);
    expect(run("nope").stderr).toContain("cdktf.out/stacks/nope/cdk.tf.json not found: run npm run synth first");
  });
});
