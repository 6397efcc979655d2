/**
 * The Grafana sections of an environment file: `grafana` (which Grafana), `scim` (its switches),
 * `serviceAccount` and `token`. Each rule's message comes from the construct library's own
 * validator, so a file and a construct refuse a value in the same words.
 */
import { z } from "zod";
import { DNS_LABEL_PATTERN } from "../constructs/dns-label";
import { DEFAULT_ROLE_NAME, DEFAULT_SERVICE_ACCOUNT_NAME, rejectWithoutUserSyncProblem, roleNameProblem, syncsProblem } from "../constructs/grafana/scim-permissions";
import { cloudUrlProblem, orgIdProblem, selfHostedUrlProblem, stackIdProblem, stackSlugProblem } from "../constructs/grafana/tenant-url";
import { DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_TOKEN_NAME, MAX_TOKEN_DAYS, tokenOptionProblems } from "../constructs/grafana/token-options";
import { fromProblem, nonEmpty } from "./fields";

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

/** `grafana`: which Grafana receives SCIM. */
export const grafanaSchema = z
  .discriminatedUnion("kind", [grafanaCloudSchema, grafanaSelfHostedSchema])
  .meta({ description: "Which Grafana receives SCIM. The provider token comes from GRAFANA_AUTH." });

/** `scim`: Grafana's SCIM switches. */
export const scimSchema = z
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
  .superRefine((scim, ctx) => {
    const message = rejectWithoutUserSyncProblem(scim);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, path: ["rejectNonProvisionedUsers"] });
  })
  .meta({ description: "Grafana's SCIM switches (grafana_scim_config)." });

/** `serviceAccount`: the account the identity provider authenticates as. */
export const serviceAccountSchema = z
  .strictObject({
    name: nonEmpty("Service account name.").default(DEFAULT_SERVICE_ACCOUNT_NAME),
    permissions: z
      .enum(["custom-role", "fixed-roles"])
      .default("custom-role")
      .meta({
        description:
          "What the account's own role holds. custom-role: the least-privilege permissions SCIM needs. fixed-roles: the permissions of Grafana's fixed:org.users:writer and fixed:teams:writer, copied into that role (read at every plan); the fixed roles themselves are never assigned.",
      }),
    roleName: nonEmpty("Name of the account's own role, with either permission model (not fixed: or basic:).").superRefine(fromProblem(roleNameProblem)).default(DEFAULT_ROLE_NAME),
  })
  .meta({ description: "The service account the identity provider authenticates as (role None)." });

// The upper bound is checked by tokenOptionProblems (the construct's rule and words); `maximum` is for editors.
const days = (description: string) =>
  z.number().int("must be a whole number of days").positive("must be at least 1 day").meta({ description, maximum: MAX_TOKEN_DAYS });

/** `token`: the SCIM bearer token. */
export const tokenSchema = z
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

/** A validated `grafana` section. */
export type GrafanaConfig = z.output<typeof grafanaSchema>;
/** A validated `token` section, defaults applied. */
export type TokenConfig = z.output<typeof tokenSchema>;
