/**
 * Terraform addresses of cdktf elements, resolved at synthesis so that a later
 * `overrideLogicalId` is honoured. Used by the package's hand-written HCL expressions
 * (cdktf 0.21's `Op` helpers render falsy literals such as `0` or `""` as `undefined`).
 */
import { Lazy, TerraformDataSource, TerraformLocal, TerraformResource } from "cdktf";

/** An element an HCL expression can refer to by address. */
export type Addressable = TerraformResource | TerraformDataSource | TerraformLocal;

/**
 * The address of a resource, data source or local, e.g.
 * `grafana_service_account_token.scim_token_1A2B3C4D` or `local.mappings_5E6F7A8B`.
 */
export function addressOf(element: Addressable): string {
  if (element instanceof TerraformLocal) return `local.${element.friendlyUniqueId}`;
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

/**
 * The bare address of `element` as a string token resolved at synthesis, for meta-arguments
 * that take references rather than expressions. cdktf 0.21 renders constructs passed to
 * `lifecycle.replaceTriggeredBy` as `"${...}"`, which Terraform rejects in JSON configuration
 * ("Invalid character"); pass `lazyAddress(resource)` instead.
 */
export function lazyAddress(element: Addressable): string {
  return Lazy.stringValue({ produce: () => addressOf(element) });
}

/**
 * A string token that renders `expression(address)` as one `${...}` interpolation at
 * synthesis time.
 */
export function lazyExpression<T extends Addressable>(element: T, expression: (address: string) => string): string {
  return Lazy.stringValue({ produce: () => `\${${expression(addressOf(element))}}` });
}

/**
 * Like {@link lazyExpression} for several elements: `expression` receives their addresses in
 * order and returns the HCL (without `${}`).
 */
export function lazyExpressionOf(elements: readonly Addressable[], expression: (...addresses: string[]) => string): string {
  return Lazy.stringValue({ produce: () => `\${${expression(...elements.map(addressOf))}}` });
}
