/**
 * Bad environment files and folders, made up by fast-check from valid ones: the classes of
 * hostile or careless input the loader must refuse (issue 14, point 1). Each case says which
 * files to write and, for each bad file, the field its message must name; a secret-shaped value
 * that a case carries is named too, so the test can check no message echoes it.
 *
 * Everything is derived from a seeded generator: the same seed makes the same cases.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { fieldName } from "../../environment-format";
import { generatedEnvironments } from "../../scripts/generated-environments";
import { ENVIRONMENTS_DIR } from "./environments";

/** A JSON value as environment files hold them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A path in a document: keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** What to put at a name in the environments folder. */
export type Entry =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "bytes"; readonly bytes: Buffer }
  | { readonly kind: "fifo" }
  | { readonly kind: "folder" }
  | { readonly kind: "symlink"; readonly target: string };

/** One bad environments folder and what its message must say. */
export interface BadCase {
  /** The class of bad input (issue 14's list). */
  readonly kind: string;
  /** File name (in the folder) -> what it is. */
  readonly entries: Readonly<Record<string, Entry>>;
  /** For each bad file, a field its message must name (a line `  - <field>`). */
  readonly expect: ReadonlyArray<{ readonly file: string; readonly field: string }>;
  /** Secret-shaped values the case carries: no message may contain them (or a 10-character piece of their random part). */
  readonly secrets?: readonly string[];
  /** A short description for a failure report. */
  readonly note: string;
}

/** A document as text, as an editor would save it. */
export const text = (document: unknown): Entry => ({ kind: "text", text: `${JSON.stringify(document, null, 2)}\n` });

/** Writes `entries` into `dir` (created). */
export function writeEntries(dir: string, entries: Readonly<Record<string, Entry>>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(entries)) {
    const file = path.join(dir, name);
    switch (entry.kind) {
      case "text":
        fs.writeFileSync(file, entry.text);
        break;
      case "bytes":
        fs.writeFileSync(file, entry.bytes);
        break;
      case "folder":
        fs.mkdirSync(file);
        break;
      case "symlink":
        fs.symlinkSync(entry.target, file);
        break;
      case "fifo":
        // No mkfifo in Node: the coreutils command makes it (the test fails loudly without it).
        if (require("node:child_process").spawnSync("mkfifo", [file]).status !== 0) throw new Error(`mkfifo ${file} failed`);
        break;
    }
  }
}

function readJson(file: string): { [key: string]: Json } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { [key: string]: Json };
}

/**
 * Hand-written valid documents that fill in the sections the examples and generated
 * environments leave out (Entra mappings of every source kind, adoption, on-demand provisioning;
 * Okta's NameID template, groups statement and created groups; SAML org mapping and role sync),
 * so every field of the format is mutated somewhere.
 */
