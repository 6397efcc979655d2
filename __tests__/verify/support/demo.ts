/**
 * Produces the sample run of docs/verify.md and the job-summary rows of docs/delivery.md:
 * `verify` and `migration-check` run against the local stand-ins used by the tests (SCIMMY for
 * Grafana's SCIM API, Graph's documented examples), with a local Terraform state read by the real
 * Terraform CLI. Run: npx tsx __tests__/verify/support/demo.ts
 * Host and port vary per run; the docs show them as 127.0.0.1:PORT. __tests__/docs/verify-sample.test.ts
 * checks that the docs show what this produces today.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TokenCredential } from "@azure/identity";
import { GRAFANA_USER_MAPPINGS, graphAttributeMapping } from "../../../constructs/entra/attribute-mappings";
import { userClaimsMappingPolicy } from "../../../constructs/entra/entra-ids";
import type { CommandIo } from "../../../cli/command";
import { main } from "../../../cli/grafana-scim";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana } from "./grafana-server";
import { startGraph, type GraphState } from "./idp-servers";
import { applyOutputs, tempProject, writeEnvironment } from "./state";

const fixture = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", file), "utf8"));

/** The sample run: the terminal transcript (stdout), what went to stderr, and the job summary the deploy workflow's verify step writes. */
export async function demoTranscript(): Promise<{ transcript: string; stderr: string; summary: string }> {
  const printed: string[] = [];
  const print = (text: string) => void printed.push(text);
  const errors: string[] = [];
  const token = "glsa_FAKE_demo_token_0000";
  const state = defaultGrafanaState();
  Object.assign(state, {
    scimToken: token,
    grafanaAuth: "glsa_FAKE_demo_deployer_0000",
    users: [
      { id: "u-1", userId: 1, login: "bill", email: "billbob@contoso.com", externalId: "9bb0f679-a883-4a6f-8260-35b491b8b8c8" },
      { id: "u-2", userId: 2, login: "ann", email: "ann@contoso.com", userName: "ann" },
      { id: "u-3", userId: 3, login: "legacy-admin" },
    ],
    groups: [{ id: "g-1", displayName: "Grafana Users" }],
    // example-entra.json keeps Entra's default claim (singleSignOn.externalUidClaim "objectidentifier").
    saml: { enabled: true, assertionAttributeExternalUid: "http://schemas.microsoft.com/identity/claims/objectidentifier", allowSignUp: false },
    tokens: [{ name: "scim-1780000000", created: "2026-05-01T00:00:00Z", expiration: "2026-06-10T00:00:00Z", hasExpired: false, lastUsedAt: "2026-05-31T23:40:00Z" }],
  });
  state.namespace = "stacks-234567"; // example-entra.json's stack id
  const grafana = await startGrafana(state);
  const schema = fixture("entra/scim-job-schema.json");
  for (const rule of schema.synchronizationRules) for (const om of rule.objectMappings) if (om.sourceObjectName === "User") om.attributeMappings = [...GRAFANA_USER_MAPPINGS.map(graphAttributeMapping), ...om.attributeMappings.filter((m: { targetAttributeName: string }) => !GRAFANA_USER_MAPPINGS.some((g) => g.target === m.targetAttributeName))];
  const job = fixture("graph/synchronization-job.json");
  Object.assign(job.status, { code: "Active", quarantine: null, lastExecution: { state: "Succeeded", timeEnded: "2026-05-31T23:40:00Z", countExported: 2, countEscrowed: 0, error: null } });
  job.schedule.state = "Active";
  /** The run's host and port as the docs show them. */
  const hidePort = (text: string) => text.replaceAll(grafana.url, "http://127.0.0.1:PORT");
  const tenantUrl = `${grafana.url}${NAMESPACES_PATH}/stacks-234567`;
  const graphState: GraphState = {
    job,
    schema,
    secrets: { value: [{ key: "BaseAddress", value: tenantUrl.replace("stacks-234567", "default") }, { key: "SecretToken", value: "*" }] },
    claimsMappingPolicies: { value: [{ definition: [userClaimsMappingPolicy([{ id: "objectid", samlClaimType: "userUID" }])] }] },
    // example-entra.json sends the groups claim (singleSignOn.groupClaims "ApplicationGroup"), read back by the client id.
    applications: { "0c2a9e11-0000-4000-8000-0000000000cc": { groupMembershipClaims: "ApplicationGroup" } },
    provisionOnDemand: fixture("graph/provision-on-demand.json"),
    faults: {},
    provisioned: [],
    paths: [],
  };
  const graph = await startGraph(graphState);
  const root = tempProject();
  writeEnvironment(root, "prod", JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "environments", "example-entra.json"), "utf8")));
  applyOutputs(root, "prod", { scim_tenant_url: tenantUrl, grafana_url: grafana.url, scim_service_account_id: "1:7", entra_service_principal_object_id: "5b2c1d7e-0000-4000-8000-00000000aa01", entra_synchronization_job_id: "scim.0123456789abcdef0123456789abcdef.5b2c1d7e-0000-4000-8000-00000000aa02", entra_client_id: "0c2a9e11-0000-4000-8000-0000000000cc" }, token);
  const credential: TokenCredential = { getToken: async () => ({ token: "demo", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const io: CommandIo = {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GRAFANA_AUTH: state.grafanaAuth, NO_COLOR: "1" },
    cwd: root,
    out: (t) => print(hidePort(t)),
    err: (t) => void errors.push(t),
    isTTY: false,
    now: () => new Date("2026-06-01T00:00:00Z"),
    overrides: { graphUrl: graph.url, entraCredential: credential },
  };
  try {
    print("$ npx grafana-scim verify prod --user 9bb0f679-a883-4a6f-8260-35b491b8b8c8\n");
    const code = await main(["verify", "prod", "--user", "9bb0f679-a883-4a6f-8260-35b491b8b8c8"], io);
    print(`(exit code ${code})\n\n$ npx grafana-scim migration-check prod\n`);
    const code2 = await main(["migration-check", "prod"], io);
    print(`(exit code ${code2})\n`);
    // What the deploy workflow's verify step appends to the job summary (its table goes to the log).
    const summaryFile = path.join(root, "summary.md");
    await main(["verify", "prod", "--summary-file", summaryFile], { ...io, out: () => undefined });
    return { transcript: printed.join(""), stderr: errors.join(""), summary: hidePort(fs.readFileSync(summaryFile, "utf8")) };
  } finally {
    await grafana.close();
    await graph.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void demoTranscript().then(({ transcript, stderr, summary }) => {
    process.stderr.write(stderr);
    process.stdout.write(`${transcript}\n$ npx grafana-scim verify prod --summary-file "$GITHUB_STEP_SUMMARY"; cat "$GITHUB_STEP_SUMMARY"\n${summary}`);
  });
}
