/**
 * A healthy Entra ID and Okta deployment as the stand-ins serve it (the documented examples in
 * `__tests__/fixtures`, set to what the stack leaves after a good apply), and the environment
 * files and stack outputs that belong to it. Shared by the in-process verify tests and the
 * bundle test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { GRAFANA_USER_MAPPINGS, graphAttributeMapping } from "../../../constructs/entra/attribute-mappings";
import { userClaimsMappingPolicy } from "../../../constructs/entra/entra-ids";
import type { GraphState, OktaState } from "./idp-servers";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
export const readFixture = (file: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"));

export const SP = "5b2c1d7e-0000-4000-8000-00000000aa01";
export const JOB = "scim.0123456789abcdef0123456789abcdef.5b2c1d7e-0000-4000-8000-00000000aa02";
export const ENTRA_CLIENT_ID = "0c2a9e11-0000-4000-8000-0000000000cc";
export const ENTRA_TENANT_ID = "72f988bf-0000-4000-8000-0000000000aa";
export const OKTA_APP = "0oa9i713ufFpBJlIV1d7";

/** Environment files of an Entra and an Okta environment (Grafana Cloud stack 123456, SAML signed with variables). */
export const ENVIRONMENTS = (() => {
  const base = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, saml: { signing: "variables" } };
  return {
    entra: {
      ...base,
      token: { lifetimeDays: 180, rotationDays: 90 },
      identityProvider: { kind: "entra", tenantId: ENTRA_TENANT_ID, appDisplayName: "Grafana", groups: [{ objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }], singleSignOn: { externalUidClaim: "userUID" } },
    },
    okta: {
      ...base,
      token: { lifetimeDays: 365, expiryWarningDays: 30 },
      identityProvider: { kind: "okta", orgName: "example", groups: [{ id: "00g1a2b3c4d5e6f7g8h9" }] },
    },
  };
})();

/** The stack outputs of {@link ENVIRONMENTS}, besides the token. */
export function stackOutputs(tenantUrl: string, grafanaUrl: string): { entra: Record<string, string>; okta: Record<string, string> } {
  const common = { scim_tenant_url: tenantUrl, grafana_url: grafanaUrl, scim_service_account_id: "1:7" };
  return {
    entra: { ...common, entra_service_principal_object_id: SP, entra_synchronization_job_id: JOB, entra_client_id: ENTRA_CLIENT_ID },
    okta: { ...common, okta_app_id: OKTA_APP },
  };
}

/** The fixture schema with Grafana's user mappings in place of Microsoft's defaults (what the stack's PUT leaves). */
export function grafanaSchema(): unknown {
  const schema = readFixture("entra/scim-job-schema.json");
  for (const rule of schema.synchronizationRules) {
    for (const om of rule.objectMappings) {
      if (om.sourceObjectName !== "User") continue;
      const ours = GRAFANA_USER_MAPPINGS.map(graphAttributeMapping);
      om.attributeMappings = [...ours, ...om.attributeMappings.filter((m: { targetAttributeName: string }) => !ours.some((o) => o.targetAttributeName === m.targetAttributeName))];
    }
  }
  return schema;
}

/** Graph's documented job example, active, out of quarantine, its last cycle a success. */
export function healthyJob(): Record<string, any> {
  const job = readFixture("graph/synchronization-job.json");
  job.id = JOB;
  job.schedule.state = "Active";
  job.status.code = "Active";
  job.status.quarantine = null;
  job.status.lastExecution = { state: "Succeeded", timeEnded: "2026-05-31T23:40:00Z", countExported: 3, countEscrowed: 0, error: null };
  return job;
}

/** Graph's answers for a healthy Entra environment whose secret holds `tenantUrl`. */
export function healthyGraphState(tenantUrl: string): GraphState {
  return {
    job: healthyJob(),
    schema: grafanaSchema(),
    secrets: { value: [{ key: "BaseAddress", value: tenantUrl }, { key: "SecretToken", value: "*" }] },
    claimsMappingPolicies: { value: [{ id: "cmp-1", displayName: "Grafana userUID", definition: [userClaimsMappingPolicy([{ id: "objectid", samlClaimType: "userUID" }])], isOrganizationDefault: false }] },
    provisionOnDemand: readFixture("graph/provision-on-demand.json"),
    applications: {},
    faults: {},
    provisioned: [],
    paths: [],
  };
}

/** Okta's answers for a healthy Okta environment (SCIM and the push features on, group push active). */
export function healthyOktaState(apiToken: string): OktaState {
  const app = readFixture("okta/app-saml.json");
  app.features = ["GROUP_PUSH", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "SCIM_PROVISIONING"];
  app.settings.signOn.attributeStatements = [
    { type: "EXPRESSION", name: "userUID", namespace: "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified", values: ['user.getInternalProperty("id")'] },
    { type: "EXPRESSION", name: "Login", namespace: "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified", values: ["user.login"] },
  ];
  return {
    apiToken,
    app,
    user: readFixture("okta/user.json"),
    pushMappings: [{ id: "gpm1", sourceGroupId: "00g1a2b3c4d5e6f7g8h9", targetGroupId: "g-1", status: "ACTIVE" }],
    faults: {},
    authorizations: [],
  };
}
