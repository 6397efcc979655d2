/**
 * Valid, varied environment files made up by a formula, for the benchmark (`npm run bench`) and
 * the offline proofs over many environments (schema conformance, secret scan). Environment `i`
 * is the same on every run: the variation comes from `i`'s digits, not from a random source.
 *
 * Each one owns its own Grafana (a Cloud stack slug/id or a self-hosted host derived from `i`),
 * and cycles through: Grafana Cloud and self-hosted (some Cloud stacks on a custom domain);
 * identity provider Entra ID, Okta or none; every state backend; both permission models; token
 * lifetime, expiry warning or rotation; with and without SAML (Entra's object id claim or a
 * claims mapping policy, Okta's userUID, a metadata URL with role sync); Entra provisioning on
 * demand, strict mappings, a paused job; Okta groups by id, by name, created here.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The three identity-provider choices, in the order environments cycle through them. */
export const IDENTITY_PROVIDER_KINDS = ["entra", "okta", "none"] as const;

/** An environment file: its stack name and the JSON document. */
export interface GeneratedEnvironment {
  readonly name: string;
  readonly document: Record<string, unknown>;
}

/** A UUID whose last group encodes `n` and `salt` (valid, distinct per argument). */
function uuid(n: number, salt: number): string {
  return `${salt.toString(16).padStart(8, "0")}-1111-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

function backend(i: number, name: string): Record<string, unknown> {
  switch (i % 4) {
    case 0:
      return { kind: "s3", bucket: "acme-terraform-state", region: "eu-central-1", key: `grafana-scim/${name}.tfstate` };
    case 1:
      return { kind: "azurerm", resourceGroupName: "rg-terraform-state", storageAccountName: "acmetfstate", containerName: "tfstate" };
    case 2:
      return { kind: "cloud", organization: "acme", workspace: `grafana-scim-${name}` };
    default:
      return { kind: "local" };
  }
}

/** Environment number `i` (0-based): valid, and different from its neighbours in several ways. */
export function generatedEnvironment(i: number): GeneratedEnvironment {
  const idp = IDENTITY_PROVIDER_KINDS[i % 3]!;
  const variant = Math.floor(i / 3);
  const name = `gen-${idp}-${i}`;
  const cloud = variant % 2 === 0;
  const grafana = cloud
    ? { kind: "cloud", stackSlug: `gen${i}`, stackId: 100000 + i, ...(variant % 5 === 2 ? { url: `https://grafana-${i}.acme.example` } : {}) }
    : { kind: "self-hosted", url: `https://grafana-${i}.example.com` };
  const document: Record<string, unknown> = {
    description: `Generated environment ${i} (${idp}, ${grafana.kind})`,
    grafana,
    scim: { userSync: true, groupSync: variant % 4 !== 3, rejectNonProvisionedUsers: variant % 3 === 1 },
    serviceAccount: { name: `scim-provisioner-${i}`, permissions: variant % 2 === 1 ? "fixed-roles" : "custom-role" },
    backend: backend(i, name),
  };
  if (idp === "entra") {
    document.token = variant % 2 === 0 ? { lifetimeDays: 180, rotationDays: 60 } : { lifetimeDays: 90, expiryWarningDays: 10 };
    document.identityProvider = {
      kind: "entra",
      tenantId: uuid(i, 1),
      appDisplayName: `Grafana (${name})`,
      groups: [{ displayName: `Grafana Users ${i}` }, { objectId: uuid(i, 2) }],
      mappings: variant % 3 === 2 ? { mode: "strict" } : { mode: "keep-defaults" },
      provisioning: variant % 4 === 1 ? { start: true, provisionOnDemand: { users: [uuid(i, 3)], groups: [uuid(i, 4)] } } : { start: variant % 4 !== 2 },
      ...(variant % 3 !== 0 ? { singleSignOn: { externalUidClaim: variant % 3 === 1 ? "objectidentifier" : "userUID" } } : {}),
    };
    if (variant % 3 !== 0) document.saml = { signing: "variables" };
  } else if (idp === "okta") {
    document.token = { lifetimeDays: 365, expiryWarningDays: 30 };
    document.identityProvider = {
      kind: "okta",
      orgName: `gen${i}`,
      baseUrl: variant % 2 === 0 ? "okta.com" : "oktapreview.com",
      groups: [
        { name: `Grafana Users ${i}` },
        { id: `00g${String(i).padStart(17, "0")}` },
        ...(variant % 2 === 0 ? [{ name: `Grafana Admins ${i}`, create: true, description: "Grafana administrators" }] : []),
      ],
      options: { appLabel: `Grafana (${name})`, ...(variant % 3 === 0 ? { groupsStatement: { filterType: "STARTS_WITH", filterValue: "Grafana" } } : {}) },
    };
    if (variant % 2 === 1) document.saml = { assertionAttributeExternalUid: "userUID", signing: "variables", allowSignUp: false };
  } else {
    document.token = variant % 2 === 0 ? { lifetimeDays: 90 } : {};
    if (!cloud || variant % 4 === 0) {
      document.saml = {
        idpMetadataUrl: `https://idp-${i}.example.com/saml/metadata.xml`,
        assertionAttributeExternalUid: "userUID",
        assertionAttributeGroups: "groups",
        roleValues: { admin: [`admins-${i}`], viewer: [`viewers-${i}`] },
        signing: cloud ? "variables" : { certificatePath: "/etc/grafana/saml.crt", privateKeyPath: "/etc/grafana/saml.key" },
      };
    }
  }
  return { name, document };
}

/** Environments `0 .. count-1`. */
export function generatedEnvironments(count: number): GeneratedEnvironment[] {
  return Array.from({ length: count }, (_, i) => generatedEnvironment(i));
}

/** Writes `environments` as `<name>.json` files into `dir` (created if missing). */
export function writeEnvironments(dir: string, environments: readonly GeneratedEnvironment[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const e of environments) fs.writeFileSync(path.join(dir, `${e.name}.json`), `${JSON.stringify(e.document, null, 2)}\n`);
}