const RICH: Record<string, { [key: string]: Json }> = {
  "rich-entra": {
    description: "Entra with every section",
    grafana: { kind: "cloud", stackSlug: "rich-entra", stackId: 777001, url: "https://grafana.rich.example" },
    scim: { userSync: true, groupSync: true, rejectNonProvisionedUsers: true },
    serviceAccount: { name: "scim-rich", permissions: "custom-role", roleName: "custom:scim-rich" },
    token: { name: "scim-rich", lifetimeDays: 120, rotationDays: 30, expiryWarningDays: 10 },
    identityProvider: {
      kind: "entra",
      tenantId: "72f988bf-0000-4000-8000-0000000000a1",
      appDisplayName: "Grafana (rich)",
      groups: [{ displayName: "Grafana Rich Users" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000b1" }],
      mappings: {
        mode: "keep-defaults",
        user: [
          { target: "title", source: { attribute: "jobTitle" }, flowType: "Always" },
          { target: "locale", source: { constant: "en-US" } },
          { target: "nickName", source: { function: "Join", expression: 'Join(" ", [givenName], [surname])' }, matchingPriority: 0 },
        ],
        group: [{ target: "displayName", source: { attribute: "displayName" } }],
      },
      provisioning: { start: true, provisionOnDemand: { users: ["6d5f1a3c-0000-4000-8000-0000000000c1"], groups: [] } },
      singleSignOn: { externalUidClaim: "userUID" },
    },
    saml: { signing: "variables", displayName: "Rich SSO", skipOrgRoleSync: true },
    backend: { kind: "s3", bucket: "acme-terraform-state", region: "eu-central-1", key: "grafana-scim/rich-entra.tfstate", dynamodbTable: "tf-locks" },
    adopt: {
      grafana: { serviceAccountId: "1:42" },
      entra: {
        applicationObjectId: "6d5f1a3c-0000-4000-8000-0000000000d1",
        servicePrincipalObjectId: "6d5f1a3c-0000-4000-8000-0000000000e1",
        synchronizationJobId: "scim.0123456789abcdef0123456789abcdef.72f988bf-0000-4000-8000-0000000000a1",
        groupAssignmentIds: { "Grafana Rich Users": "abcdefghijklmnopqrstuv" },
      },
    },
  },
  "rich-okta": {
    grafana: { kind: "self-hosted", url: "https://grafana-rich-okta.example.com", orgId: 1 },
    token: { lifetimeDays: 200, expiryWarningDays: 20 },
    identityProvider: {
      kind: "okta",
      orgName: "rich-okta",
      baseUrl: "oktapreview.com",
      groups: [{ name: "Grafana Rich", create: true, description: "created here", key: "grafana-rich" }, { id: "00g1a2b3c4d5e6f7g8h0" }],
      options: {
        appLabel: "Grafana Rich",
        nameIdFormat: "unspecified",
        nameIdTemplate: "${user.login}",
        authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        groupsStatement: { name: "groups", filterType: "REGEX", filterValue: "Grafana.*" },
      },
    },
    saml: {
      signing: { certificatePath: "/etc/grafana/saml.crt", privateKeyPath: "/etc/grafana/saml.key" },
      assertionAttributeGroups: "groups",
      roleValues: { editor: ["Grafana-Editors"], grafanaAdmin: ["Grafana-Admins"] },
      orgMapping: [{ value: "Grafana-Rich", orgId: 1, role: "Viewer" }],
      allowedOrganizations: ["Grafana-Rich"],
      signatureAlgorithm: "rsa-sha256",
    },
    backend: { kind: "azurerm", resourceGroupName: "rg-tf", storageAccountName: "acmetfstate", containerName: "tfstate", key: "rich-okta.tfstate", useOidc: true },
    adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } },
  },
  "rich-cloud": {
    grafana: { kind: "cloud", stackSlug: "rich-cloud", stackId: 777003 },
    scim: { userSync: true, groupSync: false },
    saml: {
      idpMetadataUrl: "https://idp.rich.example/metadata?tenant=1",
      entityId: "https://rich-cloud.grafana.net/saml/metadata",
      assertionAttributeExternalUid: "uid",
      assertionAttributeLogin: "login",
      assertionAttributeEmail: "mail",
      assertionAttributeName: "name",
      assertionAttributeRole: "role",
      roleValues: { admin: ["admin"], viewer: ["viewer"] },
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      signing: "variables",
      allowSignUp: false,
      allowIdpInitiated: false,
    },
    backend: { kind: "cloud", organization: "acme", workspace: "grafana-scim-rich-cloud", project: "SCIM", hostname: "tfe.example.com" },
  },
};

/** A valid environment file: its name (without `.json`) and document. */
export interface BaseEnvironment {
  readonly name: string;
  readonly document: { [key: string]: Json };
}

/** The valid documents the cases start from: the examples, the hand-written ones above, and 24 generated ones. */
export function baseEnvironments(): BaseEnvironment[] {
  const examples = fs
    .readdirSync(ENVIRONMENTS_DIR)
    .filter((f) => f.startsWith("example-") && f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: path.basename(f, ".json"), document: readJson(path.join(ENVIRONMENTS_DIR, f)) }));
  const rich = Object.entries(RICH).map(([name, document]) => ({ name, document }));
  const generated = generatedEnvironments(24).map((e) => ({ name: e.name, document: e.document as { [key: string]: Json } }));
  return [...examples, ...rich, ...generated];
}

