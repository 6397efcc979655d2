import { findSecrets, secretKind } from "../../environment-format/secrets";

describe("secretKind", () => {
  it.each([
    "https://grafana.example.com",
    "scim-provisioner",
    "custom:scim:provisioner",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    'user.getInternalProperty("id")',
    "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
    "Example: replace stackSlug with yours",
  ])("does not flag ordinary configuration: %s", (value) => expect(secretKind(value)).toBeUndefined());
});

describe("findSecrets", () => {
  it("reports the path of every secret-looking value and key, at any depth", () => {
    const token = "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d";
    expect(findSecrets({ a: [{ b: token }], [token]: 1, c: "fine" })).toEqual([
      { path: ["a", 0, "b"], kind: "Grafana service account token" },
      { path: [token], kind: "Grafana service account token" },
    ]);
  });
});
