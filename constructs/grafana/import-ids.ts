/** Import ids the grafana provider expects (Terraform `import` blocks). Pure. */

/** A Grafana id with an optional `<orgId>:` prefix, as the provider writes them. */
export interface OrgScopedId {
  /** The organization, when the id carries one. */
  readonly orgId?: string;
  /** The bare id. */
  readonly id: string;
}

/** Splits `"1:42"` into org `1` and id `42`; `"42"` has no org. */
export function splitOrgScopedId(value: string): OrgScopedId {
  const match = /^(?:(\d+):)?(\d+)$/.exec(value);
  if (!match) throw new Error(`not a Grafana id of the form [<orgId>:]<id>: "${value}"`);
  return match[1] === undefined ? { id: match[2]! } : { orgId: match[1], id: match[2]! };
}

/** `grafana_role_assignment_item` for a service account: `[<orgId>:]<roleUid>:service_account:<serviceAccountId>`. */
export function roleAssignmentImportId(roleUid: string, serviceAccount: OrgScopedId): string {
  return `${serviceAccount.orgId === undefined ? "" : `${serviceAccount.orgId}:`}${roleUid}:service_account:${serviceAccount.id}`;
}

/** `grafana_scim_config` and `grafana_sso_settings` are per organization: `[<orgId>:]` prefix rules differ, see each. */
export function scimConfigImportId(orgId: string | undefined): string {
  return orgId ?? "1";
}

/** `grafana_sso_settings` for SAML: `[<orgId>:]saml`. */
export function samlSettingsImportId(orgId: string | undefined): string {
  return orgId === undefined ? "saml" : `${orgId}:saml`;
}
