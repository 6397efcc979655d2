import { validateEnvironment } from "../../environment-format";

const GROUP_ID = "00g1a2b3c4d5e6f7g8h9";
const cloud = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
const okta = { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] };
const doc = (identityProvider: object, extra: object = {}) => ({ grafana: cloud, identityProvider, ...extra });

function problemsOf(document: unknown): string[] {
  return validateEnvironment(document).problems.map((p) => `${p.field}: ${p.problem}`);
}

describe("the okta identityProvider section: good files", () => {
  it("GIVEN org name and groups THEN defaults fill the rest", () => {
    expect(validateEnvironment(doc(okta)).config?.identityProvider).toEqual({
      kind: "okta",
      orgName: "acme",
      baseUrl: "okta.com",
      groups: [{ name: "Grafana Users" }],
      options: { appLabel: "Grafana", authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport" },
    });
  });

  it("accepts every base URL, every kind of group and every option", () => {
    for (const baseUrl of ["okta.com", "oktapreview.com", "okta-emea.com"]) {
      const result = validateEnvironment(
        doc({
          ...okta,
          baseUrl,
          groups: [{ id: GROUP_ID }, { name: "Grafana Users" }, { name: "Grafana Admins", create: true, description: "admins" }],
          options: { appLabel: "Grafana (prod)", nameIdFormat: "emailAddress", nameIdTemplate: "${user.email}", groupsStatement: { filterType: "EQUALS", filterValue: "Grafana" } },
        }),
      );
      expect(result.problems).toEqual([]);
    }
  });
});

describe("the okta identityProvider section: bad files name the field and say what is wrong", () => {
  it.each<[string, object, string[]]>([
    ["org name with a scheme", { ...okta, orgName: "https://acme.okta.com" }, [
      'identityProvider.orgName: expected the org name only (e.g. "acme" for https://acme.okta.com), not a URL or host name (got "https://acme.okta.com")',
    ]],
    ["the admin host as org name", { ...okta, orgName: "acme-admin" }, ['identityProvider.orgName: "acme-admin" is the admin console\'s host name; use the org name without "-admin" (e.g. "acme")']],
    ["an unknown base URL", { ...okta, baseUrl: "okta.example.com" }, ['identityProvider.baseUrl: must be one of "okta.com", "oktapreview.com", "okta-emea.com" (got "okta.example.com")']],
    ["a base URL with a scheme", { ...okta, baseUrl: "https://okta.com" }, ['identityProvider.baseUrl: must be one of "okta.com", "oktapreview.com", "okta-emea.com" (got "https://okta.com")']],
    ["no groups", { kind: "okta", orgName: "acme" }, ["identityProvider.groups: is required (array)"]],
    ["an empty group list", { ...okta, groups: [] }, [
      "identityProvider.groups: must list at least one group: Okta provisions to Grafana only the users assigned to the app, and this package assigns them through groups",
    ]],
    ["a group with id and name", { ...okta, groups: [{ id: GROUP_ID, name: "x" }] }, ['identityProvider.groups[0]: set either "id" (an existing group) or "name", not both']],
    ["a malformed group id", { ...okta, groups: [{ name: "a" }, { id: "Grafana Users" }] }, [
      'identityProvider.groups[1].id: must be an Okta group id: "00g" followed by 17 letters or digits, e.g. "00g1a2b3c4d5e6f7g8h9" (got "Grafana Users"); to use a group by name, set "name" instead',
    ]],
    ["the same group twice", { ...okta, groups: [{ name: "Grafana" }, { name: "Grafana" }] }, ["identityProvider.groups[1]: names the same group as item 0; Okta assigns a group to an app once"]],
    ["an unknown field", { ...okta, apiToken: "x" }, ["identityProvider.apiToken: unknown field; allowed here: kind, orgName, baseUrl, groups, options"]],
    ["an unknown option", { ...okta, options: { label: "x" } }, [
      "identityProvider.options.label: unknown field; allowed here: appLabel, nameIdFormat, nameIdTemplate, authnContextClassRef, groupsStatement",
    ]],
    ["an unknown NameID format", { ...okta, options: { nameIdFormat: "email" } }, [
      'identityProvider.options.nameIdFormat: must be one of "unspecified", "emailAddress", "persistent", "transient", "x509SubjectName" (got "email")',
    ]],
    ["an empty group filter", { ...okta, options: { groupsStatement: { filterValue: "" } } }, ["identityProvider.options.groupsStatement.filterValue: must not be empty"]],
    ["an unknown kind", { kind: "onelogin" }, ['identityProvider.kind: must be one of "entra", "okta" (got "onelogin")']],
  ])("%s", (_name, section, expected) => {
    expect(problemsOf(doc(section))).toEqual(expected);
  });

  it("GIVEN an Okta API token in the file THEN it is refused as a secret, wherever it is", () => {
    const token = "00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd";
    expect(problemsOf(doc({ ...okta, options: { nameIdTemplate: token } }))).toEqual([
      expect.stringMatching(/^identityProvider\.options\.nameIdTemplate: looks like a Okta API token\. Environment files are committed/),
    ]);
  });
});

describe("the okta section against the environment's saml section", () => {
  it.each<[string, object, object, Array<{ field: string; problem: string }>]>([
    ["a NameID format Okta does not send", okta, { nameIdFormat: "urn:example:custom" }, [
      { field: "saml.nameIdFormat", problem: expect.stringMatching(/^must be a NameID format Okta sends: urn:oasis:names:tc:SAML:1\.1:nameid-format:unspecified, .* \(got "urn:example:custom"\)$/) },
    ]],
    ["two NameID formats", { ...okta, options: { nameIdFormat: "persistent" } }, { nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" }, [
      { field: "identityProvider.options.nameIdFormat", problem: '"persistent" disagrees with saml.nameIdFormat ("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"); set one of them' },
    ]],
    ["two names for the groups claim", { ...okta, options: { groupsStatement: { name: "Group" } } }, { assertionAttributeGroups: "groups" }, [
      { field: "identityProvider.options.groupsStatement.name", problem: '"Group" disagrees with saml.assertionAttributeGroups ("groups"); set one of them' },
    ]],
    ["one name for login and email", okta, { assertionAttributeLogin: "mail", assertionAttributeEmail: "mail" }, [
      { field: "saml.assertionAttributeEmail", problem: '"mail" is also the login attribute; Okta sends one value per attribute name, so give each claim its own name' },
    ]],
  ])("rejects %s when the environment file is validated, naming the field", (_name, section, saml, expected) => {
    expect(validateEnvironment(doc(section, { saml: { signing: "variables", ...saml } })).problems).toEqual(expected);
  });

  it("GIVEN agreeing sections THEN no problem", () => {
    expect(
      validateEnvironment(
        doc({ ...okta, options: { nameIdFormat: "emailAddress", groupsStatement: { name: "groups" } } }, {
          saml: { signing: "variables", nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", assertionAttributeGroups: "groups" },
        }),
      ).problems,
    ).toEqual([]);
  });
});
