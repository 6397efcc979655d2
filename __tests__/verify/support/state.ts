/**
 * A project directory for `verify` tests: environment files, and the local Terraform state that
 * `state/<env>.tfstate` holds after a deploy, produced by a real, provider-free
 * `terraform apply` of the stack's outputs (literal values; the token a sensitive variable).
 * Fails loudly when the Terraform CLI is missing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CommandIo } from "../../../cli/command";

/** Output values of the deployed stack (names as the stack emits them). */
export type OutputValues = Record<string, string>;

/** A temporary project root with `environments/` and `state/`. */
export function tempProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-project-"));
  fs.mkdirSync(path.join(root, "environments"));
  fs.mkdirSync(path.join(root, "state"));
  return root;
}

/** Writes `environments/<name>.json`. */
export function writeEnvironment(root: string, name: string, config: Record<string, unknown>): void {
  // The stand-in state is local (see applyOutputs); outside example-* environments that must be said.
  const withBackend = { backend: { kind: "local" }, ...config };
  fs.writeFileSync(path.join(root, "environments", `${name}.json`), JSON.stringify(withBackend, null, 2));
}

/**
 * Applies a configuration holding only `outputs` (the token from a sensitive variable) with the
 * local backend at `state/<name>.tfstate`, as the stack's local backend keeps it.
 */
export function applyOutputs(root: string, name: string, outputs: OutputValues, token: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-apply-"));
  try {
    const output: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) output[k] = { value: v };
    output.scim_token = { value: "${var.scim_token}", sensitive: true };
    const config = {
      terraform: { backend: { local: { path: path.join(root, "state", `${name}.tfstate`) } } },
      variable: { scim_token: { type: "string", sensitive: true } },
      output,
    };
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_VAR_scim_token: token };
    try {
      execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
      execFileSync("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") throw new Error("the Terraform CLI is required by these tests (terraform on PATH, >= 1.5; tested with 1.11)");
      throw error;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The `CommandIo` of an in-process `grafana-scim` run in the project `root` (no terminal, a fixed
 * clock), and what it wrote. `extra` adds fields such as `overrides`.
 */
export function captureIo(root: string, env: NodeJS.ProcessEnv, extra: Partial<CommandIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...env },
    cwd: root,
    isTTY: false,
    now: () => new Date("2026-06-01T00:00:00Z"),
    ...extra,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
