/**
 * Terraform addresses of cdktf elements, resolved at synthesis so that a later
 * `overrideLogicalId` is honoured. Used by the package's hand-written HCL expressions
 * (cdktf 0.21's `Op` helpers render falsy literals such as `0` or `""` as `undefined`).
 */
import { Lazy, TerraformDataSource, TerraformResource } from "cdktf";

/** The address of a resource or data source, e.g. `grafana_service_account_token.scim_token_1A2B3C4D`. */
export function addressOf(element: TerraformResource | TerraformDataSource): string {
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

/**
 * A string token that renders `expression(address)` as one `${...}` interpolation at
 * synthesis time.
 */
export function lazyExpression<T extends TerraformResource | TerraformDataSource>(element: T, expression: (address: string) => string): string {
  return Lazy.stringValue({ produce: () => `\${${expression(addressOf(element))}}` });
}
