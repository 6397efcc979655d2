/**
 * A Terraform `check` block (Terraform >= 1.5). cdktf 0.21 has no class for it, so this
 * element emits the block itself. A failed assertion is reported as a warning on every plan
 * and apply; it never blocks either.
 *
 * A check may hold its own data sources ("scoped" data sources, Terraform's way to read inside a
 * check): Terraform reads them after everything they depend on has been applied, and a failed read
 * is a warning too. They can be referred to from the check's assertions only
 * ({@link TerraformCheck.dataAddress}).
 *
 * Note: `cdktf synth --hcl` drops `check` blocks (its HCL renderer knows only the block types
 * cdktf models); the JSON that `cdktf diff`/`deploy` use keeps them.
 */
import { Lazy, TerraformElement, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { requireTerraformVersion } from "../../terraform-version";
import { addressOf, type Addressable } from "./address";

/** The Terraform version that reads `check` blocks. */
export const CHECK_BLOCK_VERSION = "1.5";

/** One `assert` of a check block. */
export interface CheckAssertion {
  /** An HCL expression wrapped in `${...}` that must evaluate to a bool, never to an error. */
  readonly condition: string;
  /** The warning shown when `condition` is false; may interpolate values. */
  readonly errorMessage: string;
}

/** A data source read inside the check block. */
export interface CheckScopedDataSource {
  /** The data source type, e.g. `msgraph_resource`. */
  readonly type: string;
  /** Its name within the check; the data source's Terraform name is `<check logical id>_<name>`. */
  readonly name: string;
  /** Its arguments, with Terraform's (snake_case) names; values may be tokens. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Resources the read waits for (`depends_on`): it happens after they are applied. @default none */
  readonly dependsOn?: readonly Addressable[];
  /** The provider configuration. @default the type's default provider */
  readonly provider?: TerraformProvider;
}

/** Props of {@link TerraformCheck}. */
export interface TerraformCheckProps {
  /** At least one assertion. */
  readonly assertions: readonly CheckAssertion[];
  /** Data sources read inside the check. @default none */
  readonly dataSources?: readonly CheckScopedDataSource[];
}

/** Emits `check "<logical id>" { data ... { } assert { ... } }`. */
export class TerraformCheck extends TerraformElement {
  /** The assertions, in order. */
  readonly assertions: readonly CheckAssertion[];
  /** The scoped data sources. */
  readonly dataSources: readonly CheckScopedDataSource[];

  constructor(scope: Construct, id: string, props: TerraformCheckProps) {
    super(scope, id, "check");
    if (props.assertions.length === 0) throw new Error(`${this.node.path}: a check needs at least one assertion`);
    const names = (props.dataSources ?? []).map((d) => `${d.type}.${d.name}`);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) throw new Error(`${this.node.path}: dataSources names ${repeated} twice`);
    this.assertions = props.assertions;
    this.dataSources = props.dataSources ?? [];
    requireTerraformVersion(this, CHECK_BLOCK_VERSION);
  }

  /**
   * The address of the scoped data source `name` (e.g. `data.msgraph_resource.<check id>_schema`),
   * resolved at synthesis, for use in this check's assertions.
   */
  dataAddress(name: string): string {
    const source = this.dataSources.find((d) => d.name === name);
    if (!source) throw new Error(`${this.node.path}: no scoped data source named ${name}`);
    return Lazy.stringValue({ produce: () => `data.${source.type}.${this.scopedName(source.name)}` });
  }

  override toTerraform(): Record<string, unknown> {
    const block: Record<string, unknown> = {};
    if (this.dataSources.length > 0) {
      const data: Record<string, Record<string, unknown>> = {};
      for (const source of this.dataSources) {
        (data[source.type] ??= {})[this.scopedName(source.name)] = {
          ...source.config,
          ...(source.dependsOn?.length ? { depends_on: source.dependsOn.map(addressOf) } : {}),
          ...(source.provider ? { provider: source.provider.fqn } : {}),
        };
      }
      block.data = data;
    }
    block.assert = this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage }));
    return { check: { [this.friendlyUniqueId]: block } };
  }

  private scopedName(name: string): string {
    return `${this.friendlyUniqueId}_${name}`;
  }
}
