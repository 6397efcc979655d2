/**
 * `identityProvider` of kind `entra`: Microsoft Entra ID provisions Grafana through a
 * non-gallery enterprise application (the library's `EntraScim`). Credentials for the azuread and
 * msgraph providers come from the `ARM_*` environment variables; the file holds only the tenant id.
 */
import { z } from "zod";
import { duplicateTargets, matchingPriorityProblem, MAX_MATCHING_PRIORITY, type MappingSource } from "../constructs/entra/attribute-mappings";
import { duplicateEntraGroups } from "../constructs/entra/groups";
import {
  ENTRA_GROUP_CLAIMS,
  entraGroupClaimsProblem,
  entraIdentifierUriProblem,
  entraPolicyClaimNameProblems,
  externalUidClaimsSent,
  type EntraGroupClaims,
  type EntraSamlClaimNames,
} from "../constructs/entra/saml-claims";
import { GROUPS_CLAIM } from "../constructs/entra/entra-ids";
import { settingReadingClaim } from "../constructs/grafana/saml-role-sync";
import { expressionText, fromProblem, nonEmpty, uuid, type FieldProblem } from "./fields";
import type { SamlConfig } from "./saml";

/** Exactly one of `keys` must be set on the object. */
function exactlyOne<T extends Record<string, unknown>>(keys: readonly (keyof T & string)[]) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    const set = keys.filter((k) => value[k] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({ code: "custom", message: `set exactly one of ${keys.join(", ")}${set.length > 1 ? ` (got ${set.join(" and ")})` : ""}` });
    }
  };
}

/** A mapping source: an attribute, a constant, or a function (Graph parses it at apply). */
const mappingSourceSchema: z.ZodType<MappingSource> = z
  .strictObject({
    attribute: expressionText("An Entra attribute, e.g. userPrincipalName (expression [userPrincipalName]).").optional(),
    constant: z.string().optional().meta({ description: "A constant value." }),
    function: expressionText("A function name, e.g. Join; give its expression too. Graph parses it (parseExpression) at apply.").optional(),
    expression: expressionText('The function expression as the portal shows it, e.g. Join(" ", [givenName], [surname]).').optional(),
    parameters: z.unknown().optional().meta({ description: "No longer used: Graph parses the expression (parseExpression) at apply. Remove it." }),
  })
  .superRefine(exactlyOne(["attribute", "constant", "function"]))
  .superRefine((s, ctx) => {
    if (s.parameters !== undefined) {
      ctx.addIssue({ code: "custom", path: ["parameters"], message: "is no longer used: Graph parses the expression (parseExpression) at apply; remove it" });
    }
    if (s.function !== undefined && s.expression === undefined) ctx.addIssue({ code: "custom", message: "a function source needs its expression" });
    if (s.function === undefined && s.expression !== undefined) ctx.addIssue({ code: "custom", message: "expression belongs to a function source" });
  })
  .transform((s): MappingSource => {
    if (s.attribute !== undefined) return { attribute: s.attribute };
    if (s.constant !== undefined) return { constant: s.constant };
    return { function: s.function!, expression: s.expression! };
  });

const attributeMappingSchema = z.strictObject({
  target: expressionText('The SCIM attribute written, e.g. externalId or emails[type eq "work"].value.'),
  source: mappingSourceSchema,
  // The construct's rule (Graph's matchingPriority is an Int32); the JSON Schema says the same for editors.
  matchingPriority: z
    .number()
    .superRefine(fromProblem(matchingPriorityProblem))
    .optional()
    .meta({ description: "0 = not matching.", type: "integer", minimum: 0, maximum: MAX_MATCHING_PRIORITY }),
  flowType: z.enum(["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"]).optional(),
});

const mappingsSchema = z.array(attributeMappingSchema).superRefine((mappings, ctx) => {
  for (const d of duplicateTargets(mappings)) ctx.addIssue({ code: "custom", path: [d.index, "target"], message: d.problem });
});

