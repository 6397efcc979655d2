/**
 * A Terraform `removed` block (Terraform >= 1.7): the resource at `from` leaves the configuration
 * and, with `destroy = false`, Terraform forgets it without deleting the real object. A block
 * whose address is not in state does nothing, so it may stay. cdktf 0.21 has no class for it.
 */
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";
import { requireTerraformVersion } from "../../terraform-version";

/** The Terraform version that reads `removed` blocks. */
export const REMOVED_BLOCK_VERSION = "1.7";

/** Props of {@link TerraformRemoved}. */
export interface TerraformRemovedProps {
  /** The resource address that left the configuration, e.g. `grafana_role_assignment_item.x`. May be a lazy string. */
  readonly from: string;
  /**
   * Whether Terraform deletes the object. `false`: it only forgets it.
   * @default false
   */
  readonly destroy?: boolean;
}

/** Emits `removed { from = ..., lifecycle { destroy = ... } }`. */
export class TerraformRemoved extends TerraformElement {
  /** The address removed. */
  readonly from: string;
  /** Whether the object is deleted. */
  readonly destroy: boolean;

  constructor(scope: Construct, id: string, props: TerraformRemovedProps) {
    super(scope, id, "removed");
    this.from = props.from;
    this.destroy = props.destroy ?? false;
    requireTerraformVersion(this, REMOVED_BLOCK_VERSION);
  }

  override toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.from, lifecycle: { destroy: this.destroy } }] };
  }
}
