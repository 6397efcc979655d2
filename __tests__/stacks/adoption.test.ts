import { appRoleAssignmentImportId, applicationFromTemplateImportId, synchronizationJobImportId } from "../../constructs/entra/import-ids";
import { roleAssignmentImportId, samlSettingsImportId, scimConfigImportId, splitOrgScopedId } from "../../constructs/grafana/import-ids";
import { validateEnvironment } from "../../stacks/environment";
import { environment, synthEnvironment } from "../support/environments";
import { parseStack } from "../support/terraform";
import type { Template } from "../support/template";

const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const APP = "11111111-0000-4000-8000-000000000001";
const SP = "22222222-0000-4000-8000-000000000002";
const JOB = "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003";
const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/metadata" } };
const entra = { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana", groups: [{ displayName: "Grafana Users" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }] };
const okta = { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] };

/** `to` -> `id` of every import block, with logical ids reduced to their resource type. */
function imports(t: Template): Array<[string, string]> {
  return ((t.json.import ?? []) as Array<{ to: string; id: string }>).map((i) => [i.to.split(".")[0]!, i.id]);
}

describe("import ids", () => {
  it("splits Grafana's org-scoped ids", () => {
    expect(splitOrgScopedId("1:42")).toEqual({ orgId: "1", id: "42" });
    expect(splitOrgScopedId("42")).toEqual({ id: "42" });
    expect(() => splitOrgScopedId("sa-42")).toThrow(/\[<orgId>:\]<id>/);
  });

  it("builds each provider's format", () => {
    expect(roleAssignmentImportId("uid1", { orgId: "1", id: "42" })).toBe("1:uid1:service_account:42");
    expect(roleAssignmentImportId("uid1", { id: "42" })).toBe("uid1:service_account:42");
    expect(scimConfigImportId(undefined)).toBe("1");
    expect(samlSettingsImportId("2")).toBe("2:saml");
    expect(applicationFromTemplateImportId(APP, SP)).toBe(`/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`);
    expect(synchronizationJobImportId(SP, JOB)).toBe(`/servicePrincipals/${SP}/synchronization/jobs/${JOB}`);
    expect(appRoleAssignmentImportId(SP, "abc")).toBe(`/servicePrincipals/${SP}/appRoleAssignedTo/abc`);
  });
});

describe("adopting a setup made by hand", () => {
  it("GIVEN no adopt section THEN no import block", () => {
    expect(synthEnvironment(environment("dev", { ...cloud, identityProvider: entra })).json.import).toBeUndefined();
  });

  it("GIVEN Grafana ids with the custom-role model THEN the account, role, assignment, SCIM and SAML settings are imported; the token is not", () => {
    const t = synthEnvironment(environment("dev", { ...cloud, adopt: { grafana: { serviceAccountId: "1:42", customRoleUid: "scimrole" } } }));
    expect(imports(t)).toEqual([
      ["grafana_service_account", "1:42"],
      ["grafana_role", "1:scimrole"],
      ["grafana_role_assignment_item", "1:scimrole:service_account:42"],
      ["grafana_scim_config", "1"],
      ["grafana_sso_settings", "1:saml"],
    ]);
    const tos = (t.json.import as Array<{ to: string }>).map((i) => i.to);
    expect(tos).toContain(t.address("grafana_service_account"));
    expect(tos).not.toContain(t.address("grafana_service_account_token"));
  });

  it("GIVEN the custom-role model without the role's uid THEN the role and its assignment are created, not imported", () => {
    const t = synthEnvironment(environment("dev", { grafana: cloud.grafana, adopt: { grafana: { serviceAccountId: "42" } } }));
    expect(imports(t)).toEqual([
      ["grafana_service_account", "42"],
      ["grafana_scim_config", "1"],
    ]);
  });

  it("GIVEN fixed roles THEN their assignments are imported with the uids read by name during the plan", () => {
    const t = synthEnvironment(environment("dev", { grafana: cloud.grafana, serviceAccount: { permissions: "fixed-roles" }, adopt: { grafana: { serviceAccountId: "42" } } }));
    const assignments = imports(t).filter(([type]) => type === "grafana_role_assignment_item").map(([, id]) => id);
    expect(assignments).toEqual(
      Object.keys(t.dataSources("grafana_role")).map((id) => `\${data.grafana_role.${id}.uid}:service_account:42`),
    );
  });

  it("GIVEN Entra ids THEN the app and the job are imported with azuread's /… prefixes, and assignments whose ids are given", () => {
    const t = synthEnvironment(
      environment("dev", {
        ...cloud,
        identityProvider: entra,
        adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { "Grafana Users": "aBc-123_x" } } },
      }),
    );
    // Import blocks are unordered in Terraform; compare them as a set.
    expect(imports(t).sort()).toEqual(
      [
        ["azuread_application_from_template", `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`],
        ["azuread_synchronization_job", `/servicePrincipals/${SP}/synchronization/jobs/${JOB}`],
        ["azuread_app_role_assignment", `/servicePrincipals/${SP}/appRoleAssignedTo/aBc-123_x`],
      ].sort(),
    );
    const assignment = (t.json.import as Array<{ to: string; id: string }>).find((i) => i.to.startsWith("azuread_app_role_assignment"))!;
    expect(assignment.to).toMatch(/name-GrafanaUsers/);
    expect(parseStack(t.json)).toContain("hashicorp/azuread");
  });

  it("GIVEN an Okta app id THEN the app and its group assignments are imported by it", () => {
    const t = synthEnvironment(environment("dev", { ...cloud, identityProvider: okta, adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } } }));
    expect(imports(t)).toEqual([
      ["okta_app_saml", "0oa1a2b3c4d5e6f7g8h9"],
      ["okta_app_group_assignments", "0oa1a2b3c4d5e6f7g8h9"],
    ]);
    expect(parseStack(t.json)).toContain("okta/okta");
  });
});

