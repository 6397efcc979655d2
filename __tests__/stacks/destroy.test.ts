/**
 * The guarded destroy path: prevent_destroy stays on unless the destroy workflow names the
 * environment, checked on a provider-free stack with the real Terraform CLI (a destroy plan is
 * refused with prevent_destroy and accepted without it).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Aspects, DataResource, LocalBackend, TerraformStack, Testing } from "cdktf";
import { ConfigurationError } from "../../constructs/errors";
import { allowDestroy, ALLOW_DESTROY_VARIABLE, environmentToDestroy } from "../../stacks/destroy";
import { addScimStacks } from "../../stacks/scim-stack";
import { runAppInProcess } from "../support/app-in-process";
import { exampleEnvironments } from "../support/environments";
import { terraformBinary } from "../support/terraform";

/** A stack with one protected terraform_data, as helper constructs protect their resources. */
function protectedStack(dir: string, destroyable: boolean): Record<string, unknown> {
  const stack = new TerraformStack(new App({ outdir: dir }), "demo");
  new LocalBackend(stack, { path: path.join(dir, "state.tfstate") });
  new DataResource(stack, "app", { input: { value: "v1" }, lifecycle: { preventDestroy: true } });
  if (destroyable) allowDestroy(stack);
  return JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
}

describe("destroying an environment on purpose", () => {
  it("GIVEN a protected resource THEN prevent_destroy is synthesized, and dropped only with allowDestroy", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "destroy-synth-"));
    try {
      const lifecycle = (json: Record<string, unknown>) => (json.resource as Record<string, Record<string, { lifecycle?: unknown }>>).terraform_data!.app!.lifecycle;
      expect(lifecycle(protectedStack(dir, false))).toEqual({ prevent_destroy: true });
      expect(lifecycle(protectedStack(dir, true))).toEqual({ prevent_destroy: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN real Terraform THEN a destroy plan is refused while prevent_destroy is on and accepted once the stack allows it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "destroy-tf-"));
    const rc = path.join(dir, "terraformrc");
    fs.writeFileSync(rc, "");
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const tf = (...args: string[]) => spawnSync(terraformBinary(), args, { cwd: dir, encoding: "utf8", env });
    const write = (destroyable: boolean) => fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(protectedStack(path.join(dir, "out"), destroyable)));
    try {
      write(false);
      expect(tf("init", "-input=false", "-no-color").status).toBe(0);
      expect(tf("apply", "-auto-approve", "-input=false", "-no-color").status).toBe(0);
      const refused = tf("plan", "-destroy", "-input=false", "-no-color");
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("Instance cannot be destroyed");
      write(true);
      const allowed = tf("plan", "-destroy", "-input=false", "-no-color");
      expect(allowed.status).toBe(0);
      expect(allowed.stdout).toContain("Plan: 0 to add, 0 to change, 1 to destroy.");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN the environments of the app THEN only the named one is synthesized destroyable", () => {
    const environments = exampleEnvironments();
    const stacks = addScimStacks(Testing.app(), environments, { allowDestroy: "example-okta" });
    expect(stacks).toHaveLength(environments.length);
    expect(stacks.filter((s) => Aspects.of(s).all.length > 0).map((s) => s.node.id)).toEqual(["example-okta"]);
    expect(addScimStacks(Testing.app(), environments).filter((s) => Aspects.of(s).all.length > 0)).toEqual([]);
  });

  it("GIVEN SCIM_ALLOW_DESTROY naming no environment THEN it is refused with the list; unset, nothing is destroyable", () => {
    expect(environmentToDestroy(undefined, ["prod"])).toBeUndefined();
    expect(environmentToDestroy("", ["prod"])).toBeUndefined();
    expect(environmentToDestroy("prod", ["dev", "prod"])).toBe("prod");
    expect(() => environmentToDestroy("prd", ["dev", "prod"])).toThrow(ConfigurationError);
    expect(() => environmentToDestroy("prd", ["dev", "prod"])).toThrow(`${ALLOW_DESTROY_VARIABLE}: "prd" names no environment; the environments are: dev, prod`);
  });
});

describe("main.ts with SCIM_ALLOW_DESTROY", () => {
  // The app's code in this process (support/app-in-process.ts): the process around it is tested by main.test.ts.
  const app = (value: string) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-"));
    try {
      return runAppInProcess({ CDKTF_OUTDIR: outdir, [ALLOW_DESTROY_VARIABLE]: value });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };

  it("GIVEN a name that is no environment THEN the app exits 1 with one line naming the variable, not a stack trace", () => {
    const result = app("prod");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`${ALLOW_DESTROY_VARIABLE}: "prod" names no environment; the environments are: example-cloud, example-entra, example-okta, example-self-hosted`);
  });
});
