import {
  effectiveOrgAttribute,
  effectiveRoleAttribute,
  orgMappingSetting,
  roleSyncProblems,
  roleSyncSettings,
  samlListValueProblem,
  settingReadingClaim,
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
