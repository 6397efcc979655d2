/**
 * Destroying an environment on purpose. Resources whose loss breaks provisioning carry
 * `lifecycle.prevent_destroy` (set by their constructs), so no plan, not even `terraform plan
 * -destroy`, can remove them by accident. The destroy workflow (.github/workflows/destroy.yml)
 * synthesizes with `SCIM_ALLOW_DESTROY=<environment>`: only that environment's stack is
 * synthesized without `prevent_destroy`, and its destroy plan still needs the environment's
 * reviewers to approve that exact plan (digest) before it is applied.
 */
import { Aspects, type IAspect, TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { ConfigurationError } from "../constructs/errors";

/** The environment variable that names the one environment whose stack may be destroyed. */
export const ALLOW_DESTROY_VARIABLE = "SCIM_ALLOW_DESTROY";

/** Drops `prevent_destroy` from every resource it visits. */
export class AllowDestroy implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource && node.lifecycle?.preventDestroy) {
      node.lifecycle = { ...node.lifecycle, preventDestroy: false };
    }
  }
}

/** Lets `stack` be destroyed: its resources are synthesized without `prevent_destroy`. */
export function allowDestroy(stack: TerraformStack): void {
  Aspects.of(stack).add(new AllowDestroy());
}

/**
 * The environment named by `value` (from {@link ALLOW_DESTROY_VARIABLE}), checked against the
 * environments that exist; `undefined` when unset. Throws when it names none of them, so a typo
 * cannot silently leave the protection on (or, worse, be taken for another environment).
 */
export function environmentToDestroy(value: string | undefined, environments: readonly string[]): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!environments.includes(value)) {
    throw new ConfigurationError(ALLOW_DESTROY_VARIABLE, `${JSON.stringify(value)} names no environment; the environments are: ${environments.join(", ")}`);
  }
  return value;
}
