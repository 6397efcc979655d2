import { validateEnvironment } from "../../environment-format";

const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const APP = "11111111-0000-4000-8000-000000000001";
const SP = "22222222-0000-4000-8000-000000000002";
const JOB = "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003";
const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/metadata" } };
const entra = { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana", groups: [{ displayName: "Grafana Users" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }] };
const okta = { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] };

describe("adopt is validated with field-named errors", () => {
  const problems = (doc: object) => validateEnvironment(doc).problems.map((p) => `${p.field}: ${p.problem}`);

  it.each<[string, object, string[]]>([
    ["a malformed service account id", { ...cloud, adopt: { grafana: { serviceAccountId: "scim-provisioner" } } }, ["adopt.grafana.serviceAccountId: must be the service account's id, e.g. 42 or 1:42 (<orgId>:<id>)"]],
    ["a service account of another organization", { ...cloud, adopt: { grafana: { serviceAccountId: "2:42" } } }, [
      "adopt.grafana.serviceAccountId: is in organization 2; only organization 1 can be set up (grafana provider 4.45.1's grafana_scim_config always configures organization 1's SCIM settings on self-hosted Grafana, and a Grafana Cloud stack has organization 1 only)",
    ]],
    ["a role uid with a colon (the provider splits ids there)", { ...cloud, adopt: { grafana: { serviceAccountId: "42", customRoleUid: "custom:scim" } } }, [
      "adopt.grafana.customRoleUid: must be a Grafana role uid: letters, digits, - and _, at most 40 characters (GET /api/access-control/roles shows it)",
    ]],
    ["Entra ids without an Entra identity provider", { ...cloud, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB } } }, ['adopt.entra: needs identityProvider of kind "entra" (got none)']],
    ["a non-UUID object id", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: "grafana", servicePrincipalObjectId: SP, synchronizationJobId: JOB } } }, ['adopt.entra.applicationObjectId: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "grafana")']],
    ["a job id without its template prefix", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: "33333333-0000-4000-8000-000000000003" } } }, ["adopt.entra.synchronizationJobId: must be the provisioning job id, scim.<32 hex>.<client id> (GET servicePrincipals/{id}/synchronization/jobs)"]],
    ["an assignment for a group not configured", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { Admins: "x" } } } }, ["adopt.entra.groupAssignmentIds.Admins: names no group of identityProvider.groups (use its objectId or displayName as written there)"]],
    ["a template sequence in a role uid (import ids are evaluated)", { ...cloud, adopt: { grafana: { serviceAccountId: "42", customRoleUid: 'id-${upper("x")}' } } }, [
      "adopt.grafana.customRoleUid: must be a Grafana role uid: letters, digits, - and _, at most 40 characters (GET /api/access-control/roles shows it)",
    ]],
    ["a template sequence in an assignment id", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { "Grafana Users": "%{x}" } } } }, [
      'adopt.entra.groupAssignmentIds.Grafana Users: must not contain "%{": Terraform would read it as a template (got "%{x}")',
    ]],
    ["adopted single sign-on without managed single sign-on", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, singleSignOn: {} } } }, [
      "adopt.entra.singleSignOn: needs identityProvider.singleSignOn: without it no single sign-on is managed to import",
    ]],
    ["a signing certificate key id that is not a UUID", { ...cloud, identityProvider: { ...entra, singleSignOn: {} }, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, singleSignOn: { signingCertificateKeyId: "CN=Grafana" } } } }, [
      'adopt.entra.singleSignOn.signingCertificateKeyId: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "CN=Grafana")',
    ]],
    ["an Okta app id of the wrong shape", { ...cloud, identityProvider: okta, adopt: { okta: { appId: "grafana" } } }, ["adopt.okta.appId: must be the Okta app id, 0oa followed by 17 letters or digits"]],
    ["Okta ids with Entra", { ...cloud, identityProvider: entra, adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } } }, ['adopt.okta: needs identityProvider of kind "okta" (got "entra")']],
  ])("rejects %s", (_name, doc, expected) => expect(problems(doc)).toEqual(expected));
});
