/**
 * The Grafana service account the identity provider authenticates as, with exactly the
 * permissions the enabled SCIM syncs need.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DataGrafanaRole } from "../../.gen/providers/grafana/data-grafana-role";
import { Role } from "../../.gen/providers/grafana/role";
import { RoleAssignmentItem } from "../../.gen/providers/grafana/role-assignment-item";
import { ServiceAccount } from "../../.gen/providers/grafana/service-account";
import { assertValid, ConfigurationError } from "../errors";
import { scimFixedRoles, scimPermissions, syncsProblem, type ScimSyncs } from "./scim-permissions";

/**
 * How the service account gets its permissions.
 * - `custom-role`: one custom role holding only the permissions the syncs need (least privilege).
 * - `fixed-roles`: Grafana's fixed roles `fixed:org.users:writer` and `fixed:teams:writer`, the
 *   "User administration" and "Teams" writers the Grafana guides pick in the UI. They carry a few
 *   more permissions than SCIM uses, but need no custom-role support (`roles:write` with
 *   `permissions:type:delegate`) from the identity that runs Terraform.
 */
export type ScimPermissionModel = "custom-role" | "fixed-roles";

/** Default name of the SCIM service account. */
export const DEFAULT_SERVICE_ACCOUNT_NAME = "scim-provisioner";
/** Default name of the custom role. */
export const DEFAULT_ROLE_NAME = "custom:scim:provisioner";

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
   * Name of the custom role (`custom-role` model only). Unique per organization.
   * @default "custom:scim:provisioner"
   */
  readonly roleName?: string;
  /** The grafana provider to use. @default the stack's default grafana provider */
  readonly provider?: TerraformProvider;
}

/**
 * A `grafana_service_account` with role `None` plus its permissions: either a
 * `grafana_role` assigned with `grafana_role_assignment_item`, or fixed roles looked up by name
 * (`data.grafana_role`, robust on instances whose fixed-role UIDs predate Grafana 10.2) and
 * assigned the same way.
 */
export class ScimServiceAccount extends Construct {
  /** The service account. */
  readonly serviceAccount: ServiceAccount;
  /** The custom role, with the `custom-role` model. */
  readonly role?: Role;
  /** The fixed roles looked up by name, with the `fixed-roles` model. */
  readonly fixedRoles: readonly DataGrafanaRole[];
  /** One assignment per role. */
  readonly roleAssignments: readonly RoleAssignmentItem[];
  /** The permission model in use. */
  readonly permissionModel: ScimPermissionModel;

  constructor(scope: Construct, id: string, props: ScimServiceAccountProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_SERVICE_ACCOUNT_NAME;
    if (name.trim() === "") throw new ConfigurationError("name", "must not be empty");
    assertValid("userSync", syncsProblem(props));
    this.permissionModel = props.permissionModel ?? "custom-role";
    const provider = props.provider;

    this.serviceAccount = new ServiceAccount(this, "account", { name, role: "None", isDisabled: false, provider });

    const roleUids: Array<{ id: string; uid: string }> = [];
    if (this.permissionModel === "custom-role") {
      const roleName = props.roleName ?? DEFAULT_ROLE_NAME;
      assertValid("roleName", roleNameProblem(roleName));
      this.role = new Role(this, "role", {
        name: roleName,
        displayName: "SCIM provisioner",
        description: `Permissions for SCIM ${describeSyncs(props)} (managed by grafana-scim-cdktf)`,
        group: "SCIM",
        global: false,
        hidden: false,
        permissions: scimPermissions(props).map((p) => ({ action: p.action, scope: p.scope })),
        provider,
      });
      roleUids.push({ id: "role", uid: this.role.uid });
      this.fixedRoles = [];
    } else {
      this.fixedRoles = scimFixedRoles(props).map((roleName) => new DataGrafanaRole(this, roleName, { name: roleName, provider }));
      roleUids.push(...this.fixedRoles.map((r) => ({ id: r.node.id, uid: r.uid })));
    }

    this.roleAssignments = roleUids.map(
      (r) => new RoleAssignmentItem(this, `assignment-${r.id}`, { roleUid: r.uid, serviceAccountId: this.serviceAccount.id, provider }),
    );
  }

  /** The service account's id, `<orgId>:<serviceAccountId>`, as the token and assignment resources take it. */
  get serviceAccountId(): string {
    return this.serviceAccount.id;
  }
}

function describeSyncs(syncs: ScimSyncs): string {
  return [syncs.userSync ? "user sync" : undefined, syncs.groupSync ? "group sync" : undefined].filter(Boolean).join(" and ");
}

/** Why `roleName` cannot name the custom role, or undefined: Grafana reserves `fixed:` and `basic:`. */
export function roleNameProblem(roleName: string): string | undefined {
  const reserved = ["fixed:", "basic:"].find((prefix) => roleName.startsWith(prefix));
  return reserved === undefined ? undefined : `"${roleName}" uses the prefix "${reserved}", which Grafana reserves for its own roles; use e.g. "custom:scim:provisioner"`;
}
