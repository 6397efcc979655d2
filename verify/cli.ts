/**
 * What the `verify` and `migration-check` commands share: their input/output (injectable, so
 * tests and a later package `bin` call `main(argv, io)` in-process), loading the environment file
 * and the stack's outputs, and the time-out option. Exit codes: 0 all passed, 1 a check failed
 * (or the environment or state cannot be used), 2 a usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TokenCredential } from "@azure/identity";
import { ConfigurationError } from "../constructs/errors";
import { EnvironmentError, isEnvironmentFile, loadEnvironment, type Environment } from "../environment-format";
import { readStackOutputs, StateError, type StackOutputs } from "./outputs";

/** A writable stream as the commands use it. */
export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
}

/** The world a command runs in. */
export interface CommandIo {
  readonly env: NodeJS.ProcessEnv;
  /** The project root: `environments/`, `cdktf.out/stacks/<env>` and local state are under it. */
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly now?: () => Date;
  /** Endpoint and credential overrides (tests): never read from the environment. */
  readonly overrides?: { readonly graphUrl?: string; readonly oktaOrgUrl?: string; readonly entraCredential?: TokenCredential; readonly terraform?: string };
}

/** The process's own io. */
export function processIo(): CommandIo {
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };
}

/** A command-line mistake (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The environments folder: `$SCIM_ENVIRONMENTS_DIR`, else `<cwd>/environments`. */
export function environmentsDirOf(io: CommandIo): string {
  return path.resolve(io.cwd, io.env.SCIM_ENVIRONMENTS_DIR ?? "environments");
}

/**
 * Loads and validates environment `name`; a bad name is a {@link UsageError}, a bad file an
 * {@link EnvironmentError}. Files are named relative to the shell's directory, as the user sees them.
 */
export function loadNamedEnvironment(name: string, io: CommandIo): Environment {
  const dir = environmentsDirOf(io);
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) {
    const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter(isEnvironmentFile).map((f) => path.basename(f, ".json")).sort() : [];
    throw new UsageError(`no environment "${name}": ${path.relative(process.cwd(), file) || file} does not exist. Environments: ${known.join(", ") || "none"}`);
  }
  return loadEnvironment(path.relative(process.cwd(), file) || file);
}

/** The stack's outputs from its state (see `outputs.ts`). */
export function loadOutputs(environment: Environment, io: CommandIo, timeoutMs: number): Promise<StackOutputs> {
  return readStackOutputs({
    environmentName: environment.name,
    backend: environment.config.backend,
    stackDir: path.join(io.cwd, "cdktf.out", "stacks", environment.name),
    env: io.env,
    timeoutMs: Math.max(timeoutMs, 60_000),
    ...(io.overrides?.terraform ? { terraform: io.overrides.terraform } : {}),
  });
}

/** `--timeout <seconds>` in milliseconds (default 15 s, 1-300). */
export function timeoutOption(value: string | undefined): number {
  if (value === undefined) return 15_000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) throw new UsageError(`--timeout must be a number of seconds between 0 and 300 (got "${value}")`);
  return Math.round(seconds * 1000);
}

/**
 * Runs a command body and maps its errors to exit codes and messages on stderr: usage 2,
 * environment, configuration and state problems 1. Messages name files and fields, never a secret.
 */
export async function runCommand(io: CommandIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr.write(`${(error as Error).message}\n${usage}\n`);
      return 2;
    }
    if (error instanceof EnvironmentError || error instanceof ConfigurationError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof StateError) {
      io.stderr.write(`cannot read the deployed stack's outputs: ${error.message}\nfix: ${error.fix}\n`);
      return 1;
    }
    throw error;
  }
}
