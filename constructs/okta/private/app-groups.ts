/**
 * Who Okta provisions to Grafana: the groups assigned to the app. Existing groups are used by id
 * or looked up by their exact name (`data.okta_group` with a postcondition: okta 4.20 matches by
 * prefix), new ones created (`okta_group`), and all of them are
 * assigned with ONE `okta_app_group_assignments`: that resource reads every group of the app, so
 * a second instance (or one per group) would fight over the same assignments.
 */
import { AppGroupAssignments } from "@cdktf/provider-okta/lib/app-group-assignments";
import { DataOktaGroup } from "@cdktf/provider-okta/lib/data-okta-group";
import { Group } from "@cdktf/provider-okta/lib/group";
import type { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { Construct } from "constructs";
import { ConfigurationError } from "../../errors";
import { terraformLiteral as literal } from "./escape";
import { exactGroupNameCondition, exactGroupNameMessage, groupConstructId, isCreatedGroup, oktaGroupProblems, type OktaGroupRef } from "../groups";
import type { OktaSamlApp } from "./saml-app";
import { importInto } from "../../private/terraform/import";

/** Props of {@link OktaAppGroups}. */
export interface OktaAppGroupsProps {
  /** The app to assign the groups to. */
  readonly app: OktaSamlApp;
  /** The groups, at least one. Order is kept in the assignment. */
  readonly groups: readonly OktaGroupRef[];
  /** The okta provider to use. @default the stack's default okta provider */
  readonly provider?: OktaProvider;
}


/**
 * Looks up or creates the groups and assigns them all to the app in one
 * `okta_app_group_assignments`. That resource is authoritative: groups assigned to the app by
 * hand are removed on the next apply.
 */
export class OktaAppGroups extends Construct {
  /** The single assignment resource of the app. */
  readonly assignments: AppGroupAssignments;
  /** Groups created here. */
  readonly createdGroups: Group[] = [];
  /** Groups looked up by name. */
  readonly lookedUpGroups: DataOktaGroup[] = [];
  /** The groups, as given. */
  readonly groups: readonly OktaGroupRef[];
  /** The assigned group ids (literals or references), in order. */
  readonly groupIds: string[];

  constructor(scope: Construct, id: string, props: OktaAppGroupsProps) {
    super(scope, id);
    const problem = oktaGroupProblems(props.groups)[0];
    if (problem) {
      const field = `groups${problem.index === undefined ? "" : `[${problem.index}]`}${problem.field ? `.${problem.field}` : ""}`;
      throw new ConfigurationError(field, problem.problem);
    }
    this.groups = props.groups;
    const used = new Set<string>();
    const uniqueId = (base: string) => {
      let candidate = base;
      for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
      used.add(candidate);
      return candidate;
    };

    this.groupIds = props.groups.map((group) => {
      const constructId = uniqueId(groupConstructId(group));
      if (!("name" in group)) return group.id;
      if (isCreatedGroup(group)) {
        const created = new Group(this, constructId, {
          name: literal(group.name),
          description: group.description === undefined ? undefined : literal(group.description),
          provider: props.provider,
        });
        this.createdGroups.push(created);
        return created.id;
      }
      // okta 4.20 finds groups by name prefix and accepts a single partial match: refuse anything
      // but the exact name at plan time, before its members could be assigned.
      const found = new DataOktaGroup(this, constructId, {
        name: literal(group.name),
        provider: props.provider,
        lifecycle: { postcondition: [{ condition: `\${${exactGroupNameCondition(group.name)}}`, errorMessage: exactGroupNameMessage(group.name) }] },
      });
      this.lookedUpGroups.push(found);
      return found.id;
    });

    this.assignments = new AppGroupAssignments(this, "assignments", {
      appId: props.app.appId,
      group: this.groupIds.map((groupId) => ({ id: groupId })),
      provider: props.provider,
    });
  }

  /** Imports the app's existing group assignments (one resource per app, imported by the app id). */
  importExisting(appId: string): void {
    importInto(this.assignments, appId);
  }
}
