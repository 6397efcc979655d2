/**
 * `identityProvider` of kind `okta`: an Okta custom SAML app for Grafana, its group assignments,
 * the SCIM enablement gate and the runbook for the part Okta's API cannot do (the library's
 * `OktaGrafanaScim`). Provider credentials come from OKTA_* environment variables; the file names
 * only the org.
 */
import { z } from "zod";
import { DNS_LABEL_PATTERN } from "../constructs/dns-label";
import { SAML_ROLE_SETTINGS } from "../constructs/grafana/saml-role-sync";
import { oktaGroupProblems } from "../constructs/okta/groups";
import { OKTA_BASE_URLS, oktaOrgNameProblem } from "../constructs/okta/org";
import {
  DEFAULT_APP_LABEL,
  DEFAULT_AUTHN_CONTEXT_CLASS_REF,
  DEFAULT_GROUPS_ATTRIBUTE,
  DEFAULT_NAME_ID_FORMAT,
  DEFAULT_SAML_ATTRIBUTE_NAMES,
  NAME_ID_FORMATS,
  attributeNameProblems,
  nameIdFormatOf,
  type GrafanaSamlAttributeNames,
  type NameIdFormat,
} from "../constructs/okta/saml-attributes";
import { expressionText, fromProblem, nonEmpty, type FieldProblem } from "./fields";
import type { SamlConfig } from "./saml";

const groupSchema = z
  .strictObject({
    id: z.string().optional().meta({ description: "An existing Okta group, by id (00g...).", examples: ["00g1a2b3c4d5e6f7g8h9"] }),
    name: z.string().optional().meta({ description: "An Okta group by exact name: looked up, or created with create: true." }),
    create: z.boolean().optional().meta({ description: "Create the group named `name` (okta_group). Default: look it up." }),
    description: z.string().optional().meta({ description: "Description of a group created here." }),
    key: z
      .string()
      .optional()
      .meta({ description: "A created group's Terraform address follows its name, so renaming recreates it. To rename in place, set key to the old name, then change name." }),
  })
  .meta({ description: "A group assigned to the Grafana app: give id, or name (looked up or created)." });

const groupsSchema = z
  .array(groupSchema)
  .superRefine((groups, ctx) => {
    for (const p of oktaGroupProblems(groups)) {
      ctx.addIssue({ code: "custom", path: [...(p.index === undefined ? [] : [p.index]), ...(p.field ? [p.field] : [])], message: p.problem });
    }
  })
  .meta({
    description:
      "The groups assigned to the app, at least one: Okta provisions only assigned users, and with group sync their pushed groups become Grafana teams. " +
      "All are assigned by one okta_app_group_assignments, which removes groups assigned by hand.",
  });

const nameIdFormats = Object.keys(NAME_ID_FORMATS) as [NameIdFormat, ...NameIdFormat[]];

const optionsSchema = z
  .strictObject({
    appLabel: nonEmpty("The app's label in Okta.").default(DEFAULT_APP_LABEL),
    nameIdFormat: z
      .enum(nameIdFormats)
      .optional()
      .meta({ description: `NameID format the app sends. Default: follows saml.nameIdFormat, else "${DEFAULT_NAME_ID_FORMAT}" (Okta's default).` }),
    nameIdTemplate: expressionText(
      "NameID value, an Okta expression written as Okta shows it, e.g. ${user.userName} (escaped for Terraform by the package). Default: ${user.email} for emailAddress, else ${user.userName}.",
    ).optional(),
    authnContextClassRef: nonEmpty("SAML authentication context class the app asserts.").default(DEFAULT_AUTHN_CONTEXT_CLASS_REF),
    groupsStatement: z
      .strictObject({
        name: nonEmpty(`Attribute name. Default: saml.assertionAttributeGroups, else "${DEFAULT_GROUPS_ATTRIBUTE}".`).optional(),
        filterType: z.enum(["STARTS_WITH", "EQUALS", "CONTAINS", "REGEX"]).default("REGEX"),
        filterValue: expressionText("Filter on group names.").default(".*"),
      })
      .optional()
      .meta({ description: "Send the user's Okta groups in a GROUP attribute statement. Sent anyway (all groups) when saml.assertionAttributeGroups is set." }),
  })
  .meta({ description: "The SAML app's options." });

/** The `identityProvider` section for Okta. */
export const oktaEnvironmentSchema = z
  .strictObject({
    kind: z.literal("okta"),
    orgName: z
      .string()
      .superRefine(fromProblem(oktaOrgNameProblem))
      .meta({
        description: "The Okta org name: acme for https://acme.okta.com. Credentials come from OKTA_API_TOKEN or the OKTA_API_* OAuth variables.",
        examples: ["acme"],
        pattern: DNS_LABEL_PATTERN,
      }),
    baseUrl: z.enum(OKTA_BASE_URLS).default("okta.com").meta({ description: "The org's domain." }),
    groups: groupsSchema,
    options: optionsSchema.prefault({}),
  })
  .meta({ description: "Okta: a custom SAML app for Grafana with group assignments; SCIM is then enabled by hand, as the runbook says (grafana-scim runbook <env>)." });

