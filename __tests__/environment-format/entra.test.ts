import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironment, validateEnvironment } from "../../environment-format";

const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const base = {
  grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 },
  identityProvider: { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana (acme)" },
};

describe("Entra configuration is validated with field-named errors", () => {
  const problems = (entra: Record<string, unknown>) =>
    validateEnvironment({ ...base, identityProvider: { ...base.identityProvider, ...entra } }).problems.map((p) => `${p.field}: ${p.problem}`);

  it.each<[string, Record<string, unknown>, string[]]>([
    ["a non-UUID tenant id", { tenantId: "contoso.onmicrosoft.com" }, ['identityProvider.tenantId: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "contoso.onmicrosoft.com")']],
    ["an empty app name", { appDisplayName: " " }, ["identityProvider.appDisplayName: must not be empty"]],
    ["a non-UUID group id", { groups: [{ objectId: "grafana-users" }] }, ['identityProvider.groups[0].objectId: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "grafana-users")']],
    ["a group with both id and name", { groups: [{ objectId: TENANT, displayName: "G" }] }, ["identityProvider.groups[0]: set exactly one of objectId, displayName (got objectId and displayName)"]],
    ["an unknown option", { autoStart: true }, ["identityProvider.autoStart: unknown field; allowed here: kind, tenantId, appDisplayName, groups, mappings, provisioning, singleSignOn"]],
    ["preventDestroy, which the format no longer has", { preventDestroy: false }, [
      "identityProvider.preventDestroy: is no longer part of the format: the Entra app, its service principal, the provisioning job and its secret always carry prevent_destroy. Remove the field; to destroy this environment on purpose, run the destroy workflow, which synthesizes this one stack with SCIM_ALLOW_DESTROY=<environment> (docs/delivery.md#destroying-an-environment)",
    ]],
    ["an unknown mapping mode", { mappings: { mode: "replace" } }, ['identityProvider.mappings.mode: must be one of "keep-defaults", "strict" (got "replace")']],
    ["a mapping source with two kinds", { mappings: { user: [{ target: "t", source: { attribute: "a", constant: "c" } }] } }, ["identityProvider.mappings.user[0].source: set exactly one of attribute, constant, function (got attribute and constant)"]],
    ["a function source without its expression", { mappings: { user: [{ target: "t", source: { function: "Join" } }] } }, ["identityProvider.mappings.user[0].source: a function source needs its expression"]],
    [
      "a hand-built parse tree (Graph parses expressions now)",
      { mappings: { user: [{ target: "t", source: { function: "Join", expression: "Join(\" \", [a], [b])", parameters: [] } }] } },
      ["identityProvider.mappings.user[0].source.parameters: is no longer used: Graph parses the expression (parseExpression) at apply; remove it"],
    ],
    ["a target set twice in two spellings", { mappings: { user: [{ target: "externalId", source: { attribute: "a" } }, { target: "externalid", source: { attribute: "b" } }] } }, ['identityProvider.mappings.user[1].target: "externalid" is mapped twice (also [0] as "externalId"; SCIM attribute names are case-insensitive)']],
    ["a non-UUID on-demand user", { provisioning: { provisionOnDemand: { users: ["alice@example.com"] } } }, ['identityProvider.provisioning.provisionOnDemand.users[0]: must be a UUID such as 00000000-0000-0000-0000-000000000000 (got "alice@example.com")']],
    ["a group listed twice", { groups: [{ objectId: TENANT }, { displayName: "G" }, { objectId: TENANT.toUpperCase() }] }, ["identityProvider.groups[2]: is listed twice (also groups[0])"]],
    ["a mapping target set twice", { mappings: { group: [{ target: "t", source: { attribute: "a" } }, { target: "t", source: { constant: "c" } }] } }, ['identityProvider.mappings.group[1].target: "t" is mapped twice (also [0])']],
    ["an unknown claim", { singleSignOn: { externalUidClaim: "oid" } }, ['identityProvider.singleSignOn.externalUidClaim: must be one of "userUID", "objectidentifier" (got "oid")']],
    ["an unknown kind", { kind: "azuread" }, ['identityProvider.kind: must be one of "entra", "okta" (got "azuread")']],
  ])("rejects %s", (_name, entra, expected) => {
    expect(problems(entra)).toEqual(expected);
  });

  describe("against the saml section, when the app's single sign-on is managed", () => {
    const samlProblems = (singleSignOn: Record<string, unknown> | undefined, saml: Record<string, unknown>) =>
      validateEnvironment({ ...base, identityProvider: { ...base.identityProvider, ...(singleSignOn ? { singleSignOn } : {}) }, saml: { signing: "variables", ...saml } }).problems.map(
        (p) => `${p.field}: ${p.problem}`,
      );

    it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>, string[]]>([
      [
        "Grafana reading userUID while Entra sends objectidentifier",
        { externalUidClaim: "objectidentifier" },
        { assertionAttributeExternalUid: "userUID" },
        [
          'saml.assertionAttributeExternalUid: "userUID" is not a claim Entra sends the object id in ("http://schemas.microsoft.com/identity/claims/objectidentifier", with identityProvider.singleSignOn.externalUidClaim "objectidentifier"); omit it to follow the identity provider',
        ],
      ],
      ["an entity id Entra cannot take as identifier URI", {}, { entityId: "grafana-prod" }, [
        'saml.entityId: must be an absolute URI with scheme https, http, api, urn, ms-appx for Entra\'s identifier URI, such as https://grafana.example.com/saml/metadata or urn:grafana:prod (got "grafana-prod")',
      ]],
      ["a host:port entity id", {}, { entityId: "localhost:3000" }, [
        'saml.entityId: must be an absolute URI with scheme https, http, api, urn, ms-appx for Entra\'s identifier URI, such as https://grafana.example.com/saml/metadata or urn:grafana:prod (got "localhost:3000")',
      ]],
      ["an https entity id without a host", {}, { entityId: "https://" }, [
        'saml.entityId: must name a host after https:// for Entra\'s identifier URI, such as https://grafana.example.com/saml/metadata or urn:grafana:prod (got "https://")',
      ]],
      ["an entity id with a fragment", {}, { entityId: "https://g.example.com/saml#x" }, ['saml.entityId: must not contain a fragment (#) for Entra\'s identifier URI (got "https://g.example.com/saml#x")']],
    ])("rejects %s", (_name, singleSignOn, saml, expected) => {
      expect(samlProblems(singleSignOn, saml)).toEqual(expected);
    });

    it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>]>([
      ["the claim Entra sends, spelled out", { externalUidClaim: "objectidentifier" }, { assertionAttributeExternalUid: "http://schemas.microsoft.com/identity/claims/objectidentifier" }],
      ["the built-in objectidentifier claim, which the userUID policy keeps sending", {}, { assertionAttributeExternalUid: "http://schemas.microsoft.com/identity/claims/objectidentifier" }],
      ["an api:// entity id", {}, { entityId: "api://grafana-prod" }],
      ["a urn entity id", {}, { entityId: "urn:grafana:acme" }],
      ["any claim and entity id when single sign-on is set up by hand", undefined, { assertionAttributeExternalUid: "userUID", entityId: "grafana-prod" }],
    ])("accepts %s", (_name, singleSignOn, saml) => {
      expect(samlProblems(singleSignOn, saml)).toEqual([]);
    });
  });

  describe("group claims: which groups the SAML token carries, and Grafana's role sync reading them", () => {
    const GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
    const ADMINS = "6d5f1a3c-0000-4000-8000-0000000000bb";
    const check = (singleSignOn: Record<string, unknown> | undefined, saml: Record<string, unknown> | undefined) =>
      validateEnvironment({
        ...base,
        identityProvider: { ...base.identityProvider, ...(singleSignOn ? { singleSignOn } : {}) },
        ...(saml ? { saml: { signing: "variables", ...saml } } : {}),
      });
    const problems = (singleSignOn: Record<string, unknown> | undefined, saml: Record<string, unknown> | undefined) => check(singleSignOn, saml).problems.map((p) => `${p.field}: ${p.problem}`);

    it.each([["ApplicationGroup"], ["SecurityGroup"]])("GIVEN groupClaims %s THEN role sync needs no attribute: it follows Entra's groups claim", (groupClaims) => {
      expect(problems({ groupClaims }, { roleValues: { admin: [ADMINS] }, orgMapping: [{ value: ADMINS, orgId: 1 }] })).toEqual([]);
    });

    it.each<[string, Record<string, unknown> | undefined, Record<string, unknown> | undefined, string[]]>([
      ["an unknown value (All is not offered)", { groupClaims: "All" }, undefined, ['identityProvider.singleSignOn.groupClaims: must be one of "ApplicationGroup", "SecurityGroup", "None" (got "All")']],
      ["group claims with the userUID policy", { externalUidClaim: "userUID", groupClaims: "ApplicationGroup" }, undefined, [
        'identityProvider.singleSignOn.groupClaims: cannot be combined with externalUidClaim "userUID": its claims mapping policy replaces the app\'s claims, and Microsoft does not document that the groups claim is still sent under it. Use externalUidClaim "objectidentifier" (the default) for role sync from Entra groups',
      ]],
      ["None while Grafana reads the groups claim", { groupClaims: "None" }, { assertionAttributeGroups: GROUPS, roleValues: { admin: [ADMINS] } }, [
        `saml.assertionAttributeGroups: reads Entra's groups claim "${GROUPS}", which identityProvider.singleSignOn.groupClaims "None" stops: role and org mapping would find no groups and give every user Grafana's default role. Set groupClaims to ApplicationGroup or SecurityGroup, or stop reading it`,
      ]],
      ["None while the org attribute is the groups claim", { groupClaims: "None" }, { assertionAttributeOrg: GROUPS, orgMapping: [{ value: ADMINS, orgId: 2 }] }, [
        `saml.assertionAttributeOrg: reads Entra's groups claim "${GROUPS}", which identityProvider.singleSignOn.groupClaims "None" stops: role and org mapping would find no groups and give every user Grafana's default role. Set groupClaims to ApplicationGroup or SecurityGroup, or stop reading it`,
      ]],
    ])("rejects %s", (_name, singleSignOn, saml, expected) => {
      expect(problems(singleSignOn, saml)).toEqual(expected);
    });

    describe("GIVEN groupClaims ApplicationGroup or SecurityGroup THEN values matched against the groups claim must be group object ids", () => {
      const why = (value: string, consequence: string) =>
        `"${value}" is not a group object id, and Entra ID sends group object ids (UUIDs) in "${GROUPS}": this value would never match, so ${consequence}. ` +
        "Use the group's object id; or, if the app's group claims were customized by hand to send names, leave identityProvider.singleSignOn.groupClaims unset " +
        "so this package does not manage them, and set assertionAttributeGroups yourself";

      it.each([["ApplicationGroup"], ["SecurityGroup"]])("refuses names with %s, naming the file's field by index, why and what to do", (groupClaims) => {
        const result = check(
          { groupClaims },
          { roleValues: { editor: [ADMINS], admin: ["GrafanaAdmins"] }, orgMapping: [{ value: "*", orgId: 1 }, { value: "Engineering", orgId: 2, role: "Editor" }], allowedOrganizations: ["Engineering"] },
        );
        expect(result.config).toBeUndefined();
        expect(result.problems.map((p) => `${p.field}: ${p.problem}`)).toEqual([
          `saml.roleValues.admin[0]: ${why("GrafanaAdmins", "its users would get Grafana's default role (auto_assign_org_role) at their next login")}`,
          `saml.orgMapping[1].value: ${why("Engineering", "its users would not join organization 2")}`,
          `saml.allowedOrganizations[0]: ${why("Engineering", "its users could not sign in")}`,
        ]);
      });

      it("reports a name with a space once, as not an object id (the advice for names would be wrong here)", () => {
        expect(problems({ groupClaims: "ApplicationGroup" }, { roleValues: { admin: ["Grafana Admins"] } })).toEqual([
          `saml.roleValues.admin[0]: ${why("Grafana Admins", "its users would get Grafana's default role (auto_assign_org_role) at their next login")}`,
        ]);
      });

      it("accepts object ids in lower case, as Entra sends them, and * in orgMapping; refuses an upper-case id naming the field", () => {
        expect(problems({ groupClaims: "SecurityGroup" }, { roleValues: { admin: [ADMINS] }, orgMapping: [{ value: "*", orgId: 1 }], allowedOrganizations: [ADMINS] })).toEqual([]);
        expect(problems({ groupClaims: "SecurityGroup" }, { roleValues: { admin: [ADMINS.toUpperCase()] } })).toEqual([
          expect.stringMatching(/^saml\.roleValues\.admin\[0\]: "6D5F1A3C-[^"]+" has upper-case letters, and Entra ID sends group object ids in lower case: write it as "6d5f1a3c-/),
        ]);
      });

      it.each<[string, Record<string, unknown> | undefined, Record<string, unknown>]>([
        ["groupClaims unset (group claims set up by hand, maybe to send names)", {}, { assertionAttributeGroups: GROUPS, roleValues: { admin: ["GrafanaAdmins"] }, orgMapping: [{ value: "Engineering", orgId: 2 }] }],
        ["single sign-on set up by hand", undefined, { assertionAttributeGroups: GROUPS, roleValues: { admin: ["GrafanaAdmins"] }, allowedOrganizations: ["Engineering"] }],
        ["names read from another claim than Entra's groups claim", { groupClaims: "ApplicationGroup" }, { assertionAttributeRole: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", roleValues: { admin: ["GrafanaAdmins"] } }],
      ])("accepts names with %s", (_name, singleSignOn, saml) => {
        expect(problems(singleSignOn, saml)).toEqual([]);
      });

      it("refuses the example environment with a role value written as a group name, naming the file and the field", () => {
        const example = JSON.parse(fs.readFileSync(path.join(__dirname, "../../environments/example-entra.json"), "utf8")) as { saml: Record<string, unknown> };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roleids-"));
        try {
          const file = path.join(dir, "example-entra.json");
          fs.writeFileSync(file, JSON.stringify(example));
          expect(loadEnvironment(file).config.saml?.roleValues).toEqual(example.saml.roleValues);
          fs.writeFileSync(file, JSON.stringify({ ...example, saml: { ...example.saml, roleValues: { admin: ["GrafanaAdmins"] } } }));
          expect(() => loadEnvironment(file)).toThrow(`${file} is not a valid environment:\n  - saml.roleValues.admin[0]: "GrafanaAdmins" is not a group object id, and Entra ID sends group object ids`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });

    it("GIVEN None and role values without an attribute THEN the refusal names the option that sends the claim", () => {
      expect(problems({ groupClaims: "None" }, { roleValues: { admin: [ADMINS] } })).toEqual([expect.stringMatching(/^saml\.assertionAttributeRole: is needed with roleValues: .*set identityProvider\.singleSignOn\.groupClaims to ApplicationGroup/)]);
    });

    it("keeps the value in the validated configuration, and leaves it out when unset (not managed)", () => {
      expect(check({ groupClaims: "ApplicationGroup" }, undefined).config?.identityProvider).toEqual(expect.objectContaining({ singleSignOn: { externalUidClaim: "objectidentifier", groupClaims: "ApplicationGroup" } }));
      expect(check({}, undefined).config?.identityProvider).toEqual(expect.objectContaining({ singleSignOn: { externalUidClaim: "objectidentifier" } }));
    });
  });

  it("accepts a full configuration with defaults filled in", () => {
    const result = validateEnvironment({ ...base, identityProvider: { ...base.identityProvider, groups: [{ displayName: "G" }], singleSignOn: {} } });
    expect(result.problems).toEqual([]);
    expect(result.config?.identityProvider).toEqual({
      kind: "entra",
      tenantId: TENANT,
      appDisplayName: "Grafana (acme)",
      groups: [{ displayName: "G" }],
      mappings: { mode: "keep-defaults", user: [], group: [] },
      provisioning: { start: true },
      singleSignOn: { externalUidClaim: "objectidentifier" },
    });
  });
});
