/**
 * Environment configuration: one JSON file per environment in `environments/`, validated here
 * before any stack is built. The same zod schema generates `environments/environment.schema.json`
 * for editor completion (`npm run schema`).
 *
 * Environment files hold no secrets: provider credentials come from the providers' own
 * environment variables (`GRAFANA_AUTH`, `ARM_*`, `OKTA_*`), and a value that looks like a
 * credential is rejected.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { DNS_LABEL_PATTERN } from "../constructs/dns-label";
import { cloudUrlProblem, httpsUrlProblem, orgIdProblem, stackIdProblem, stackSlugProblem, selfHostedUrlProblem } from "../constructs/grafana/tenant-url";
import { syncsProblem } from "../constructs/grafana/scim-permissions";
import { DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_TOKEN_NAME, tokenOptionProblems } from "../constructs/grafana/token-options";
import { DEFAULT_ROLE_NAME, DEFAULT_SERVICE_ACCOUNT_NAME, roleNameProblem } from "../constructs/grafana/scim-permissions";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../constructs/grafana/saml-urls";
import { ORG_MAPPING_ROLES, roleSyncProblems, SAML_ROLE_SETTINGS } from "../constructs/grafana/saml-role-sync";
import { adoptionProblems, adoptSchema } from "./adopt";
import { backendSchema, missingBackendProblem } from "./backend";
import { identityProviderProblems, identityProviderSchema, samlGroupsClaim, tokenDelivery } from "./identity-provider";
import { fromProblem, nonEmpty } from "./fields";
import { findSecrets } from "./secrets";

/** Environment names become stack names (`cdktf deploy <name>`) and directory names. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;


const grafanaCloudSchema = z
  .strictObject({
    kind: z.literal("cloud"),
    stackSlug: z
      .string()
      .superRefine(fromProblem(stackSlugProblem))
      // `pattern` is for editors only; the refinement above gives the error message.
      .meta({ description: "The stack slug: `acme` for https://acme.grafana.net.", examples: ["acme"], pattern: DNS_LABEL_PATTERN }),
    stackId: z
      .number()
      .superRefine(fromProblem(stackIdProblem))
      .meta({
        description: "The numeric stack id (Administration > Authentication > SCIM shows it).",
        examples: [123456],
        type: "integer",
        exclusiveMinimum: 0,
      }),
    url: z
      .string()
      .optional()
      .meta({
        description:
          "Only for a stack served on a custom domain: its root URL (https, no path). The tenant URL, the provider's url and Grafana's SAML endpoints use it; the namespace stays stacks-<stackId>. Default: https://<stackSlug>.grafana.net.",
        examples: ["https://grafana.acme.com"],
      }),
  })
  .superRefine((cloud, ctx) => {
    const problem = cloud.url === undefined ? undefined : cloudUrlProblem(cloud.url, cloud.stackSlug);
    if (problem) ctx.addIssue({ code: "custom", path: ["url"], message: problem });
  })
  .meta({ description: "A Grafana Cloud stack." });

const grafanaSelfHostedSchema = z
  .strictObject({
    kind: z.literal("self-hosted"),
    url: z
      .string()
      .superRefine(fromProblem(selfHostedUrlProblem))
      .meta({ description: "Grafana's root URL: https, no path.", examples: ["https://grafana.example.com"], pattern: "^https://[^/?#@]+/?$" }),
    orgId: z
      .number()
      .superRefine(fromProblem(orgIdProblem))
      .optional()
      .meta({
        description:
          "The Grafana organization SCIM provisions into. Only 1: grafana provider 4.45.1's grafana_scim_config always configures the namespace default (organization 1). Default 1.",
        type: "integer",
      }),
  })
  .meta({ description: "A self-hosted Grafana Enterprise instance." });

const grafanaSchema = z
  .discriminatedUnion("kind", [grafanaCloudSchema, grafanaSelfHostedSchema])
  .meta({ description: "Which Grafana receives SCIM. The provider token comes from GRAFANA_AUTH." });

const scimSchema = z
  .strictObject({
    userSync: z.boolean().default(true).meta({ description: "SCIM user sync: create, update and deactivate users." }),
    groupSync: z
      .boolean()
      .default(true)
      .meta({ description: "SCIM group sync: create teams and set their members. Not together with Grafana Team Sync." }),
    rejectNonProvisionedUsers: z
      .boolean()
      .default(false)
      .meta({ description: "Block sign-in of users SCIM did not provision (Cloud portal users always get in)." }),
  })
  .superRefine(fromProblem(syncsProblem))
  .meta({ description: "Grafana's SCIM switches (grafana_scim_config)." });

const serviceAccountSchema = z
  .strictObject({
    name: nonEmpty("Service account name.").default(DEFAULT_SERVICE_ACCOUNT_NAME),
    permissions: z
      .enum(["custom-role", "fixed-roles"])
      .default("custom-role")
      .meta({
        description:
          "custom-role: one least-privilege custom role. fixed-roles: Grafana's fixed:org.users:writer and fixed:teams:writer.",
      }),
    roleName: nonEmpty("Custom role name (custom-role only).").superRefine(fromProblem(roleNameProblem)).default(DEFAULT_ROLE_NAME),
  })
  .meta({ description: "The service account the identity provider authenticates as (role None)." });

const days = (description: string) => z.number().int("must be a whole number of days").positive("must be at least 1 day").meta({ description });

const tokenSchema = z
  .strictObject({
    name: nonEmpty("Token name, or name prefix when rotating.").default(DEFAULT_TOKEN_NAME),
    lifetimeDays: days("Days until the token expires. Omit for a token that never expires.").optional(),
    rotationDays: days("Replace the token every N days (on the first apply after that). Omit for no rotation.").optional(),
    expiryWarningDays: days("With a lifetime, warn on every plan this many days before expiry.").default(DEFAULT_EXPIRY_WARNING_DAYS),
  })
  .superRefine((token, ctx) => {
    for (const { field, problem } of tokenOptionProblems(token)) ctx.addIssue({ code: "custom", path: [field], message: problem });
  })
  .meta({ description: "The service-account token handed to the identity provider as its bearer token." });

const samlSigningSchema = z.union([
  z.literal("variables").meta({
    description: "Read Grafana's SP certificate and private key (base64 PEM) from TF_VAR_saml_certificate and TF_VAR_saml_private_key.",
  }),
  z
    .strictObject({ certificatePath: nonEmpty("Certificate path on the Grafana server."), privateKeyPath: nonEmpty("Key path on the Grafana server.") })
    .meta({ description: "Certificate and key files on the Grafana server (self-hosted)." }),
]);

const samlSchema = z
  .strictObject({
    idpMetadataUrl: z
      .string()
      .superRefine(fromProblem(httpsUrlProblem))
      .optional()
      .meta({ description: "URL of the identity provider's SAML metadata.", format: "uri" }),
    idpMetadataPath: nonEmpty("Path of the identity provider's SAML metadata on the Grafana server.").optional(),
    entityId: nonEmpty("Grafana's SAML entity id. Default: <grafana url>/saml/metadata.").optional(),
    displayName: nonEmpty("Login button label.").optional(),
    assertionAttributeExternalUid: nonEmpty(
      `SAML attribute carrying the id SCIM sends as externalId. Default: what the identity provider sends, else "${DEFAULT_EXTERNAL_UID_ATTRIBUTE}".`,
    ).optional(),
    assertionAttributeLogin: nonEmpty("SAML attribute for the login.").optional(),
    assertionAttributeEmail: nonEmpty("SAML attribute for the email.").optional(),
    assertionAttributeName: nonEmpty("SAML attribute for the display name.").optional(),
    assertionAttributeGroups: nonEmpty("SAML attribute for groups. Default: what the identity provider sends (Okta: its groups statement).").optional(),
    assertionAttributeRole: nonEmpty(
      "Role sync: the SAML attribute Grafana reads roles from. Default with roleValues: the groups attribute (Okta: the app's groups statement, as Grafana's role sync guide for Okta does).",
    ).optional(),
    roleValues: z
      .strictObject(
        Object.fromEntries(
          SAML_ROLE_SETTINGS.map(([role]) => [
            role,
            z.array(nonEmpty(`A value of the role attribute (with the default, a group name) that gives the ${role} role.`)).optional(),
          ]),
        ) as Record<(typeof SAML_ROLE_SETTINGS)[number][0], z.ZodOptional<z.ZodArray<ReturnType<typeof nonEmpty>>>>,
      )
      .optional()
      .meta({
        description:
          "Role sync: which values of the role attribute give which Grafana role (role_values_none/viewer/editor/admin/grafana_admin). SCIM does not assign roles; without this, Grafana's role sync is off. Values must not contain spaces or commas: Grafana splits them there.",
      }),
    skipOrgRoleSync: z.boolean().optional().meta({ description: "Keep roles and organization memberships as set in Grafana (no role sync at login). Default: Grafana's, false." }),
    assertionAttributeOrg: nonEmpty("Org mapping: the SAML attribute Grafana reads organizations from. Default with orgMapping or allowedOrganizations: the groups attribute.").optional(),
    orgMapping: z
      .array(
        z.strictObject({
          value: nonEmpty("A value of the org attribute (with the default, a group name), or * for every user."),
          orgId: z.number().meta({ description: "The Grafana organization id.", type: "integer", exclusiveMinimum: 0 }),
          role: z.enum(ORG_MAPPING_ROLES).optional().meta({ description: "The role in that organization. Default: Grafana's (auto_assign_org_role)." }),
        }),
      )
      .optional()
      .meta({ description: "Org mapping (org_mapping): organization memberships by value of the org attribute." }),
    allowedOrganizations: z
      .array(nonEmpty("A value of the org attribute."))
      .optional()
      .meta({ description: "Values of the org attribute a user needs one of to sign in (allowed_organizations). Default: everyone may sign in." }),
    nameIdFormat: nonEmpty("NameID format Grafana requests.").optional(),
    signatureAlgorithm: z.enum(["rsa-sha1", "rsa-sha256", "rsa-sha512"]).optional(),
    signing: samlSigningSchema.optional(),
    allowSignUp: z.boolean().optional().meta({ description: "Let SAML login create users SCIM did not provision. Default false; keep it." }),
    allowIdpInitiated: z
      .boolean()
      .optional()
      .meta({
        description:
          "Allow IdP-initiated login. Default false: then the app's tile on an Okta or My Apps dashboard fails and users sign in from Grafana's login page. With true, Grafana's relay_state must match the relay state the identity provider sends (not managed here).",
      }),
  })
  .superRefine((saml, ctx) => {
    if (saml.idpMetadataUrl !== undefined && saml.idpMetadataPath !== undefined) {
      ctx.addIssue({ code: "custom", path: ["idpMetadataUrl"], message: "set only one of idpMetadataUrl or idpMetadataPath" });
    }
  })
  .meta({
    description:
      "Let this package own Grafana's SAML settings (grafana_sso_settings, authoritative), aligned with SCIM. Omit to leave SAML as it is.",
  });

/** The schema of an environment file. */
export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path of the JSON Schema, for editors." }),
    description: z.string().optional().meta({ description: "What this environment is, for humans." }),
    grafana: grafanaSchema,
    scim: scimSchema.prefault({}),
    serviceAccount: serviceAccountSchema.prefault({}),
    token: tokenSchema.prefault({}),
    saml: samlSchema.optional(),
    identityProvider: identityProviderSchema.optional(),
    backend: backendSchema.prefault({ kind: "local" }),
    adopt: adoptSchema.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.token.rotationDays !== undefined && tokenDelivery(env.identityProvider) === "manual") {
      ctx.addIssue({
        code: "custom",
        path: ["token", "rotationDays"],
        message:
          `needs an identity provider this stack hands the token to (${env.identityProvider ? `"${env.identityProvider.kind}" cannot receive it through any API` : "none is configured"}): ` +
          "a rotation deletes the old token right after creating the new one, and provisioning fails until someone pastes it. " +
          "Use lifetimeDays with expiryWarningDays and replace the token deliberately",
      });
    }
    for (const { field, problem } of [...identityProviderProblems(env), ...adoptionProblems(env)]) {
      ctx.addIssue({ code: "custom", path: field.split("."), message: problem });
    }
    if (env.saml && env.saml.signing === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["saml", "signing"],
        message:
          'is required: Grafana\'s SAML needs its SP certificate and private key (its SAML options list both as required). ' +
          'Set "variables" (TF_VAR_saml_certificate, TF_VAR_saml_private_key) or their paths on the Grafana server',
      });
    }
    if (env.saml) {
      // Role sync reads the identity provider's groups claim unless told otherwise.
      const groups = env.saml.assertionAttributeGroups ?? samlGroupsClaim(env.identityProvider, env.saml);
      for (const { field, problem } of roleSyncProblems({ ...env.saml, assertionAttributeGroups: groups })) {
        const hint =
          env.identityProvider?.kind === "entra" && (field === "assertionAttributeRole" || field === "assertionAttributeOrg")
            ? ". Entra ID sends a groups claim only when the app's group claims are configured (this package does not manage them); " +
              "set assertionAttributeGroups to the claim it sends, by default http://schemas.microsoft.com/ws/2008/06/identity/claims/groups with group object ids as values"
            : "";
        ctx.addIssue({ code: "custom", path: ["saml", ...field.split(/\.|(?=\[)/).map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p))], message: problem + hint });
      }
    }
    if (env.saml && env.grafana.kind === "cloud") {
      // Grafana Cloud has no server file system to read these paths from.
      const why = "is a path on the Grafana server, and Grafana Cloud has no server file system you can place files on";
      if (env.saml.idpMetadataPath !== undefined) ctx.addIssue({ code: "custom", path: ["saml", "idpMetadataPath"], message: `${why}: use idpMetadataUrl` });
      if (typeof env.saml.signing === "object") {
        ctx.addIssue({ code: "custom", path: ["saml", "signing", "certificatePath"], message: `${why}: use "variables"` });
      }
    }
    if (env.saml && !env.identityProvider && env.saml.idpMetadataUrl === undefined && env.saml.idpMetadataPath === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["saml", "idpMetadataUrl"],
        message: "set idpMetadataUrl or idpMetadataPath, or configure an identityProvider (which provides the metadata URL)",
      });
    }
  })
  .meta({ title: "grafana-scim-cdktf environment", description: "One environment: a Grafana and how SCIM reaches it." });

