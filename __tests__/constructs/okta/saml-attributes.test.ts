import {
  DEFAULT_SAML_ATTRIBUTE_NAMES,
  NAME_ID_FORMATS,
  OKTA_USER_ID_EXPRESSION,
  attributeNameProblems,
  defaultNameIdTemplate,
  grafanaAttributeStatements,
  nameIdFormatOf,
} from "../../../constructs/okta/saml-attributes";

describe("grafanaAttributeStatements", () => {
  it("GIVEN the default names THEN userUID carries the Okta user id, then Login, Email, DisplayName", () => {
    expect(grafanaAttributeStatements(DEFAULT_SAML_ATTRIBUTE_NAMES)).toEqual([
      { name: "userUID", type: "EXPRESSION", values: ['user.getInternalProperty("id")'] },
      { name: "Login", type: "EXPRESSION", values: ["user.login"] },
      { name: "Email", type: "EXPRESSION", values: ["user.email"] },
      { name: "DisplayName", type: "EXPRESSION", values: ['user.firstName + " " + user.lastName'] },
    ]);
    expect(OKTA_USER_ID_EXPRESSION).toBe('user.getInternalProperty("id")');
  });

  it("GIVEN other names and a groups statement THEN the names follow and a GROUP statement with its filter comes last", () => {
    const statements = grafanaAttributeStatements(
      { externalUid: "okta_id", login: "login", email: "mail", name: "displayName" },
      { name: "groups", filterType: "STARTS_WITH", filterValue: "grafana-" },
    );
    expect(statements.map((s) => s.name)).toEqual(["okta_id", "login", "mail", "displayName", "groups"]);
    expect(statements[0]!.values).toEqual([OKTA_USER_ID_EXPRESSION]);
    expect(statements[4]).toEqual({ name: "groups", type: "GROUP", filterType: "STARTS_WITH", filterValue: "grafana-" });
  });

  it("GIVEN a groups statement without options THEN every group, named Group", () => {
    expect(grafanaAttributeStatements(DEFAULT_SAML_ATTRIBUTE_NAMES, {}).at(-1)).toEqual({ name: "Group", type: "GROUP", filterType: "REGEX", filterValue: ".*" });
  });
});

describe("attributeNameProblems", () => {
  it("accepts distinct names", () => expect(attributeNameProblems(DEFAULT_SAML_ATTRIBUTE_NAMES, "Group")).toEqual([]));

  it("GIVEN one name for two claims THEN the second is named, with the first", () => {
    expect(attributeNameProblems({ ...DEFAULT_SAML_ATTRIBUTE_NAMES, login: "mail", email: "mail" })).toEqual([
      { field: "email", problem: '"mail" is also the login attribute; Okta sends one value per attribute name, so give each claim its own name' },
    ]);
    expect(attributeNameProblems(DEFAULT_SAML_ATTRIBUTE_NAMES, "userUID")).toEqual([
      { field: "groups", problem: expect.stringMatching(/^"userUID" is also the externalUid attribute/) },
    ]);
  });

  it("GIVEN an empty name THEN it is named", () => {
    expect(attributeNameProblems({ ...DEFAULT_SAML_ATTRIBUTE_NAMES, externalUid: " " })).toEqual([{ field: "externalUid", problem: "must not be empty" }]);
  });
});

describe("NameID", () => {
  it("maps each format to its URN and back; unknown URNs are undefined", () => {
    for (const [format, urn] of Object.entries(NAME_ID_FORMATS)) expect(nameIdFormatOf(urn)).toBe(format);
    expect(NAME_ID_FORMATS.unspecified).toBe("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
    expect(nameIdFormatOf("urn:example:other")).toBeUndefined();
  });

  it("defaults the template to the email for emailAddress, else the Okta username", () => {
    expect(defaultNameIdTemplate("emailAddress")).toBe("${user.email}");
    expect(defaultNameIdTemplate("unspecified")).toBe("${user.userName}");
    expect(defaultNameIdTemplate("persistent")).toBe("${user.userName}");
  });
});