const groupSchema = z
  .strictObject({
    objectId: uuid("The group's object id.").optional(),
    displayName: nonEmpty("The group's display name (looked up; must be unique).").optional(),
  })
  .superRefine(exactlyOne(["objectId", "displayName"]))
  .transform((g) => (g.objectId !== undefined ? { objectId: g.objectId } : { displayName: g.displayName! }));

/** The `identityProvider` section for Entra ID. */
export const entraEnvironmentSchema = z
  .strictObject({
    kind: z.literal("entra"),
    tenantId: uuid("The Entra tenant (directory) id. Credentials come from ARM_* environment variables."),
    appDisplayName: nonEmpty("Display name of the enterprise application."),
    groups: z
      .array(groupSchema)
      .superRefine((groups, ctx) => {
        for (const d of duplicateEntraGroups(groups)) ctx.addIssue({ code: "custom", path: [d.index], message: d.problem });
      })
      .default([])
      .meta({ description: "Groups assigned to the app (User role); their direct members are provisioned." }),
    mappings: z
      .strictObject({
        mode: z
          .enum(["keep-defaults", "strict"])
          .default("keep-defaults")
          .meta({ description: "keep-defaults: Grafana's mappings replace Microsoft's for the same targets, the rest stay. strict: only these mappings remain." }),
        user: mappingsSchema.default([]).meta({ description: "User mappings to add or to replace Grafana's (by target)." }),
        group: mappingsSchema.default([]).meta({ description: "Group mappings to add or to replace Grafana's (by target)." }),
      })
      .prefault({}),
    provisioning: z
      .strictObject({
        start: z.boolean().default(true).meta({ description: "Start provisioning once credentials and mappings are set. false leaves the job paused." }),
        provisionOnDemand: z
          .strictObject({
            users: z.array(uuid("A user object id.")).default([]),
            groups: z.array(uuid("A group object id.")).default([]),
          })
          .optional()
          .meta({ description: "Provision these users and groups right after the start (the portal's Provision on demand)." }),
      })
      .prefault({}),
    singleSignOn: z
      .strictObject({
        externalUidClaim: z
          .enum(["userUID", "objectidentifier"])
          .default("objectidentifier")
          .meta({
            description:
              "The SAML claim Grafana links logins to SCIM users by. objectidentifier (default): Entra's built-in object id claim, sent to members and guests. userUID: a claims mapping policy sends the object id as userUID; Entra does not apply claims mapping policies to guest users, so guests cannot sign in.",
          }),
        groupClaims: z
          .enum(ENTRA_GROUP_CLAIMS as [EntraGroupClaims, ...EntraGroupClaims[]])
          .optional()
          .meta({
            description:
              "Which groups the SAML token's groups claim (http://schemas.microsoft.com/ws/2008/06/identity/claims/groups, values are group object ids) carries: the app's groupMembershipClaims. " +
              "ApplicationGroup: the groups assigned to the app (recommended). SecurityGroup: all the user's security groups; a user in more than 150 groups gets none (Entra's SAML limit). " +
              "None: no groups claim. With ApplicationGroup or SecurityGroup, saml.assertionAttributeGroups defaults to the groups claim, and with it role and org mapping, whose values must then be group object ids (names are refused: they would never match). " +
              "Default: not managed (left as it is). Removing it leaves the app's value as it is: set None first to turn group claims off.",
          }),
      })
      .optional()
      .meta({ description: "Manage SAML single sign-on on the app (identifier, reply URL, signing certificate, object id claim, group claims)." }),
  })
  .meta({ description: "Microsoft Entra ID: a non-gallery enterprise application that provisions Grafana over SCIM." });

/** A validated Entra section. */
export type EntraEnvironmentConfig = z.output<typeof entraEnvironmentSchema>;

