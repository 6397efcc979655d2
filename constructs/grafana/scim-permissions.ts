/**
 * The Grafana RBAC permissions a SCIM service account needs, as a function of which syncs
 * are on. Pure data, so the table can be read and tested on its own.
 *
 * Sources: Grafana's SCIM guides (Entra ID and Okta, v12-v13) and the RBAC action/scope
 * reference. Membership of teams is governed by `teams.permissions:*` in Grafana, which is
 * why group sync needs them even though the older eight-permission list in the Grafana 12
 * guide omits them; Grafana's own "Teams > Writer" fixed role carries them.
 */
import { Token } from "cdktf";

/** One RBAC permission. An empty `scope` means the action is unscoped. */
export interface RbacPermission {
  readonly action: string;
  readonly scope: string;
}

/** Which SCIM syncs are on. */
export interface ScimSyncs {
  /** SCIM user sync (`enable_user_sync`): create, update and deactivate users. */
  readonly userSync: boolean;
  /** SCIM group sync (`enable_group_sync`): create teams and manage their members. */
  readonly groupSync: boolean;
}

/** Needed to create, update and deactivate users in the organization. */
export const USER_SYNC_PERMISSIONS: readonly RbacPermission[] = [
  { action: "org.users:read", scope: "users:*" },
  { action: "org.users:add", scope: "users:*" },
  { action: "org.users:write", scope: "users:*" },
  { action: "org.users:remove", scope: "users:*" },
];

/**
 * Needed to create, rename and delete teams and to set their members. `org.users:read`
 * resolves the users a group's members refer to (Grafana's "Teams > Creator" role holds it).
 */
export const GROUP_SYNC_PERMISSIONS: readonly RbacPermission[] = [
  { action: "teams:create", scope: "" },
  { action: "teams:read", scope: "teams:*" },
  { action: "teams:write", scope: "teams:*" },
  { action: "teams:delete", scope: "teams:*" },
  { action: "teams.permissions:read", scope: "teams:*" },
  { action: "teams.permissions:write", scope: "teams:*" },
  { action: "org.users:read", scope: "users:*" },
];

/**
 * Grafana's fixed roles covering the same ground, as the SCIM guides' Roles dropdown names
 * them: "User administration > Writer (organizational)" and "Teams > Writer".
 */
export const USER_SYNC_FIXED_ROLE = "fixed:org.users:writer";
export const GROUP_SYNC_FIXED_ROLE = "fixed:teams:writer";

/** Why these syncs cannot drive a SCIM setup, or `undefined` when they can. */
export function syncsProblem(syncs: ScimSyncs): string | undefined {
  return syncs.userSync || syncs.groupSync ? undefined : "enable userSync or groupSync: SCIM with neither has nothing to do";
}

/**
 * Why rejecting non-provisioned users cannot go with user sync off, or `undefined`. Grafana blocks
 * the sign-in of every user SCIM did not provision, Cloud portal users aside (grafana provider
 * v4.45.1, docs/resources/scim_config.md: `reject_non_provisioned_users`); with user sync off SCIM
 * provisions no user, so every other new sign-in would be refused. Pure.
 */
export function rejectWithoutUserSyncProblem(settings: { readonly userSync: boolean; readonly rejectNonProvisionedUsers?: boolean }): string | undefined {
  return settings.rejectNonProvisionedUsers === true && !settings.userSync
    ? "needs userSync: with user sync off SCIM provisions no user, so Grafana would refuse every sign-in but a Cloud portal user's. Turn userSync on, or leave rejectNonProvisionedUsers off"
    : undefined;
}

/** Least-privilege permissions for the given syncs, de-duplicated and sorted by action. */
export function scimPermissions(syncs: ScimSyncs): RbacPermission[] {
  const wanted = [...(syncs.userSync ? USER_SYNC_PERMISSIONS : []), ...(syncs.groupSync ? GROUP_SYNC_PERMISSIONS : [])];
  const unique = new Map(wanted.map((p) => [`${p.action} ${p.scope}`, p]));
  return [...unique.values()].sort((a, b) => a.action.localeCompare(b.action) || a.scope.localeCompare(b.scope));
}

/** The fixed roles whose permissions the syncs need ("User administration" and "Teams" writers). */
export function scimFixedRoles(syncs: ScimSyncs): string[] {
  return [...(syncs.userSync ? [USER_SYNC_FIXED_ROLE] : []), ...(syncs.groupSync ? [GROUP_SYNC_FIXED_ROLE] : [])];
}

/**
 * Which permissions the service account's own role holds.
 * - `custom-role`: only the permissions the syncs need (least privilege), a fixed list.
 * - `fixed-roles`: the permissions of Grafana's fixed roles `fixed:org.users:writer` and
 *   `fixed:teams:writer`, the "User administration" and "Teams" writers the Grafana guides pick in
 *   the UI, read from Grafana at every plan (a Grafana upgrade that changes them shows as an update
 *   of the role). A few more permissions than SCIM uses. The fixed roles are not assigned.
 * Either way the identity that runs Terraform needs custom-role support (`roles:write` with
 * `permissions:type:delegate`, and every permission it grants).
 */
export type ScimPermissionModel = "custom-role" | "fixed-roles";

/** Default name of the SCIM service account. */
export const DEFAULT_SERVICE_ACCOUNT_NAME = "scim-provisioner";
/** Default name of the custom role. */
export const DEFAULT_ROLE_NAME = "custom:scim:provisioner";

/** Why `roleName` cannot name the custom role, or undefined: Grafana reserves `fixed:` and `basic:`. */
export function roleNameProblem(roleName: string): string | undefined {
  if (Token.isUnresolved(roleName)) return undefined;
  const reserved = ["fixed:", "basic:"].find((prefix) => roleName.startsWith(prefix));
  return reserved === undefined ? undefined : `"${roleName}" uses the prefix "${reserved}", which Grafana reserves for its own roles; use e.g. "custom:scim:provisioner"`;
}
