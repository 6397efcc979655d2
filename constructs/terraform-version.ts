/**
 * The Terraform version a stack needs. Constructs that emit something an older Terraform cannot
 * read (a `removed` block needs 1.7, `check` and `import` blocks 1.5) declare it here, and the
 * stack gets `terraform { required_version = ">= <highest>" }`: an older Terraform then stops at
 * `terraform init` with "Unsupported Terraform Core version" instead of failing on the first block
 * it does not know. An app that sets `required_version` itself (`stack.addOverride`) wins.
 */
import { TerraformElement, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { ConfigurationError } from "./errors";

/** The highest version required of a stack so far, emitted as its `terraform.required_version`. */
class TerraformVersionFloor extends TerraformElement {
  static readonly ID = "terraform-version-floor";
  /** The floor and what needs it, highest first. */
  private floor?: { readonly version: readonly number[]; readonly text: string };

  static of(stack: TerraformStack): TerraformVersionFloor {
    return (stack.node.tryFindChild(TerraformVersionFloor.ID) as TerraformVersionFloor | undefined) ?? new TerraformVersionFloor(stack, TerraformVersionFloor.ID);
  }

  require(version: string): void {
    const parts = parseVersion(version);
    if (this.floor === undefined || compareVersions(parts, this.floor.version) > 0) this.floor = { version: parts, text: version };
  }

  get minimum(): string | undefined {
    return this.floor?.text;
  }

  override toTerraform(): Record<string, unknown> {
    return this.floor === undefined ? {} : { terraform: { required_version: `>= ${this.floor.text}` } };
  }
}

/**
 * Declares that the stack of `scope` needs Terraform `version` or newer (e.g. `"1.7"`): the stack
 * requires the highest version declared. Throws a `ConfigurationError` for a version that is not
 * `major.minor[.patch]`.
 */
export function requireTerraformVersion(scope: IConstruct, version: string): void {
  TerraformVersionFloor.of(TerraformStack.of(scope)).require(version);
}

/** The lowest Terraform version the stack of `scope` declares it needs, or `undefined`. */
export function requiredTerraformVersion(scope: IConstruct): string | undefined {
  const floor = TerraformStack.of(scope).node.tryFindChild(TerraformVersionFloor.ID);
  return floor instanceof TerraformVersionFloor ? floor.minimum : undefined;
}

function parseVersion(version: string): number[] {
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) throw new ConfigurationError("version", `must be a Terraform version such as "1.7" or "1.10.0" (got "${version}")`);
  return version.split(".").map(Number);
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The Terraform version that reads `import` blocks, which the constructs' `adopt` methods emit. */
export const IMPORT_BLOCK_VERSION = "1.5";
