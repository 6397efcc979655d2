import {
  federationMetadataUrl,
  userClaimsMappingPolicy,
  provisioningPortalUrl,
  uuidProblem,
} from "../../../constructs/entra/entra-ids";

describe("Entra URLs and ids", () => {
  it("builds the app-specific federation metadata URL", () => {
    expect(federationMetadataUrl("t-id", "c-id")).toBe("https://login.microsoftonline.com/t-id/federationmetadata/2007-06/federationmetadata.xml?appid=c-id");
  });

  it("builds the provisioning blade link", () => {
    expect(provisioningPortalUrl("c-id", "sp-id")).toBe(
      "https://portal.azure.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/ProvisioningManagement/appId/c-id/objectId/sp-id",
    );
  });

  it("writes the claims mapping policy with Graph's case-sensitive keys, one user claim per entry", () => {
    expect(JSON.parse(userClaimsMappingPolicy([{ id: "objectid", samlClaimType: "userUID" }, { id: "mail", samlClaimType: "email" }]))).toEqual({
      ClaimsMappingPolicy: {
        Version: 1,
        IncludeBasicClaimSet: "true",
        ClaimsSchema: [
          { Source: "user", ID: "objectid", SamlClaimType: "userUID" },
          { Source: "user", ID: "mail", SamlClaimType: "email" },
        ],
      },
    });
  });

  it.each(["6d5f1a3c-0000-4000-8000-0000000000bb", "6D5F1A3C-0000-4000-8000-0000000000BB"])("accepts the UUID %s", (id) => expect(uuidProblem(id)).toBeUndefined());
  it.each(["", "not-a-uuid", "6d5f1a3c00004000800000000000000bb", "{6d5f1a3c-0000-4000-8000-0000000000bb}"])("rejects %j", (id) =>
    expect(uuidProblem(id)).toMatch(/must be a UUID/),
  );
});
