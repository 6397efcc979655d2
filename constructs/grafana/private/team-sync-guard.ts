/**
 * Guardrail: SCIM group sync and Grafana Team Sync must not both manage teams. Grafana's SCIM
 * docs: group sync creates teams and sets their members from the identity provider, Team Sync
 * adds and removes members from SAML/OAuth/LDAP groups at login; together they overwrite each
 * other's membership. (SCIM user sync alongside Team Sync is fine.)
 *
 * Its limit: it sees only the Team Sync resources of its own stack. Team Sync configured in
 * Grafana's UI, by another stack or by another tool is invisible to it, and Grafana itself does not
 * refuse the combination: its docs only warn that the two "can conflict" (grafana/grafana
 * `docs/sources/setup-grafana/configure-access/configure-scim-provisioning/manage-users-teams/_index.md`,
 * "SCIM vs Team Sync"); no API error is documented.
 */
import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct, IValidation } from "constructs";

/**
 * Paths of the constructs in `scope` that configure Team Sync: every
 * `grafana_team_external_group`, and every `grafana_team` with a `team_sync` block.
 */
export function findTeamSync(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .filter((r) => {
      if (r.terraformResourceType === "grafana_team_external_group") return true;
      if (r.terraformResourceType !== "grafana_team") return false;
      const config = (r.toTerraform() as { resource: Record<string, Record<string, { team_sync?: unknown }>> }).resource;
      const teamSync = config.grafana_team?.[r.friendlyUniqueId]?.team_sync;
      return Array.isArray(teamSync) ? teamSync.length > 0 : teamSync !== undefined && teamSync !== null;
    })
    .map((r) => `${r.node.path} (${r.terraformResourceType})`);
}

/**
 * Fails synthesis when the stack of `scimConfig` manages Team Sync while SCIM group sync is on.
 * Attach it with `node.addValidation` to the construct that enables group sync.
 */
export class TeamSyncConflictValidation implements IValidation {
  constructor(private readonly scimConfig: IConstruct) {}

  validate(): string[] {
    const teamSync = findTeamSync(TerraformStack.of(this.scimConfig));
    if (teamSync.length === 0) return [];
    return [
      `SCIM group sync is enabled by ${this.scimConfig.node.path}, but this stack also manages Grafana Team Sync: ` +
        `${teamSync.join(", ")}. Both would set the members of Grafana teams and undo each other's changes ` +
        `(Grafana supports SCIM user sync with Team Sync, not group sync, and does not refuse the combination itself). ` +
        `Either turn SCIM group sync off (groupSync false) and keep Team Sync, or remove the Team Sync resources and let SCIM manage teams. ` +
        `This check sees only this stack: Team Sync set up in Grafana's UI or elsewhere must be removed by hand.`,
    ];
  }
}
