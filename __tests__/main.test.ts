/**
 * The real app, as `cdktf synth` runs it (`node --import tsx main.ts`, from cdktf.json), into a
 * temporary output folder.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listFiles } from "../scripts/bindings-lib";
import { ENVIRONMENTS_DIR } from "./support/environments";

const ROOT = path.resolve(__dirname, "..");
const APP = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;

// Values a careless implementation could leak into synthesized files.
const CANARIES = {
  GRAFANA_AUTH: "glsa_CanaryCanaryCanaryCanaryCanary12_deadbeef",
  GRAFANA_CLOUD_ACCESS_POLICY_TOKEN: "glc_canary-access-policy-token-value-0001",
  ARM_CLIENT_SECRET: "Abc8Q~canary-client-secret-value-000000",
  OKTA_API_TOKEN: "00canary-okta-api-token-value-0000000000001",
  TF_VAR_saml_private_key: "canary-saml-private-key-value",
};

function runApp(env: Record<string, string>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-"));
  const [command, ...args] = APP.split(" ");
  const result = spawnSync(command!, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...CANARIES, CDKTF_OUTDIR: outdir, ...env },
  });
  return { ...result, outdir, files: listFiles(outdir) };
}

describe("main.ts", () => {
  const environments = fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));

  it("GIVEN the example environments WHEN the app runs THEN cdktf.out/stacks/<env> holds Terraform JSON for each", () => {
    const run = runApp({});
    try {
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const expected = environments.map((f) => path.join("stacks", path.basename(f, ".json"), "cdk.tf.json"));
      expect(run.files).toEqual(expect.arrayContaining(["manifest.json", ...expected]));
      for (const file of expected) {
        const stack = JSON.parse(fs.readFileSync(path.join(run.outdir, file), "utf8"));
        // The Grafana half is in every stack, pinned to the provider the bindings came from.
        expect(Object.keys(stack.resource.grafana_scim_config ?? {})).toHaveLength(1);
        expect(stack.terraform.required_providers.grafana).toEqual({ source: "grafana/grafana", version: "4.45.1" });
      }
      const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, "manifest.json"), "utf8"));
      expect(Object.keys(manifest.stacks).sort()).toEqual(environments.map((f) => path.basename(f, ".json")).sort());

      // No credential from the environment reaches any synthesized file.
      for (const file of run.files) {
        const content = fs.readFileSync(path.join(run.outdir, file), "utf8");
        for (const [name, canary] of Object.entries(CANARIES)) {
          expect({ file, name, leaked: content.includes(canary) }).toEqual({ file, name, leaked: false });
        }
      }
    } finally {
      fs.rmSync(run.outdir, { recursive: true, force: true });
    }
  });

  it("GIVEN a bad environment file THEN it exits 1 with one message naming the field, and writes nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
    const example = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-cloud.json"), "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, "good.json"), JSON.stringify({ ...example, backend: { kind: "local" } }));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ grafana: { kind: "cloud", stackSlug: "acme", stackId: "123" }, backend: { kind: "local" } }));
    const run = runApp({ SCIM_ENVIRONMENTS_DIR: dir });
    try {
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`${path.relative(ROOT, path.join(dir, "bad.json"))} is not a valid environment:\n  - grafana.stackId: expected number, got "123"`);
      expect(run.files).toEqual([]);
    } finally {
      fs.rmSync(run.outdir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN two environment files on one state THEN it exits 1 naming both files, the backend and the location, and writes nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
    const example = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-cloud.json"), "utf8")) as Record<string, unknown>;
    const s3 = { kind: "s3", bucket: "acme-tf", region: "eu-west-1" };
    // Each file owns its own Grafana stack, so only the state can conflict.
    const stack = (stackSlug: string, stackId: number) => ({ ...example, grafana: { kind: "cloud", stackSlug, stackId } });
    fs.writeFileSync(path.join(dir, "prod.json"), JSON.stringify({ ...stack("acme", 1001), backend: s3 }));
    // A copy for a second Grafana stack that forgot to change the key: it would plan against prod's state.
    fs.writeFileSync(path.join(dir, "prod-eu.json"), JSON.stringify({ ...stack("acme-eu", 1002), backend: { ...s3, key: "grafana-scim/prod.tfstate" } }));
    fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify({ ...stack("acme-dev", 1003), backend: s3 }));
    const run = runApp({ SCIM_ENVIRONMENTS_DIR: dir });
    try {
      expect(run.status).toBe(1);
      const file = (name: string) => path.relative(ROOT, path.join(dir, name));
      const why = "each apply would plan to destroy what the other created. Give each environment its own key or workspace";
      expect(run.stderr.trim()).toBe(
        [
          `${file("prod-eu.json")} is not a valid environment:\n  - backend: keeps its state in the same place as ${file("prod.json")} (s3://acme-tf/grafana-scim/prod.tfstate): ${why}`,
          `${file("prod.json")} is not a valid environment:\n  - backend: keeps its state in the same place as ${file("prod-eu.json")} (s3://acme-tf/grafana-scim/prod.tfstate): ${why}`,
        ].join("\n"),
      );
      expect(run.files).toEqual([]);
    } finally {
      fs.rmSync(run.outdir, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
