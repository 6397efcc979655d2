/**
 * The HCL expressions that turn the synchronization schema Graph returns for a `scim` job into
 * the schema Grafana needs. Pure functions of the expressions they read, so the exact text the
 * construct emits can be evaluated by the Terraform CLI on fixtures.
 *
 * How mappings are found: by the object mapping's source object (`User`, `Group`, Entra's names)
 * and by target attribute name. Never by list position, and never by directory, rule or object
 * mapping names, which differ between tenants ("Microsoft Entra ID" vs "Azure Active Directory").
 *
 * What the transform does to every object mapping whose source object is `User` (resp. `Group`),
 * in every rule: the managed mappings come first, in their configured order; a managed mapping
 * keeps the parse tree (`source`) of an existing mapping to the same target with the same
 * expression text (Graph's own tree for `Switch(...)` beats a hand-built one); then, unless strict,
 * every other existing mapping, in its existing order. Everything else is left as it is, except
 * `@odata.*` annotations, which are not part of the schema. Applied to its own output it changes
 * nothing (tested).
 *
 * Terraform 1.11 notes: a conditional needs both results to have one type, and mapping lists of
 * different shapes have none, so the choice is made between `jsonencode`d strings; `&&`/`||` do
 * not short-circuit, so lookups that may fail go through `try`.
 */

/** Inputs of the expressions, each an HCL expression (without `${}`). */
export interface SchemaTransformInput {
  /** The current schema object (what `GET …/jobs/{id}/schema` returns). */
  readonly current: string;
  /** The managed user mappings: a list of Graph attributeMapping objects. */
  readonly userMappings: string;
  /** The managed group mappings. */
  readonly groupMappings: string;
  /** Remove every mapping of users and groups that is not managed. */
  readonly strict: boolean;
}

/** Picks `user`, `group` or `other` by the object mapping `om`'s source object, via strings (see module comment). */
function bySourceObject(om: string, user: string, group: string, other: string): string {
  return `jsondecode(${om}.sourceObjectName == "User" ? jsonencode(${user}) : ${om}.sourceObjectName == "Group" ? jsonencode(${group}) : ${other})`;
}

/** The new attribute mappings of object mapping `om`, given its managed list `managed`. */
function mappingsOf(om: string, managed: string, strict: boolean): string {
  const keepTree =
    `[for want in ${managed} : merge(want, { source = try([for have in ${om}.attributeMappings : have.source ` +
    `if have.targetAttributeName == want.targetAttributeName && try(have.source.expression, null) == want.source.expression][0], want.source) })]`;
  if (strict) return keepTree;
  const others = `[for have in ${om}.attributeMappings : have if !contains([for want in ${managed} : want.targetAttributeName], have.targetAttributeName)]`;
  return `concat(${keepTree}, ${others})`;
}

/** The schema to PUT back: the current one with Grafana's mappings applied. */
export function transformedSchemaExpression(input: SchemaTransformInput): string {
  const { current, userMappings, groupMappings, strict } = input;
  const attributeMappings = bySourceObject(
    "om",
    mappingsOf("om", userMappings, strict),
    mappingsOf("om", groupMappings, strict),
    "jsonencode(om.attributeMappings)",
  );
  return (
    `merge({ for key, value in ${current} : key => value if !startswith(key, "@") }, ` +
    `{ synchronizationRules = [for rule in ${current}.synchronizationRules : merge(rule, ` +
    `{ objectMappings = [for om in rule.objectMappings : merge(om, { attributeMappings = ${attributeMappings} })] })] })`
  );
}

/**
 * A list of strings, one per managed mapping that the current schema lacks or has with another
 * expression or matching priority (and, in strict mode, per unmanaged mapping present). Empty
 * when the schema is as this package sets it.
 */
export function mappingDriftExpression(input: SchemaTransformInput): string {
  const { current, userMappings, groupMappings, strict } = input;
  const found = `[for have in om.attributeMappings : have if have.targetAttributeName == want.targetAttributeName]`;
  const missing =
    `[for want in ${bySourceObject("om", userMappings, groupMappings, `"[]"`)} : ` +
    `format("%s %s: want %s (matching priority %d), found %s", om.sourceObjectName, want.targetAttributeName, want.source.expression, want.matchingPriority, ` +
    `try(format("%s (matching priority %d)", one(${found}).source.expression, one(${found}).matchingPriority), "no mapping")) ` +
    `if try(one(${found}).source.expression, null) != want.source.expression || try(one(${found}).matchingPriority, -1) != want.matchingPriority]`;
  const unmanaged = strict
    ? `, [for have in om.attributeMappings : format("%s %s: unmanaged mapping from %s", om.sourceObjectName, have.targetAttributeName, try(have.source.expression, "a default value")) ` +
      `if !contains([for want in ${bySourceObject("om", userMappings, groupMappings, `"[]"`)} : want.targetAttributeName], have.targetAttributeName) && contains(["User", "Group"], om.sourceObjectName)]`
    : "";
  return `flatten([for rule in ${current}.synchronizationRules : [for om in rule.objectMappings : concat(${missing}${unmanaged})]])`;
}

/** The id of the first rule that provisions users (provision-on-demand needs it). */
export function provisioningRuleIdExpression(current: string): string {
  return `[for rule in ${current}.synchronizationRules : rule.id if anytrue([for om in rule.objectMappings : om.sourceObjectName == "User"])][0]`;
}
