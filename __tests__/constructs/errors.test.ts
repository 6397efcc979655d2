import { ConfigurationError, mapConfigurationErrors, prefixedFields, prefixFieldMapper } from "../../constructs/errors";

describe("construct errors name props; callers re-phrase them in their own paths", () => {
  it("prefixFieldMapper replaces the longest matching prefix, at . and [ boundaries only", () => {
    const map = prefixFieldMapper({ groups: "identityProvider.groups", "org.orgName": "identityProvider.orgName", org: "identityProvider.org", token: "token" });
    expect(map("groups[2].name")).toBe("identityProvider.groups[2].name");
    expect(map("groups")).toBe("identityProvider.groups");
    expect(map("org.orgName")).toBe("identityProvider.orgName");
    expect(map("org.baseUrl")).toBe("identityProvider.org.baseUrl");
    expect(map("groupsStatement.name")).toBe("groupsStatement.name");
    expect(map("token.rotationDays")).toBe("token.rotationDays");
  });

  it("prefixFieldMapper sends unmatched fields to its fallback", () => {
    const map = prefixFieldMapper({ grafanaUrl: "grafana.url" }, prefixedFields("saml"));
    expect(map("grafanaUrl")).toBe("grafana.url");
    expect(map("roleValues.admin[0]")).toBe("saml.roleValues.admin[0]");
  });

  it("prefixedFields joins with a dot, or directly before an index", () => {
    expect(prefixedFields("instance")("stackId")).toBe("instance.stackId");
    expect(prefixedFields("groups")("[1].id")).toBe("groups[1].id");
    expect(prefixedFields("")("x")).toBe("x");
  });

  it("mapConfigurationErrors re-throws a ConfigurationError at the mapped field and passes other errors and results", () => {
    expect(mapConfigurationErrors(prefixedFields("token"), () => 42)).toBe(42);
    let thrown: unknown;
    try {
      mapConfigurationErrors(prefixedFields("token"), () => {
        throw new ConfigurationError("rotationDays", "is wrong");
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).field).toBe("token.rotationDays");
    expect((thrown as Error).message).toBe("token.rotationDays: is wrong");
    const other = new TypeError("boom");
    expect(() =>
      mapConfigurationErrors(prefixedFields("token"), () => {
        throw other;
      }),
    ).toThrow(other);
  });
});
