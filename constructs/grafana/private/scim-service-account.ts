/**
 * The Grafana service account the identity provider authenticates as, with exactly the
 * permissions the enabled SCIM syncs need, granted through a role of its own.
 *
 * Nothing shared is assigned. `grafana_role_assignment_item` reads every assignment of a role and
 * PUTs the whole list back (grafana/terraform-provider-grafana v4.45.1,
 * `internal/resources/grafana/resource_role_assignment_item.go`, Create and Delete call
 * `GetRoleAssignments` then `SetRoleAssignments`): on an org-wide fixed role that rewrites every
 * other holder's assignment (terraform-provider-grafana #1000), and the PUT fails with 400 when any
 * listed assignee does not verify (grafana/grafana #118968). So the `fixed-roles` model copies the
 * fixed roles' permissions, read with `data.grafana_role`, into the account's own role, and only
 * that role is assigned.
 */
import { Fn, Lazy, TerraformIterator, TerraformProvider, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { DataGrafanaRole } from "../../../.gen/providers/grafana/data-grafana-role";
import { Role } from "../../../.gen/providers/grafana/role";
import { RoleAssignmentItem } from "../../../.gen/providers/grafana/role-assignment-item";
import { ServiceAccount } from "../../../.gen/providers/grafana/service-account";
import { assertValid, ConfigurationError } from "../../errors";
import { TerraformRemoved } from "../../private/terraform/removed";
import { roleAssignmentImportId, roleImportId, serviceAccountImportId, type OrgScopedId } from "../import-ids";
import {
  DEFAULT_ROLE_NAME,
  DEFAULT_SERVICE_ACCOUNT_NAME,
  GROUP_SYNC_FIXED_ROLE,
  roleNameProblem,
  scimFixedRoles,
  scimPermissions,
  syncsProblem,
  USER_SYNC_FIXED_ROLE,
  type ScimPermissionModel,
  type ScimSyncs,
} from "../scim-permissions";
import { importInto } from "../../private/terraform/import";
import { plainTextProblem } from "../../plain-text";

/** Props of {@link ScimServiceAccount}. */
export interface ScimServiceAccountProps extends ScimSyncs {
  /**
   * Name of the service account in Grafana.
   * @default "scim-provisioner"
   */
  readonly name?: string;
  /**
   * How permissions are granted.
   * @default "custom-role"
   */
  readonly permissionModel?: ScimPermissionModel;
  /**
   * Name of the account's own role (both models). Unique per organization.
   * @default "custom:scim:provisioner"
   */
  readonly roleName?: string;
  /** The grafana provider to use. @default the stack's default grafana provider */
  readonly provider?: TerraformProvider;
}

/**
 * A `grafana_service_account` with role `None` and a `grafana_role` of its own, assigned with
 * `grafana_role_assignment_item`. The role holds the least-privilege permissions, or those of the
 * fixed roles looked up by name (`data.grafana_role`, robust on instances whose fixed-role UIDs
 * predate Grafana 10.2). See the module comment for why no fixed role is assigned.
 */
export class ScimServiceAccount extends Construct {
  /** The service account. */
  readonly serviceAccount: ServiceAccount;
  /** The account's own role: least-privilege permissions, or (`fixed-roles`) those of the fixed roles. */
  readonly role: Role;
  /** The fixed roles looked up by name, with the `fixed-roles` model; read only, never assigned. */
  readonly fixedRoles: readonly DataGrafanaRole[];
  /** The assignment of {@link role} to the account. */
  readonly roleAssignment: RoleAssignmentItem;
  /** All role assignments this construct manages: just {@link roleAssignment}. */
  readonly roleAssignments: readonly RoleAssignmentItem[];
  /** `removed` blocks that make Terraform forget fixed-role assignments earlier versions managed, without deleting them. */
  readonly forgottenAssignments: readonly TerraformRemoved[];
  /** The permission model in use. */
  readonly permissionModel: ScimPermissionModel;

  constructor(scope: Construct, id: string, props: ScimServiceAccountProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_SERVICE_ACCOUNT_NAME;
    assertValid("name", plainTextProblem(name));
    assertValid("userSync", syncsProblem(props));
    this.permissionModel = props.permissionModel ?? "custom-role";
    if (this.permissionModel !== "custom-role" && this.permissionModel !== "fixed-roles") {
      throw new ConfigurationError("permissionModel", `must be "custom-role" or "fixed-roles" (got ${JSON.stringify(this.permissionModel)})`);
    }
    const provider = props.provider;

    this.serviceAccount = new ServiceAccount(this, "account", { name, role: "None", isDisabled: false, provider });

    const roleName = props.roleName ?? DEFAULT_ROLE_NAME;
    assertValid("roleName", plainTextProblem(roleName) ?? roleNameProblem(roleName));
    const common = { name: roleName, displayName: "SCIM provisioner", group: "SCIM", global: false, hidden: false, provider };
    if (this.permissionModel === "custom-role") {
      this.fixedRoles = [];
      this.role = new Role(this, "role", {
        ...common,
        description: `Permissions for SCIM ${describeSyncs(props)} (managed by grafana-scim-cdktf)`,
        permissions: scimPermissions(props).map((p) => ({ action: p.action, scope: p.scope })),
      });
    } else {
      // Read the fixed roles by name (their UIDs differ on instances created before Grafana 10.2)
      // and copy their permissions into this account's own role. Nothing shared is assigned.
      const fixedRoleNames = scimFixedRoles(props);
      this.fixedRoles = fixedRoleNames.map((fixedRole) => new DataGrafanaRole(this, fixedRole, { name: fixedRole, provider }));
      // The union of the lookups' permissions (sets of {action, scope}), one permissions block each.
      const [first, ...others] = this.fixedRoles.map((r) => Token.asList(r.interpolationForAttribute("permissions")));
      const permissions = TerraformIterator.fromList(Fn.setunion(first!, others));
      this.role = new Role(this, "role", {
        ...common,
        description: `The permissions of ${fixedRoleNames.join(" and ")}, read at every plan, for SCIM ${describeSyncs(props)} (managed by grafana-scim-cdktf)`,
        permissions: permissions.dynamic({ action: permissions.getString("action"), scope: permissions.getString("scope") }),
      });
    }
    this.roleAssignment = new RoleAssignmentItem(this, "assignment-role", { roleUid: this.role.uid, serviceAccountId: this.serviceAccount.id, provider });
    this.roleAssignments = [this.roleAssignment];
    // Earlier versions assigned the shared fixed roles themselves. Destroying those assignments
    // would rewrite every holder's assignment of the fixed role (see the module comment), so
    // Terraform forgets them instead: the account keeps them until an admin removes them.
    this.forgottenAssignments = LEGACY_FIXED_ROLE_ASSIGNMENTS.map(
      (fixedRole) => new TerraformRemoved(this, `forget-${fixedRole}`, { from: legacyAddress(this, `assignment-${fixedRole}`), destroy: false }),
    );
  }

  /**
   * Imports the existing service account and, with `roleUid`, its own role and that role's
   * assignment (Terraform `import` blocks; ids as grafana 4.45.1 parses them, see import-ids.ts).
   */
  importExisting(serviceAccount: OrgScopedId, roleUid?: string): void {
    importInto(this.serviceAccount, serviceAccountImportId(serviceAccount));
    if (roleUid !== undefined) {
      importInto(this.role, roleImportId(roleUid, serviceAccount.orgId));
      importInto(this.roleAssignment, roleAssignmentImportId(roleUid, serviceAccount));
    }
  }

  /** The service account's id, `<orgId>:<serviceAccountId>`, as the token and assignment resources take it. */
  get serviceAccountId(): string {
    return this.serviceAccount.id;
  }
}

/** Fixed roles earlier versions of this construct assigned (`assignment-<role name>`). */
const LEGACY_FIXED_ROLE_ASSIGNMENTS = [USER_SYNC_FIXED_ROLE, GROUP_SYNC_FIXED_ROLE] as const;

/**
 * The address a `grafana_role_assignment_item` with construct id `childId` under `scope` had,
 * resolved at synthesis with the stack's own logical-id scheme (a plain construct holds the path).
 */
function legacyAddress(scope: Construct, childId: string): string {
  const placeholder = new Construct(scope, childId);
  return Lazy.stringValue({ produce: () => `grafana_role_assignment_item.${TerraformStack.of(scope).getLogicalId(placeholder.node)}` });
}

function describeSyncs(syncs: ScimSyncs): string {
  return [syncs.userSync ? "user sync" : undefined, syncs.groupSync ? "group sync" : undefined].filter(Boolean).join(" and ");
}
