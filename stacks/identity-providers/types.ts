/** What an identity-provider module receives from the stack. */
import type { TerraformStack } from "cdktf";
import type { IGrafanaScim } from "../../constructs/grafana/grafana-scim";
import type { DeploymentCommands, Environment } from "../../environment-format";

/** Everything an identity-provider module may use to build its part of the stack. */
export interface IdentityProviderContext {
  /** The environment's stack. */
  readonly stack: TerraformStack;
  /** The validated environment (name, file, config). */
  readonly environment: Environment;
  /** The Grafana side: tenant URL, Grafana URL, token and how it is delivered. */
  readonly grafana: IGrafanaScim;
  /** The commands and documentation messages and the runbook point to (this repository's, or an installed package's). */
  readonly commands: DeploymentCommands;
}