/** A validated environment file, with defaults applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;

/** A loaded environment. */
export interface Environment {
  /** The environment (and stack) name: the file name without `.json`. */
  readonly name: string;
  /** The file it was read from. */
  readonly file: string;
  /** The validated configuration. */
  readonly config: EnvironmentConfig;
}

/** One problem in an environment file. */
export interface EnvironmentProblem {
  /** Dotted path of the field, or `(file)` for the file as a whole. */
  readonly field: string;
  /** What is wrong. */
  readonly problem: string;
}

/** An environment file (or several) that cannot be used; the message lists every problem. */
export class EnvironmentError extends Error {
  constructor(readonly problems: ReadonlyArray<EnvironmentProblem & { readonly file: string }>) {
    const byFile = new Map<string, string[]>();
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), `  - ${p.field}: ${p.problem}`]);
    super([...byFile].map(([file, lines]) => `${file} is not a valid environment:\n${lines.join("\n")}`).join("\n"));
    this.name = "EnvironmentError";
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}

/** The keys the schema accepts at `path` of `document`, for "unknown field" messages. */
function allowedKeys(path: readonly PropertyKey[], document: unknown): string[] {
  let schema: z.core.$ZodType = environmentSchema;
  let value: unknown = document;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as { type: string; innerType?: z.core.$ZodType; options?: z.core.$ZodType[]; discriminator?: string };
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === "union" && def.options && def.discriminator) {
      const kind = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      const match = def.options.find((o) => ((o._zod.def as { shape?: Record<string, z.core.$ZodType> }).shape?.[def.discriminator!]?._zod.def as { values?: unknown[] } | undefined)?.values?.includes(kind));
      return match ? unwrap(match) : s;
    }
    return s;
  };
  for (const key of [...path, undefined]) {
    schema = unwrap(schema);
    const shape = (schema._zod.def as { shape?: Record<string, z.core.$ZodType> }).shape;
    if (!shape) return [];
    if (key === undefined) return Object.keys(shape);
    schema = shape[String(key)] as z.core.$ZodType;
    value = (value as Record<string, unknown> | undefined)?.[String(key)];
    if (!schema) return [];
  }
  return [];
}

