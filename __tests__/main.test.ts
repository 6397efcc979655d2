/**
 * The real app, as `cdktf synth` runs it (`node --import tsx main.ts`, from cdktf.json), into a
 * temporary output folder; and `npm run synth`, the README's command, which must write the same
 * files. The app's answers to bad environment folders are checked on its code in this process
 * (support/app-in-process.ts); hostile-input.test.ts runs the real command on bad input too.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listFiles } from "../scripts/bindings-lib";
import { runAppInProcess } from "./support/app-in-process";
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

/** The environment of both commands on the examples: the tests' own, with the canaries, reading the repository's environments/. */
function examplesEnv(): NodeJS.ProcessEnv {
  const { SCIM_ENVIRONMENTS_DIR: _ignored, ...env } = process.env;
  return { ...env, ...CANARIES };
}

/** The app as cdktf runs it, a real process, on the example environments. */
function runApp() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-"));
  const [command, ...args] = APP.split(" ");
  const result = spawnSync(command!, args, { cwd: ROOT, encoding: "utf8", env: { ...examplesEnv(), CDKTF_OUTDIR: outdir } });
  return { ...result, outdir, files: listFiles(outdir) };
}

/** The app's code in this process (support/app-in-process.ts) on a folder of environment files. */
function runAppOn(dir: string) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-out-"));
  try {
    return { ...runAppInProcess({ ...CANARIES, CDKTF_OUTDIR: outdir, SCIM_ENVIRONMENTS_DIR: dir }), files: listFiles(outdir) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** One real run of the app on the examples, for both describes below: each run costs about 1 CPU-s. */
let examples: ReturnType<typeof runApp> | undefined;
const examplesRun = () => (examples ??= runApp());
afterAll(() => {
  if (examples) fs.rmSync(examples.outdir, { recursive: true, force: true });
});

describe("main.ts", () => {
  const environments = fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));

  it("GIVEN the example environments WHEN the app runs THEN cdktf.out/stacks/<env> holds Terraform JSON for each", () => {
    const run = examplesRun();
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
  });

  it("GIVEN a bad environment file THEN it exits 1 with one message naming the field, and writes nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
    const example = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-cloud.json"), "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, "good.json"), JSON.stringify({ ...example, backend: { kind: "local" } }));
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ grafana: { kind: "cloud", stackSlug: "acme", stackId: "123" }, backend: { kind: "local" } }));
    const run = runAppOn(dir);
    try {
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`${path.relative(ROOT, path.join(dir, "bad.json"))} is not a valid environment:\n  - grafana.stackId: expected number, got "123"`);
      expect(run.files).toEqual([]);
    } finally {
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
    const run = runAppOn(dir);
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
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run synth", () => {
  it("GIVEN the example environments THEN it writes, byte for byte, what cdktf.json's app writes where the cdktf CLI reads it", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npm-synth-"));
    try {
      // Both read the repository's environments/, with the same environment variables.
      const npm = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", path.join(tmp, "npm")], { cwd: ROOT, encoding: "utf8", env: examplesEnv() });
      expect({ status: npm.status, stderr: npm.stderr }).toEqual({ status: 0, stderr: "" });
      expect(npm.stdout).toMatch(/^4 stacks in .*\/stacks: example-cloud, example-entra, example-okta, example-self-hosted\n$/);
      const app = examplesRun();
      expect(app.status).toBe(0);
      const files = app.files;
      expect(files).toEqual(expect.arrayContaining(["manifest.json", path.join("stacks", "example-entra", "cdk.tf.json")]));
      expect(listFiles(path.join(tmp, "npm"))).toEqual(files);
      for (const file of files) {
        expect({ file, content: fs.readFileSync(path.join(tmp, "npm", file), "utf8") }).toEqual({ file, content: fs.readFileSync(path.join(app.outdir, file), "utf8") });
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
