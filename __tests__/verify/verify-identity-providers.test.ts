/**
 * `verify` for Entra ID and Okta environments, in-process (`main(argv, io)`), against the Grafana
 * stand-in (SCIMMY) and Graph and Okta stand-ins answering with Microsoft's documented and Okta's
 * recorded examples (`__tests__/fixtures/graph`, `__tests__/fixtures/okta`). The Graph client gets
 * a fixed test credential: it attaches tokens only to https Graph hosts, so the loopback stand-in
 * sees none (the credential choice itself is tested in verify/entra.test.ts).
 */
import "./support/read-outputs-once"; // first: before the commands load verify/outputs
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import type { TokenCredential } from "@azure/identity";
import { main } from "../../cli/grafana-scim";
import { defaultGrafanaState, NAMESPACES_PATH, startGrafana, type GrafanaState, type RunningServer } from "./support/grafana-server";
import { ENTRA_CLIENT_ID, ENVIRONMENTS, healthyGraphState, healthyOktaState, JOB, readFixture, SP, stackOutputs } from "./support/healthy";
import { startGraph, startOkta, type GraphState, type OktaState } from "./support/idp-servers";
import { applyOutputs, captureIo, tempProject, writeEnvironment } from "./support/state";

const TOKEN = "glsa_FAKE_verify_canary_scim_token_0003";
const GRAFANA_AUTH = "glsa_FAKE_verify_canary_deployer_0004";
const OKTA_API_TOKEN = "00FAKE_verify_canary_okta_api_token_000000005";
const USER_OBJECT_ID = "9bb0f679-a883-4a6f-8260-35b491b8b8c8";
const RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";

