/**
 * How the grafana, okta and azuread providers read an import id, ported from their source so tests can
 * check every id the package emits against the parser that will read it (not against the docs).
 *
 * grafana/terraform-provider-grafana v4.45.1:
 * - `internal/common/resource_id.go`: `ResourceID.Split` (and `split`): fields separated by ":";
 *   tried first with every field, then (if some are optional) with the required ones only; an
 *   int field must parse with `strconv.ParseInt(part, 10, 64)`.
 * - `internal/resources/grafana/common_plugin_framework.go`: `clientFromExistingOrgResource`:
 *   with fewer parts than fields, the org is the provider's (`client.OrgID()`).
 * - `internal/resources/grafana/oss_org_id.go`: `SplitOrgResourceID`: with a ":" whose left part
 *   parses as int, that is the org; otherwise org 0 (the provider's) and the whole id.
 * - Per resource: `resource_service_account.go` (`orgResourceIDInt("id")`), `resource_role.go`
 *   (passthrough; `ReadRole` uses `SplitOrgResourceID`), `resource_role_assignment_item.go`
 *   (`[orgID:]roleUID:type:identifier`; `read` accepts type team, user or service_account and
 *   matches the identifier against `strconv.FormatInt` of each assignee), `resource_scim_config.go`
 *   (`read` uses `SplitOrgResourceID`, falling back to the provider's org id),
 *   `resource_sso_settings.go` (passthrough; `ReadSSOSettings` uses the id as the provider name,
 *   which `getSettingsKey` must know).
 *
 * hashicorp/terraform-provider-azuread v3.7.0 (every importer validates the id with the parser
 * its read uses):
 * - `vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/resourceids/parse.go`
 *   `Parser.Parse(input, false)`: trims one leading "/", splits on "/", needs at least as many parts
 *   as segments; a static segment must equal its value (case-sensitively), a user-specified one
 *   takes any part; a part left over is "unexpected segment … present at the end of the URI"; an
 *   empty value is "segment not specified".
 * - Segments: `internal/services/applications/parse/from_template.go` (azuread_application_from_template),
 *   `parse/identifier_uri.go` (azuread_application_identifier_uri; its read base64-decodes the last
 *   segment, `application_identifier_uri_resource.go`), `parse/redirect_uris.go`
 *   (azuread_application_redirect_uris; `uri_type` one of PublicClient, SPA, Web), go-azure-sdk
 *   `microsoft-graph/common-types/stable/id_serviceprincipalidsynchronizationjob.go`,
 *   `id_serviceprincipalidapproleassignedto.go`, `id_serviceprincipalidclaimsmappingpolicy.go`.
 * - `internal/services/serviceprincipals/parse/object.go` `ObjectSubResourceID` and
 *   `parse/credentials.go` `SigningCertificateID` (azuread_service_principal_token_signing_certificate):
 *   `{objectId}/tokenSigningCertificate/{keyId}`, exactly three parts, both ids UUIDs (go-uuid `ParseUUID`).
 *
 * okta/terraform-provider-okta v4.20.0:
 * - `okta/app.go` `appImporter` (okta_app_saml): `app_id`, `app_id/skip_users` or
 *   `app_id/skip_users/skip_groups`; more than three parts is an error.
 * - `okta/resource_okta_app_group_assignments.go`: the importer sets `app_id` to the id.
 */

/** The organization the provider is configured for (`org_id` defaults to 1; a token is org-scoped). */
export const PROVIDER_ORG_ID = 1;

/** What an import id was read as, or the provider's error. */
export type ParsedImport = { readonly ok: true; readonly orgId?: number; readonly fields: Record<string, string | number> } | { readonly ok: false; readonly error: string };

interface Field {
  readonly name: string;
  readonly type: "int" | "string";
  readonly optional?: boolean;
}

/** `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits, within int64. */
function parseInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const value = BigInt(s);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined;
  return Number(value);
}

/** `ResourceID.Split`. */
function splitResourceId(id: string, fields: readonly Field[]): Array<string | number> | string {
  const attempt = (expected: readonly Field[]): Array<string | number> | string => {
    const parts = id.split(":");
    if (parts.length !== expected.length) {
      return `id "${id}" does not match expected format. Should be in the format: ${expected.map((f) => f.name).join(":")}`;
    }
    const out: Array<string | number> = [];
    for (const [i, part] of parts.entries()) {
      const field = expected[i]!;
      if (field.type === "int") {
        const n = parseInt64(part);
        if (n === undefined) return `expected int for field "${field.name}", got "${part}"`;
        out.push(n);
      } else out.push(part);
    }
    return out;
  };
  const all = attempt(fields);
  if (typeof all !== "string") return all;
  const required = fields.filter((f) => !f.optional);
  if (required.length === fields.length) return all;
  return attempt(required);
}

