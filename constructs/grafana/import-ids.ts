/**
 * Import ids the grafana provider reads (Terraform `import` blocks). Pure. Each format follows the
 * provider's own parsing code, grafana/terraform-provider-grafana v4.45.1 (not only its docs):
 * - `internal/common/resource_id.go` `ResourceID.Split`: ids are `:`-separated fields; optional
 *   leading fields (the org id) may be left out; int fields must parse as integers.
 * - `internal/resources/grafana/oss_org_id.go` `SplitOrgResourceID`: `<orgId>:<rest>`, or `<rest>`
 *   for the provider's organization.
 * The tests parse every id the package emits with a port of those rules
 * (`__tests__/support/provider-import-ids.ts`).
 */
import { Token } from "cdktf";

/** A Grafana id with an optional `<orgId>:` prefix, as the provider writes them. */
export interface OrgScopedId {
  /** The organization, when the id carries one. */
  readonly orgId?: string;
  /** The bare id, in canonical decimal form. */
  readonly id: string;
}

/**
 * Splits `"1:42"` into org `1` and id `42`; `"42"` has no org. Leading zeros are dropped: the
 * provider compares identifiers with their canonical decimal form (`strconv.FormatInt`).
 */
export function splitOrgScopedId(value: string): OrgScopedId {
  const match = /^(?:(\d+):)?(\d+)$/.exec(value);
  if (!match) throw new Error(`not a Grafana id of the form [<orgId>:]<id>: "${value}"`);
  const canonical = (digits: string) => BigInt(digits).toString();
  return match[1] === undefined ? { id: canonical(match[2]!) } : { orgId: canonical(match[1]), id: canonical(match[2]!) };
}

/**
 * `grafana_service_account` (`orgResourceIDInt("id")`): `[<orgId>:]<serviceAccountId>`.
 */
export function serviceAccountImportId(serviceAccount: OrgScopedId): string {
  return serviceAccount.orgId === undefined ? serviceAccount.id : `${serviceAccount.orgId}:${serviceAccount.id}`;
}

/** `grafana_role` (import passthrough, read with `SplitOrgResourceID`): `[<orgId>:]<roleUid>`. */
export function roleImportId(roleUid: string, orgId: string | undefined): string {
  return orgId === undefined ? roleUid : `${orgId}:${roleUid}`;
}

/**
 * `grafana_role_assignment_item` for a service account
 * (`resource_role_assignment_item.go`, `[<orgId>:]<roleUID>:<type>:<identifier>`):
 * `[<orgId>:]<roleUid>:service_account:<serviceAccountId>`.
 */
export function roleAssignmentImportId(roleUid: string, serviceAccount: OrgScopedId): string {
  return `${serviceAccount.orgId === undefined ? "" : `${serviceAccount.orgId}:`}${roleUid}:service_account:${serviceAccount.id}`;
}

/**
 * `grafana_scim_config` (`resource_scim_config.go`: `ImportState` reads the id with
 * `SplitOrgResourceID`, and the resource's own id is `<orgId>:scim-config`): the same form.
 * A bare `"1"` would be read as no org at all (the provider's organization), not as org 1.
 */
export function scimConfigImportId(orgId: string | undefined): string {
  return `${orgId ?? "1"}:scim-config`;
}

/**
 * `grafana_sso_settings` for SAML: `saml`. The resource imports by passthrough and its read uses
 * the id as the SSO provider's name (`resource_sso_settings.go`, `ReadSSOSettings`:
 * `provider := d.Id()`), so `"1:saml"`, the `{{orgID}}:{{provider}}` form its docs list, fails with
 * "no settings key found for provider 1:saml". SSO settings are read for the provider's
 * organization (the token's).
 */
export const SAML_SETTINGS_IMPORT_ID = "saml";

/** A service account id as Grafana shows it, with an optional `<orgId>:` prefix. */
export const SERVICE_ACCOUNT_ID = /^(\d+:)?\d+$/;

/** Grafana's uid rule (grafana/grafana `pkg/util/shortid_generator.go`: `^[a-zA-Z0-9\-\_]*$`, at most 40). No `:`: the provider splits ids there. */
export const GRAFANA_UID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Why `id` cannot name a service account to adopt, or `undefined` (also for a reference): it must
 * be `42` or `1:42`, and in organization 1, the only one grafana provider 4.45.1's
 * `grafana_scim_config` configures (see `orgIdProblem` in tenant-url.ts).
 */
export function adoptedServiceAccountIdProblem(id: string): string | undefined {
  if (Token.isUnresolved(id)) return undefined;
  if (!SERVICE_ACCOUNT_ID.test(id)) return "must be the service account's id, e.g. 42 or 1:42 (<orgId>:<id>)";
  const orgId = /^(\d+):/.exec(id)?.[1];
  if (orgId !== undefined && BigInt(orgId) !== 1n) {
    return `is in organization ${BigInt(orgId)}; only organization 1 can be set up (grafana provider 4.45.1's grafana_scim_config always configures organization 1's SCIM settings on self-hosted Grafana, and a Grafana Cloud stack has organization 1 only)`;
  }
  return undefined;
}

/** Why `uid` is not a Grafana role uid, or `undefined` (also for a reference). */
export function roleUidProblem(uid: string): string | undefined {
  if (Token.isUnresolved(uid)) return undefined;
  return GRAFANA_UID.test(uid) ? undefined : "must be a Grafana role uid: letters, digits, - and _, at most 40 characters (GET /api/access-control/roles shows it)";
}
