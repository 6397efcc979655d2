/**
 * `identityProvider` of kind `okta`: an Okta custom SAML app for Grafana, its group assignments,
 * the SCIM enablement gate and the runbook for the part Okta's API cannot do. Provider
 * credentials come from OKTA_* environment variables; the file names only the org.
 */
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformOutput } from "cdktf";
import { z } from "zod";
import { DNS_LABEL_PATTERN } from "../constructs/dns-label";
import { ConfigurationError, mapConfigurationErrors, prefixFieldMapper } from "../constructs/errors";
import { oktaGroupProblems, type OktaGroupInput, type OktaGroupRef } from "../constructs/okta/groups";
import { OktaGrafanaScim, oktaRunbookInput, type OktaGrafanaScimProps } from "../constructs/okta/okta-grafana-scim";
import { OKTA_BASE_URLS, oktaOrgNameProblem, oktaProviderConfig } from "../constructs/okta/org";
import { OKTA_OUTPUTS, oktaScimRunbook } from "../constructs/okta/runbook";
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
import { SAML_ROLE_SETTINGS } from "../constructs/grafana/saml-role-sync";
import type { Environment, EnvironmentConfig } from "./environment";
import { expressionText, fromProblem, nonEmpty } from "./fields";
import type { IdentityProviderContext, IdentityProviderWiring } from "../stacks/identity-providers/types";

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
  .meta({ description: "Okta: a custom SAML app for Grafana with group assignments; SCIM is then enabled by hand (npm run runbook -- <env>)." });

/** A validated Okta section. */
export type OktaEnvironmentConfig = z.output<typeof oktaEnvironmentSchema>;

type SamlSection = NonNullable<EnvironmentConfig["saml"]>;

/**
 * Problems between the Okta section and the environment's `saml` section, which Grafana's SAML
 * settings come from (the schema of each section cannot see the other): claim names Okta cannot
 * send apart, a NameID format Okta does not offer or that disagrees, two names for the groups claim.
 */
export function oktaSamlProblems(okta: OktaEnvironmentConfig, saml: SamlSection | undefined): Array<{ field: string; problem: string }> {
  if (!saml) return [];
  const problems: Array<{ field: string; problem: string }> = [];
  if (saml.nameIdFormat !== undefined) {
    const format = nameIdFormatOf(saml.nameIdFormat);
    if (format === undefined) {
      problems.push({ field: "saml.nameIdFormat", problem: `must be a NameID format Okta sends: ${Object.values(NAME_ID_FORMATS).join(", ")} (got "${saml.nameIdFormat}")` });
    } else if (okta.options.nameIdFormat !== undefined && okta.options.nameIdFormat !== format) {
      problems.push({
        field: "identityProvider.options.nameIdFormat",
        problem: `"${okta.options.nameIdFormat}" disagrees with saml.nameIdFormat ("${saml.nameIdFormat}"); set one of them`,
      });
    }
  }
  const groupsName = okta.options.groupsStatement?.name;
  if (groupsName !== undefined && saml.assertionAttributeGroups !== undefined && groupsName !== saml.assertionAttributeGroups) {
    problems.push({
      field: "identityProvider.options.groupsStatement.name",
      problem: `"${groupsName}" disagrees with saml.assertionAttributeGroups ("${saml.assertionAttributeGroups}"); set one of them`,
    });
  }
  const samlFields: Record<keyof GrafanaSamlAttributeNames | "groups", string> = {
    externalUid: "saml.assertionAttributeExternalUid",
    login: "saml.assertionAttributeLogin",
    email: "saml.assertionAttributeEmail",
    name: "saml.assertionAttributeName",
    groups: "saml.assertionAttributeGroups",
  };
  const groups = oktaGroupsAttribute(okta, saml);
  for (const p of attributeNameProblems(attributeNames(saml), groups)) problems.push({ field: samlFields[p.field], problem: p.problem });
  // Role and org mapping read the groups statement: the app sends no other attribute they could use.
  for (const field of ["assertionAttributeRole", "assertionAttributeOrg"] as const) {
    const name = saml[field];
    if (name !== undefined && name !== groups) {
      problems.push({
        field: `saml.${field}`,
        problem: `"${name}" is not an attribute the Okta app sends; Okta sends the user's groups in "${groups}" (Grafana's role sync guide for Okta reads roles from it). Omit ${field} to use it`,
      });
    }
  }
  return problems;
}

