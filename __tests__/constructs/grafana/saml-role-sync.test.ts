import { Token } from "cdktf";
import {
  effectiveOrgAttribute,
  groupObjectIdProblems,
  effectiveRoleAttribute,
  orgMappingSetting,
  roleSyncProblems,
  roleSyncSettings,
  samlListValueProblem,
  settingReadingClaim,
  type GroupObjectIdClaim,
  type SamlRoleSyncOptions,
} from "../../../constructs/grafana/saml-role-sync";

describe("role sync and org mapping (pure)", () => {
  it("GIVEN role values and a groups attribute THEN roles are read from the groups attribute, as in Grafana's Okta guide", () => {
    const options: SamlRoleSyncOptions = { assertionAttributeGroups: "Group", roleValues: { admin: ["grafana-admins"], editor: ["grafana-editors", "devs"] } };
    expect(effectiveRoleAttribute(options)).toBe("Group");
    expect(roleSyncSettings(options)).toEqual({ assertionAttributeRole: "Group", roleValuesAdmin: "grafana-admins", roleValuesEditor: "grafana-editors, devs" });
    expect(roleSyncProblems(options)).toEqual([]);
  });

  it("GIVEN nothing THEN no setting at all (Grafana's defaults; role sync off)", () => {
    expect(roleSyncSettings({ assertionAttributeGroups: "Group" })).toEqual({});
    expect(effectiveRoleAttribute({ assertionAttributeGroups: "Group" })).toBeUndefined();
    expect(effectiveOrgAttribute({ assertionAttributeGroups: "Group" })).toBeUndefined();
  });

  it("GIVEN an explicit role attribute THEN it wins over the groups attribute", () => {
    expect(effectiveRoleAttribute({ assertionAttributeGroups: "Group", assertionAttributeRole: "Role", roleValues: { viewer: ["v"] } })).toBe("Role");
  });

  it("renders every role and the org settings", () => {
    expect(
      roleSyncSettings({
        assertionAttributeRole: "role",
        roleValues: { none: ["guest"], viewer: ["external"], editor: ["editor"], admin: ["admin"], grafanaAdmin: ["superadmin"] },
        skipOrgRoleSync: false,
        assertionAttributeOrg: "org",
        orgMapping: [{ value: "Engineering", orgId: 2, role: "Editor" }, { value: "*", orgId: 1 }],
        allowedOrganizations: ["Engineering", "Sales"],
      }),
    ).toEqual({
      assertionAttributeRole: "role",
      roleValuesNone: "guest",
      roleValuesViewer: "external",
      roleValuesEditor: "editor",
      roleValuesAdmin: "admin",
      roleValuesGrafanaAdmin: "superadmin",
      skipOrgRoleSync: false,
      assertionAttributeOrg: "org",
      orgMapping: "Engineering:2:Editor, *:1",
      allowedOrganizations: "Engineering, Sales",
    });
    expect(orgMappingSetting([{ value: "a", orgId: 3, role: "Admin" }])).toBe("a:3:Admin");
  });

  it("org mapping and allowed organizations default to the groups attribute too", () => {
    expect(roleSyncSettings({ assertionAttributeGroups: "Group", allowedOrganizations: ["eng"] })).toEqual({ assertionAttributeOrg: "Group", allowedOrganizations: "eng" });
  });

  it.each<[string, string, RegExp | undefined]>([
    ["a plain group name", "grafana-admins", undefined],
    ["an Entra group object id", "6d5f1a3c-0000-4000-8000-0000000000bb", undefined],
    ["a name with a space (Grafana would read two values)", "Grafana Admins", /would match "Grafana" and "Admins" instead/],
    ["a name with a comma", "a,b", /space or comma/],
    ["a template sequence", "${var.g}", /must not contain "\$\{"/],
    ["an empty value", " ", /must not be empty/],
  ])("samlListValueProblem: %s", (_name, value, problem) => {
    const found = samlListValueProblem(value);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it.each<[string, SamlRoleSyncOptions, Array<[string, RegExp]>]>([
    ["role values without an attribute to read them from", { roleValues: { admin: ["a"] } }, [["assertionAttributeRole", /is needed with roleValues/]]],
    ["role values that skipOrgRoleSync would ignore", { assertionAttributeGroups: "G", roleValues: { admin: ["a"] }, skipOrgRoleSync: true }, [["skipOrgRoleSync", /turns role sync off/]]],
    ["one value for two roles", { assertionAttributeGroups: "G", roleValues: { viewer: ["a"], admin: ["a"] } }, [["roleValues.admin[0]", /also mapped to roleValues\.viewer/]]],
    ["an empty role list", { assertionAttributeGroups: "G", roleValues: { admin: [] } }, [["roleValues.admin", /at least one value/]]],
    ["a group with a space", { assertionAttributeGroups: "G", roleValues: { admin: ["Grafana Admins"] } }, [["roleValues.admin[0]", /space or comma/]]],
    ["an org mapping without an org attribute", { orgMapping: [{ value: "eng", orgId: 2 }] }, [["assertionAttributeOrg", /is needed with orgMapping/]]],
    [
      "a malformed org mapping",
      { assertionAttributeGroups: "G", orgMapping: [{ value: "a:b", orgId: 0, role: "Owner" as "Admin" }] },
      [
        ["orgMapping[0].value", /contains ":"/],
        ["orgMapping[0].orgId", /positive integer/],
        ["orgMapping[0].role", /must be one of None, Viewer, Editor, Admin/],
      ],
    ],
    ["an empty allow list", { assertionAttributeGroups: "G", allowedOrganizations: [] }, [["allowedOrganizations", /omit it to let everyone sign in/]]],
  ])("refuses %s, naming the prop", (_name, options, expected) => {
    const problems = roleSyncProblems(options);
    expect(problems.map((p) => p.field)).toEqual(expected.map(([field]) => field));
    expected.forEach(([, message], i) => expect(problems[i]!.problem).toMatch(message));
  });
});

describe("settingReadingClaim: which setting reads a claim, defaults included", () => {
  it("finds the groups attribute first, then the role and org attributes in effect (which may default to it), else none", () => {
    expect(settingReadingClaim({ assertionAttributeGroups: "g", roleValues: { admin: ["a"] } }, "g")).toBe("assertionAttributeGroups");
    expect(settingReadingClaim({ assertionAttributeRole: "g", roleValues: { admin: ["a"] } }, "g")).toBe("assertionAttributeRole");
    // A role attribute set explicitly is written to Grafana even without role values; one left to default is not.
    expect(settingReadingClaim({ assertionAttributeRole: "g" }, "g")).toBe("assertionAttributeRole");
    expect(settingReadingClaim({ orgMapping: [{ value: "x", orgId: 2 }] }, "g")).toBeUndefined();
    expect(settingReadingClaim({ assertionAttributeOrg: "g", orgMapping: [{ value: "x", orgId: 2 }] }, "g")).toBe("assertionAttributeOrg");
    expect(settingReadingClaim({ assertionAttributeGroups: "other", roleValues: { admin: ["a"] } }, "g")).toBeUndefined();
  });
});

describe("groupObjectIdProblems: values matched against a groups claim of object ids (pure)", () => {
  const CLAIM: GroupObjectIdClaim = { name: "groups", sender: "Entra ID", managedWith: "singleSignOn.groupClaims" };
  const LOWER = "6d5f1a3c-0000-4000-8000-0000000000bb";
  const UPPER = "9E2B7C41-ABCD-4EF0-8123-0000000000CC";
  const why = (value: string, consequence: string) =>
    `"${value}" is not a group object id, and Entra ID sends group object ids (UUIDs) in "groups": this value would never match, so ${consequence}. ` +
    "Use the group's object id; or, if the app's group claims were customized by hand to send names, leave singleSignOn.groupClaims unset so this package does not manage them, and set assertionAttributeGroups yourself";
  const ROLE = "its users would get Grafana's default role (auto_assign_org_role) at their next login";

  it.each<[string, SamlRoleSyncOptions]>([
    ["role values as lower-case UUIDs", { assertionAttributeGroups: "groups", roleValues: { admin: [LOWER], editor: [LOWER] } }],
    ["org mapping values as UUIDs, and * (everyone)", { assertionAttributeGroups: "groups", orgMapping: [{ value: LOWER, orgId: 2 }, { value: "*", orgId: 1, role: "Viewer" }] }],
    ["allowed organizations as UUIDs", { assertionAttributeGroups: "groups", allowedOrganizations: [LOWER] }],
    ["names read from another role attribute", { assertionAttributeGroups: "groups", assertionAttributeRole: "role", roleValues: { admin: ["GrafanaAdmins"] } }],
    ["names read from another org attribute", { assertionAttributeGroups: "groups", assertionAttributeOrg: "department", orgMapping: [{ value: "eng", orgId: 2 }], allowedOrganizations: ["eng"] }],
    ["names when the groups attribute is another claim (group claims set up by hand)", { assertionAttributeGroups: "http://example.com/group-names", roleValues: { admin: ["GrafanaAdmins"] } }],
    ["names without any attribute (roleSyncProblems reports that)", { roleValues: { admin: ["GrafanaAdmins"] } }],
    ["references, which Terraform resolves", { assertionAttributeGroups: "groups", roleValues: { admin: [Token.asString({ ref: "admins" })] }, orgMapping: [{ value: Token.asString({ ref: "eng" }), orgId: 2 }], allowedOrganizations: [Token.asString({ ref: "eng" })] }],
    ["empty values (roleSyncProblems reports them)", { assertionAttributeGroups: "groups", roleValues: { admin: [" "] } }],
  ])("accepts %s", (_name, options) => {
    expect(groupObjectIdProblems(options, CLAIM)).toEqual([]);
  });

  it.each<[string, SamlRoleSyncOptions, Array<{ field: string; problem: string }>]>([
    ["a role value that is a group name", { assertionAttributeGroups: "groups", roleValues: { admin: [LOWER, "GrafanaAdmins"] } }, [{ field: "roleValues.admin[1]", problem: why("GrafanaAdmins", ROLE) }]],
    ["role values of every role, by index", { assertionAttributeRole: "groups", roleValues: { viewer: ["v"], grafanaAdmin: ["Grafana Admins"] } }, [
      { field: "roleValues.viewer[0]", problem: why("v", ROLE) },
      { field: "roleValues.grafanaAdmin[0]", problem: why("Grafana Admins", ROLE) },
    ]],
    ["a UUID with braces or without dashes", { assertionAttributeGroups: "groups", roleValues: { editor: [`{${LOWER}}`, LOWER.replace(/-/g, "")] } }, [
      { field: "roleValues.editor[0]", problem: why(`{${LOWER}}`, ROLE) },
      { field: "roleValues.editor[1]", problem: why(LOWER.replace(/-/g, ""), ROLE) },
    ]],
    ["an org mapping value that is a name", { assertionAttributeGroups: "groups", orgMapping: [{ value: "*", orgId: 1 }, { value: "eng", orgId: 3, role: "Editor" }] }, [
      { field: "orgMapping[1].value", problem: why("eng", "its users would not join organization 3") },
    ]],
    ["an object id in upper case (Entra sends lower case; Grafana's matching case is not documented)", { assertionAttributeGroups: "groups", roleValues: { editor: [UPPER] }, orgMapping: [{ value: UPPER, orgId: 2 }] }, [
      {
        field: "roleValues.editor[0]",
        problem: `"${UPPER}" has upper-case letters, and Entra ID sends group object ids in lower case: write it as "${UPPER.toLowerCase()}" (Grafana does not document matching role and organization values ignoring case; if it does not, ${ROLE})`,
      },
      {
        field: "orgMapping[0].value",
        problem: `"${UPPER}" has upper-case letters, and Entra ID sends group object ids in lower case: write it as "${UPPER.toLowerCase()}" (Grafana does not document matching role and organization values ignoring case; if it does not, its users would not join organization 2)`,
      },
    ]],
    ["an allowed organization that is a name", { assertionAttributeOrg: "groups", allowedOrganizations: ["eng"] }, [{ field: "allowedOrganizations[0]", problem: why("eng", "its users could not sign in") }]],
  ])("refuses %s", (_name, options, expected) => {
    expect(groupObjectIdProblems(options, CLAIM)).toEqual(expected);
  });
});
