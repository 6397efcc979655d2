import { AppGroupAssignments, appGroupAssignmentsGroupToTerraform } from "@cdktf/provider-okta/lib/app-group-assignments";
import { AppSaml, appSamlAttributeStatementsToTerraform } from "@cdktf/provider-okta/lib/app-saml";
import { DataOktaGroup } from "@cdktf/provider-okta/lib/data-okta-group";
import { Group } from "@cdktf/provider-okta/lib/group";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { Testing, TerraformStack } from "cdktf";
import { OktaGrafanaScim } from "../../../constructs/okta/okta-grafana-scim";
import { oktaScimRunbook } from "../../../constructs/okta/runbook";
import { requiredScimFeatures, scimEnabledCondition } from "../../../constructs/okta/scim-gate-expressions";
import { validateEnvironment } from "../../../environment-format";
import { oktaRunbookForEnvironment, oktaRunbookInputForEnvironment, oktaRunbookLinks, oktaScimOptions } from "../../../stacks/identity-providers/okta";
import { OKTA_OUTPUTS, OUTPUTS } from "../../../stacks/outputs";
import { ScimStack } from "../../../stacks/scim-stack";
import { environment, exampleEnvironments, synthEnvironment } from "../../support/environments";
import { applyConfig, parseStack, replaceReferences } from "../../support/terraform";
import type { Template } from "../../support/template";

const GROUP_ID = "00g1a2b3c4d5e6f7g8h9";
const cloud = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
const okta = { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] };
const doc = (identityProvider: object, extra: object = {}) => ({ grafana: cloud, identityProvider, ...extra });

function problemsOf(document: unknown): string[] {
  return validateEnvironment(document).problems.map((p) => `${p.field}: ${p.problem}`);
}

describe("renaming a created Okta group", () => {
  const groupAddress = (group: object) => Object.keys(synthEnvironment(environment("dev", doc({ ...okta, groups: [group] }))).resources("okta_group"));

  it("GIVEN the old name as key THEN the group keeps its address, so the plan updates it in place", () => {
    const before = groupAddress({ name: "Grafana Admins", create: true });
    expect(groupAddress({ name: "Grafana Administrators", create: true, key: "Grafana Admins" })).toEqual(before);
    expect(groupAddress({ name: "Grafana Administrators", create: true })).not.toEqual(before);
  });
});

describe("the okta section against the environment's saml section, in the wiring", () => {
  it("refuses the same combination when the options are built from code, before anything is synthesized", () => {
    const valid = validateEnvironment(doc(okta, { saml: { signing: "variables" } }));
    const config = { ...valid.config!, saml: { ...valid.config!.saml!, assertionAttributeLogin: "mail", assertionAttributeEmail: "mail" } };
    expect(() => oktaScimOptions({ name: "prod", file: "prod.json", config }, config.identityProvider as never)).toThrow(/^saml\.assertionAttributeEmail: "mail" is also the login attribute/);
  });
});

/** Grafana's SAML settings and the Okta app of one synthesized stack. */
function samlPair(t: Template) {
  return {
    grafana: t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>,
    app: t.resource("okta_app_saml"),
    statements: t.resource("okta_app_saml").attribute_statements as Array<{ name: string; type: string; values?: string[] }>,
  };
}