function issueProblems(issue: z.core.$ZodIssue, document: unknown): EnvironmentProblem[] {
  const field = fieldName(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return [{ field, problem: `is required (${issue.expected})` }];
      // A message given in the schema (e.g. for .int()) says it better than the generic one.
      if (!issue.message.startsWith("Invalid input")) return [{ field, problem: `${issue.message} (got ${describe(input)})` }];
      return [{ field, problem: `expected ${issue.expected}, got ${describe(input)}` }];
    case "unrecognized_keys": {
      const allowed = allowedKeys(issue.path, document);
      return issue.keys.map((key) => ({
        field: fieldName([...issue.path, key]),
        problem: `unknown field${allowed.length ? `; allowed here: ${allowed.join(", ")}` : ""}`,
      }));
    }
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        const got = (input as Record<string, unknown> | undefined)?.[String(issue.path.at(-1) ?? "kind")];
        return [{ field, problem: `must be one of ${options.map((o) => JSON.stringify(o)).join(", ")} (got ${describe(got)})` }];
      }
      return [{ field, problem: `${issue.message} (got ${describe(input)})` }];
    }
    case "invalid_value":
      return [{ field, problem: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describe(input)})` }];
    default:
      return [{ field, problem: issue.message }];
  }
}

/** Validates a parsed environment document; returns the config or every problem found. */
export function validateEnvironment(document: unknown): { config: EnvironmentConfig; problems: [] } | { config?: undefined; problems: EnvironmentProblem[] } {
  const secrets = findSecrets(document).map((s) => ({
    field: fieldName(s.path),
    problem:
      `looks like a ${s.kind}. Environment files are committed and must not hold credentials: ` +
      `the providers read theirs from GRAFANA_AUTH, ARM_* and OKTA_* environment variables`,
  }));
  const result = environmentSchema.safeParse(document, { reportInput: true });
  if (result.success && secrets.length === 0) return { config: result.data, problems: [] };
  const problems = [...secrets, ...(result.success ? [] : result.error.issues.flatMap((i) => issueProblems(i, document)))];
  return { problems };
}

/** Reads and validates one environment file; throws {@link EnvironmentError} listing every problem. */
export function loadEnvironment(file: string): Environment {
  const name = path.basename(file, ".json");
  const problems: EnvironmentProblem[] = [];
  if (!ENVIRONMENT_NAME.test(name)) {
    problems.push({
      field: "(file name)",
      problem: `"${name}" cannot name a stack: use lowercase letters, digits and hyphens, starting with a letter (max 40)`,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new EnvironmentError([{ file, field: "(file)", problem: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const result = validateEnvironment(document);
  problems.push(...result.problems);
  const backendProblem = missingBackendProblem(name, document);
  if (backendProblem) problems.push({ field: "backend", problem: backendProblem });
  if (problems.length > 0 || result.config === undefined) throw new EnvironmentError(problems.map((p) => ({ ...p, file })));
  return { name, file, config: result.config };
}

/** Whether `fileName` in the environments folder is an environment (not the JSON Schema). */
export function isEnvironmentFile(fileName: string): boolean {
  return fileName.endsWith(".json") && !fileName.endsWith(".schema.json");
}

/**
 * Loads every environment in `dir`, sorted by name. All files are validated before any is
 * used: one bad file fails the whole load with one message listing every problem.
 */
export function loadEnvironments(dir: string): Environment[] {
  const files = fs
    .readdirSync(dir)
    .filter(isEnvironmentFile)
    .sort()
    .map((f) => path.join(dir, f));
  const environments: Environment[] = [];
  const problems: Array<EnvironmentProblem & { file: string }> = [];
  for (const file of files) {
    try {
      environments.push(loadEnvironment(file));
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  if (environments.length === 0) throw new EnvironmentError([{ file: dir, field: "(folder)", problem: "holds no environment files (*.json)" }]);
  return environments;
}

/** The JSON Schema for editors, generated from {@link environmentSchema}. */
export function environmentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
