/** `grafana-scim runbook <environment>`: the manual Okta SCIM steps (scripts/runbook.ts). */
import { oktaEnvironmentNames, runbookFor } from "../../scripts/runbook";
import { Command, ENVIRONMENTS_OPTION, ENVIRONMENTS_USAGE, UsageError, environmentsDir } from "../command";

export const runbookCommand: Command = {
  summary: "print the manual Okta SCIM steps of an Okta environment (no credentials needed)",
  usage: [
    "usage: grafana-scim runbook [--environments <dir>] <environment>",
    "",
    "Prints the clicks in Okta's admin console and the exact values (SCIM base URL, unique",
    "identifier, actions) for the Okta environment <environment>.json. The token is never printed.",
    "",
    ENVIRONMENTS_USAGE,
  ].join("\n"),
  options: { ...ENVIRONMENTS_OPTION },
  positionals: true,
  run(args, io) {
    const dir = environmentsDir(args, io);
    if (args.positionals.length !== 1) {
      throw new UsageError(`expected one environment name. Okta environments: ${oktaEnvironmentNames(dir).join(", ") || "none"}`);
    }
    io.out(`${runbookFor(args.positionals[0]!, dir)}\n`);
    return 0;
  },
};
