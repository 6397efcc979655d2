import {
  ENTRA_GROUP_CLAIMS,
  entraGrafanaSamlSettings,
  entraGroupClaimsProblem,
  entraGroupsClaimSent,
  groupMembershipClaimsBody,
} from "../../../constructs/entra/saml-claims";
import { GROUPS_CLAIM } from "../../../constructs/entra/entra-ids";

const TENANT = "00000000-0000-0000-0000-000000000001";
const CLIENT = "00000000-0000-0000-0000-000000000002";

describe("Entra group claims (pure)", () => {
  it("offers the groups assigned to the app, security groups, or none: not All or DirectoryRole", () => {
    expect(ENTRA_GROUP_CLAIMS).toEqual(["ApplicationGroup", "SecurityGroup", "None"]);
  });

  it("GIVEN ApplicationGroup or SecurityGroup THEN Entra's groups claim is sent; None or unmanaged: none Grafana can count on", () => {
    expect(GROUPS_CLAIM).toBe("http://schemas.microsoft.com/ws/2008/06/identity/claims/groups");
    expect(entraGroupsClaimSent("ApplicationGroup")).toBe(GROUPS_CLAIM);
    expect(entraGroupsClaimSent("SecurityGroup")).toBe(GROUPS_CLAIM);
    expect(entraGroupsClaimSent("None")).toBeUndefined();
    expect(entraGroupsClaimSent(undefined)).toBeUndefined();
  });

  it("the Grafana settings read the groups claim exactly when the app sends it", () => {
    expect(entraGrafanaSamlSettings(TENANT, CLIENT, "objectidentifier", {}, "ApplicationGroup").assertionAttributeGroups).toBe(GROUPS_CLAIM);
    expect(entraGrafanaSamlSettings(TENANT, CLIENT, "objectidentifier", {}, "None")).not.toHaveProperty("assertionAttributeGroups");
    expect(entraGrafanaSamlSettings(TENANT, CLIENT, "objectidentifier")).not.toHaveProperty("assertionAttributeGroups");
  });

  it("the PATCH body is the application's groupMembershipClaims", () => {
    expect(groupMembershipClaimsBody("SecurityGroup")).toEqual({ groupMembershipClaims: "SecurityGroup" });
    expect(groupMembershipClaimsBody("None")).toEqual({ groupMembershipClaims: "None" });
  });

  it("refuses group claims under the userUID claims mapping policy and values Graph does not take here", () => {
    expect(entraGroupClaimsProblem("ApplicationGroup", "objectidentifier")).toBeUndefined();
    expect(entraGroupClaimsProblem(undefined, "userUID")).toBeUndefined();
    expect(entraGroupClaimsProblem("None", "userUID")).toBeUndefined();
    expect(entraGroupClaimsProblem("SecurityGroup", "userUID")).toMatch(/^cannot be combined with externalUidClaim "userUID": its claims mapping policy replaces the app's claims/);
    expect(entraGroupClaimsProblem("All" as never, "objectidentifier")).toBe('must be one of ApplicationGroup, SecurityGroup, None (got "All")');
  });
});
