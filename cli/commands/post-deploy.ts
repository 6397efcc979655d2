/**
 * What the post-deploy commands (`verify`, `migration-check`) share: their common options, the
 * environment they check, the deployed stack's outputs read from its Terraform state, the
 * time-out, the secret values every rendering scrubs, and how a state problem is reported.
 *
 * The clients `verify` uses (`@azure/identity` with MSAL, the Graph client, Okta's SDK) are large
 * and slow to load, so the command loads them with `import()` when it runs: `synth` and `app`
 * (which cdktf runs on every diff and deploy) do not pay for them (a test checks they are not
 * loaded with the bin).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironment, isEnvironmentFile, type Environment } from "../../environment-format";
import { GRAFANA_AUTH_ENV } from "../../constructs/grafana/provider-config";
import { readStackOutputs, StateError, type StackOutputs } from "../../verify/outputs";
import { scrub } from "../../verify/render";
import { assertEnvironmentName, CommandArgs, CommandIo, ENVIRONMENTS_USAGE, UsageError } from "../command";

/** Options of both commands, besides their own. */
export const POST_DEPLOY_OPTIONS = {
  environments: { type: "string", short: "e" },
  output: { type: "string", short: "o" },
  json: { type: "boolean" },
  timeout: { type: "string" },
} as const;

/** Usage lines of {@link POST_DEPLOY_OPTIONS}. */
export const POST_DEPLOY_USAGE = [
  ENVIRONMENTS_USAGE,
  "  -o, --output <dir>        the synthesized output folder (default: cdktf.out); a local backend's",
  "                            state path is relative to <dir>/stacks/<environment>, as for synth",
  "      --json                JSON for pipelines instead of the table (never contains a token)",
  "      --timeout <seconds>   deadline of each request (default 15, at most 300)",
  "  -h, --help                this text",
].join("\n");

/** The one environment name on the command line; a {@link UsageError} otherwise. */
export function environmentName(args: CommandArgs, what: string): string {
  if (args.positionals.length === 0) throw new UsageError(`name the environment to ${what}`);
  if (args.positionals.length > 1) throw new UsageError(`one environment at a time (got ${args.positionals.join(", ")})`);
  return args.positionals[0]!;
}

/**
 * Loads and validates environment `name` from `dir`. An unknown name is a {@link UsageError}
 * listing the environments there; a bad file an `EnvironmentError` naming the file and field.
 * Files are named relative to the shell's directory, as the user sees them.
 */
export function loadNamedEnvironment(name: string, dir: string): Environment {
  assertEnvironmentName(name);
  const file = path.join(dir, `${name}.json`);
  const shown = (f: string) => path.relative(process.cwd(), f) || f;
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(dir).filter(isEnvironmentFile).map((f) => path.basename(f, ".json")).sort();
    throw new UsageError(`no environment "${name}": ${shown(file)} does not exist. Environments: ${known.join(", ") || "none"}`);
  }
  return loadEnvironment(shown(file));
}

/** `--timeout <seconds>` in milliseconds (default 15 s, more than 0 and at most 300). */
export function timeoutOption(value: string | boolean | undefined): number {
  if (value === undefined) return 15_000;
  const seconds = Number(value);
  if (typeof value !== "string" || !Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
    throw new UsageError(`--timeout must be a number of seconds between 0 and 300 (got "${String(value)}")`);
  }
  return Math.round(seconds * 1000);
}

/** The stack's outputs from its state (see verify/outputs.ts), with the backend the environment file sets. */
export function loadOutputs(environment: Environment, args: CommandArgs, io: CommandIo, timeoutMs: number): Promise<StackOutputs> {
  const output = typeof args.values.output === "string" ? args.values.output : "cdktf.out";
  return readStackOutputs({
    environmentName: environment.name,
    backend: environment.config.backend,
    stackDir: path.resolve(io.cwd ?? process.cwd(), output, "stacks", environment.name),
    env: io.env,
    timeoutMs: Math.max(timeoutMs, 60_000),
    ...(io.overrides?.terraform ? { terraform: io.overrides.terraform } : {}),
  });
}

/** Runs `body`; a {@link StateError} becomes its message and fix on stderr and exit code 1. */
export async function reportingStateErrors(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof StateError)) throw error;
    io.err(scrub(`cannot read the deployed stack's outputs: ${error.message}\nfix: ${error.fix}\n`, secretsOf("", io.env)));
    return 1;
  }
}

/** Names of the credential variables whose values no output may contain. */
export const CREDENTIAL_VARIABLES = [
  GRAFANA_AUTH_ENV,
  "ARM_CLIENT_SECRET",
  "ARM_OIDC_TOKEN",
  "ARM_OIDC_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "OKTA_API_TOKEN",
  "OKTA_API_PRIVATE_KEY",
  "TF_TOKEN_app_terraform_io",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;

/**
 * Every secret value the run knows of (the SCIM token, the credentials), to scrub from any output;
 * for a `user:password` GRAFANA_AUTH also the password and the Basic header's base64, which a
 * server's error may quote back (verify/grafana/api.ts `grafanaAuthorization`).
 */
export function secretsOf(token: string, env: NodeJS.ProcessEnv): string[] {
  const auth = env[GRAFANA_AUTH_ENV] ?? "";
  const basic = auth.includes(":") ? [auth.slice(auth.indexOf(":") + 1), Buffer.from(auth, "utf8").toString("base64")] : [];
  return [token, ...CREDENTIAL_VARIABLES.map((n) => env[n] ?? ""), ...basic].filter((s) => s.length >= 6);
}

