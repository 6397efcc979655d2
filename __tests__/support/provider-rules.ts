/**
 * Validation rules of the providers' source that no schema document holds (neither the derived
 * schemas nor `terraform providers schema -json` carry ExactlyOneOf, ConflictsWith, RequiredWith
 * or value validators), but that `terraform validate` applies: the rules on the attributes the
 * package sets, each read from the provider's source at the pinned version. A value that is an
 * expression is not checked against a value rule (Terraform checks it at plan).
 */

import { hasInterpolation } from "./interpolation";

const AZUREAD = "hashicorp/terraform-provider-azuread v3.7.0";
const GRAFANA = "grafana/terraform-provider-grafana v4.45.1";
const OKTA = "okta/terraform-provider-okta v4.20.0";

/** Exactly one of these top-level attributes must be set, by block label (`data.<type>` for data sources). */
const EXACTLY_ONE_OF: Readonly<Record<string, { readonly attributes: readonly string[]; readonly source: string }>> = {
  "data.azuread_application": { attributes: ["client_id", "display_name", "object_id", "identifier_uri"], source: `${AZUREAD}, internal/services/applications/application_data_source.go` },
  "data.azuread_group": { attributes: ["display_name", "object_id", "mail_nickname"], source: `${AZUREAD}, internal/services/groups/group_data_source.go` },
};

/** `attribute` may not be set with any of `others`. */
const CONFLICTS_WITH: ReadonlyArray<{ readonly label: string; readonly attribute: string; readonly others: readonly string[]; readonly source: string }> = [
  { label: "data.okta_group", attribute: "id", others: ["name", "type"], source: `${OKTA}, okta/data_source_okta_group.go` },
  { label: "okta_app_saml", attribute: "acs_endpoints", others: ["acs_endpoints_indices"], source: `${OKTA}, okta/resource_okta_app_saml.go` },
  { label: "azuread_service_principal", attribute: "feature_tags", others: ["features", "tags"], source: `${AZUREAD}, internal/services/serviceprincipals/service_principal_resource.go` },
  { label: "azuread_service_principal", attribute: "features", others: ["feature_tags", "tags"], source: `${AZUREAD}, internal/services/serviceprincipals/service_principal_resource.go` },
  ...(["oauth2_settings", "saml_settings", "ldap_settings"] as const).map((attribute, _i, all) => ({
    label: "grafana_sso_settings",
    attribute,
    others: all.filter((o) => o !== attribute),
    source: `${GRAFANA}, internal/resources/grafana/resource_sso_settings.go`,
  })),
];

/** When `attribute` is set, every one of `others` must be too. */
const REQUIRED_WITH: ReadonlyArray<{ readonly label: string; readonly attribute: string; readonly others: readonly string[]; readonly source: string }> = [
  { label: "okta_app_saml", attribute: "key_name", others: ["key_years_valid"], source: `${OKTA}, okta/resource_okta_app_saml.go` },
  { label: "okta_app_saml", attribute: "single_logout_issuer", others: ["single_logout_url"], source: `${OKTA}, okta/resource_okta_app_saml.go` },
  { label: "okta_app_saml", attribute: "single_logout_url", others: ["single_logout_issuer"], source: `${OKTA}, okta/resource_okta_app_saml.go` },
];

/** A literal value of `attribute` must be one of `values` (StringInSlice, case-sensitive) or match `pattern` (StringMatch). */
const VALUE_RULES: ReadonlyArray<{ readonly label: string; readonly attribute: string; readonly values?: readonly string[]; readonly pattern?: RegExp; readonly source: string }> = [
  {
    label: "azuread_application_redirect_uris",
    attribute: "type",
    values: ["PublicClient", "SPA", "Web"],
    source: `${AZUREAD}, internal/services/applications/application_redirect_uris_resource.go and constants.go (possibleValuesForRedirectUriType)`,
  },
  {
    label: "grafana_sso_settings",
    attribute: "provider_name",
    values: ["github", "gitlab", "google", "azuread", "okta", "generic_oauth", "saml", "ldap"],
    source: `${GRAFANA}, internal/resources/grafana/resource_sso_settings.go (StringInSlice)`,
  },
  {
    label: "azuread_service_principal_token_signing_certificate",
    attribute: "display_name",
    pattern: /^CN=.+$|^$/,
    source: `${AZUREAD}, internal/services/serviceprincipals/service_principal_token_signing_certificate_resource.go`,
  },
];