describe("adopt is validated with field-named errors", () => {
  const problems = (doc: object) => validateEnvironment(doc).problems.map((p) => `${p.field}: ${p.problem}`);

  it.each<[string, object, string[]]>([
    ["a malformed service account id", { ...cloud, adopt: { grafana: { serviceAccountId: "scim-provisioner" } } }, ["adopt.grafana.serviceAccountId: must be the service account's id, e.g. 42 or 1:42 (<orgId>:<id>)"]],
    ["a role uid with fixed roles", { ...cloud, serviceAccount: { permissions: "fixed-roles" }, adopt: { grafana: { serviceAccountId: "42", customRoleUid: "x" } } }, ['adopt.grafana.customRoleUid: needs serviceAccount.permissions "custom-role"']],
    ["Entra ids without an Entra identity provider", { ...cloud, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB } } }, ['adopt.entra: needs identityProvider of kind "entra" (got none)']],
    ["a non-UUID object id", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: "grafana", servicePrincipalObjectId: SP, synchronizationJobId: JOB } } }, ['adopt.entra.applicationObjectId: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "grafana")']],
    ["a job id without its template prefix", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: "33333333-0000-4000-8000-000000000003" } } }, ["adopt.entra.synchronizationJobId: must be the provisioning job id, scim.<32 hex>.<client id> (GET servicePrincipals/{id}/synchronization/jobs)"]],
    ["an assignment for a group not configured", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { Admins: "x" } } } }, ["adopt.entra.groupAssignmentIds.Admins: names no group of identityProvider.groups (use its objectId or displayName as written there)"]],
    ["a template sequence in a role uid (import ids are evaluated)", { ...cloud, adopt: { grafana: { serviceAccountId: "42", customRoleUid: 'id-${upper("x")}' } } }, [
      'adopt.grafana.customRoleUid: must not contain "${": Terraform would read it as a template (got "id-${upper(\"x\")}")',
    ]],
    ["a template sequence in an assignment id", { ...cloud, identityProvider: entra, adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { "Grafana Users": "%{x}" } } } }, [
      'adopt.entra.groupAssignmentIds.Grafana Users: must not contain "%{": Terraform would read it as a template (got "%{x}")',
    ]],
    ["an Okta app id of the wrong shape", { ...cloud, identityProvider: okta, adopt: { okta: { appId: "grafana" } } }, ["adopt.okta.appId: must be the Okta app id, 0oa followed by 17 letters or digits"]],
    ["Okta ids with Entra", { ...cloud, identityProvider: entra, adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } } }, ['adopt.okta: needs identityProvider of kind "okta" (got "entra")']],
  ])("rejects %s", (_name, doc, expected) => expect(problems(doc)).toEqual(expected));
});