/** `clientFromExistingOrgResource`: the org (given or the provider's) and the other fields. */
function existingOrgResource(id: string, fields: readonly Field[]): { orgId: number; rest: Array<string | number> } | string {
  const split = splitResourceId(id, fields);
  if (typeof split === "string") return split;
  if (split.length < fields.length) return { orgId: PROVIDER_ORG_ID, rest: split };
  return { orgId: split[0] as number, rest: split.slice(1) };
}

/** `SplitOrgResourceID`. */
function splitOrgResourceId(id: string): { orgId: number; rest: string } {
  if (id.includes(":")) {
    const [head, ...tail] = id.split(":");
    const orgId = parseInt64(head!);
    if (orgId === undefined) return { orgId: 0, rest: id };
    return { orgId, rest: tail.join(":") };
  }
  return { orgId: 0, rest: id };
}

const ORG: Field = { name: "orgID", type: "int", optional: true };
const SSO_PROVIDERS = ["github", "gitlab", "google", "azuread", "okta", "generic_oauth", "saml", "ldap"];
/** Grafana's uid rule (grafana/grafana `pkg/util/shortid_generator.go`); `GetRole` of another string cannot find a role. */
const GRAFANA_UID = /^[A-Za-z0-9_-]{1,40}$/;

/** A segment of an azuread resource id: a fixed text, or a value (`{name}`). */
type AzureSegment = string;

/** `resourceids.Parser.Parse(input, false)` over `segments` (`"{name}"` is user-specified, else static). */
function parseAzureResourceId(input: string, segments: readonly AzureSegment[]): ParsedImport {
  const fail = (error: string): ParsedImport => ({ ok: false, error });
  if (input === "") return fail("cannot parse an empty string");
  const split = input.replace(/^\//, "").split("/");
  if (split.length < segments.length) return fail(`parsing "${input}": the number of segments didn't match`);
  const fields: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = split[i]!;
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (part !== segment) return fail(`parsing "${input}": segment "${segment}" not specified`);
    } else fields[name] = part;
  }
  // What is left after the segments (Parse trims each part and one "/" off the input) must be empty.
  const left = split.slice(segments.length).join("/");
  if (left !== "") return fail(`parsing "${input}": unexpected segment "${left}" present at the end of the URI`);
  const empty = Object.entries(fields).find(([, v]) => v === "");
  if (empty) return fail(`parsing "${input}": segment "${empty[0]}" not specified`);
  return { ok: true, fields };
}

/** go-uuid `ParseUUID`: 36 characters, dashes at 8, 13, 18 and 23, hex elsewhere. */
const GO_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const AZURE_SEGMENTS: Readonly<Record<string, readonly AzureSegment[]>> = {
  azuread_application_from_template: ["applicationTemplates", "{templateId}", "instantiate", "{applicationId}", "{servicePrincipalId}"],
  azuread_application_identifier_uri: ["applications", "{applicationId}", "identifierUris", "{identifierUri}"],
  azuread_application_redirect_uris: ["applications", "{applicationId}", "redirectUris", "{uriType}"],
  azuread_synchronization_job: ["servicePrincipals", "{servicePrincipalId}", "synchronization", "jobs", "{synchronizationJobId}"],
  azuread_app_role_assignment: ["servicePrincipals", "{servicePrincipalId}", "appRoleAssignedTo", "{appRoleAssignmentId}"],
  azuread_service_principal_claims_mapping_policy_assignment: ["servicePrincipals", "{servicePrincipalId}", "claimsMappingPolicies", "{claimsMappingPolicyId}"],
};