function attributeNames(saml: SamlSection | undefined): GrafanaSamlAttributeNames {
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
export function oktaGroupsAttribute(okta: OktaEnvironmentConfig, saml: SamlSection | undefined): string | undefined {
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

function groupRef(group: OktaGroupInput): OktaGroupRef {
  if (group.id !== undefined) return { id: group.id };
  const name = group.name ?? "";
  if (!group.create) return { name };
  return { name, create: true, ...(group.description === undefined ? {} : { description: group.description }), ...(group.key === undefined ? {} : { key: group.key }) };
}

/** The construct options an environment gives (everything but the Grafana side and the provider). */
export type OktaScimOptions = Omit<OktaGrafanaScimProps, "grafana" | "provider" | "environment" | "groupSync"> & {
  readonly environment: string;
  readonly groupSync: boolean;
};

/**
 * The construct options for an environment: the Okta section, with claim names, NameID format
 * and entity id following the environment's `saml` section, so Okta sends what Grafana reads.
 * Throws a field-named {@link ConfigurationError} when the two sections disagree.
 */
export function oktaScimOptions(environment: Environment, okta: OktaEnvironmentConfig): OktaScimOptions {
  const { config, name } = environment;
  const saml = config.saml;
  const problem = oktaSamlProblems(okta, saml)[0];
  if (problem) throw new ConfigurationError(problem.field, problem.problem);
  const groupsName = oktaGroupsAttribute(okta, saml);
  const nameIdFormat = okta.options.nameIdFormat ?? (saml?.nameIdFormat === undefined ? undefined : nameIdFormatOf(saml.nameIdFormat));
  return {
    environment: name,
    org: { orgName: okta.orgName, baseUrl: okta.baseUrl },
    label: okta.options.appLabel,
    groups: okta.groups.map(groupRef),
    attributeNames: attributeNames(saml),
    ...(groupsName === undefined
      ? {}
      : {
          groupsStatement: {
            name: groupsName,
            filterType: okta.options.groupsStatement?.filterType ?? "REGEX",
            filterValue: okta.options.groupsStatement?.filterValue ?? ".*",
          },
        }),
    ...(nameIdFormat === undefined ? {} : { nameIdFormat }),
    ...(okta.options.nameIdTemplate === undefined ? {} : { nameIdTemplate: okta.options.nameIdTemplate }),
    authnContextClassRef: okta.options.authnContextClassRef,
    ...(saml?.entityId === undefined ? {} : { audience: saml.entityId }),
    groupSync: config.scim.groupSync,
    token: {
      ...(config.token.lifetimeDays === undefined ? {} : { lifetimeDays: config.token.lifetimeDays }),
      ...(config.token.rotationDays === undefined ? {} : { rotationDays: config.token.rotationDays }),
    },
    runbookHint:
      `run "npm run runbook -- ${name}", or "terraform output -raw ${OKTA_OUTPUTS.runbook}" in cdktf.out/stacks/${name}. ` +
      "Why it is manual: docs/okta.md.",
    // Grafana's default is false; without a saml section this stack does not know.
    ...(saml === undefined ? {} : { idpInitiatedLogin: saml.allowIdpInitiated ?? false }),
  };
}

/** The runbook of an Okta environment before or without a deploy (app id unknown). */
export function oktaRunbookForEnvironment(environment: Environment, tenantUrl: string): string {
  const okta = environment.config.identityProvider;
  if (okta?.kind !== "okta") {
    throw new ConfigurationError("identityProvider.kind", `must be "okta" for an Okta runbook (got ${okta ? `"${okta.kind}"` : "no identityProvider"})`);
  }
  return oktaScimRunbook(oktaRunbookInput({ ...oktaScimOptions(environment, okta), tenantUrl }));
}

/**
 * Where the props of {@link OktaGrafanaScim} come from in an environment file (see
 * {@link oktaScimOptions}), for its errors. `tokenDelivery` and `token.*` are `GrafanaScim`'s,
 * whose token the Okta construct declares as pasted by hand.
 */
export const OKTA_SCIM_FIELDS = prefixFieldMapper({
  "org.orgName": "identityProvider.orgName",
  "org.baseUrl": "identityProvider.baseUrl",
  groups: "identityProvider.groups",
  label: "identityProvider.options.appLabel",
  nameIdFormat: "identityProvider.options.nameIdFormat",
  nameIdTemplate: "identityProvider.options.nameIdTemplate",
  authnContextClassRef: "identityProvider.options.authnContextClassRef",
  "groupsStatement.name": "identityProvider.options.groupsStatement.name",
  "groupsStatement.filterValue": "identityProvider.options.groupsStatement.filterValue",
  "attributeNames.externalUid": "saml.assertionAttributeExternalUid",
  "attributeNames.login": "saml.assertionAttributeLogin",
  "attributeNames.email": "saml.assertionAttributeEmail",
  "attributeNames.name": "saml.assertionAttributeName",
  audience: "saml.entityId",
  tokenDelivery: "identityProvider.kind",
  token: "token",
});

/** Adds the Okta side to the stack, with its outputs, and returns Grafana SAML settings that agree with it. */
export function addOkta(context: IdentityProviderContext, okta: OktaEnvironmentConfig): IdentityProviderWiring {
  const { stack, environment, grafana } = context;
  const options = oktaScimOptions(environment, okta);
  const scim = mapConfigurationErrors(OKTA_SCIM_FIELDS, () => {
    const provider = new OktaProvider(stack, "okta", oktaProviderConfig(options.org));
    return new OktaGrafanaScim(stack, "okta-scim", { ...options, grafana, provider });
  });
  const adopt = environment.config.adopt?.okta;
  if (adopt) {
    // The app keeps its id, SCIM connection and push settings; its group assignments are one
    // resource per app, imported by the app id.
    scim.samlApp.app.importFrom(adopt.appId);
    scim.groups.assignments.importFrom(adopt.appId);
  }

  new TerraformOutput(stack, OKTA_OUTPUTS.appId, { value: scim.appId, description: "The Okta SAML app's id." });
  new TerraformOutput(stack, OKTA_OUTPUTS.metadataUrl, {
    value: scim.metadataUrl,
    description: "The Okta app's SAML metadata URL (Grafana's idp_metadata_url).",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.entityId, { value: scim.entityId, description: "Grafana's SAML entity id, the Okta app's audience." });
  new TerraformOutput(stack, OKTA_OUTPUTS.scimEnabled, {
    value: scim.gate.enabled,
    description: "Whether SCIM provisioning is enabled on the Okta app (its features include the required ones). Manual: see the runbook.",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.missingFeatures, {
    value: scim.gate.missingFeatures,
    description: "The Okta app features SCIM still needs; empty once the runbook is done.",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.runbook, {
    value: scim.runbook,
    description: "The manual Okta steps with this deployment's values. Holds no secret. Read it with: terraform output -raw okta_scim_runbook",
  });
  return { samlDefaults: scim.grafanaSamlSettings };
}
