/**
 * Runs the workflows' shell steps (scripts/ci/*.sh) the way a runner does: a clean environment
 * with only terraform, node, git and the system tools on PATH, a fresh HOME and an empty
 * Terraform CLI configuration (no plugin cache, no credentials, no registry access needed).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { terraformBinary } from "./terraform";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** A script under scripts/ci/. */
export const ciScript = (name: string): string => path.join(ROOT, "scripts", "ci", name);

/** A temporary work directory laid out like a checkout after `npm run synth`. */
export class CiWorkspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "ci-step-"));
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    fs.writeFileSync(path.join(this.root, "terraformrc"), "");
    const dirs = [path.dirname(spawnSync("bash", ["-c", `command -v ${terraformBinary()}`], { encoding: "utf8" }).stdout.trim()), path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
    this.env = { PATH: [...new Set(dirs)].join(":"), HOME: this.root, TF_CLI_CONFIG_FILE: path.join(this.root, "terraformrc"), GITHUB_OUTPUT: path.join(this.root, "github-output") };
  }

  /** The synthesized directory of `stack`. */
  stackDir(stack: string): string {
    return path.join(this.root, "cdktf.out", "stacks", stack);
  }

  /** Writes `config` as the stack's cdk.tf.json. */
  writeStack(stack: string, config: Record<string, unknown>): void {
    fs.mkdirSync(this.stackDir(stack), { recursive: true });
    fs.writeFileSync(path.join(this.stackDir(stack), "cdk.tf.json"), JSON.stringify(config, null, 2));
  }

  /** Runs `bash scripts/ci/<script> args…` in the workspace. */
  run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync("bash", [ciScript(script), ...args], { cwd: this.root, encoding: "utf8", env: { ...this.env, ...env } });
  }

  /** Runs `node args…` in the workspace (the bundled delivery CLI, as the workflows do). */
  spawnNode(args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [...args], { cwd: this.root, encoding: "utf8", env: { ...this.env, ...env } });
  }

  /** Runs terraform in the stack's directory (to set up state). */
  terraform(stack: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    return spawnSync(terraformBinary(), args, { cwd: this.stackDir(stack), encoding: "utf8", env: { ...this.env, ...env } });
  }

  /** A file in the workspace, read. */
  read(file: string): string {
    return fs.readFileSync(path.join(this.root, file), "utf8");
  }

  exists(file: string): boolean {
    return fs.existsSync(path.join(this.root, file));
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