/** How azuread 3.7.0 reads the import id `id` of `resourceType`, or `undefined` for a type not ported. */
function parseAzureadImportId(resourceType: string, id: string): ParsedImport | undefined {
  if (resourceType === "azuread_service_principal_token_signing_certificate") {
    const parts = id.split("/");
    if (parts.length !== 3) return { ok: false, error: `Object Resource ID should be in the format {objectId}/{type}/{subId} - but got "${id}"` };
    const [objectId, type, keyId] = parts as [string, string, string];
    if (!GO_UUID.test(objectId)) return { ok: false, error: `Object ID isn't a valid UUID ("${objectId}")` };
    if (type !== "tokenSigningCertificate") return { ok: false, error: `Type in {objectID}/{type}/{subID} was expected to be tokenSigningCertificate, got ${type}` };
    if (!GO_UUID.test(keyId)) return { ok: false, error: `Object Sub Resource ID isn't a valid UUID ("${keyId}")` };
    return { ok: true, fields: { servicePrincipalId: objectId, keyId } };
  }
  const segments = AZURE_SEGMENTS[resourceType];
  if (segments === undefined) return undefined;
  const parsed = parseAzureResourceId(id, segments);
  if (!parsed.ok) return parsed;
  if (resourceType === "azuread_application_redirect_uris" && !["PublicClient", "SPA", "Web"].includes(String(parsed.fields.uriType))) {
    return { ok: false, error: `uri_type must be one of PublicClient, SPA, Web (got "${parsed.fields.uriType}")` };
  }
  if (resourceType === "azuread_application_identifier_uri") {
    // The read decodes the segment with base64.StdEncoding.DecodeString, which is strict about the alphabet and padding.
    const segment = String(parsed.fields.identifierUri);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(segment)) {
      return { ok: false, error: `failed to decode identifierUri from resource ID: illegal base64 data ("${segment}")` };
    }
    return { ok: true, fields: { ...parsed.fields, identifierUri: Buffer.from(segment, "base64").toString("utf8") } };
  }
  return parsed;
}

/** How the provider of `resourceType` reads the import id `id`. */
export function parseImportId(resourceType: string, id: string): ParsedImport {
  const fail = (error: string): ParsedImport => ({ ok: false, error });
  const azuread = parseAzureadImportId(resourceType, id);
  if (azuread !== undefined) return azuread;
  switch (resourceType) {
    case "grafana_service_account": {
      const r = existingOrgResource(id, [ORG, { name: "id", type: "int" }]);
      return typeof r === "string" ? fail(r) : { ok: true, orgId: r.orgId, fields: { id: r.rest[0]! } };
    }
    case "grafana_role": {
      const { orgId, rest } = splitOrgResourceId(id);
      if (!GRAFANA_UID.test(rest)) return fail(`GetRole("${rest}"): not a role uid`);
      return { ok: true, orgId: orgId === 0 ? PROVIDER_ORG_ID : orgId, fields: { uid: rest } };
    }
    case "grafana_role_assignment_item": {
      const r = existingOrgResource(id, [ORG, { name: "roleUID", type: "string" }, { name: "type (user, team or service_account)", type: "string" }, { name: "identifier", type: "string" }]);
      if (typeof r === "string") return fail(r);
      const [roleUid, type, identifier] = r.rest as string[];
      if (!["team", "user", "service_account"].includes(type!)) return fail(`Invalid assignment type ${type}`);
      // read() compares the identifier with strconv.FormatInt of each assignee id.
      const n = parseInt64(identifier!);
      if (n === undefined || String(n) !== identifier) return fail(`Resource not found: no assignee formats as "${identifier}"`);
      if (!GRAFANA_UID.test(roleUid!)) return fail(`GetRole("${roleUid}"): not a role uid`);
      return { ok: true, orgId: r.orgId, fields: { roleUid: roleUid!, type: type!, identifier: n } };
    }
    case "grafana_scim_config": {
      const { orgId } = splitOrgResourceId(id);
      return { ok: true, orgId: orgId === 0 ? PROVIDER_ORG_ID : orgId, fields: {} };
    }
    case "grafana_sso_settings":
      return SSO_PROVIDERS.includes(id) ? { ok: true, fields: { provider: id } } : fail(`no settings key found for provider ${id}`);
    case "okta_app_saml": {
      const parts = id.split("/");
      if (parts.length > 3) return fail("invalid format used for import ID, format must be 'app_id' or 'app_id/skip_users' or 'app_id/skip_users/skip_groups'");
      return { ok: true, fields: { id: parts[0]! } };
    }
    case "okta_app_group_assignments":
      return { ok: true, fields: { app_id: id } };
    default:
      return fail(`no port of the import parser of ${resourceType}`);
  }
}
