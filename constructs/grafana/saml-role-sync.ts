/**
 * Grafana's SAML role sync and organization mapping, as typed options and the `saml_settings`
 * they become. SCIM does not assign roles: Grafana's SCIM guides leave role management to role
 * sync, which runs at each SAML login. `grafana_sso_settings` is authoritative, so a managed SAML
 * configuration that leaves these out switches role sync off.
 *
 * Formats, from grafana provider 4.45.1 `internal/resources/grafana/resource_sso_settings.go`
 * (`samlSettingsSchema`) and Grafana's "Configure role sync for SAML"
 * (grafana/grafana `docs/sources/setup-grafana/configure-access/configure-authentication/saml/configure-saml-team-role-mapping/_index.md`, v13.2):
 * - `role_values_*` and `allowed_organizations` are lists of values separated by commas or spaces;
 * - `org_mapping` is a list of `Organization:OrgId:Role`, `Organization` `*` meaning every user,
 *   `Role` optional: None, Viewer, Editor or Admin (grafana/grafana
 *   `docs/sources/setup-grafana/configure-access/configure-authentication/saml/saml-configuration-options/_index.md`;
 *   the provider's description lists the last three);
 * - with Okta, the role attribute is the groups attribute (`assertion_attribute_role = Group`);
 * - a user whose role matches no value gets `auto_assign_org_role` (Viewer by default), and when
 *   role sync is on, roles changed by hand in Grafana are overwritten at the next login;
 *   `skip_org_role_sync` turns that off.
 * All functions here are pure.
 */
import { Token } from "cdktf";
import { templateSequenceProblem } from "../template-escape";
import { isUuid } from "../uuid";

/** Grafana roles a role-attribute value can map to (`role_values_*`). */
export interface SamlRoleValues {
  /** Values mapped to the `None` role. @default none */
  readonly none?: readonly string[];
  /** Values mapped to `Viewer`. @default none */
  readonly viewer?: readonly string[];
  /** Values mapped to `Editor`. @default none */
  readonly editor?: readonly string[];
  /** Values mapped to the organization `Admin` role. @default none */
  readonly admin?: readonly string[];
  /** Values mapped to `Grafana Admin` (server administrator). @default none */
  readonly grafanaAdmin?: readonly string[];
}

/** The roles of {@link SamlRoleValues}, in Grafana's order, with the setting each becomes. */
export const SAML_ROLE_SETTINGS = [
  ["none", "roleValuesNone"],
  ["viewer", "roleValuesViewer"],
  ["editor", "roleValuesEditor"],
  ["admin", "roleValuesAdmin"],
  ["grafanaAdmin", "roleValuesGrafanaAdmin"],
] as const;

/** Organization roles `org_mapping` can give. */
export const ORG_MAPPING_ROLES = ["None", "Viewer", "Editor", "Admin"] as const;

/** One `org_mapping` entry: users whose org attribute has `value` join organization `orgId`. */
export interface SamlOrgMapping {
  /** A value of the org attribute (with the default attribute, a group as the identity provider sends it: Okta its name, Entra its object id), or `*` for every user. */
  readonly value: string;
  /** The Grafana organization id. */
  readonly orgId: number;
  /** The role in that organization. @default Grafana's (`auto_assign_org_role`) */
  readonly role?: (typeof ORG_MAPPING_ROLES)[number];
}

/** Role sync and organization mapping options. */
export interface SamlRoleSyncOptions {
  /**
   * The SAML attribute Grafana reads roles from.
   * @default `assertionAttributeGroups` (the identity provider's group claim) when `roleValues` are set
   */
  readonly assertionAttributeRole?: string;
  /** Which attribute values give which Grafana role. @default no role sync */
  readonly roleValues?: SamlRoleValues;
  /** Keep roles and organization memberships as set in Grafana (no sync at login). @default Grafana's default, false */
  readonly skipOrgRoleSync?: boolean;
  /**
   * The SAML attribute Grafana reads organizations from.
   * @default `assertionAttributeGroups` when `orgMapping` or `allowedOrganizations` are set
   */
  readonly assertionAttributeOrg?: string;
  /** Organization memberships by attribute value. @default none */
  readonly orgMapping?: readonly SamlOrgMapping[];
  /** Org attribute values a user needs one of to sign in. @default everyone may sign in */
  readonly allowedOrganizations?: readonly string[];
  /** The groups attribute, which the role and org attributes default to. */
  readonly assertionAttributeGroups?: string;
}

/** One problem with role sync options: the prop (dotted, relative to the options) and what is wrong. */
export interface RoleSyncProblem {
  readonly field: string;
  readonly problem: string;
}

const SEPARATOR = /[\s,]/;

/**
 * Why `value` cannot be one item of a Grafana SAML list setting (`role_values_*`,
 * `allowed_organizations`), or `undefined`. Grafana splits those at commas and spaces, so a group
 * named "Grafana Admins" would be read as "Grafana" and "Admins", and members of a group named
 * "Grafana" would get the role.
 */