/** Every path in `value`, leaves and containers, parents first. */
export function paths(value: Json, at: JsonPath = []): Array<{ path: JsonPath; value: Json }> {
  const here = [{ path: at, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value !== null && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

/** A deep copy of `document` with `path` set to `value` (or removed, for `undefined`). */
export function setPath(document: Json, path: JsonPath, value: Json | undefined): Json {
  const copy = structuredClone(document);
  if (path.length === 0) return value ?? null;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) {
    // A missing section is created (adding a field to a file that does not have its section).
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key] as Record<string | number, Json>;
  }
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}

/**
 * Free-text fields: any string is a valid value (no rule, or only "not empty"), and the value is
 * not written into the configuration as a name or an id. The fuzzing of "a bad value" skips them.
 */
const FREE_TEXT = [/^\$schema$/, /^description$/, /^identityProvider\.groups\[\d+\]\.description$/, /^identityProvider\.mappings\.(user|group)\[\d+\]\.source\.constant$/];

/**
 * Fields that take template sequences and whose value the constructs escape rather than the
 * format refusing it: the identity provider's own expressions, and Okta group names, keys and
 * descriptions (constructs/okta/groups.ts escapes them for the lookup and the created group).
 */
export const EXPRESSION_FIELDS = [
  /^identityProvider\.groups\[\d+\]\.(name|key|description)$/,
  /^identityProvider\.options\.nameIdTemplate$/,
  /^identityProvider\.options\.groupsStatement\.filterValue$/,
  /^identityProvider\.mappings\.(user|group)\[\d+\]\.(target|source\.(attribute|function|expression|constant))$/,
];

/** Whether the field at `path` is free text. */
export function isFreeText(path: JsonPath): boolean {
  const name = fieldName(path);
  return FREE_TEXT.some((p) => p.test(name));
}

/** Keys (maps from a user's names to ids) where any key is allowed. */
const RECORDS = [/^adopt\.entra\.groupAssignmentIds$/];

/** The objects of `document` that take only known fields. */
export function strictObjects(document: Json): JsonPath[] {
  return paths(document)
    .filter(({ value }) => value !== null && typeof value === "object" && !Array.isArray(value))
    .map(({ path: p }) => p)
    .filter((p) => !RECORDS.some((r) => r.test(fieldName(p))));
}

/** String leaves of `document` that are not free text (each holds a name, id, URL, claim, expression or choice). */
export function constrainedStrings(document: Json): JsonPath[] {
  return paths(document)
    .filter(({ path: p, value }) => typeof value === "string" && !isFreeText(p))
    .map(({ path: p }) => p);
}

/** The field a message names for a problem at `path`: a union's `kind` is reported at the union. */
export function expectedField(path: JsonPath): string {
  return fieldName(path);
}

// ---------------------------------------------------------------------------------------------
// Values

/** A random suffix of `length` characters from `chars`. */
const chars = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split("")), { minLength: min, maxLength: max }).map((a) => a.join(""));
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64URL = `${ALNUM}_-`;

/**
 * A credential of one of the shapes the detector knows, with a random body: `{ value, body }`,
 * where `body` is the random part no message may show.
 */
