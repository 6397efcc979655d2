import { generateKeyPairSync } from "node:crypto";
import { findSecrets, maskSecrets, secretKind, secretMask } from "../../environment-format/secrets";

/** A private key's body without its PEM armor (one line of base64 DER), as a careless copy of a key file's middle gives it. */
function keyBody(type: "rsa" | "ec" | "ed25519", format: "pkcs8" | "pkcs1" | "sec1", options: object = {}): string {
  const { privateKey } = generateKeyPairSync(type as "rsa", { modulusLength: 2048, ...options } as { modulusLength: number });
  return (privateKey.export({ type: format as "pkcs8", format: "der" }) as Buffer).toString("base64");
}

/** One credential of each shape the detector knows, and its kind. */
const CREDENTIALS: ReadonlyArray<readonly [string, string]> = [
  ["glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d", "Grafana service account token"],
  ["glc_eyJvIjoiMTIzNDU2IiwibiI6InN0YWNrIn0AAAAAAAAAA", "Grafana Cloud access policy token"],
  ["eyJrIjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk", "Grafana API key"],
  ["eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzY2FuIn0.c2lnbmF0dXJlLXBhcnQ", "JSON Web Token"],
  ["00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd", "Okta API token"],
  ["Abc8Q~abcdefghijklmnopqrstuvwxyz0123456", "Entra ID client secret"],
  ["AbCdEfGhIjKlMn.atlasv1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "HCP Terraform token"],
  ["-----BEGIN RSA PRIVATE KEY-----\nMIIE", "private key"],
  [Buffer.from("-----BEGIN PRIVATE KEY-----\nMIIEvQ").toString("base64"), "base64-encoded private key"],
  [Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQ").toString("base64"), "base64-encoded private key"],
  [Buffer.from("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl").toString("base64"), "base64-encoded private key"],
  ["Bearer abcdefghijklmnopqrstuvwxyz", "bearer token"],
  // Credentials of the state backends (AWS_ACCESS_KEY_ID for s3, ARM_ACCESS_KEY for azurerm): `backend.key` invites pasting one.
  ["AKIAIOSFODNN7EXAMPLE", "AWS access key id"],
  ["ASIAY34FZKBOKMUTVV7A", "AWS access key id"],
  [Buffer.alloc(64, "storage-account-key/").toString("base64"), "Azure storage account key"],
  // Private keys without their PEM armor: RSA (PKCS#8 and PKCS#1, 2048 and 4096 bits), EC (PKCS#8 and SEC1, P-256 and P-384), Ed25519, OpenSSH.
  [keyBody("rsa", "pkcs8"), "private key (base64 DER, no PEM armor)"],
  [keyBody("rsa", "pkcs1"), "private key (base64 DER, no PEM armor)"],
  [keyBody("rsa", "pkcs8", { modulusLength: 4096 }), "private key (base64 DER, no PEM armor)"],
  [keyBody("ec", "pkcs8", { namedCurve: "P-256" }), "private key (base64 DER, no PEM armor)"],
  [keyBody("ec", "pkcs8", { namedCurve: "P-384" }), "private key (base64 DER, no PEM armor)"],
  [keyBody("ec", "sec1", { namedCurve: "P-256" }), "private key (base64 DER, no PEM armor)"],
  [keyBody("ed25519", "pkcs8"), "private key (base64 DER, no PEM armor)"],
  ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", "private key (base64 DER, no PEM armor)"],
  ["https://admin:hunter2@grafana.example.com", "URL with embedded credentials"],
];

describe("secretKind", () => {
  it.each([
    "https://grafana.example.com",
    "scim-provisioner",
    "custom:scim:provisioner",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    'user.getInternalProperty("id")',
    "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
    "Example: replace stackSlug with yours",
    "00g1a2b3c4d5e6f7g8h9",
    "Grafana Users 00g1a2b3c4d5e6f7g8h9, see https://grafana.example.com:3000/login?next=@home",
    "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456",
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    Buffer.from("-----BEGIN CERTIFICATE-----\nMIIC").toString("base64"),
    "${user.getInternalProperty(\"id\")}",
    // Upper-case names of an AWS key id's length: a key id's last 16 characters are base32 (no 0, 1, 8, 9).
    "ASIAPACIFICSALES2024",
    "Grafana AKIA0000000000000001",
  ])("does not flag ordinary configuration: %s", (value) => expect(secretKind(value)).toBeUndefined());

  it.each(CREDENTIALS)("finds %s alone, and inside longer text", (credential, kind) => {
    expect(secretKind(credential)).toBe(kind);
    expect(secretKind(`Grafana (acme) ${credential} for provisioning`)).toBe(kind);
    expect(secretKind(`claim:${credential}`)).toBe(kind);
    expect(secretKind(`"${credential}",`)).toBe(kind);
    // Glued to text by a character that may belong to a credential, or followed by a file extension.
    expect(secretKind(`uid-${credential}`)).toBe(kind);
    expect(secretKind(`${credential}.json`)).toBe(kind);
  });

  it("does not take a longer run of token characters for a token of fixed length", () => {
    expect(secretKind(`x${"00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"}`)).toBeUndefined();
    expect(secretKind(`${"00AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd"}x`)).toBeUndefined();
  });
});

describe("maskSecrets", () => {
  it.each(CREDENTIALS)("masks %s inside a message, naming its kind", (credential, kind) => {
    const masked = maskSecrets(`must be one of "cloud", "self-hosted" (got "${credential}")`);
    // A URL keeps its host; a PEM block without its END line is masked to the end of the text.
    const after = kind === "private key" ? "" : kind === "URL with embedded credentials" ? 'grafana.example.com")' : '")';
    expect(masked).toBe(`must be one of "cloud", "self-hosted" (got "${secretMask(kind)}${after}`);
  });

  it("masks a whole PEM block, not only its first line", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    expect(maskSecrets(`got ${pem} here`)).toBe(`got ${secretMask("private key")} here`);
    expect(maskSecrets(`got ${pem.slice(0, 50)}`)).toBe(`got ${secretMask("private key")}`);
  });

  it("leaves a message without credentials as it is", () => {
    const message = 'grafana.url: must use https (got "http://")';
    expect(maskSecrets(message)).toBe(message);
  });
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
