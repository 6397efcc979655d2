/**
 * How the grafana and okta providers read an import id, ported from their source so tests can
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

/** How the provider of `resourceType` reads the import id `id`. */
export function parseImportId(resourceType: string, id: string): ParsedImport {
  const fail = (error: string): ParsedImport => ({ ok: false, error });
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