/** A validated Okta section. */
export type OktaEnvironmentConfig = z.output<typeof oktaEnvironmentSchema>;

/**
 * Problems between the Okta section and the environment's `saml` section, which Grafana's SAML
 * settings come from (the schema of each section cannot see the other): claim names Okta cannot
 * send apart, a NameID format Okta does not offer or that disagrees, two names for the groups claim.
 */
export function oktaSamlProblems(okta: OktaEnvironmentConfig, saml: SamlConfig | undefined): FieldProblem[] {
  if (!saml) return [];
  const problems: FieldProblem[] = [];
  if (saml.nameIdFormat !== undefined) {
    const format = nameIdFormatOf(saml.nameIdFormat);
    if (format === undefined) {
      problems.push({ path: ["saml", "nameIdFormat"], problem: `must be a NameID format Okta sends: ${Object.values(NAME_ID_FORMATS).join(", ")} (got "${saml.nameIdFormat}")` });
    } else if (okta.options.nameIdFormat !== undefined && okta.options.nameIdFormat !== format) {
      problems.push({
        path: ["identityProvider", "options", "nameIdFormat"],
        problem: `"${okta.options.nameIdFormat}" disagrees with saml.nameIdFormat ("${saml.nameIdFormat}"); set one of them`,
      });
    }
  }
  const groupsName = okta.options.groupsStatement?.name;
  if (groupsName !== undefined && saml.assertionAttributeGroups !== undefined && groupsName !== saml.assertionAttributeGroups) {
    problems.push({
      path: ["identityProvider", "options", "groupsStatement", "name"],
      problem: `"${groupsName}" disagrees with saml.assertionAttributeGroups ("${saml.assertionAttributeGroups}"); set one of them`,
    });
  }
  const samlFields: Record<keyof GrafanaSamlAttributeNames | "groups", keyof SamlConfig> = {
    externalUid: "assertionAttributeExternalUid",
    login: "assertionAttributeLogin",
    email: "assertionAttributeEmail",
    name: "assertionAttributeName",
    groups: "assertionAttributeGroups",
  };
  const groups = oktaGroupsAttribute(okta, saml);
  for (const p of attributeNameProblems(grafanaSamlAttributeNames(saml), groups)) problems.push({ path: ["saml", samlFields[p.field]], problem: p.problem });
  // Role and org mapping read the groups statement: the app sends no other attribute they could use.
  for (const field of ["assertionAttributeRole", "assertionAttributeOrg"] as const) {
    const name = saml[field];
    if (name !== undefined && name !== groups) {
      problems.push({
        path: ["saml", field],
        problem: `"${name}" is not an attribute the Okta app sends; Okta sends the user's groups in "${groups}" (Grafana's role sync guide for Okta reads roles from it). Omit ${field} to use it`,
      });
    }
  }
  return problems;
}

/** The claim names Grafana reads (the Okta app must send them): the `saml` section's, else the defaults. */
export function grafanaSamlAttributeNames(saml: SamlConfig | undefined): GrafanaSamlAttributeNames {
  return {
    externalUid: saml?.assertionAttributeExternalUid ?? DEFAULT_SAML_ATTRIBUTE_NAMES.externalUid,
    login: saml?.assertionAttributeLogin ?? DEFAULT_SAML_ATTRIBUTE_NAMES.login,
    email: saml?.assertionAttributeEmail ?? DEFAULT_SAML_ATTRIBUTE_NAMES.email,
    name: saml?.assertionAttributeName ?? DEFAULT_SAML_ATTRIBUTE_NAMES.name,
  };
}

/**
 * The attribute the Okta app sends the user's groups in, or `undefined` when it sends none. It
 * sends them with `options.groupsStatement`, with `saml.assertionAttributeGroups`, and whenever
 * the `saml` section maps roles or organizations (which then read it, as in Grafana's role sync
 * guide for Okta).
 */
export function oktaGroupsAttribute(okta: OktaEnvironmentConfig, saml: SamlConfig | undefined): string | undefined {
  const roleOrOrgMapping =
    saml !== undefined &&
    (SAML_ROLE_SETTINGS.some(([role]) => (saml.roleValues?.[role]?.length ?? 0) > 0) ||
      saml.orgMapping !== undefined ||
      saml.allowedOrganizations !== undefined ||
      saml.assertionAttributeRole !== undefined ||
      saml.assertionAttributeOrg !== undefined);
  if (!okta.options.groupsStatement && saml?.assertionAttributeGroups === undefined && !roleOrOrgMapping) return undefined;
  return saml?.assertionAttributeGroups ?? okta.options.groupsStatement?.name ?? DEFAULT_GROUPS_ATTRIBUTE;
}
