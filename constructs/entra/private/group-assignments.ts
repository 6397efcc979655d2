/** Who Entra provisions: groups assigned to the enterprise app's `User` role. */
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ConfigurationError } from "../../errors";
import { terraformLiteral } from "../../template-escape";
import type { EntraEnterpriseApp } from "./enterprise-app";
import { CUSTOM_APP_USER_ROLE_ID, uuidProblem } from "../entra-ids";
import { duplicateEntraGroups, type EntraGroupRef } from "../groups";
import { appRoleAssignmentImportId } from "../import-ids";
import { importInto } from "../../private/terraform/import";

/** Props of {@link EntraGroupAssignments}. */
export interface EntraGroupAssignmentsProps {
  /** The enterprise application. */
  readonly app: EntraEnterpriseApp;
  /** The groups to assign. Their direct members are provisioned (nested groups are not). */
  readonly groups: readonly EntraGroupRef[];
  /** The app role to assign. @default the Custom template's `User` role */
  readonly appRoleId?: string;
  /** The azuread provider. @default the stack's default */
  readonly provider?: TerraformProvider;
}

/** One `azuread_app_role_assignment` per group, groups named by display name looked up with `data.azuread_group`. */
export class EntraGroupAssignments extends Construct {
  /** The assignments, in the order of `groups`. */
  readonly assignments: readonly AppRoleAssignment[];
  /** The groups looked up by display name. */
  readonly lookups: readonly DataAzureadGroup[];

  constructor(scope: Construct, id: string, props: EntraGroupAssignmentsProps) {
    super(scope, id);
    const appRoleId = props.appRoleId ?? CUSTOM_APP_USER_ROLE_ID;
    const roleProblem = uuidProblem(appRoleId);
    if (roleProblem) throw new ConfigurationError("appRoleId", roleProblem);
    const duplicate = duplicateEntraGroups(props.groups)[0];
    if (duplicate) throw new ConfigurationError(`groups[${duplicate.index}]`, duplicate.problem);
    const lookups: DataAzureadGroup[] = [];
    this.assignments = props.groups.map((group, i) => {
      const field = `groups[${i}]`;
      let principalObjectId: string;
      let constructId: string;
      if ("objectId" in group) {
        const problem = uuidProblem(group.objectId);
        if (problem) throw new ConfigurationError(`${field}.objectId`, problem);
        principalObjectId = group.objectId;
        constructId = group.objectId.toLowerCase();
      } else {
        if (group.displayName.trim() === "") throw new ConfigurationError(`${field}.displayName`, "must not be empty");
        // Looked up by exactly this name: Terraform must not evaluate a "${" in it.
        const lookup = new DataAzureadGroup(this, `group-${group.displayName}`, { displayName: terraformLiteral(group.displayName), provider: props.provider });
        lookups.push(lookup);
        principalObjectId = lookup.objectId;
        constructId = `name-${group.displayName}`;
      }
      return new AppRoleAssignment(this, constructId, {
        appRoleId,
        principalObjectId,
        resourceObjectId: props.app.servicePrincipalObjectId,
        provider: props.provider,
      });
    });
    this.lookups = lookups;
  }

  /**
   * Imports existing assignments of service principal `servicePrincipalObjectId`: `assignmentIds`
   * holds an assignment id (or `undefined`, to create it) for each group, in the order of `groups`.
   */
  importExisting(servicePrincipalObjectId: string, assignmentIds: ReadonlyArray<string | undefined>): void {
    this.assignments.forEach((assignment, i) => {
      const assignmentId = assignmentIds[i];
      if (assignmentId !== undefined) importInto(assignment, appRoleAssignmentImportId(servicePrincipalObjectId, assignmentId));
    });
  }
}
