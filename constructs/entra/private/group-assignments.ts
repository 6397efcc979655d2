/** Who Entra provisions: groups assigned to the enterprise app's `User` role. */
import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { assertValid, ConfigurationError } from "../../errors";
import { textCharacterProblem } from "../../plain-text";
import { terraformLiteral } from "../../template-escape";
import type { EntraEnterpriseApp } from "./enterprise-app";
import { CUSTOM_APP_USER_ROLE_ID, uuidProblem } from "../entra-ids";
import { entraGroupShapeProblem } from "../groups";
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
    props.groups.forEach((group, i) => {
      const problem = entraGroupShapeProblem(group);
      if (problem) throw new ConfigurationError(`groups[${i}]`, problem);
    });
    const duplicate = duplicateEntraGroups(props.groups)[0];
    if (duplicate) throw new ConfigurationError(`groups[${duplicate.index}]`, duplicate.problem);
    const lookups: DataAzureadGroup[] = [];
    this.assignments = props.groups.map((group, i) => {
      const field = `groups[${i}]`;
      let principalObjectId: string;
      let constructId: string;
      // Construct ids become Terraform addresses: a literal group keeps the id it always had (its
      // object id, or name-<display name>), so existing assignments keep their addresses. A group
      // given as a Terraform reference has no literal to name it by (cdktf refuses a token in a
      // construct id): it is named by its index, `reference-<i>`, which no literal id starts with.
      const reference = `reference-${i}`;
      if ("objectId" in group) {
        const problem = uuidProblem(group.objectId);
        if (problem) throw new ConfigurationError(`${field}.objectId`, problem);
        principalObjectId = group.objectId;
        constructId = Token.isUnresolved(group.objectId) ? reference : group.objectId.toLowerCase();
      } else {
        if (group.displayName.trim() === "") throw new ConfigurationError(`${field}.displayName`, "must not be empty");
        assertValid(`${field}.displayName`, textCharacterProblem(group.displayName));
        const byReference = Token.isUnresolved(group.displayName);
        // Looked up by exactly this name: Terraform must not evaluate a "${" in it.
        const lookup = new DataAzureadGroup(this, byReference ? `${reference}-group` : `group-${group.displayName}`, {
          displayName: terraformLiteral(group.displayName),
          provider: props.provider,
        });
        lookups.push(lookup);
        principalObjectId = lookup.objectId;
        constructId = byReference ? reference : `name-${group.displayName}`;
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