const isSet = (body: Record<string, unknown>, key: string) => key in body && body[key] !== null;

/**
 * Rules on `saml_settings` of `grafana_sso_settings` that the provider checks before it calls
 * Grafana, on create and update (validateSSOSettings, validationsByProvider["saml"] in
 * grafana/terraform-provider-grafana v4.45.1, internal/resources/grafana/resource_sso_settings.go):
 * exactly one source of the identity provider's metadata, and each of the groups below set all
 * together or not at all. A value counts as set when it is not empty (an expression counts as set).
 */
const SAML_SETTINGS_EXACTLY_ONE_OF = ["idp_metadata", "idp_metadata_path", "idp_metadata_url"];
const SAML_SETTINGS_ALL_OR_NONE = [
  ["certificate", "private_key"],
  ["certificate_path", "private_key_path"],
  ["client_id", "client_secret", "token_url"],
];

function samlSettingsProblems(where: string, body: Record<string, unknown>): string[] {
  if (body.provider_name !== "saml") return [];
  const raw = body.saml_settings;
  const settings = (Array.isArray(raw) ? raw[0] : raw) as Record<string, unknown> | undefined;
  if (settings === undefined || settings === null || typeof settings !== "object") return [`${where}.saml_settings: the saml provider needs its settings`];
  const filled = (key: string) => typeof settings[key] === "string" && settings[key] !== "";
  const problems: string[] = [];
  const metadata = SAML_SETTINGS_EXACTLY_ONE_OF.filter(filled);
  if (metadata.length !== 1) problems.push(`${where}.saml_settings: exactly one of ${SAML_SETTINGS_EXACTLY_ONE_OF.join(", ")} must be set (got ${metadata.join(", ") || "none"})`);
  for (const group of SAML_SETTINGS_ALL_OR_NONE) {
    const set = group.filter(filled);
    if (set.length > 0 && set.length < group.length) problems.push(`${where}.saml_settings: ${group.join(", ")} are set all or none (got ${set.join(", ")})`);
  }
  return problems;
}

/** Problems of the top-level body of a `label` block (`okta_app_saml`, `data.okta_group`) at `where` under the rules above. */
export function sourceRuleProblems(label: string, where: string, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const oneOf = EXACTLY_ONE_OF[label];
  if (oneOf) {
    const set = oneOf.attributes.filter((a) => isSet(body, a));
    if (set.length !== 1) problems.push(`${where}: exactly one of ${oneOf.attributes.join(", ")} must be set (got ${set.length === 0 ? "none" : set.join(", ")})`);
  }
  for (const rule of CONFLICTS_WITH.filter((r) => r.label === label && isSet(body, r.attribute))) {
    const conflicting = rule.others.filter((o) => isSet(body, o));
    if (conflicting.length > 0) problems.push(`${where}.${rule.attribute}: conflicts with ${conflicting.join(", ")}`);
  }
  for (const rule of REQUIRED_WITH.filter((r) => r.label === label && isSet(body, r.attribute))) {
    const missing = rule.others.filter((o) => !isSet(body, o));
    if (missing.length > 0) problems.push(`${where}.${rule.attribute}: needs ${missing.join(", ")}`);
  }
  for (const rule of VALUE_RULES.filter((r) => r.label === label && typeof body[r.attribute] === "string" && !hasInterpolation(body[r.attribute]))) {
    const value = body[rule.attribute] as string;
    if (rule.values && !rule.values.includes(value)) problems.push(`${where}.${rule.attribute}: ${JSON.stringify(value)} is not one of ${rule.values.join(", ")}`);
    if (rule.pattern && !rule.pattern.test(value)) problems.push(`${where}.${rule.attribute}: ${JSON.stringify(value)} does not match ${rule.pattern.source}`);
  }
  if (label === "grafana_sso_settings") problems.push(...samlSettingsProblems(where, body));
  return problems;
}
