/**
 * What every `grafana-scim` subcommand shares: its shape, its input/output, the usage error, and
 * where the environment files are. A new subcommand is a {@link Command} in cli/commands/ plus one
 * line in the registry of cli/grafana-scim.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { isEnvironmentFile } from "../environment-format";
import { assertEnvironmentName, UsageError } from "../scripts/runbook";
import type { VerifyOverrides } from "../verify/verify";

export { assertEnvironmentName, UsageError };

/** Where a command writes, and the environment it reads (injected by tests). */
export interface CommandIo {
  /** Standard output: results. */
  readonly out: (text: string) => void;
  /** Standard error: usage and problems. */
  readonly err: (text: string) => void;
  /** The process environment (`SCIM_ENVIRONMENTS_DIR`, credentials, …). */
  readonly env: NodeJS.ProcessEnv;
  /** The directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** Whether standard output is a terminal (colour, together with `NO_COLOR`/`FORCE_COLOR`). @default false */
  readonly isTTY?: boolean;
  /** The clock (token expiry). @default the system clock */
  readonly now?: () => Date;
  /**
   * Endpoints and credentials that tests put in place of the real ones (`verify`). Never read
   * from the process environment, so no variable can redirect a credential.
   */
  readonly overrides?: VerifyOverrides;
}

/** The options and positionals `util.parseArgs` found for a command. */
export interface CommandArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

/** One subcommand of `grafana-scim`. */
export interface Command {
  /** One line for `grafana-scim help`. */
  readonly summary: string;
  /** The usage text (`grafana-scim <name> …` and its options), printed by `--help` and with a usage error. */
  readonly usage: string;
  /** Its options, in `util.parseArgs` form (`--help` is added to every command). */
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  /** Whether it takes positional arguments. */
  readonly positionals: boolean;
  /**
   * Runs it; returns the exit code. Throws {@link UsageError} for a command-line mistake (exit 2),
   * `EnvironmentError`/`ConfigurationError` for a bad environment (exit 1, message only).
   */
  run(args: CommandArgs, io: CommandIo): number | Promise<number>;
}

/** The `--environments` option every command that reads environment files takes. */
export const ENVIRONMENTS_OPTION = { environments: { type: "string", short: "e" } } as const;

/** Usage line of {@link ENVIRONMENTS_OPTION}. */
export const ENVIRONMENTS_USAGE =
  "  -e, --environments <dir>  the folder of environment files (default: $SCIM_ENVIRONMENTS_DIR, else ./environments)";

/**
 * The environments folder: `--environments`, else `$SCIM_ENVIRONMENTS_DIR`, else `./environments`,
 * as an absolute path. Throws {@link UsageError} when it is missing or holds no environment file.
 */
export function environmentsDir(args: CommandArgs, io: CommandIo): string {
  const flag = args.values.environments;
  const given = typeof flag === "string" ? flag : io.env.SCIM_ENVIRONMENTS_DIR || "environments";
  const dir = path.resolve(io.cwd ?? process.cwd(), given);
  const source = typeof flag === "string" ? "--environments" : io.env.SCIM_ENVIRONMENTS_DIR ? "$SCIM_ENVIRONMENTS_DIR" : "the default";
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`no environments folder: ${given} (${source}) is not a directory. Pass --environments <dir> or set SCIM_ENVIRONMENTS_DIR`);
  }
  if (!fs.readdirSync(dir).some(isEnvironmentFile)) {
    throw new UsageError(`no environment files in ${given} (${source}): expected <environment>.json files`);
  }
  return dir;
}