export function samlListValueProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (value.trim() === "") return "must not be empty";
  const template = templateSequenceProblem(value);
  if (template) return template;
  if (SEPARATOR.test(value)) {
    return (
      `"${value}" contains a space or comma, and Grafana reads this setting as a list separated by commas or spaces: ` +
      `it would match ${value.split(/[\s,]+/).filter(Boolean).map((v) => `"${v}"`).join(" and ")} instead. Use a group name without spaces or commas`
    );
  }
  return undefined;
}

/** The role attribute in effect: the one set, else the groups attribute when role values are set. */
export function effectiveRoleAttribute(options: SamlRoleSyncOptions): string | undefined {
  return options.assertionAttributeRole ?? (hasRoleValues(options.roleValues) ? options.assertionAttributeGroups : undefined);
}

/** The org attribute in effect: the one set, else the groups attribute when org mapping or allowed organizations are set. */
export function effectiveOrgAttribute(options: SamlRoleSyncOptions): string | undefined {
  const used = (options.orgMapping?.length ?? 0) > 0 || (options.allowedOrganizations?.length ?? 0) > 0;
  return options.assertionAttributeOrg ?? (used ? options.assertionAttributeGroups : undefined);
}

/**
 * The first setting that reads the attribute `claim`: the groups attribute, then the role and org
 * attributes in effect (either may default to the groups attribute), or undefined. For a groups
 * claim the identity provider is set not to send: role sync reading it would give every user
 * Grafana's default role.
 */
export function settingReadingClaim(options: SamlRoleSyncOptions, claim: string): "assertionAttributeGroups" | "assertionAttributeRole" | "assertionAttributeOrg" | undefined {
  if (options.assertionAttributeGroups === claim) return "assertionAttributeGroups";
  if (effectiveRoleAttribute(options) === claim) return "assertionAttributeRole";
  if (effectiveOrgAttribute(options) === claim) return "assertionAttributeOrg";
  return undefined;
}

function hasRoleValues(roleValues: SamlRoleValues | undefined): boolean {
  return SAML_ROLE_SETTINGS.some(([role]) => (roleValues?.[role]?.length ?? 0) > 0);
}

/**
 * Every problem with role sync options: values Grafana would split, empty lists, a value mapped
 * to two roles, role values or an org mapping without an attribute to read them from, role values
 * that `skipOrgRoleSync` would ignore, malformed org mappings.
 */
export function roleSyncProblems(options: SamlRoleSyncOptions): RoleSyncProblem[] {
  const problems: RoleSyncProblem[] = [];
  const seen = new Map<string, string>();
  for (const [role] of SAML_ROLE_SETTINGS) {
    const values = options.roleValues?.[role];
    if (values === undefined) continue;
    if (values.length === 0) problems.push({ field: `roleValues.${role}`, problem: "must list at least one value; omit it for none" });
    values.forEach((value, i) => {
      const field = `roleValues.${role}[${i}]`;
      const problem = samlListValueProblem(value);
      if (problem) problems.push({ field, problem });
      else if (seen.has(value)) problems.push({ field, problem: `"${value}" is also mapped to ${seen.get(value)}; give each value one role` });
      else seen.set(value, `roleValues.${role}`);
    });
  }
  if (hasRoleValues(options.roleValues)) {
    if (effectiveRoleAttribute(options) === undefined) {
      problems.push({
        field: "assertionAttributeRole",
        problem:
          "is needed with roleValues: set the SAML attribute Grafana reads roles from, or assertionAttributeGroups to use the identity provider's group claim",
      });
    }
    if (options.skipOrgRoleSync === true) {
      problems.push({ field: "skipOrgRoleSync", problem: "turns role sync off, so roleValues would have no effect; set one of them" });
    }
  }
  options.orgMapping?.forEach((mapping, i) => {
    const field = `orgMapping[${i}]`;
    if (mapping.value !== "*") {
      const problem = samlListValueProblem(mapping.value) ?? (mapping.value.includes(":") ? `"${mapping.value}" contains ":", which separates the parts of an org mapping` : undefined);
      if (problem) problems.push({ field: `${field}.value`, problem });
    }
    if (!(Number.isSafeInteger(mapping.orgId) && mapping.orgId > 0)) {
      problems.push({ field: `${field}.orgId`, problem: `must be a Grafana organization id, a positive integer (got ${JSON.stringify(mapping.orgId)})` });
    }
    if (mapping.role !== undefined && !(ORG_MAPPING_ROLES as readonly string[]).includes(mapping.role)) {
      problems.push({ field: `${field}.role`, problem: `must be one of ${ORG_MAPPING_ROLES.join(", ")} (got ${JSON.stringify(mapping.role)})` });
    }
  });
  if (options.orgMapping !== undefined && options.orgMapping.length === 0) problems.push({ field: "orgMapping", problem: "must list at least one mapping; omit it for none" });
  options.allowedOrganizations?.forEach((value, i) => {
    const problem = samlListValueProblem(value);
    if (problem) problems.push({ field: `allowedOrganizations[${i}]`, problem });
  });
  if (options.allowedOrganizations !== undefined && options.allowedOrganizations.length === 0) {
    problems.push({ field: "allowedOrganizations", problem: "must list at least one value; omit it to let everyone sign in" });
  }
  const orgUsed = (options.orgMapping?.length ?? 0) > 0 || (options.allowedOrganizations?.length ?? 0) > 0;
  if (orgUsed && effectiveOrgAttribute(options) === undefined) {
    problems.push({
      field: "assertionAttributeOrg",
      problem: "is needed with orgMapping or allowedOrganizations: set the SAML attribute Grafana reads organizations from, or assertionAttributeGroups",
    });
  }
  return problems;
}