const staticCredential: TokenCredential = { getToken: async () => ({ token: "test-graph-access-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };

let root: string;
let grafana: RunningServer;
let graph: RunningServer;
let okta: RunningServer;
let tenantUrl: string;
const gState: GrafanaState = defaultGrafanaState();
const graphState = {} as GraphState;
const oktaState = {} as OktaState;

beforeAll(async () => {
  grafana = await startGrafana(gState);
  graph = await startGraph(graphState);
  okta = await startOkta(oktaState);
  tenantUrl = `${grafana.url}${NAMESPACES_PATH}/stacks-123456`;
  root = tempProject();
  const outputs = stackOutputs(tenantUrl, grafana.url);
  for (const name of ["entra", "okta"] as const) {
    writeEnvironment(root, name, ENVIRONMENTS[name]);
    applyOutputs(root, name, outputs[name], TOKEN);
  }
  // Entra with the groups claim for role sync (objectidentifier: groupClaims is refused with userUID).
  writeEnvironment(root, "entra-groups", { ...ENVIRONMENTS.entra, identityProvider: { ...ENVIRONMENTS.entra.identityProvider, singleSignOn: { externalUidClaim: "objectidentifier", groupClaims: "ApplicationGroup" } } });
  applyOutputs(root, "entra-groups", outputs.entra, TOKEN);
}, 120_000);

afterAll(async () => {
  await Promise.all([grafana.close(), graph.close(), okta.close()]);
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(gState, {
    scimToken: TOKEN,
    grafanaAuth: GRAFANA_AUTH,
    users: [{ id: "u-1", userId: 1, login: "bill", email: "billbob@contoso.com", externalId: USER_OBJECT_ID }, { id: "u-2", userId: 2, login: "okta-user", email: "testAcc-436654283@example.com", externalId: "00u9i70kiymkzutIT1d7" }],
    groups: [{ id: "g-1", displayName: "Grafana Users" }],
    saml: { enabled: true, assertionAttributeExternalUid: "userUID", allowSignUp: false },
    tokens: [{ name: "scim-1780000000", created: "2026-05-01T00:00:00Z", expiration: "2026-10-28T00:00:00Z", hasExpired: false, lastUsedAt: "2026-05-31T23:40:00Z" }],
    faults: {},
    requests: [],
  });
  Object.assign(graphState, healthyGraphState(tenantUrl));
  Object.assign(oktaState, healthyOktaState(OKTA_API_TOKEN));
});

type Report = { ok: boolean; checks: Array<{ id: string; status: string; detail: string; cause?: string; fix?: string }> };

async function verify(args: string[], env: NodeJS.ProcessEnv = {}, credential: TokenCredential | null = staticCredential) {
  const run = captureIo(root, { GRAFANA_AUTH, OKTA_API_TOKEN, ...env }, { overrides: { graphUrl: graph.url, oktaOrgUrl: okta.url, ...(credential ? { entraCredential: credential } : {}) } });
  const code = await main(["verify", ...args, "--json"], run.io);
  const stdout = run.stdout();
  for (const secret of [TOKEN, GRAFANA_AUTH, OKTA_API_TOKEN]) expect(stdout).not.toContain(secret);
  return { code, stderr: run.stderr(), report: JSON.parse(stdout) as Report };
}

const check = (report: Report, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(", ")}`);
  return found;
};

describe("Entra ID", () => {
  it("GIVEN a healthy Entra deployment WHEN verify runs THEN every check passes", async () => {
    const { code, report } = await verify(["entra"]);
    expect(report.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.id)).toEqual([
      "grafana.scim.namespace",
      "grafana.scim.users",
      "grafana.scim.groups",
      "grafana.token.expiry",
      "grafana.token.used",
      "grafana.saml.external-uid",
      "grafana.saml.allow-sign-up",
      "entra.job.state",
      "entra.job.quarantine",
      "entra.job.last-cycle",
      "entra.secret.tenant-url",
      "entra.mappings.user",
      "entra.mappings.group",
      "entra.saml.claim",
    ]);
    expect(check(report, "grafana.token.expiry").detail).toContain('"scim-1780000000"');
    expect(graphState.paths).toEqual(
      expect.arrayContaining([`/v1.0/servicePrincipals/${SP}/synchronization/jobs/${encodeURIComponent(JOB)}`, `/v1.0/servicePrincipals/${SP}/synchronization/secrets`, `/v1.0/servicePrincipals/${SP}/claimsMappingPolicies`]),
    );
  });

  describe("GIVEN singleSignOn.groupClaims (Grafana's role sync reads Entra's groups claim)", () => {
    const groupClaims = (report: Report) => check(report, "entra.saml.group-claims");

    it("WHEN the application's groupMembershipClaims is the configured value THEN the line passes, read by the client id", async () => {
      graphState.applications = { [ENTRA_CLIENT_ID]: { groupMembershipClaims: "ApplicationGroup" } };
      const { report } = await verify(["entra-groups"]);
      expect(groupClaims(report)).toMatchObject({ status: "pass", detail: "ApplicationGroup, as identityProvider.singleSignOn.groupClaims says" });
      expect(graphState.paths.some((p) => p.startsWith("/v1.0/applications(appId=") && p.includes(ENTRA_CLIENT_ID) && p.includes("$select=groupMembershipClaims"))).toBe(true);
    });

    it.each([
      ["changed in the portal", "SecurityGroup", "SecurityGroup (want ApplicationGroup)"],
      ["turned off by hand (Graph's null)", null, "None (want ApplicationGroup)"],
    ])("WHEN it was %s THEN the line fails with the value, why role sync breaks, and how to set it again; exit 1", async (_name, value, detail) => {
      graphState.applications = { [ENTRA_CLIENT_ID]: { groupMembershipClaims: value } };
      const { code, report } = await verify(["entra-groups"]);
      expect(groupClaims(report)).toMatchObject({ status: "fail", detail, cause: expect.stringContaining("role and org mapping"), fix: expect.stringContaining("terraform apply -replace=<the group-claims action's address>") });
      expect(code).toBe(1);
    });

    it("WHEN Graph refuses the read (403) THEN the line fails naming the permission; without groupClaims there is no such line", async () => {
      graphState.applications = { [ENTRA_CLIENT_ID]: { groupMembershipClaims: "ApplicationGroup" } };
      graphState.faults.application = { kind: "status", status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } } };
      const { report } = await verify(["entra-groups"]);
      expect(groupClaims(report)).toMatchObject({ status: "fail", fix: expect.stringContaining("Application.Read.All") });
      const { report: without } = await verify(["entra"]);
      expect(without.checks.map((c) => c.id)).not.toContain("entra.saml.group-claims");
    });
  });

  it("GIVEN a new token Entra has not used yet THEN that passes: the apply handed it over", async () => {
    gState.tokens = [{ name: "scim-1780000000", created: "2026-05-31T00:00:00Z", expiration: "2026-10-28T00:00:00Z", hasExpired: false, lastUsedAt: null }];
    const { report } = await verify(["entra"]);
    expect(check(report, "grafana.token.used")).toMatchObject({ status: "pass", detail: expect.stringContaining("Entra ID received it with the apply") });
  });

  it("GIVEN Graph's documented job example (paused, quarantined) THEN the job and quarantine lines fail with cause and fix", async () => {
    graphState.job = readFixture("graph/synchronization-job.json");
    const { code, report } = await verify(["entra"]);
    expect(code).toBe(1);
    expect(check(report, "entra.job.state")).toMatchObject({ status: "fail", detail: "status Paused, schedule Disabled", cause: "the job is paused: nothing is provisioned" });
    expect(check(report, "entra.job.quarantine")).toMatchObject({ status: "fail", detail: expect.stringContaining("SalesforceInvalidCredentials"), cause: expect.stringContaining("HTTP 401/403") });
    expect(check(report, "entra.job.last-cycle").status).toBe("warn");
  });

  it("GIVEN a cycle with escrowed entries THEN a warning; GIVEN a failed cycle THEN a failure with the error", async () => {
    (graphState.job as Record<string, any>).status.lastExecution = { state: "EntryLevelErrors", countExported: 2, countEscrowed: 3, error: null };
    expect(check((await verify(["entra"])).report, "entra.job.last-cycle")).toMatchObject({ status: "warn", cause: "3 entries failed and are retried (escrowed)" });
    (graphState.job as Record<string, any>).status.lastExecution = { state: "Failed", countEscrowed: 0, error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", message: "HTTP 401" } };
    expect(check((await verify(["entra"])).report, "entra.job.last-cycle")).toMatchObject({ status: "fail", detail: expect.stringContaining("SystemForCrossDomainIdentityManagementCredentialValidationUnavailable: HTTP 401") });
  });

  it("GIVEN the job's secret points at another namespace THEN the secret line fails, naming both URLs", async () => {
    graphState.secrets = { value: [{ key: "BaseAddress", value: tenantUrl.replace("stacks-123456", "default") }, { key: "SecretToken", value: "*" }] };
    const { report } = await verify(["entra"]);
    expect(check(report, "entra.secret.tenant-url")).toMatchObject({ status: "fail", detail: expect.stringContaining("namespaces/default, Grafana's tenant URL is"), cause: expect.stringContaining("invalid namespace") });
  });

  it("GIVEN Microsoft's default mappings (externalId from mailNickname) THEN the mapping line fails with the login consequence", async () => {
    graphState.schema = readFixture("entra/scim-job-schema.json");
    const { report } = await verify(["entra"]);
    const line = check(report, "entra.mappings.user");
    expect(line.status).toBe("fail");
    expect(line.detail).toContain("externalId: [mailNickname] (want [objectId])");
    expect(line.cause).toContain("User sync failed");
    expect(check(report, "entra.mappings.group").status).toBe("pass");
  });

  it("GIVEN active edited in the portal to flow on create only (ObjectAddOnly) THEN the mapping line fails: nobody would be deactivated", async () => {
    const schema = graphState.schema as { synchronizationRules: Array<{ objectMappings: Array<{ sourceObjectName: string; attributeMappings: Array<Record<string, unknown>> }> }> };
    const users = schema.synchronizationRules[0]!.objectMappings.find((om) => om.sourceObjectName === "User")!;
    users.attributeMappings.find((m) => m.targetAttributeName === "active")!.flowType = "ObjectAddOnly";
    const line = check((await verify(["entra"])).report, "entra.mappings.user");
    expect(line.status).toBe("fail");
    expect(line.detail).toContain("active: flow type ObjectAddOnly (want Always)");
  });

  it("GIVEN no claims mapping policy on the app THEN the claim line fails: the userUID assertion is missing", async () => {
    graphState.claimsMappingPolicies = { value: [] };
    const { report } = await verify(["entra"]);
    expect(check(report, "entra.saml.claim")).toMatchObject({ status: "fail", cause: expect.stringContaining('"User sync failed"') });
  });

  it("GIVEN Graph refuses the identity (403) THEN the job line names the permissions to grant, and stops there", async () => {
    graphState.faults.job = { kind: "status", status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." } } };
    const { report } = await verify(["entra"]);
    expect(check(report, "entra.job.state")).toMatchObject({ status: "fail", detail: "Graph HTTP 403 Authorization_RequestDenied", fix: expect.stringContaining("Synchronization.Read.All") });
    expect(report.checks.some((c) => c.id === "entra.secret.tenant-url")).toBe(false);
  });

  it("GIVEN Graph is slow THEN the job line fails at the time-out", async () => {
    graphState.faults.job = { kind: "slow", ms: 5000 };
    const started = Date.now();
    const { report } = await verify(["entra", "--timeout", "0.5"]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(check(report, "entra.job.state")).toMatchObject({ status: "fail", detail: expect.stringContaining("no answer before the time-out") });
  });

  it("GIVEN --user WHEN verify runs THEN the user is provisioned on demand with the user rule, then found once in Grafana by externalId", async () => {
    const { code, report } = await verify(["entra", "--user", USER_OBJECT_ID]);
    expect(code).toBe(0);
    expect(graphState.provisioned).toEqual([{ parameters: [{ ruleId: RULE_ID, subjects: [{ objectId: USER_OBJECT_ID, objectTypeName: "User" }] }] }]);
    expect(check(report, "entra.user.provision")).toMatchObject({ status: "pass", detail: "Skipped (RedundantExport: The state of the user in both the source and target systems already match.)" });
    expect(check(report, "grafana.scim.user")).toMatchObject({ status: "pass", detail: "exactly one active user: billbob@contoso.com (id u-1)" });
  });

  it("GIVEN --user for a user Entra cannot provision THEN both end-to-end lines fail", async () => {
    graphState.provisionOnDemand = { key: JSON.stringify({ result: "Failure", details: { errorCode: "UserNotAssigned", errorMessage: "The user is not assigned to the app." } }), value: "{}" };
    gState.users = gState.users.filter((u) => u.externalId !== USER_OBJECT_ID);
    const { code, report } = await verify(["entra", "--user", USER_OBJECT_ID]);
    expect(code).toBe(1);
    expect(check(report, "entra.user.provision")).toMatchObject({ status: "fail", detail: "Failure (UserNotAssigned: The user is not assigned to the app.)" });
    expect(check(report, "grafana.scim.user").status).toBe("fail");
  });

  it("GIVEN no usable ARM_* credential THEN one Entra line says which variables to set", async () => {
    const { report } = await verify(["entra"], { ARM_USE_CLI: "false" }, null);
    expect(check(report, "entra.credential")).toMatchObject({ status: "fail", detail: expect.stringContaining("set ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC") });
  });

  it("GIVEN an Entra sign-in host that accepts the connection and never answers THEN the token request ends at --timeout, closes the socket, and the Entra line says so", async () => {
    const sockets: net.Socket[] = [];
    const closed: boolean[] = [];
    const authority = net.createServer((socket) => {
      sockets.push(socket);
      socket.resume(); // read (and drop) the TLS hello, so that the client's close is seen
      socket.on("close", () => closed.push(true));
    });
    await new Promise<void>((resolve) => authority.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(authority.address() as net.AddressInfo).port}`;
    try {
      const run = captureIo(root, { GRAFANA_AUTH, OKTA_API_TOKEN, ARM_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ARM_CLIENT_SECRET: "fake-entra-client-secret-value" }, {
        // Graph on https, where the client asks the credential for a token before each call (nothing listens there: the token never comes).
        overrides: { graphUrl: "https://127.0.0.1:1", oktaOrgUrl: okta.url, entraAuthorityHost: `https://${host}` },
      });
      const started = Date.now();
      const code = await main(["verify", "entra", "--json", "--timeout", "2"], run.io);
      const elapsed = Date.now() - started;
      const report = JSON.parse(run.stdout()) as Report;
      expect(code).toBe(1);
      expect(check(report, "entra.job.state")).toMatchObject({ status: "fail", detail: `${host}: no Entra token before the time-out (2 s)`, cause: `${host} did not answer in time` });
      // One connection (no retry loop), closed by the request deadline rather than left to hold the process open.
      expect(sockets).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(closed).toEqual([true]);
      // The deadline, not @azure/identity's retries (three by default, each waiting on the socket), bounds the run.
      expect(elapsed).toBeLessThan(10_000);
      expect(run.stdout()).not.toContain("fake-entra-client-secret-value");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => authority.close(resolve));
    }
  }, 30_000);

  it("GIVEN a cloud ARM_ENVIRONMENT verify does not know THEN the credential line says which it supports", async () => {
    const { report } = await verify(["entra"], { ARM_ENVIRONMENT: "germany" }, null);
    expect(check(report, "entra.credential")).toMatchObject({ status: "fail", detail: 'ARM_ENVIRONMENT "germany" is not supported by verify (global, usgovernment, china)' });
  });
});

