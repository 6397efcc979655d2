/**
 * The `grafana-scim` dispatcher and its subcommands, in process. The installed bin is run by
 * __tests__/package/consumer.test.ts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS, main, packageVersion } from "../../cli/grafana-scim";
import { listFiles } from "../../scripts/bindings-lib";
import { runbookFor } from "../../scripts/runbook";
import { ENVIRONMENTS_DIR } from "../support/environments";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), env });
  return { code, stdout, stderr };
}

describe("grafana-scim", () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-scim-cli-"))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A copy of the example environments (or the given files) in a fresh folder. */
  function environments(files: Record<string, unknown> | undefined = undefined): string {
    const dir = path.join(tmp, "environments");
    fs.mkdirSync(dir);
    if (files === undefined) for (const f of EXAMPLES) fs.copyFileSync(path.join(ENVIRONMENTS_DIR, f), path.join(dir, f));
    else for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
    return dir;
  }

  describe("dispatch", () => {
    it("GIVEN no command THEN lists every command on stderr and exits 2; help and --help print it on stdout", async () => {
      const none = await cli([]);
      expect(none).toEqual({ code: 2, stdout: "", stderr: expect.stringContaining("usage: grafana-scim <command> [options]") });
      const lines = none.stderr.split("\n");
      const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
      for (const [name, command] of Object.entries(COMMANDS)) expect(lines).toContain(`  ${name.padEnd(width)}  ${command.summary}`);
      for (const argv of [["help"], ["--help"], ["-h"]]) expect(await cli(argv)).toEqual({ code: 0, stdout: none.stderr, stderr: "" });
    });

    it("--version prints this package's version", async () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
      expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
      expect(packageVersion(os.tmpdir())).toBe("unknown");
    });

    it("GIVEN an unknown command, option or argument THEN says which, with the usage, and exits 2", async () => {
      expect(await cli(["deploy"])).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(/^grafana-scim: unknown command "deploy"\n\nusage: grafana-scim/) });
      expect(await cli(["constructor"])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('unknown command "constructor"') }));
      const option = await cli(["synth", "--bogus"]);
      expect(option).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(/^grafana-scim synth: Unknown option '--bogus'.*\n\nusage: grafana-scim synth /s) });
      expect(await cli(["synth", "extra"])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining("Unexpected argument 'extra'") }));
      expect(await cli(["synth", "--output"])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining("--output <value>' argument missing") }));
    });

    it("<command> --help prints the command's usage, which documents each of its options, and does nothing else", async () => {
      expect(Object.keys(COMMANDS)).toEqual(["synth", "app", "runbook", "verify", "migration-check"]);
      for (const [name, command] of Object.entries(COMMANDS)) {
        expect(await cli([name, "--help"])).toEqual({ code: 0, stdout: `${command.usage}\n`, stderr: "" });
        expect(command.usage).toMatch(new RegExp(`^usage: grafana-scim ${name}\\b`));
        for (const [option, spec] of Object.entries(command.options)) {
          expect({ name, documented: command.usage.includes(`--${option}`) }).toEqual({ name, documented: true });
          if (spec.short) expect({ name, documented: command.usage.includes(`-${spec.short}, --${option}`) }).toEqual({ name, documented: true });
        }
      }
    });
  });

  it("loading the command line does not load verify's clients (large and slow to load; cdktf runs `app` on every diff and deploy), nor does loading verify's checks", () => {
    // A fresh Node process, as the bin runs: jest's module registry would hide what Node loads. One
    // process for all probes, in this order: what the command line loaded is counted before
    // verify's checks are loaded at all, and what they loaded before the clients' modules are.
    const pattern = "/node_modules\\/(@okta\\/okta-sdk-nodejs|@azure\\/identity|@microsoft\\/microsoft-graph-client)\\//";
    const clients = "Object.keys(require.cache).filter((k) => CLIENT.test(k)).length";
    // The last probe needs only the first client module verify's client modules load: once one has
    // loaded, the next module that starts loading throws, which ends the requires (Node drops only
    // the modules whose loading threw). Loading all three clients would cost ~1.5 CPU-s more,
    // through tsx, and change nothing this test looks at.
    const probe = [
      `const CLIENT = ${pattern};`,
      `require("./cli/grafana-scim"); console.log(${clients});`,
      `require("./verify/verify"); console.log(${clients});`,
      'const { Module } = require("node:module"), load = Module.prototype.load, stop = new Error("stop");',
      "let seen = false;",
      "Module.prototype.load = function (file) { if (seen) throw stop; const done = load.apply(this, arguments); seen ||= CLIENT.test(file); return done; };",
      'try { for (const file of ["./verify/entra/graph", "./verify/entra/credential", "./verify/okta/client"]) require(file); } catch (error) { if (error !== stop) throw error; }',
      `console.log(${clients});`,
    ].join("\n");
    const [commandLine, checks, clientModules] = execFileSync(process.execPath, ["--import", "tsx", "-e", probe], { cwd: ROOT, encoding: "utf8" })
      .trim()
      .split("\n");
    expect(commandLine).toBe("0");
    // verify/verify.ts loads them when an environment of their kind is verified.
    expect(checks).toBe("0");
    // The probe can see them: the modules verify loads them with do load them.
    expect(Number(clientModules)).toBeGreaterThan(0);
  });

  describe("synth", () => {
    it("GIVEN a folder of environment files THEN writes one stack per file, the same as the app, and lists them", async () => {
      const dir = environments();
      const output = path.join(tmp, "out");
      const result = await cli(["synth", "--environments", dir, "--output", output]);
      const names = EXAMPLES.map((f) => path.basename(f, ".json")).sort();
      expect(result).toEqual({ code: 0, stdout: `${names.length} stacks in ${path.relative(process.cwd(), output)}/stacks: ${names.join(", ")}\n`, stderr: "" });
      expect(listFiles(output)).toEqual(["manifest.json", ...names.map((n) => path.join("stacks", n, "cdk.tf.json"))]);
    });

    it("GIVEN an environment was removed THEN its stale stack folder goes, as with cdktf synth", async () => {
      const dir = environments();
      const output = path.join(tmp, "out");
      fs.mkdirSync(path.join(output, "stacks", "removed-env"), { recursive: true });
      fs.writeFileSync(path.join(output, "stacks", "removed-env", "cdk.tf.json"), "{}");
      expect((await cli(["synth", "-e", dir, "-o", output])).code).toBe(0);
      expect(fs.existsSync(path.join(output, "stacks", "removed-env"))).toBe(false);
      expect(fs.readdirSync(path.join(output, "stacks")).sort()).toEqual(EXAMPLES.map((f) => path.basename(f, ".json")).sort());
    });

    it("GIVEN --output is a folder whose stacks/ holds other things (this repository's root: stacks/identity-providers is source) THEN only stale stack folders (with a cdk.tf.json) go", async () => {
      const dir = environments();
      const output = path.join(tmp, "repository");
      fs.mkdirSync(path.join(output, "stacks", "identity-providers"), { recursive: true });
      fs.writeFileSync(path.join(output, "stacks", "identity-providers", "okta.ts"), "export {};\n");
      expect((await cli(["synth", "-e", dir, "-o", output])).code).toBe(0);
      expect(fs.readFileSync(path.join(output, "stacks", "identity-providers", "okta.ts"), "utf8")).toBe("export {};\n");
    });

    it("GIVEN --output is the environments folder (also through a link) THEN a usage error, and nothing is written there", async () => {
      const dir = environments();
      const before = fs.readdirSync(dir).sort();
      const link = path.join(tmp, "same-folder");
      fs.symlinkSync(dir, link);
      for (const output of [dir, link]) {
        const result = await cli(["synth", "-e", dir, "-o", output]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("is the environments folder: its manifest.json would be read as an environment");
      }
      expect(fs.readdirSync(dir).sort()).toEqual(before);
    });

    it("reads $SCIM_ENVIRONMENTS_DIR when --environments is not given, and --environments wins over it", async () => {
      const dir = environments({ "solo.json": { ...JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-cloud.json"), "utf8")), backend: { kind: "local" } } });
      const output = path.join(tmp, "out");
      expect(await cli(["synth", "-o", output], { SCIM_ENVIRONMENTS_DIR: dir })).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining(": solo\n") }));
      const missing = await cli(["synth", "-o", output, "-e", path.join(tmp, "nope")], { SCIM_ENVIRONMENTS_DIR: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("(--environments) is not a directory");
    });

    it("GIVEN no environments folder, or one without environment files THEN says so and where it looked (exit 2)", async () => {
      const missing = await cli(["synth", "-o", path.join(tmp, "out")], { SCIM_ENVIRONMENTS_DIR: path.join(tmp, "absent") });
      expect(missing).toEqual({
        code: 2,
        stdout: "",
        stderr: `grafana-scim synth: no environments folder: ${path.join(tmp, "absent")} ($SCIM_ENVIRONMENTS_DIR) is not a directory. Pass --environments <dir> or set SCIM_ENVIRONMENTS_DIR\n(grafana-scim synth --help shows the usage)\n`,
      });
      const empty = environments({ "environment.schema.json": {} });
      expect(await cli(["synth", "-e", empty, "-o", path.join(tmp, "out")])).toEqual(
        expect.objectContaining({ code: 2, stderr: expect.stringContaining(`no environment files in ${empty} (--environments)`) }),
      );
      expect(fs.existsSync(path.join(tmp, "out"))).toBe(false);
    });

    it("GIVEN a bad environment file THEN exits 1 with the field-named message only, and writes nothing", async () => {
      const dir = environments({ "prod.json": { grafana: { kind: "cloud", stackSlug: "acme", stackId: "123" }, backend: { kind: "local" } } });
      const result = await cli(["synth", "-e", dir, "-o", path.join(tmp, "out")]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `${path.relative(process.cwd(), path.join(dir, "prod.json"))} is not a valid environment:\n  - grafana.stackId: expected number, got "123"\n`,
      });
      expect(fs.existsSync(path.join(tmp, "out"))).toBe(false);
    });
  });

  describe("app", () => {
    it("writes where the cdktf CLI says ($CDKTF_OUTDIR), and prints nothing", async () => {
      const dir = environments();
      const outdir = path.join(tmp, "cdktf-out");
      expect(await cli(["app", "-e", dir], { CDKTF_OUTDIR: outdir })).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(EXAMPLES.map((f) => path.basename(f, ".json")).sort());
    });
  });

  describe("runbook", () => {
    it("GIVEN an Okta environment THEN prints its runbook", async () => {
      const dir = environments();
      expect(await cli(["runbook", "-e", dir, "example-okta"])).toEqual({ code: 0, stdout: `${runbookFor("example-okta", dir)}\n`, stderr: "" });
    });

    it("GIVEN no name, an unknown one or a non-Okta environment THEN says which Okta environments exist, or what is wrong", async () => {
      const dir = environments();
      expect(await cli(["runbook", "-e", dir])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining("expected one environment name. Okta environments: example-okta") }));
      expect(await cli(["runbook", "-e", dir, "nope"])).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('no environment "nope"') }));
      expect(await cli(["runbook", "-e", dir, "example-cloud"])).toEqual({
        code: 1,
        stdout: "",
        stderr: 'identityProvider.kind: must be "okta" for an Okta runbook (got no identityProvider)\n',
      });
    });
  });

  describe("verify and migration-check (run against stand-ins in __tests__/verify)", () => {
    it("read the environments folder as every command does (--environments, $SCIM_ENVIRONMENTS_DIR)", async () => {
      const dir = environments();
      for (const name of ["verify", "migration-check"]) {
        expect(await cli([name, "-e", dir, "nope"], { GRAFANA_AUTH: "x" })).toEqual({
          code: 2,
          stdout: "",
          stderr: expect.stringContaining(`grafana-scim ${name}: no environment "nope": ${path.relative(process.cwd(), path.join(dir, "nope.json"))} does not exist. Environments: example-`),
        });
        expect(await cli([name, "nope"], { SCIM_ENVIRONMENTS_DIR: path.join(tmp, "absent") })).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining("($SCIM_ENVIRONMENTS_DIR) is not a directory") }));
      }
    });

    it("take an environment name, not a path: a file outside the environments folder is not read", async () => {
      const dir = environments();
      const outside = path.join(tmp, "outside");
      fs.mkdirSync(outside, { recursive: true });
      fs.copyFileSync(path.join(dir, "example-cloud.json"), path.join(outside, "other.json"));
      const name = path.relative(dir, path.join(outside, "other"));
      for (const command of ["verify", "migration-check"]) {
        expect(await cli([command, "-e", dir, name], { GRAFANA_AUTH: "x" })).toEqual({
          code: 2,
          stdout: "",
          stderr: `grafana-scim ${command}: "${name}" is not an environment name: lowercase letters, digits and hyphens, starting with a letter (the file's name without .json)\n(grafana-scim ${command} --help shows the usage)\n`,
        });
      }
    });
  });
});
