import { appRoleAssignmentImportId, applicationFromTemplateImportId, synchronizationJobImportId } from "../../constructs/entra/import-ids";
import { roleAssignmentImportId, roleImportId, SAML_SETTINGS_IMPORT_ID, scimConfigImportId, serviceAccountImportId, splitOrgScopedId } from "../../constructs/grafana/import-ids";
import { environment, synthEnvironment } from "../support/environments";
import { parseImportId, PROVIDER_ORG_ID } from "../support/provider-import-ids";
import { parseStack } from "../support/terraform";
import type { Template } from "../support/template";

const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const APP = "11111111-0000-4000-8000-000000000001";
const SP = "22222222-0000-4000-8000-000000000002";
const JOB = "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003";
const KEY = "44444444-0000-4000-8000-000000000004";
/** Every azuread resource an adoption with single sign-on and a signing certificate imports. */
const AZUREAD_IMPORTED = {
  azuread_application_from_template: true,
  azuread_synchronization_job: true,
  azuread_app_role_assignment: true,
  azuread_application_identifier_uri: true,
  azuread_application_redirect_uris: true,
  azuread_service_principal_token_signing_certificate: true,
};
const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 }, saml: { signing: "variables", idpMetadataUrl: "https://idp.example.com/metadata" } };
const entra = { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana", groups: [{ displayName: "Grafana Users" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }] };
const okta = { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] };

/** `to` -> `id` of every import block, with logical ids reduced to their resource type. */
function imports(t: Template): Array<[string, string]> {
  return ((t.json.import ?? []) as Array<{ to: string; id: string }>).map((i) => [i.to.split(".")[0]!, i.id]);
}

