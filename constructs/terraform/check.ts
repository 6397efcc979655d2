/**
 * A Terraform `check` block (Terraform >= 1.5). cdktf 0.21 has no class for it, so this
 * element emits the block itself. A failed assertion is reported as a warning on every plan
 * and apply; it never blocks either.
 *
 * Note: `cdktf synth --hcl` drops `check` blocks (its HCL renderer knows only the block types
 * cdktf models); the JSON that `cdktf diff`/`deploy` use keeps them.
 */
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

/** One `assert` of a check block. */
export interface CheckAssertion {
  /** An HCL expression wrapped in `${...}` that must evaluate to a bool, never to an error. */
  readonly condition: string;
  /** The warning shown when `condition` is false; may interpolate values. */
  readonly errorMessage: string;
}

/** Props of {@link TerraformCheck}. */
export interface TerraformCheckProps {
  /** At least one assertion. */
  readonly assertions: readonly CheckAssertion[];
}

/** Emits `check "<logical id>" { assert { ... } }`. */
export class TerraformCheck extends TerraformElement {
  /** The assertions, in order. */
  readonly assertions: readonly CheckAssertion[];

  constructor(scope: Construct, id: string, props: TerraformCheckProps) {
    super(scope, id, "check");
    if (props.assertions.length === 0) throw new Error(`${this.node.path}: a check needs at least one assertion`);
    this.assertions = props.assertions;
  }

  override toTerraform(): Record<string, unknown> {
    return {
      check: {
        [this.friendlyUniqueId]: {
          assert: this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })),
        },
      },
    };
  }
}
