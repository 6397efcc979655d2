/** The options of Entra provisioning that an app sets: attribute mappings and provisioning on demand. */
import type { AttributeMapping } from "./attribute-mappings";

/** How the job's attribute mappings are set. */
export interface EntraMappingOptions {
  /**
   * `keep-defaults`: Grafana's mappings replace Microsoft's for the same targets and the other
   * defaults stay (Grafana ignores attributes it does not use). `strict`: only Grafana's
   * mappings (and yours) remain.
   * @default "keep-defaults"
   */
  readonly mode?: "keep-defaults" | "strict";
  /** User mappings to add, or to replace Grafana's for the same target. @default none */
  readonly user?: readonly AttributeMapping[];
  /** Group mappings to add, or to replace Grafana's for the same target. @default none */
  readonly group?: readonly AttributeMapping[];
}

/** Users and groups to provision right away, as the portal's "Provision on demand" does. */
export interface ProvisionOnDemandOptions {
  /** Object ids of users. @default none */
  readonly users?: readonly string[];
  /** Object ids of groups (at most 5 members each are provisioned on demand). @default none */
  readonly groups?: readonly string[];
}
