/**
 * `npm run migration-check -- <environment> [--match email|login] [--all] [--json] [--max-users N] [--timeout <s>]`
 *
 * Before anyone is assigned in the identity provider: lists Grafana's existing users (Grafana API
 * with the deploying identity, GRAFANA_AUTH) and looks each up through Grafana's SCIM API by the
 * identifier the identity provider will send as userName, as Grafana's migration guide does with
 * curl. Reports who will be linked, created, or conflicts, with counts. Read-only, paginated,
 * bounded by --max-users, progress on stderr. Exit code 1 when any user conflicts. See verify/.
 */
import { parseArgs } from "node:util";
import { exitCodeOf } from "../verify/check";
import { loadNamedEnvironment, loadOutputs, processIo, runCommand, timeoutOption, UsageError, type CommandIo } from "../verify/cli";
import { GrafanaApi } from "../verify/grafana/api";
import { GrafanaScimClient } from "../verify/grafana/scim-client";
import { migrationCounts, rowResults, runMigrationCheck, type MatchField } from "../verify/migration";
import { renderJson, renderTable, useColour } from "../verify/render";
import { secretsOf } from "./verify";

export const MIGRATION_USAGE =
  "usage: npm run migration-check -- <environment> [--match email|login] [--all] [--json] [--max-users N] [--timeout <seconds>]\n" +
  "  --match      the Grafana field the identity provider sends as userName (default email: Entra userPrincipalName, Okta login)\n" +
  "  --all        list users that will be linked too (default: only those created or in conflict)\n" +
  "  --max-users  stop after N users (default 10000)";

/** Runs `migration-check`; returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, MIGRATION_USAGE, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { match: { type: "string" }, all: { type: "boolean" }, json: { type: "boolean" }, "max-users": { type: "string" }, timeout: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.stdout.write(`${MIGRATION_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the environment to check" : `one environment at a time (got ${positionals.join(", ")})`);
    const match = (values.match ?? "email") as MatchField;
    if (match !== "email" && match !== "login") throw new UsageError(`--match must be email or login (got "${values.match}")`);
    const maxUsers = values["max-users"] === undefined ? 10_000 : Number(values["max-users"]);
    if (!Number.isInteger(maxUsers) || maxUsers < 1) throw new UsageError(`--max-users must be a whole number of at least 1 (got "${values["max-users"]}")`);
    const timeoutMs = timeoutOption(values.timeout);
    const environment = loadNamedEnvironment(positionals[0]!, io);
    const auth = io.env.GRAFANA_AUTH;
    if (!auth) throw new UsageError("GRAFANA_AUTH is not set: migration-check lists Grafana's users with the deploying identity's token (org.users:read), as a plan does");
    const outputs = await loadOutputs(environment, io, timeoutMs);
    const report = await runMigrationCheck({
      api: new GrafanaApi(outputs.grafanaUrl, auth, timeoutMs),
      scim: new GrafanaScimClient(outputs.tenantUrl, outputs.token, timeoutMs),
      match,
      maxUsers,
      progress: (checked, total) => {
        if (total > 100) io.stderr.write(`checked ${checked} of ${total} users\n`);
      },
    });
    const secrets = secretsOf(outputs.token, io.env);
    const results = [...report.results, ...rowResults(report.rows, values.all === true)];
    const heading = `migration-check ${environment.name}: ${report.rows.length} of ${report.total} users, matched on ${match}`;
    io.stdout.write(
      `${values.json ? renderJson(environment.name, report.results, secrets, { match, counts: migrationCounts(report.rows), users: report.rows }) : renderTable(heading, results, { colour: useColour(io.stdout, io.env), secrets })}\n`,
    );
    return exitCodeOf(results);
  });
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