describe("an Okta environment's stack", () => {
  it("GIVEN a saml section THEN Grafana reads exactly the claims Okta sends, from Okta's metadata, for the app's audience", () => {
    const t = synthEnvironment(environment("prod", doc({ ...okta, options: { groupsStatement: {} } }, { saml: { signing: "variables" } })));
    const { grafana, app, statements } = samlPair(t);
    const byName = Object.fromEntries(statements.map((s) => [s.name, s]));
    expect(byName[grafana.assertion_attribute_external_uid as string]?.values).toEqual(['user.getInternalProperty("id")']);
    expect(byName[grafana.assertion_attribute_login as string]?.values).toEqual(["user.login"]);
    expect(byName[grafana.assertion_attribute_email as string]?.values).toEqual(["user.email"]);
    expect(byName[grafana.assertion_attribute_name as string]?.values).toEqual(['user.firstName + " " + user.lastName']);
    expect(byName[grafana.assertion_attribute_groups as string]?.type).toBe("GROUP");
    expect(grafana.assertion_attribute_external_uid).toBe("userUID");
    expect(grafana.idp_metadata_url).toBe(`\${${t.address("okta_app_saml")}.metadata_url}`);
    expect(grafana.entity_id).toBe(app.audience);
    expect(grafana.name_id_format).toBe(app.subject_name_id_format);
    expect(app.sso_url).toBe("https://acme.grafana.net/saml/acs");
  });

  it("GIVEN saml overrides THEN the Okta statements, NameID and audience follow them", () => {
    const t = synthEnvironment(
      environment(
        "prod",
        doc(okta, {
          saml: {
            signing: "variables",
            entityId: "https://acme.grafana.net/custom",
            assertionAttributeExternalUid: "okta_id",
            assertionAttributeLogin: "login",
            assertionAttributeEmail: "mail",
            assertionAttributeName: "displayName",
            assertionAttributeGroups: "groups",
            nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
          },
        }),
      ),
    );
    const { grafana, app, statements } = samlPair(t);
    expect(statements.map((s) => s.name)).toEqual(["okta_id", "login", "mail", "displayName", "groups"]);
    expect(statements[0]!.values).toEqual(['user.getInternalProperty("id")']);
    expect(statements[4]).toEqual(expect.objectContaining({ type: "GROUP", filter_type: "REGEX", filter_value: ".*" }));
    expect(app).toEqual(
      expect.objectContaining({
        audience: "https://acme.grafana.net/custom",
        subject_name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        subject_name_id_template: "$${user.email}",
      }),
    );
    expect(grafana).toEqual(expect.objectContaining({ entity_id: "https://acme.grafana.net/custom", assertion_attribute_external_uid: "okta_id", assertion_attribute_groups: "groups" }));
    expect(t.output(OKTA_OUTPUTS.entityId).value).toBe("https://acme.grafana.net/custom");
  });

  it("GIVEN no saml section THEN the Okta side only; Grafana's SAML settings are left alone", () => {
    const t = synthEnvironment(environment("prod", doc(okta)));
    expect(t.count("grafana_sso_settings")).toBe(0);
    expect(t.count("okta_app_saml")).toBe(1);
  });

  it("configures the okta provider from the file only: org and domain, no credential", () => {
    const t = synthEnvironment(environment("prod", doc({ ...okta, baseUrl: "oktapreview.com" })));
    expect(t.synthesized).toHaveProviderWithProperties(OktaProvider, { org_name: "acme", base_url: "oktapreview.com" });
    expect(Object.keys(t.json.provider?.okta?.[0] ?? {}).sort()).toEqual(["base_url", "org_name"]);
    expect(t.json.terraform?.required_providers?.okta).toEqual({ source: "okta/okta", version: "4.20.0" });
  });

  it("outputs app id, metadata URL, entity id, the gate's state and the runbook, none of them sensitive", () => {
    const t = synthEnvironment(environment("prod", doc(okta)));
    const app = t.address("okta_app_saml");
    expect(t.output(OKTA_OUTPUTS.appId).value).toBe(`\${${app}.id}`);
    expect(t.output(OKTA_OUTPUTS.metadataUrl).value).toBe(`\${${app}.metadata_url}`);
    expect(t.output(OKTA_OUTPUTS.entityId).value).toBe("https://acme.grafana.net/saml/metadata");
    expect(t.output(OKTA_OUTPUTS.scimEnabled).value).toBe(`\${${scimEnabledCondition(app, requiredScimFeatures(true))}}`);
    expect(t.output(OKTA_OUTPUTS.missingFeatures).value).toMatch(/^\$\{try\(sort\(setsubtract\(/);
    expect(t.output(OKTA_OUTPUTS.runbook).value).toEqual(expect.stringContaining("terraform output -raw scim_token"));
    const sensitive = Object.entries(t.json.output ?? {}).filter(([, o]) => o.sensitive).map(([name]) => name);
    expect(sensitive).toEqual([OUTPUTS.token]);
    expect(oktaRunbookLinks("dev").tokenOutput).toBe(OUTPUTS.token);
  });

  it("GIVEN the runbook output rendered by Terraform for the deployed app, and npm run runbook's text THEN both come from the same input", () => {
    const env = environment("prod", doc({ ...okta, groups: [{ name: "Grafana Users" }, { id: GROUP_ID }] }, { token: { lifetimeDays: 90 } }));
    const stack = new ScimStack(Testing.app(), { environment: env });
    const construct = stack.node.findAll().find((c): c is OktaGrafanaScim => c instanceof OktaGrafanaScim)!;
    const tenantUrl = stack.grafana.tenantUrl;
    const fromFile = oktaRunbookInputForEnvironment(env, tenantUrl);
    expect(construct.runbookInput).toEqual(fromFile);
    expect(oktaRunbookForEnvironment(env, tenantUrl)).toBe(oktaScimRunbook(fromFile));

    const t = synthEnvironment(env);
    const app = { id: "0oa1a2b3c4d5e6f7g8h9", name: "acme_grafana_1" };
    const config = replaceReferences({ output: { runbook: t.output(OKTA_OUTPUTS.runbook) } }, { [t.address("okta_app_saml")]: "app" });
    const rendered = applyConfig({ ...config, locals: { app } });
    expect(rendered.ok).toBe(true);
    expect(rendered.outputs.runbook).toBe(oktaScimRunbook({ ...fromFile, app }));
  });
});

describe("role sync with Okta: the roles follow the groups the app sends", () => {
  const samlOf = (t: Template) => t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>;
  const statementsOf = (t: Template) => t.resource("okta_app_saml").attribute_statements as Array<Record<string, unknown>>;

  it("GIVEN role values and nothing else THEN Okta sends its groups statement and Grafana reads roles from it", () => {
    const t = synthEnvironment(environment("dev", doc(okta, { saml: { signing: "variables", roleValues: { admin: ["grafana-admins"], viewer: ["grafana-viewers"] } } })));
    expect(samlOf(t)).toEqual(
      expect.objectContaining({ assertion_attribute_groups: "Group", assertion_attribute_role: "Group", role_values_admin: "grafana-admins", role_values_viewer: "grafana-viewers" }),
    );
    expect(statementsOf(t)).toContainEqual({ name: "Group", type: "GROUP", filter_type: "REGEX", filter_value: ".*" });
  });

  it("GIVEN a groups statement of its own name THEN roles and organizations are read from that name", () => {
    const t = synthEnvironment(
      environment("dev", doc({ ...okta, options: { groupsStatement: { name: "groups", filterType: "STARTS_WITH", filterValue: "grafana-" } } }, {
        saml: { signing: "variables", roleValues: { editor: ["grafana-editors"] }, orgMapping: [{ value: "grafana-ops", orgId: 1, role: "Admin" }], skipOrgRoleSync: false },
      })),
    );
    expect(samlOf(t)).toEqual(expect.objectContaining({ assertion_attribute_role: "groups", assertion_attribute_org: "groups", org_mapping: "grafana-ops:1:Admin", skip_org_role_sync: false }));
  });

  it("GIVEN no role mapping THEN no role setting: Grafana's default, role sync off", () => {
    const saml = samlOf(synthEnvironment(environment("dev", doc(okta, { saml: { signing: "variables" } }))));
    for (const key of ["assertion_attribute_role", "role_values_admin", "org_mapping", "skip_org_role_sync"]) expect(saml).not.toHaveProperty(key);
  });

  it.each<[string, object, string[]]>([
    ["a role attribute Okta does not send", { roleValues: { admin: ["a"] }, assertionAttributeRole: "Role" }, [
      'saml.assertionAttributeRole: "Role" is not an attribute the Okta app sends; Okta sends the user\'s groups in "Group" (Grafana\'s role sync guide for Okta reads roles from it). Omit assertionAttributeRole to use it',
    ]],
    ["a group name Grafana would split", { roleValues: { admin: ["Grafana Admins"] } }, [
      'saml.roleValues.admin[0]: "Grafana Admins" contains a space or comma, and Grafana reads this setting as a list separated by commas or spaces: it would match "Grafana" and "Admins" instead. Use a group name without spaces or commas',
    ]],
    ["an unknown role", { roleValues: { owner: ["a"] } }, ["saml.roleValues.owner: unknown field; allowed here: none, viewer, editor, admin, grafanaAdmin"]],
  ])("refuses %s", (_name, saml, expected) => {
    expect(problemsOf(doc(okta, { saml: { signing: "variables", ...saml } }))).toEqual(expected);
  });
});

describe("the Okta example stack", () => {
  const example = exampleEnvironments().find((e) => e.name === "example-okta");
  const t = synthEnvironment(example!);

  it("is an Okta environment with Grafana's SAML settings managed", () => {
    expect(example?.config.identityProvider?.kind).toBe("okta");
    expect(t.count("grafana_sso_settings")).toBe(1);
  });

  it("creates the SAML app, looks up and creates groups, assigns them once, and gates SCIM", () => {
    expect(t.synthesized).toHaveResourceWithProperties(AppSaml, { label: "Grafana (example)", status: "ACTIVE", implicit_assignment: false, response_signed: true, assertion_signed: true });
    expect(t.synthesized).toHaveDataSourceWithProperties(DataOktaGroup, { name: "Grafana Users" });
    expect(t.synthesized).toHaveResourceWithProperties(Group, { name: "Grafana Admins" });
    expect(t.count("okta_app_group_assignments")).toBe(1);
    expect((t.resource("okta_app_group_assignments").group as unknown[]).length).toBe(3);
    const checks = Object.values(t.json.check ?? {}).map((c) => c.assert[0]!.condition);
    expect(checks).toContain(`\${${scimEnabledCondition(t.address("okta_app_saml"), requiredScimFeatures(true))}}`);
  });

  it("uses only attributes and blocks the okta 4.20 bindings define, with the values okta accepts", () => {
    const stack = new TerraformStack(Testing.app(), "probe");
    const keys = (element: object) => new Set(Object.keys((element as { synthesizeAttributes(): object }).synthesizeAttributes()));
    const meta = new Set(["provider", "depends_on", "count", "for_each", "lifecycle"]);
    const bindings: Record<string, Set<string>> = {
      okta_app_saml: keys(new AppSaml(stack, "a", { label: "x" })),
      okta_app_group_assignments: keys(new AppGroupAssignments(stack, "b", { appId: "x" })),
      okta_group: keys(new Group(stack, "c", { name: "x" })),
      "data.okta_group": keys(new DataOktaGroup(stack, "d", {})),
    };
    const nested = {
      attribute_statements: new Set(Object.keys(appSamlAttributeStatementsToTerraform({ name: "x" }))),
      group: new Set(Object.keys(appGroupAssignmentsGroupToTerraform({ id: "x" }))),
    };
    const unknown: string[] = [];
    for (const type of t.types().filter((ty) => /^(data\.)?okta_/.test(ty))) {
      expect({ type, known: type in bindings }).toEqual({ type, known: true });
      const instances = type.startsWith("data.") ? t.dataSources(type.slice(5)) : t.resources(type);
      for (const [id, body] of Object.entries(instances)) {
        for (const [key, value] of Object.entries(body)) {
          if (!bindings[type]!.has(key) && !meta.has(key)) unknown.push(`${type}.${id}.${key}`);
          if (key in nested) {
            for (const item of value as Array<Record<string, unknown>>) {
              for (const k of Object.keys(item)) if (!nested[key as keyof typeof nested].has(k)) unknown.push(`${type}.${id}.${key}.${k}`);
            }
          }
        }
      }
    }
    expect(unknown).toEqual([]);
    const provider = new Set(Object.keys((new OktaProvider(stack, "p", {}) as unknown as { synthesizeAttributes(): object }).synthesizeAttributes()));
    for (const key of Object.keys(t.json.provider?.okta?.[0] ?? {})) expect(provider.has(key)).toBe(true);

    const app = t.resource("okta_app_saml");
    expect(["RSA_SHA256", "RSA_SHA1"]).toContain(app.signature_algorithm);
    expect(["SHA256", "SHA1"]).toContain(app.digest_algorithm);
    expect(["ACTIVE", "INACTIVE"]).toContain(app.status);
    for (const s of app.attribute_statements as Array<{ type: string; filter_type?: string }>) {
      expect(["EXPRESSION", "GROUP"]).toContain(s.type);
      if (s.type === "GROUP") expect(["STARTS_WITH", "EQUALS", "CONTAINS", "REGEX"]).toContain(s.filter_type);
    }
  });

  it("is accepted by the Terraform CLI with the okta provider pinned to 4.20.0", () => {
    expect(parseStack(t.json)).toContain("provider[registry.terraform.io/okta/okta] 4.20.0");
  });
});
