/** Grafana's SCIM switches: `grafana_scim_config`. */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ScimConfig } from "../../.gen/providers/grafana/scim-config";
import type { ScimSyncs } from "./scim-permissions";
import { TeamSyncConflictValidation } from "./team-sync-guard";

/** Props of {@link ScimSettings}. */
export interface ScimSettingsProps extends ScimSyncs {
  /**
   * Block users that SCIM did not provision from signing in (Grafana Cloud portal users can
   * always sign in).
   * @default false
   */
  readonly rejectNonProvisionedUsers?: boolean;
  /**
   * The grafana provider to use. On Grafana Cloud it must set `stack_id`, or the provider calls
   * the `default` namespace and Grafana answers 403 `authn.invalid-namespace`.
   * @default the stack's default grafana provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * `grafana_scim_config` with user sync, group sync and the non-provisioned-user switch. With
 * group sync on, synthesis fails if the same stack manages Grafana Team Sync.
 */
export class ScimSettings extends Construct {
  /** The SCIM config resource. */
  readonly config: ScimConfig;

  constructor(scope: Construct, id: string, props: ScimSettingsProps) {
    super(scope, id);
    this.config = new ScimConfig(this, "config", {
      enableUserSync: props.userSync,
      enableGroupSync: props.groupSync,
      rejectNonProvisionedUsers: props.rejectNonProvisionedUsers ?? false,
      provider: props.provider,
    });
    if (props.groupSync) this.node.addValidation(new TeamSyncConflictValidation(this));
  }
}