/**
 * A groups claim whose values are group object ids (UUIDs), as Entra ID's groups claim is when
 * this package sets the app's group claims, for {@link groupObjectIdProblems}.
 */
export interface GroupObjectIdClaim {
  /** The claim name. */
  readonly name: string;
  /** Who sends it, as messages name it (e.g. `EntraScim "app/entra"`, `Entra ID`). */
  readonly sender: string;
  /** The option that manages the claim, which the way out for names leaves unset (e.g. `singleSignOn.groupClaims`). */
  readonly managedWith: string;
}

/**
 * Values matched against a groups claim that carries group object ids and are not one: role
 * values when the role attribute in effect is the claim, org mapping values (but `*`, everyone)
 * and allowed organizations when the org attribute in effect is. Such a value never matches: its
 * users would silently get Grafana's default role at their next login, not join the organization,
 * or not sign in at all. Empty values are left to {@link roleSyncProblems}, references (unresolved
 * tokens) skipped. A value with a space or comma is reported here too (an object id has none):
 * callers report these problems in place of {@link roleSyncProblems}' for the same field, whose
 * advice (a group name without spaces) would be wrong for this claim. Pure.
 */
export function groupObjectIdProblems(options: SamlRoleSyncOptions, claim: GroupObjectIdClaim): RoleSyncProblem[] {
  const problems: RoleSyncProblem[] = [];
  const check = (field: string, value: string, consequence: string) => {
    if (Token.isUnresolved(value) || value.trim() === "") return;
    if (isUuid(value)) {
      if (value === value.toLowerCase()) return;
      // Entra's tokens carry object ids in lower case; Grafana does not document that it compares
      // role values ignoring case, so an upper-case id might never match.
      problems.push({
        field,
        problem: `"${value}" has upper-case letters, and ${claim.sender} sends group object ids in lower case: write it as "${value.toLowerCase()}" (Grafana does not document matching role and organization values ignoring case; if it does not, ${consequence})`,
      });
      return;
    }
    problems.push({
      field,
      problem:
        `"${value}" is not a group object id, and ${claim.sender} sends group object ids (UUIDs) in "${claim.name}": this value would never match, ` +
        `so ${consequence}. Use the group's object id; or, if the app's group claims were customized by hand to send names, ` +
        `leave ${claim.managedWith} unset so this package does not manage them, and set assertionAttributeGroups yourself`,
    });
  };
  if (effectiveRoleAttribute(options) === claim.name) {
    for (const [role] of SAML_ROLE_SETTINGS) {
      options.roleValues?.[role]?.forEach((value, i) => check(`roleValues.${role}[${i}]`, value, "its users would get Grafana's default role (auto_assign_org_role) at their next login"));
    }
  }
  if (effectiveOrgAttribute(options) === claim.name) {
    options.orgMapping?.forEach((mapping, i) => {
      if (mapping.value !== "*") check(`orgMapping[${i}].value`, mapping.value, `its users would not join organization ${mapping.orgId}`);
    });
    options.allowedOrganizations?.forEach((value, i) => check(`allowedOrganizations[${i}]`, value, "its users could not sign in"));
  }
  return problems;
}

/** The `saml_settings` of role sync and org mapping (camelCase binding names); unset options are left out. */
export function roleSyncSettings(options: SamlRoleSyncOptions): Record<string, string | boolean> {
  const settings: Record<string, string | boolean> = {};
  const roleAttribute = effectiveRoleAttribute(options);
  if (roleAttribute !== undefined) settings.assertionAttributeRole = roleAttribute;
  for (const [role, setting] of SAML_ROLE_SETTINGS) {
    const values = options.roleValues?.[role];
    if (values !== undefined && values.length > 0) settings[setting] = values.join(", ");
  }
  if (options.skipOrgRoleSync !== undefined) settings.skipOrgRoleSync = options.skipOrgRoleSync;
  const orgAttribute = effectiveOrgAttribute(options);
  if (orgAttribute !== undefined) settings.assertionAttributeOrg = orgAttribute;
  if (options.orgMapping !== undefined && options.orgMapping.length > 0) settings.orgMapping = orgMappingSetting(options.orgMapping);
  if (options.allowedOrganizations !== undefined && options.allowedOrganizations.length > 0) settings.allowedOrganizations = options.allowedOrganizations.join(", ");
  return settings;
}

/** `org_mapping` as Grafana reads it: `value:orgId[:Role]` items separated by ", ". */
export function orgMappingSetting(mappings: readonly SamlOrgMapping[]): string {
  return mappings.map((m) => [m.value, String(m.orgId), ...(m.role === undefined ? [] : [m.role])].join(":")).join(", ");
}