describe("import ids", () => {
  it("splits Grafana's org-scoped ids, in canonical decimal form", () => {
    expect(splitOrgScopedId("1:42")).toEqual({ orgId: "1", id: "42" });
    expect(splitOrgScopedId("42")).toEqual({ id: "42" });
    expect(splitOrgScopedId("01:042")).toEqual({ orgId: "1", id: "42" });
    expect(() => splitOrgScopedId("sa-42")).toThrow(/\[<orgId>:\]<id>/);
  });

  it("builds each provider's format", () => {
    expect(serviceAccountImportId({ orgId: "1", id: "42" })).toBe("1:42");
    expect(roleImportId("uid1", "1")).toBe("1:uid1");
    expect(roleAssignmentImportId("uid1", { orgId: "1", id: "42" })).toBe("1:uid1:service_account:42");
    expect(roleAssignmentImportId("uid1", { id: "42" })).toBe("uid1:service_account:42");
    expect(scimConfigImportId(undefined)).toBe("1:scim-config");
    expect(SAML_SETTINGS_IMPORT_ID).toBe("saml");
    expect(applicationFromTemplateImportId(APP, SP)).toBe(`/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`);
    expect(synchronizationJobImportId(SP, JOB)).toBe(`/servicePrincipals/${SP}/synchronization/jobs/${JOB}`);
    expect(appRoleAssignmentImportId(SP, "abc")).toBe(`/servicePrincipals/${SP}/appRoleAssignedTo/abc`);
  });

  describe("the ported provider parsers (grafana 4.45.1, okta 4.20.0)", () => {
    it.each<[string, string, object]>([
      ["grafana_service_account", "1:42", { orgId: 1, fields: { id: 42 } }],
      ["grafana_service_account", "42", { orgId: PROVIDER_ORG_ID, fields: { id: 42 } }],
      ["grafana_role", "1:scimrole", { orgId: 1, fields: { uid: "scimrole" } }],
      ["grafana_role_assignment_item", "1:scimrole:service_account:42", { orgId: 1, fields: { roleUid: "scimrole", type: "service_account", identifier: 42 } }],
      ["grafana_role_assignment_item", "scimrole:service_account:42", { orgId: PROVIDER_ORG_ID, fields: { roleUid: "scimrole", type: "service_account", identifier: 42 } }],
      ["grafana_scim_config", "2:scim-config", { orgId: 2 }],
      ["grafana_sso_settings", "saml", { fields: { provider: "saml" } }],
      ["okta_app_saml", "0oa1a2b3c4d5e6f7g8h9", { fields: { id: "0oa1a2b3c4d5e6f7g8h9" } }],
    ])("%s reads %s", (type, id, expected) => expect(parseImportId(type, id)).toEqual(expect.objectContaining({ ok: true, ...expected })));

    it.each<[string, string, RegExp]>([
      // What earlier versions emitted: the SSO settings read uses the whole id as the provider name.
      ["grafana_sso_settings", "1:saml", /no settings key found for provider 1:saml/],
      ["grafana_service_account", "sa:42", /expected int for field "orgID"|does not match expected format/],
      ["grafana_role_assignment_item", "1:a:b:service_account:42", /does not match expected format/],
      ["grafana_role_assignment_item", "uid:service_account:042", /no assignee formats as "042"/],
      ["grafana_role_assignment_item", "uid:serviceaccount:42", /Invalid assignment type/],
    ])("%s refuses %s", (type, id, error) => {
      const parsed = parseImportId(type, id);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? "" : parsed.error).toMatch(error);
    });

    it.each<[string, string, object]>([
      ["azuread_application_from_template", `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`, { fields: { templateId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621", applicationId: APP, servicePrincipalId: SP } }],
      ["azuread_synchronization_job", `/servicePrincipals/${SP}/synchronization/jobs/${JOB}`, { fields: { servicePrincipalId: SP, synchronizationJobId: JOB } }],
      ["azuread_app_role_assignment", `/servicePrincipals/${SP}/appRoleAssignedTo/aBc-123_x`, { fields: { servicePrincipalId: SP, appRoleAssignmentId: "aBc-123_x" } }],
      // azuread's own example segment (parse/identifier_uri.go) decodes to https://example.net/.
      ["azuread_application_identifier_uri", `/applications/${APP}/identifierUris/aHR0cHM6Ly9leGFtcGxlLm5ldC8=`, { fields: { applicationId: APP, identifierUri: "https://example.net/" } }],
      ["azuread_application_redirect_uris", `/applications/${APP}/redirectUris/Web`, { fields: { applicationId: APP, uriType: "Web" } }],
      ["azuread_service_principal_token_signing_certificate", `${SP}/tokenSigningCertificate/${APP}`, { fields: { servicePrincipalId: SP, keyId: APP } }],
    ])("azuread 3.7.0: %s reads %s", (type, id, expected) => expect(parseImportId(type, id)).toEqual({ ok: true, ...expected }));

    it.each<[string, string, RegExp]>([
      // A URI whose base64 holds a "/" (here the "?" of ".../metadata?x=1") splits into one segment too many.
      ["azuread_application_identifier_uri", `/applications/${APP}/identifierUris/${Buffer.from("https://x.example.com/saml/metadata?x=1").toString("base64")}`, /unexpected segment "eD0x"/],
      ["azuread_application_identifier_uri", `/applications/${APP}/identifierUris/https://grafana.example.com`, /unexpected segment/],
      ["azuread_application_identifier_uri", `/applications/${APP}/identifierUris/not base64`, /illegal base64 data/],
      ["azuread_application_redirect_uris", `/applications/${APP}/redirectUris/web`, /uri_type must be one of/],
      ["azuread_application_redirect_uris", `/applications/${APP}/redirecturis/Web`, /segment "redirectUris" not specified/],
      ["azuread_service_principal_token_signing_certificate", `/${SP}/tokenSigningCertificate/${APP}`, /should be in the format/],
      ["azuread_service_principal_token_signing_certificate", `${SP}/tokenSigningCertificate/key-1`, /isn't a valid UUID/],
      ["azuread_synchronization_job", `servicePrincipals/${SP}/synchronization/jobs`, /number of segments/],
    ])("azuread 3.7.0: %s refuses %s", (type, id, error) => {
      const parsed = parseImportId(type, id);
      expect(parsed.ok ? "" : parsed.error).toMatch(error);
    });

    it("a bare org id for grafana_scim_config is not read as that org (SplitOrgResourceID needs a colon)", () => {
      expect(parseImportId("grafana_scim_config", "2")).toEqual({ ok: true, orgId: PROVIDER_ORG_ID, fields: {} });
    });
  });
});

/** Every import block of `t` as the provider would read it, with the resource type. */
function parsedImports(t: Template): Array<{ type: string; id: string; parsed: ReturnType<typeof parseImportId> }> {
  return ((t.json.import ?? []) as Array<{ to: string; id: string }>).map((i) => {
    const type = i.to.split(".")[0]!;
    return { type, id: i.id, parsed: parseImportId(type, i.id) };
  });
}

describe("every import id the package emits is one the provider's parser reads as intended", () => {
  it.each<[string, Record<string, unknown>]>([
    ["custom role, org-prefixed ids, SAML", { ...cloud, adopt: { grafana: { serviceAccountId: "1:42", customRoleUid: "scimrole" } } }],
    ["fixed roles, bare ids, SAML on self-hosted", { grafana: { kind: "self-hosted", url: "https://grafana.example.com" }, serviceAccount: { permissions: "fixed-roles" }, saml: cloud.saml, adopt: { grafana: { serviceAccountId: "0042", customRoleUid: "r-1_x" } } }],
    ["Okta", { ...cloud, identityProvider: okta, adopt: { grafana: { serviceAccountId: "42" }, okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } } }],
    [
      "Entra with single sign-on, an entity id of its own and the signing certificate",
      {
        ...cloud,
        saml: { ...cloud.saml, entityId: "urn:grafana:acme" },
        identityProvider: { ...entra, singleSignOn: {} },
        adopt: {
          grafana: { serviceAccountId: "42" },
          entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { "Grafana Users": "aBc-123_x" }, singleSignOn: { signingCertificateKeyId: KEY } },
        },
      },
    ],
  ])("%s", (_name, doc) => {
    const env = environment("dev", doc);
    const adopt = env.config.adopt!;
    const t = synthEnvironment(env);
    const imports = parsedImports(t);
    expect(imports.length).toBeGreaterThan(0);
    const sa = splitOrgScopedId(adopt.grafana!.serviceAccountId);
    for (const { type, id, parsed } of imports) {
      expect({ type, id, ok: parsed.ok, error: parsed.ok ? undefined : parsed.error }).toEqual({ type, id, ok: true, error: undefined });
      if (!parsed.ok) continue;
      if (type.startsWith("grafana_") && parsed.orgId !== undefined) expect(parsed.orgId).toBe(Number(sa.orgId ?? PROVIDER_ORG_ID));
      if (type === "grafana_service_account") expect(parsed.fields.id).toBe(Number(sa.id));
      if (type === "grafana_role") expect(parsed.fields.uid).toBe(adopt.grafana!.customRoleUid);
      if (type === "grafana_role_assignment_item") expect(parsed.fields).toEqual({ roleUid: adopt.grafana!.customRoleUid, type: "service_account", identifier: Number(sa.id) });
      if (type === "grafana_sso_settings") expect(parsed.fields.provider).toBe("saml");
      if (type.startsWith("okta_")) expect(Object.values(parsed.fields)).toEqual([adopt.okta!.appId]);
      if (type.startsWith("azuread_")) {
        const e = adopt.entra!;
        const expected: Record<string, object> = {
          azuread_application_from_template: { applicationId: e.applicationObjectId, servicePrincipalId: e.servicePrincipalObjectId },
          azuread_synchronization_job: { servicePrincipalId: e.servicePrincipalObjectId, synchronizationJobId: e.synchronizationJobId },
          azuread_app_role_assignment: { servicePrincipalId: e.servicePrincipalObjectId, appRoleAssignmentId: "aBc-123_x" },
          // The identifier imported is the one configured, which Grafana uses as its entity id.
          azuread_application_identifier_uri: { applicationId: e.applicationObjectId, identifierUri: env.config.saml!.entityId },
          azuread_application_redirect_uris: { applicationId: e.applicationObjectId, uriType: "Web" },
          azuread_service_principal_token_signing_certificate: { servicePrincipalId: e.servicePrincipalObjectId, keyId: KEY },
        };
        expect(parsed.fields).toEqual(expect.objectContaining(expected[type]));
      }
    }
    if (adopt.entra) expect(imports.map((i) => i.type).filter((type) => type.startsWith("azuread_")).sort()).toEqual(Object.keys(AZUREAD_IMPORTED).sort());
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
      ["grafana_scim_config", "1:scim-config"],
      ["grafana_sso_settings", "saml"],
    ]);
    const tos = (t.json.import as Array<{ to: string }>).map((i) => i.to);
    expect(tos).toContain(t.address("grafana_service_account"));
    expect(tos).not.toContain(t.address("grafana_service_account_token"));
  });

  it("GIVEN the custom-role model without the role's uid THEN the role and its assignment are created, not imported", () => {
    const t = synthEnvironment(environment("dev", { grafana: cloud.grafana, adopt: { grafana: { serviceAccountId: "42" } } }));
    expect(imports(t)).toEqual([
      ["grafana_service_account", "42"],
      ["grafana_scim_config", "1:scim-config"],
    ]);
  });

  it("GIVEN fixed roles (a setup made in Grafana's UI) THEN nothing refers to the fixed roles: the account's own role is created, or imported by its uid", () => {
    const t = synthEnvironment(environment("dev", { grafana: cloud.grafana, serviceAccount: { permissions: "fixed-roles" }, adopt: { grafana: { serviceAccountId: "42" } } }));
    expect(imports(t)).toEqual([
      ["grafana_service_account", "42"],
      ["grafana_scim_config", "1:scim-config"],
    ]);
    const withRole = synthEnvironment(environment("dev", { grafana: cloud.grafana, serviceAccount: { permissions: "fixed-roles" }, adopt: { grafana: { serviceAccountId: "42", customRoleUid: "scimrole" } } }));
    expect(imports(withRole)).toEqual([
      ["grafana_service_account", "42"],
      ["grafana_role", "scimrole"],
      ["grafana_role_assignment_item", "scimrole:service_account:42"],
      ["grafana_scim_config", "1:scim-config"],
    ]);
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

  describe("GIVEN Entra with single sign-on (a Grafana SAML app made by hand has an identifier and a reply URL, which azuread refuses to create)", () => {
    const sso = (singleSignOn?: object) =>
      synthEnvironment(
        environment("dev", {
          ...cloud,
          identityProvider: { ...entra, singleSignOn: {} },
          adopt: { entra: { applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, ...(singleSignOn ? { singleSignOn } : {}) } },
        }),
      );
    const samlImports = (t: Template) => imports(t).filter(([type]) => !["azuread_application_from_template", "azuread_synchronization_job"].includes(type));

    it("THEN by default the identifier URI (Grafana's entity id, base64 in the id) and the Web reply URLs are imported, and a new signing certificate is created", () => {
      const t = sso();
      expect(samlImports(t)).toEqual([
        ["azuread_application_identifier_uri", `/applications/${APP}/identifierUris/${Buffer.from("https://acme.grafana.net/saml/metadata").toString("base64")}`],
        ["azuread_application_redirect_uris", `/applications/${APP}/redirectUris/Web`],
      ]);
      const tos = (t.json.import as Array<{ to: string }>).map((i) => i.to);
      expect(tos).toEqual(expect.arrayContaining([t.address("azuread_application_identifier_uri"), t.address("azuread_application_redirect_uris")]));
      expect(tos).not.toContain(t.address("azuread_service_principal_token_signing_certificate"));
    });

    it("THEN with the signing certificate's key id it is imported too, so the signing key does not change", () => {
      const t = sso({ signingCertificateKeyId: KEY });
      expect(samlImports(t)).toContainEqual(["azuread_service_principal_token_signing_certificate", `${SP}/tokenSigningCertificate/${KEY}`]);
      // The name Entra gave the certificate differs from the configured one: that must not replace it.
      expect(t.resource("azuread_service_principal_token_signing_certificate").lifecycle).toEqual(expect.objectContaining({ ignore_changes: ["display_name"] }));
    });

    it("THEN an app whose single sign-on was never set up (basicSamlConfiguration false) gets them created", () => {
      expect(samlImports(sso({ basicSamlConfiguration: false }))).toEqual([]);
    });
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