/**
 * Problems between the Entra section and the environment's `saml` section (Grafana's SAML
 * settings) when this package manages the app's single sign-on: Grafana must read the claim the
 * app sends the object id in (else SAML login cannot find the user SCIM created), and its entity
 * id becomes the app's identifier URI, which Entra accepts only as an absolute URI.
 * Without managed single sign-on the app's claims are whatever was set up by hand: not checked.
 */
export function entraSamlProblems(entra: EntraEnvironmentConfig, saml: SamlConfig | undefined): FieldProblem[] {
  if (!entra.singleSignOn) return [];
  const problems: FieldProblem[] = [];
  const claim = entra.singleSignOn.externalUidClaim;
  const groupClaimsProblem = entraGroupClaimsProblem(entra.singleSignOn.groupClaims, claim);
  if (groupClaimsProblem) problems.push({ path: ["identityProvider", "singleSignOn", "groupClaims"], problem: groupClaimsProblem });
  if (!saml) return problems;
  if (entra.singleSignOn.groupClaims === "None") problems.push(...unsentGroupsClaimProblems(saml));
  // The built-in objectidentifier claim is always sent: the userUID policy keeps the basic claim set.
  const sent = externalUidClaimsSent(claim);
  if (saml.assertionAttributeExternalUid !== undefined && !sent.includes(saml.assertionAttributeExternalUid)) {
    problems.push({
      path: ["saml", "assertionAttributeExternalUid"],
      problem:
        `"${saml.assertionAttributeExternalUid}" is not a claim Entra sends the object id in (${sent.map((c) => `"${c}"`).join(" or ")}, ` +
        `with identityProvider.singleSignOn.externalUidClaim "${claim}"); omit it to follow the identity provider`,
    });
  }
  if (saml.entityId !== undefined) {
    const problem = entraIdentifierUriProblem(saml.entityId);
    if (problem) problems.push({ path: ["saml", "entityId"], problem });
  }
  if (claim === "userUID") {
    // The claims mapping policy sends the login, email and name under the names Grafana reads.
    for (const p of entraPolicyClaimNameProblems(entraSamlClaimNames(saml), sent)) problems.push({ path: ["saml", SAML_CLAIM_NAME_FIELDS[p.field]], problem: p.problem });
  }
  return problems;
}

/**
 * With `groupClaims` "None" the app sends no groups claim: a `saml` setting that reads Entra's
 * groups claim (the groups attribute, the role or org attribute in effect) would find no groups,
 * and role sync would give every user Grafana's default role.
 */
function unsentGroupsClaimProblems(saml: SamlConfig): FieldProblem[] {
  const field = settingReadingClaim(saml, GROUPS_CLAIM);
  if (field === undefined) return [];
  return [
    {
      path: ["saml", field],
      problem:
        `reads Entra's groups claim "${GROUPS_CLAIM}", which identityProvider.singleSignOn.groupClaims "None" stops: ` +
        `role and org mapping would find no groups and give every user Grafana's default role. Set groupClaims to ApplicationGroup or SecurityGroup, or stop reading it`,
    },
  ];
}

/** Where each Entra claim name comes from in the `saml` section. */
export const SAML_CLAIM_NAME_FIELDS = {
  login: "assertionAttributeLogin",
  email: "assertionAttributeEmail",
  name: "assertionAttributeName",
} as const satisfies Record<keyof EntraSamlClaimNames, keyof SamlConfig>;

/** The claim names Grafana reads the login, email and name from, as the `saml` section sets them (unset: Entra's defaults). */
export function entraSamlClaimNames(saml: SamlConfig | undefined): EntraSamlClaimNames {
  const names: { -readonly [K in keyof EntraSamlClaimNames]: string } = {};
  for (const key of ["login", "email", "name"] as const) {
    const value = saml?.[SAML_CLAIM_NAME_FIELDS[key]];
    if (value !== undefined) names[key] = value;
  }
  return names;
}