describe("Okta", () => {
  it("GIVEN a healthy Okta deployment WHEN verify runs THEN every check passes, with the API token sent as SSWS", async () => {
    const { code, report } = await verify(["okta"]);
    expect(report.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
    expect(report.checks.map((c) => c.id).slice(7)).toEqual(["okta.app.active", "okta.app.scim-features", "okta.app.group-push", "okta.saml.claim"]);
    expect(new Set(oktaState.authorizations)).toEqual(new Set([`SSWS ${OKTA_API_TOKEN}`]));
  });

  it("GIVEN a replaced token nobody pasted into Okta yet THEN a warning: Okta still holds the deleted one, while verify (with the state's token) passes", async () => {
    gState.tokens = [
      { name: "scim-1770000000", created: "2026-02-01T00:00:00Z", expiration: "2026-07-30T00:00:00Z", hasExpired: false, lastUsedAt: "2026-05-30T10:00:00Z" },
      { name: "scim-1780000000", created: "2026-05-31T00:00:00Z", expiration: "2026-11-27T00:00:00Z", hasExpired: false, lastUsedAt: null },
    ];
    const { code, report } = await verify(["okta"]);
    expect(check(report, "grafana.scim.users")).toMatchObject({ status: "pass" });
    expect(check(report, "grafana.token.used")).toMatchObject({ status: "warn", detail: 'token "scim-1780000000" has never been used', fix: expect.stringContaining("paste the new token") });
    expect(code).toBe(0);
  });

  it("GIVEN the recorded app before the manual SCIM step (features []) THEN the features line fails with the runbook", async () => {
    oktaState.app.features = [];
    const { report } = await verify(["okta"]);
    expect(check(report, "okta.app.scim-features")).toMatchObject({ status: "fail", detail: "missing SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION", fix: "follow the runbook: npm run runbook -- okta" });
  });

  it("GIVEN an inactive app and the recorded attribute statements THEN the app and claim lines fail", async () => {
    const recorded = readFixture("okta/app-saml.json");
    oktaState.app.status = "INACTIVE";
    oktaState.app.settings = recorded.settings;
    const { report } = await verify(["okta"]);
    expect(check(report, "okta.app.active")).toMatchObject({ status: "fail", detail: '"testAcc_826687444" INACTIVE, SAML_2_0' });
    expect(check(report, "okta.saml.claim")).toMatchObject({ status: "fail", detail: 'no attribute statement "userUID" (has Attr One, Attr Two)', cause: expect.stringContaining("User sync failed") });
  });

  it("GIVEN a group push in error THEN fail; GIVEN no group push API THEN a warning to check by hand", async () => {
    oktaState.pushMappings = [{ id: "gpm1", sourceGroupId: "00g1a2b3c4d5e6f7g8h9", status: "ERROR", errorSummary: "Failed to push group: HTTP 403" }];
    expect(check((await verify(["okta"])).report, "okta.app.group-push")).toMatchObject({ status: "fail", detail: expect.stringContaining("Failed to push group: HTTP 403") });
    oktaState.pushMappings = undefined;
    expect(check((await verify(["okta"])).report, "okta.app.group-push")).toMatchObject({ status: "warn" });
  });

  it("GIVEN a token Okta rejects THEN the app line fails with Okta's error and the scopes to grant", async () => {
    const { report } = await verify(["okta"], { OKTA_API_TOKEN: "00FAKE_wrong_okta_token_00000000000000000006" });
    expect(check(report, "okta.app.active")).toMatchObject({ status: "fail", detail: "Okta HTTP 401 E0000011: Invalid token provided", fix: expect.stringContaining("okta.apps.read") });
  });

  it("GIVEN Okta answers with a redirect THEN it is reported, not followed: the API token never reaches the other URL", async () => {
    const seen: string[] = [];
    const elsewhere = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? "(none)");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(oktaState.app));
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const target = `http://127.0.0.1:${(elsewhere.address() as net.AddressInfo).port}/login`;
    oktaState.faults.app = { kind: "status", status: 302, body: {}, headers: { location: target } };
    try {
      const { report } = await verify(["okta"]);
      expect(check(report, "okta.app.active")).toMatchObject({ status: "fail", detail: "Okta HTTP 302: a redirect, not followed (the API token is never sent on)", cause: expect.stringContaining("the org URL redirects") });
      expect(seen).toEqual([]);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it("GIVEN Okta drops the connection THEN the app line says so", async () => {
    oktaState.faults.app = { kind: "drop" };
    const { report } = await verify(["okta"]);
    expect(check(report, "okta.app.active")).toMatchObject({ status: "fail", cause: expect.stringMatching(/dropped the connection|failed below HTTP/) });
  });

  it("GIVEN --user <login> THEN the Okta user is looked up and found once in Grafana by its Okta id", async () => {
    const { code, report } = await verify(["okta", "--user", "testAcc-436654283@example.com"]);
    expect(code).toBe(0);
    expect(check(report, "okta.user.lookup")).toMatchObject({ status: "pass", detail: "testAcc-436654283@example.com: Okta id 00u9i70kiymkzutIT1d7, PROVISIONED" });
    expect(check(report, "grafana.scim.user")).toMatchObject({ status: "pass" });
  });

  it("GIVEN no Okta credential THEN the Okta checks are skipped with the variables to set", async () => {
    const { report } = await verify(["okta"], { OKTA_API_TOKEN: "" });
    expect(check(report, "okta.app.active")).toMatchObject({ status: "skip", detail: expect.stringContaining("OKTA_API_TOKEN") });
  });

  it("GIVEN no Okta credential and --require-credentials THEN the Okta check fails naming the variables, exit 1", async () => {
    const { code, report } = await verify(["okta", "--require-credentials"], { OKTA_API_TOKEN: "" });
    expect(check(report, "okta.app.active")).toMatchObject({ status: "fail", cause: expect.stringContaining("OKTA_API_TOKEN (or the OKTA_API_* OAuth variables) is not set") });
    expect(code).toBe(1);
  });
});
