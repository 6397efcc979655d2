/**
 * `grafana-scim migration-check <environment>` (also `npm run migration-check -- <environment>`):
 * before anyone is assigned in the identity provider, lists Grafana's existing users (Grafana API
 * with the deploying identity, GRAFANA_AUTH) and looks each up through Grafana's SCIM API by the
 * identifier the identity provider will send as userName, as Grafana's migration guide does with
 * curl (verify/migration.ts). Reports who will be linked, created, or conflicts, with counts.
 * Read-only, paginated, bounded by --max-users, progress on stderr. Exit code 1 when any user
 * conflicts.
 */
import { exitCodeOf } from "../../verify/check";
import { GrafanaApi } from "../../verify/grafana/api";
import { GrafanaScimClient } from "../../verify/grafana/scim-client";
import { migrationCounts, rowResults, runMigrationCheck } from "../../verify/migration";
import { renderJson, renderTable, useColour } from "../../verify/render";
import { GRAFANA_AUTH_ENV } from "../../constructs/grafana/provider-config";
import { Command, UsageError, environmentsDir } from "../command";
import { POST_DEPLOY_OPTIONS, POST_DEPLOY_USAGE, environmentName, loadNamedEnvironment, loadOutputs, reportingStateErrors, secretsOf, timeoutOption } from "./post-deploy";

/** Default of `--max-users`. */
export const DEFAULT_MAX_USERS = 10_000;

export const migrationCheckCommand: Command = {
  summary: "before assigning users: will each existing Grafana user be linked, created, or conflict?",
  usage: [
    "usage: grafana-scim migration-check [options] <environment>",
    "",
    "Lists Grafana's existing users (GET /api/org/users/search with GRAFANA_AUTH, the deploying",
    "identity's token) and asks Grafana's SCIM API, with the SCIM token from the stack's state, for",
    "userName eq \"<identifier>\" per user, as Grafana's migration guide does with curl: exactly one",
    "record of this user: linked; none: created; several, no email, or another user's: conflict.",
    "Read-only. Progress on stderr above 100 users. Exit code 1 when a user conflicts or the state",
    "cannot be read, 2 for a usage mistake.",
    "",
    POST_DEPLOY_USAGE,
    "      --match email|login   the Grafana field the identity provider sends as userName",
    "                            (default email: Entra userPrincipalName, Okta login)",
    "      --all                 list the users that will be linked too (default: only those",
    "                            created or in conflict)",
    `      --max-users <n>       stop after n users (default ${DEFAULT_MAX_USERS})`,
  ].join("\n"),
  options: { ...POST_DEPLOY_OPTIONS, match: { type: "string" }, all: { type: "boolean" }, "max-users": { type: "string" } },
  positionals: true,
  async run(args, io) {
    const dir = environmentsDir(args, io);
    const name = environmentName(args, "check");
    const match = args.values.match ?? "email";
    if (match !== "email" && match !== "login") throw new UsageError(`--match must be email or login (got "${String(match)}")`);
    const rawMax = args.values["max-users"];
    const maxUsers = rawMax === undefined ? DEFAULT_MAX_USERS : Number(rawMax);
    if (!Number.isInteger(maxUsers) || maxUsers < 1) throw new UsageError(`--max-users must be a whole number of at least 1 (got "${String(rawMax)}")`);
    const timeoutMs = timeoutOption(args.values.timeout);
    const environment = loadNamedEnvironment(name, dir);
    const auth = io.env[GRAFANA_AUTH_ENV];
    if (!auth) throw new UsageError(`${GRAFANA_AUTH_ENV} is not set: migration-check lists Grafana's users with the deploying identity's token (org.users:read), as a plan does`);
    return reportingStateErrors(io, async () => {
      const outputs = await loadOutputs(environment, args, io, timeoutMs);
      const report = await runMigrationCheck({
        api: new GrafanaApi(outputs.grafanaUrl, auth, timeoutMs),
        scim: new GrafanaScimClient(outputs.tenantUrl, outputs.token, timeoutMs),
        match,
        maxUsers,
        progress: (checked, total) => {
          if (total > 100) io.err(`checked ${checked} of ${total} users\n`);
        },
      });
      const secrets = secretsOf(outputs.token, io.env);
      const results = [...report.results, ...rowResults(report.rows, args.values.all === true)];
      const heading = `migration-check ${environment.name}: ${report.rows.length} of ${report.total} users, matched on ${match}`;
      io.out(
        `${args.values.json === true ? renderJson(environment.name, report.results, secrets, { match, counts: migrationCounts(report.rows), users: report.rows }) : renderTable(heading, results, { colour: useColour({ isTTY: io.isTTY === true }, io.env), secrets })}\n`,
      );
      return exitCodeOf(results);
    });
  },
};
