/**
 * The test support's decision to skip `terraform init` (initNeeded), against what Terraform 1.11
 * does: a configuration it calls provider-free plans without init; one it says needs init fails
 * without it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { initNeeded, terraformBinary } from "./terraform";

const checkScoped = {
  check: { reachable: { data: { http: { grafana: { url: "https://grafana.example.com" } } }, assert: [{ condition: "${data.http.grafana.status_code == 200}", error_message: "down" }] } },
};
const builtinOnly = {
  resource: { terraform_data: { gate: { input: "x" } } },
  check: { gate: { assert: [{ condition: "${terraform_data.gate.input == \"x\"}", error_message: "no" }] } },
};

/** `terraform plan` of `config` in a fresh folder without init: exit status and output. */
function planWithoutInit(config: object): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "init-needed-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
    const result = spawnSync(terraformBinary(), ["plan", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("initNeeded", () => {
  it("GIVEN a check block that scopes a data source of a provider, THEN init is needed, as Terraform says", () => {
    expect(initNeeded(checkScoped)).toBe(true);
    const plan = planWithoutInit(checkScoped);
    expect(plan.status).not.toBe(0);
    expect(plan.output).toMatch(/terraform init/);
  });

  it("GIVEN only built-in terraform_data and a check block's assertions, THEN init is skipped and the plan runs without it", () => {
    expect(initNeeded(builtinOnly)).toBe(false);
    expect(planWithoutInit(builtinOnly)).toEqual({ status: 0, output: expect.stringContaining("Plan: 1 to add") });
  });
});
