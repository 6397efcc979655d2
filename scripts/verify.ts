/**
 * `npm run verify -- <environment> [--json] [--user <id>] [--summary-file <path>] [--timeout <s>]`
 *
 * Proves a deployed environment works: reads the stack's outputs from its state (same backend and
 * credentials as a plan) and runs Grafana's "test the integration" and troubleshooting steps
 * against Grafana's SCIM API, Grafana's SAML settings, and Entra ID or Okta. One line per check
 * with cause and fix; `--json` for pipelines (never a token); `--summary-file` appends a Markdown
 * table (the deploy workflow's job summary). Exit code 1 on any failed check. See verify/.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { exitCodeOf } from "../verify/check";
import { loadNamedEnvironment, loadOutputs, processIo, runCommand, timeoutOption, UsageError, type CommandIo } from "../verify/cli";
import { renderJson, renderMarkdown, renderTable, useColour } from "../verify/render";
import { runVerify } from "../verify/verify";

export const VERIFY_USAGE =
  "usage: npm run verify -- <environment> [--json] [--user <id>] [--summary-file <path>] [--timeout <seconds>]\n" +
  "  --user <id>           end to end: Entra object id (provisioned on demand), Okta user id or login, or an externalId\n" +
  "  --summary-file <path> also append the table as Markdown (e.g. $GITHUB_STEP_SUMMARY)\n" +
  "  --timeout <seconds>   deadline of each request (default 15)";

/** Runs `verify`; returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, VERIFY_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: "boolean" }, user: { type: "string" }, "summary-file": { type: "string" }, timeout: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.stdout.write(`${VERIFY_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the environment to verify" : `one environment at a time (got ${positionals.join(", ")})`);
    if (values.user !== undefined && values.user.trim() === "") throw new UsageError("--user needs an id");
    const timeoutMs = timeoutOption(values.timeout);
    const environment = loadNamedEnvironment(positionals[0]!, io);
    const outputs = await loadOutputs(environment, io, timeoutMs);
    const results = await runVerify({
      environment,
      outputs,
      env: io.env,
      timeoutMs,
      now: io.now?.() ?? new Date(),
      ...(values.user === undefined ? {} : { user: values.user.trim() }),
      ...(io.overrides?.graphUrl ? { graphUrl: io.overrides.graphUrl } : {}),
      ...(io.overrides?.oktaOrgUrl ? { oktaOrgUrl: io.overrides.oktaOrgUrl } : {}),
      ...(io.overrides?.entraCredential ? { entraCredential: io.overrides.entraCredential } : {}),
    });
    const secrets = secretsOf(outputs.token, io.env);
    const heading = `verify ${environment.name}: ${outputs.tenantUrl}`;
    if (values["summary-file"]) fs.appendFileSync(values["summary-file"], renderMarkdown(heading, results, secrets));
    io.stdout.write(`${values.json ? renderJson(environment.name, results, secrets, { tenantUrl: outputs.tenantUrl }) : renderTable(heading, results, { colour: useColour(io.stdout, io.env), secrets })}\n`);
    return exitCodeOf(results);
  });
}

/** Every secret value the run knows of, to scrub from any output. */
export function secretsOf(token: string, env: NodeJS.ProcessEnv): string[] {
  const names = ["GRAFANA_AUTH", "ARM_CLIENT_SECRET", "ARM_OIDC_TOKEN", "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "OKTA_API_TOKEN", "OKTA_API_PRIVATE_KEY", "TF_TOKEN_app_terraform_io", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
  return [token, ...names.map((n) => env[n] ?? "")].filter((s) => s.length >= 6);
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
