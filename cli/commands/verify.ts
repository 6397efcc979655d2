/**
 * `grafana-scim verify <environment>` (also `npm run verify -- <environment>`): proves a deployed
 * environment works. It reads the stack's outputs from its state (same backend and credentials as
 * a plan) and runs Grafana's "test the integration" and troubleshooting steps against Grafana's
 * SCIM API, Grafana's SAML settings, and Entra ID or Okta (verify/verify.ts). One line per check
 * with cause and fix; `--json` for pipelines (never a token); `--summary-file` appends a Markdown
 * table (the deploy workflow's job summary). Exit code 1 on any failed check.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { exitCodeOf, requiringCredentials } from "../../verify/check";
import { StateError } from "../../verify/outputs";
import { renderJson, renderMarkdown, renderTable, scrub, useColour } from "../../verify/render";
import { Command, UsageError, environmentsDir } from "../command";
import { POST_DEPLOY_OPTIONS, POST_DEPLOY_USAGE, environmentName, loadNamedEnvironment, loadOutputs, reportingStateErrors, secretsOf, timeoutOption } from "./post-deploy";

export const verifyCommand: Command = {
  summary: "after deploy: check Grafana's SCIM API, SAML, and Entra ID or Okta for one environment",
  usage: [
    "usage: grafana-scim verify [options] <environment>",
    "",
    "Reads the deployed stack's outputs (tenant URL, SCIM token, ids) from its Terraform state, with",
    "the same backend and credentials as a plan, and runs Grafana's \"test the integration\" and",
    "troubleshooting steps: the SCIM API with the token, the token's expiry, the SAML claim and",
    "sign-up, and the Entra ID provisioning job or the Okta app. One line per check (PASS, FAIL,",
    "WARN, SKIP) with cause and fix. Exit code 0 when nothing failed, 1 when a check failed or the",
    "state cannot be read, 2 for a usage mistake.",
    "",
    "Credentials, read as the providers read them: GRAFANA_AUTH (SAML settings, token expiry),",
    "ARM_* (Entra ID, including GitHub Actions OIDC), OKTA_API_TOKEN or OKTA_API_* (Okta), and the",
    "state backend's own (AWS_*, ARM_*, TF_TOKEN_*). A check without its credential is skipped,",
    "or fails with --require-credentials (pipelines: a missing credential is a misconfiguration).",
    "",
    POST_DEPLOY_USAGE,
    "      --user <id>           end to end: an Entra object id (provisioned on demand, which needs",
    "                            Synchronization.ReadWrite.All), an Okta user id or login, or an",
    "                            externalId; then exactly one active SCIM user must carry it",
    "      --summary-file <path> also append the table as Markdown (e.g. \"$GITHUB_STEP_SUMMARY\")",
    "      --require-credentials a check skipped for want of a credential fails instead (the",
    "                            deploy and drift workflows use it: a missing secret is no pass)",
  ].join("\n"),
  options: { ...POST_DEPLOY_OPTIONS, user: { type: "string" }, "summary-file": { type: "string" }, "require-credentials": { type: "boolean" } },
  positionals: true,
  async run(args, io) {
    const dir = environmentsDir(args, io);
    const name = environmentName(args, "verify");
    const user = args.values.user;
    if (typeof user === "string" && user.trim() === "") throw new UsageError("--user needs an id");
    const summaryFile = args.values["summary-file"];
    const timeoutMs = timeoutOption(args.values.timeout);
    const environment = loadNamedEnvironment(name, dir);
    if (typeof summaryFile === "string") {
      // Before any request: a path that cannot be appended to is a usage mistake, not a stack trace after the checks.
      try {
        fs.appendFileSync(path.resolve(io.cwd ?? process.cwd(), summaryFile), "");
      } catch (error) {
        throw new UsageError(`--summary-file ${summaryFile} cannot be appended to (${(error as { code?: string }).code ?? "not writable"})`);
      }
    }
    // Loaded here, not at the top: see post-deploy.ts.
    const { runVerify } = await import("../../verify/verify");
    const appendSummary = (markdown: string) => {
      if (typeof summaryFile === "string") fs.appendFileSync(path.resolve(io.cwd ?? process.cwd(), summaryFile), markdown);
    };
    return reportingStateErrors(io, async () => {
      let outputs;
      try {
        outputs = await loadOutputs(environment, args, io, timeoutMs);
      } catch (error) {
        // The job summary says it too: a pipeline reader sees why there is no table.
        if (error instanceof StateError) appendSummary(scrub(`### verify ${environment.name}: not run\n\nCannot read the deployed stack's outputs: ${error.message}\n\n**fix:** ${error.fix}\n\n`, secretsOf("", io.env)));
        throw error;
      }
      const overrides = io.overrides ?? {};
      const ran = await runVerify({
        environment,
        outputs,
        env: io.env,
        timeoutMs,
        now: io.now?.() ?? new Date(),
        ...(typeof user === "string" ? { user: user.trim() } : {}),
        ...(overrides.graphUrl ? { graphUrl: overrides.graphUrl } : {}),
        ...(overrides.oktaOrgUrl ? { oktaOrgUrl: overrides.oktaOrgUrl } : {}),
        ...(overrides.entraCredential ? { entraCredential: overrides.entraCredential } : {}),
        ...(overrides.entraAuthorityHost ? { entraAuthorityHost: overrides.entraAuthorityHost } : {}),
      });
      const results = args.values["require-credentials"] === true ? requiringCredentials(ran) : ran;
      const secrets = secretsOf(outputs.token, io.env);
      const heading = `verify ${environment.name}: ${outputs.tenantUrl}`;
      appendSummary(renderMarkdown(heading, results, secrets));
      io.out(
        `${args.values.json === true ? renderJson(environment.name, results, secrets, { tenantUrl: outputs.tenantUrl }) : renderTable(heading, results, { colour: useColour({ isTTY: io.isTTY === true }, io.env), secrets })}\n`,
      );
      return exitCodeOf(results);
    });
  },
};