export const secretArb: fc.Arbitrary<{ value: string; body: string; kind: string }> = fc.oneof(
  fc.tuple(chars(ALNUM, 24, 32), chars("0123456789abcdef", 8, 8)).map(([b, h]) => ({ value: `glsa_${b}_${h}`, body: b, kind: "glsa" })),
  chars(ALNUM, 24, 40).map((b) => ({ value: `glc_${b}`, body: b, kind: "glc" })),
  chars(ALNUM, 24, 40).map((b) => ({ value: `eyJrIjoi${b}`, body: b, kind: "api key" })),
  fc.tuple(chars(B64URL, 12, 20), chars(B64URL, 12, 20)).map(([a, b]) => ({ value: `eyJhbGciOiJIUzI1NiJ9.eyJ${a}.${b}`, body: `${a}.${b}`, kind: "jwt" })),
  chars(B64URL, 40, 40).map((b) => ({ value: `00${b}`, body: b, kind: "okta" })),
  fc.tuple(chars(ALNUM, 3, 3), fc.integer({ min: 0, max: 9 }), chars(ALNUM, 31, 34)).map(([a, d, b]) => ({ value: `${a}${d}Q~${b}`, body: b, kind: "entra" })),
  fc.tuple(chars(ALNUM, 14, 14), chars(ALNUM, 24, 40)).map(([a, b]) => ({ value: `${a}.atlasv1.${b}`, body: b, kind: "hcp" })),
  chars(ALNUM, 40, 60).map((b) => ({ value: `-----BEGIN RSA PRIVATE KEY-----\nMIIE${b}\n-----END RSA PRIVATE KEY-----`, body: b, kind: "pem" })),
  chars(ALNUM, 20, 30).map((b) => ({ value: `Bearer ${b}`, body: b, kind: "bearer" })),
  fc.tuple(chars(ALNUM, 12, 20)).map(([b]) => ({ value: `https://scim:${b}@grafana.example.com`, body: b, kind: "url" })),
  fc.tuple(fc.constantFrom("AKIA", "ASIA"), chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16)).map(([p, b]) => ({ value: `${p}${b}`, body: b, kind: "aws" })),
  chars(ALNUM, 40, 60).map((b) => ({ value: `MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSi${b}`, body: b, kind: "der key" })),
);

/** Text around a secret: none, or words on either side (a description, a claim name, a URL). */
export const aroundArb = fc.constantFrom<[string, string]>(["", ""], ["token ", ""], ["", " (rotate me)"], ["see ", " for access"], ["uid-", ""], ["key=", "&x=1"]);

/** Characters no value may hold. */
export const controlArb = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));

/** The bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069). */
export const bidiControlArb = fc.oneof(fc.integer({ min: 0x202a, max: 0x202e }), fc.integer({ min: 0x2066, max: 0x2069 })).map((c) => String.fromCharCode(c));

/** Numbers no numeric field of the format accepts. */
export const badNumberArb = fc.constantFrom(-1, 0, -0, 0.5, 1.5, -123456, 1e300, 3e12, 2 ** 53 + 2, Number.MAX_VALUE);

/** A value of another JSON type than `value`. */
export function otherTypeArb(value: Json): fc.Arbitrary<Json> {
  const all: Array<fc.Arbitrary<Json>> = [
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 99999 }),
    fc.string({ maxLength: 8 }),
    fc.constant([]),
    fc.constant({}),
    fc.constant(["x"]),
  ];
  const type = (v: Json) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  return fc.oneof(...all).filter((v) => type(v) !== type(value));
}

/**
 * The double in which cdktf encodes token `index` (tag 0xfdff: a number, 0xfbff: a number list),
 * as cdktf 0.21's `createTokenDouble` makes it (lib/tokens/private/encoding.js).
 */
export function tokenDouble(index: number, list: boolean): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint16(0, list ? 0xfbff : 0xfdff);
  view.setUint16(2, Math.floor(index / 2 ** 32) & 0xffff);
  view.setUint32(4, index >>> 0);
  return view.getFloat64(0);
}

/**
 * One of cdktf's encodings of a token, as a hostile or confused file would write it: the string,
 * list and map markers with any index, a number token (as a number, or written out in text), and
 * the values cdktf pairs with an encoded map. No environment file may hold one (they would be
 * resolved to another construct's value at synthesis).
 */
export const cdktfTokenArb: fc.Arbitrary<string | number> = fc.oneof(
  fc.tuple(fc.constantFrom("${", "#{", "&{"), fc.oneof(fc.nat({ max: 300 }), fc.constant(2 ** 40))).map(([open, n]) => `${open}TfToken[TOKEN.${n}]}`),
  fc.tuple(fc.nat({ max: 2 ** 24 }), fc.boolean()).map(([n, list]) => tokenDouble(n, list)),
  fc.tuple(fc.nat({ max: 2 ** 24 }), fc.boolean()).map(([n, list]) => String(tokenDouble(n, list))),
  fc.constantFrom<string | number>("String Map Token Value", "Any Map Token Value", -123456789),
);
