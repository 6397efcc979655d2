import { ConfigurationError } from "../../../constructs/errors";
import {
  OKTA_BASE_URLS,
  oktaAdminUrl,
  oktaAppAdminUrl,
  oktaAppsAdminUrl,
  oktaBaseUrlProblem,
  oktaOrgNameProblem,
  oktaOrgUrl,
  oktaProviderConfig,
  validateOktaOrg,
  type OktaOrg,
} from "../../../constructs/okta/org";

const acme: OktaOrg = { orgName: "acme", baseUrl: "okta.com" };

describe("oktaOrgNameProblem", () => {
  it.each(["acme", "dev-12345678", "a", "trial-0001"])("accepts %j", (name) => expect(oktaOrgNameProblem(name)).toBeUndefined());

  it.each<[string, string]>([
    ["https://acme.okta.com", 'expected the org name only (e.g. "acme" for https://acme.okta.com), not a URL or host name (got "https://acme.okta.com")'],
    ["acme.okta.com", 'expected the org name only (e.g. "acme" for https://acme.okta.com), not a URL or host name (got "acme.okta.com")'],
    ["https://acme-admin.oktapreview.com/", 'expected the org name only (e.g. "acme" for https://acme.okta.com), not a URL or host name (got "https://acme-admin.oktapreview.com/")'],
    ["acme-admin", '"acme-admin" is the admin console\'s host name; use the org name without "-admin" (e.g. "acme")'],
    ["Acme", 'must be the org\'s subdomain in lowercase: letters a-z, digits and inner hyphens, 1-63 characters (got "Acme")'],
    ["", 'must be the org\'s subdomain in lowercase: letters a-z, digits and inner hyphens, 1-63 characters (got "")'],
    ["-acme", 'must be the org\'s subdomain in lowercase: letters a-z, digits and inner hyphens, 1-63 characters (got "-acme")'],
  ])("rejects %j", (name, problem) => expect(oktaOrgNameProblem(name)).toBe(problem));
});

describe("oktaBaseUrlProblem", () => {
  it.each([...OKTA_BASE_URLS])("accepts %j", (base) => expect(oktaBaseUrlProblem(base)).toBeUndefined());
  it.each(["https://okta.com", "okta.example.com", "login.example.com", "OKTA.COM"])("rejects %j", (base) =>
    expect(oktaBaseUrlProblem(base)).toBe(
      `must be one of "okta.com", "oktapreview.com", "okta-emea.com" (got "${base}"); the okta provider's base_url is the org's domain, not a URL or custom domain`,
    ),
  );
});

describe("org URLs", () => {
  it("GIVEN an org THEN its URL, admin console, app list and app page", () => {
    expect(oktaOrgUrl(acme)).toBe("https://acme.okta.com");
    expect(oktaOrgUrl({ orgName: "acme", baseUrl: "okta-emea.com" })).toBe("https://acme.okta-emea.com");
    expect(oktaAdminUrl({ orgName: "dev-1", baseUrl: "oktapreview.com" })).toBe("https://dev-1-admin.oktapreview.com");
    expect(oktaAppsAdminUrl(acme)).toBe("https://acme-admin.okta.com/admin/apps/active");
    expect(oktaAppAdminUrl(acme, "acme_grafana_1", "0oa1b2c3d4e5f6g7h8i9")).toBe(
      "https://acme-admin.okta.com/admin/app/acme_grafana_1/instance/0oa1b2c3d4e5f6g7h8i9/#tab-general",
    );
  });

  it("GIVEN a malformed org THEN a field-named error", () => {
    expect(() => oktaOrgUrl({ orgName: "https://acme.okta.com", baseUrl: "okta.com" })).toThrow(ConfigurationError);
    expect(() => validateOktaOrg({ orgName: "acme", baseUrl: "example.com" as never })).toThrow(/^org\.baseUrl: must be one of/);
    expect(() => validateOktaOrg({ orgName: "acme.okta.com", baseUrl: "okta.com" })).toThrow(/^org\.orgName: expected the org name only/);
  });
});

describe("oktaProviderConfig", () => {
  it("sets org_name and base_url only: credentials stay in OKTA_* environment variables", () => {
    expect(oktaProviderConfig(acme)).toEqual({ orgName: "acme", baseUrl: "okta.com" });
  });
});
