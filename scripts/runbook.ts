/**
 * `npm run runbook -- <environment>` prints the manual Okta steps for an Okta environment: the
 * clicks in the admin console and the exact values (SCIM base URL, unique identifier, actions,
 * where to read the token). It needs only the environment file: no credentials, no deploy, no
 * network. The token itself is never printed; the runbook says which command prints it.
 *
 * The text comes from the same function as the stack's `okta_scim_runbook` output
 * (`oktaScimRunbook`), from the same mapping of the environment file, so the two cannot drift.
 * Before the first deploy the app id is unknown; the runbook says where to find it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigurationError } from "../constructs/errors";
import { scimTenantUrl } from "../constructs/grafana/tenant-url";
import {
  deploymentCommands,
  ENVIRONMENT_NAME,
  EnvironmentError,
  isEnvironmentFile,
  loadEnvironment,
  maskSecrets,
  printable,
  readEnvironmentText,
  type DeploymentMode,
} from "../environment-format";
import { oktaRunbookForEnvironment } from "../stacks/identity-providers/okta";
import { grafanaInstance } from "../stacks/scim-stack";

/** The environments folder: `$SCIM_ENVIRONMENTS_DIR` when set and not empty (as the app reads it), else the project's `environments/`. */
export function environmentsDir(): string {
  return process.env.SCIM_ENVIRONMENTS_DIR || path.resolve(__dirname, "..", "environments");
}

/** A command-line mistake (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Throws a {@link UsageError} unless `name`, given on a command line, names an environment: a
 * stack name (`../other/prod` would read a file outside the environments folder).
 */
export function assertEnvironmentName(name: string): void {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new UsageError(`"${name}" is not an environment name: lowercase letters, digits and hyphens, starting with a letter (the file's name without .json)`);
  }
}

/**
 * Names of the environments in `dir` whose `identityProvider.kind` is `okta` (files read, not
 * validated). Only regular files are read, as the app reads them (`readEnvironmentText`): a
 * named pipe named `*.json` would block the command forever.
 */
export function oktaEnvironmentNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(isEnvironmentFile)
    .filter((f) => {
      const { text } = readEnvironmentText(path.join(dir, f));
      if (text === undefined) return false;
      try {
        return (JSON.parse(text) as { identityProvider?: { kind?: unknown } }).identityProvider?.kind === "okta";
      } catch {
        return false;
      }
    })
    .map((f) => path.basename(f, ".json"))
    .sort();
}

/**
 * The runbook of environment `name` in `dir`, naming the commands and documentation of `mode`
 * (default: the mode this copy of the package runs in). Throws a field-named error for a bad or
 * non-Okta environment.
 */
export function runbookFor(name: string, dir: string = environmentsDir(), mode?: DeploymentMode): string {
  assertEnvironmentName(name);
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) {
    const known = oktaEnvironmentNames(dir);
    throw new UsageError(`no environment "${name}": ${path.relative(process.cwd(), file) || file} does not exist. Okta environments: ${known.join(", ") || "none"}`);
  }
  const environment = loadEnvironment(path.relative(process.cwd(), file) || file);
  return oktaRunbookForEnvironment(environment, scimTenantUrl(grafanaInstance(environment.config)), deploymentCommands(mode));
}

/** Runs the command; returns the exit code. */
export function main(args: readonly string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  const dir = environmentsDir();
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    err(`usage: npm run runbook -- <environment>\nOkta environments: ${printable(oktaEnvironmentNames(dir).join(", ")) || "none"}\n`);
    return 2;
  }
  try {
    out(`${runbookFor(args[0]!, dir)}\n`);
    return 0;
  } catch (error) {
    // A message may quote the command line's argument or a file name: masked and printable, as the command line prints it.
    if (error instanceof UsageError) {
      err(`${printable(maskSecrets(error.message))}\n`);
      return 2;
    }
    if (error instanceof EnvironmentError || error instanceof ConfigurationError) {
      err(`${maskSecrets(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
