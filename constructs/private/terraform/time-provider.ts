/** The hashicorp/time provider, configured once per stack however many constructs need it. */
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { TerraformStack, type TerraformProvider } from "cdktf";
import type { IConstruct } from "constructs";

/** The stack's default time provider: the one already there, or a new one (`time`). */
export function ensureTimeProvider(scope: IConstruct): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.findAll().find((c): c is TimeProvider => c instanceof TimeProvider && c.alias === undefined);
  return existing ?? new TimeProvider(stack, "time");
}
