/**
 * The HCL expressions that turn the synchronization schema Graph returns for a `scim` job into
 * the schema Grafana needs. Pure functions of the expressions they read, so the exact text the
 * construct emits can be evaluated by the Terraform CLI on fixtures.
 *
 * How mappings are found: by the object mapping's source object (`User`, `Group`, Entra's names)
 * and by target attribute name, compared case-insensitively (SCIM attribute names are
 * case-insensitive, RFC 7643 §2.1: `externalid` left by a portal edit is the same target as
 * `externalId`). Never by list position, and never by directory, rule or object mapping names,
 * which differ between tenants ("Microsoft Entra ID" vs "Azure Active Directory").
 *
 * What the transform does to every object mapping whose source object is `User` (resp. `Group`),
 * in every rule: the managed mappings come first, in their configured order and spelling; a
 * managed mapping keeps the parse tree (`source`) of an existing mapping to the same target with
 * the same expression (compared without whitespace outside string literals, since Graph
 * normalises it); then, unless strict, every other existing mapping, in its existing order, with
 * its matching priority set to 0 where it equals a managed mapping's (two mappings must not claim
 * one matching rank). Everything else is left as it is, except `@odata.*` annotations, which are
 * not part of the schema. Applied to its own output it changes nothing (tested).
 *
 * Terraform 1.11 notes: a conditional evaluates both of its results and needs them to have one
 * type, which mapping lists of different shapes do not have, so choices between such values are
 * filtered one-element `for` expressions (only the chosen body is evaluated), and a value read
 * many times is bound once by a one-element `for` (HCL has no `let`); `&&`/`||` do not
 * short-circuit, so lookups that may fail go through `try`. On the Graph fixture this makes an
 * evaluation of the transform about 2x and of the drift check about 6x cheaper than choosing
 * between `jsonencode`d strings and repeating the lookups (Terraform 1.11 console, CPU time).
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

/**
 * The canonical form of an Entra mapping expression: without whitespace outside double-quoted
 * string literals. Graph returns `Replace([preferredLanguage], "-", , , "_", , )` for the
 * request `Replace([preferredLanguage], "-", , , "_", ,  )` (microsoft-graph-docs,
 * `api-reference/v1.0/api/synchronization-synchronizationschema-parseexpression.md`), so two
 * texts that differ only there are one expression. Pure; {@link canonicalExpressionHcl} is the
 * same in HCL.
 */
export function canonicalExpression(expression: string): string {
  return (expression.match(/"[^"]*"|[^"\s]+|"/g) ?? []).join("");
}

/** {@link canonicalExpression} as an HCL expression of `expression` (an HCL expression). */
export function canonicalExpressionHcl(expression: string): string {
  return `join("", regexall("\\"[^\\"]*\\"|[^\\"\\\\s]+|\\"", ${expression}))`;
}

/** `have`'s canonical source expression, or null (a mapping from a default value has no source). */
function haveExpression(have: string): string {
  return `try(${canonicalExpressionHcl(`${have}.source.expression`)}, null)`;
}

/** The lower-cased target of `mapping` ("" when it has none). */
function targetKey(mapping: string): string {
  return `try(lower(${mapping}.targetAttributeName), "")`;
}

/**
 * `user`, `group` or `other` by the object mapping `om`'s source object. Each value sits in a
 * filtered one-element `for`, whose body Terraform evaluates only when the filter holds: a
 * conditional evaluates both of its results (and needs them to have one type), so the object
 * mapping's list would be computed for users, for groups and as it is, every time.
 */
function bySourceObject(om: string, user: string, group: string, other: string): string {
  const when = (value: string, condition: string) => `[for _ in [0] : ${value} if ${condition}]`;
  return (
    `concat(${when(user, `${om}.sourceObjectName == "User"`)}, ${when(group, `${om}.sourceObjectName == "Group"`)}, ` +
    `${when(other, `${om}.sourceObjectName != "User" && ${om}.sourceObjectName != "Group"`)})[0]`
  );
}

/** `value` when `condition` holds, else `otherwise`, evaluating only the one chosen (see {@link bySourceObject}). */
function either(condition: string, value: string, otherwise: string): string {
  return `concat([for _ in [0] : ${value} if ${condition}], [for _ in [0] : ${otherwise} if !(${condition})])[0]`;
}

/** `body` with `name` bound to the value of `value`, which is evaluated once however often `body` reads it. */
function bind(name: string, value: string, body: string): string {
  return `[for ${name} in [${value}] : ${body}][0]`;
}

/** Whether the unmanaged mapping `have` has a matching priority (> 0) a managed mapping of `managed` has too. */
function collides(have: string, managed: string): string {
  return `(try(${have}.matchingPriority, 0) > 0 && contains([for want in ${managed} : want.matchingPriority], try(${have}.matchingPriority, 0)))`;
}

/** Whether `have` (an existing mapping) targets an attribute of `managed`. */
function isManaged(have: string, managed: string): string {
  return `contains([for want in ${managed} : lower(want.targetAttributeName)], ${targetKey(have)})`;
}

/** The new attribute mappings of object mapping `om`, given its managed list `managed`. */
function mappingsOf(om: string, managed: string, strict: boolean): string {
  const keepTree =
    // `wanted` is null when the managed source has no expression (a parse tree without its text):
    // then, as when no mapping of the job matches, the managed source is used as it is.
    `[for want in ${managed} : ${bind(
      "wanted",
      `try(${canonicalExpressionHcl("want.source.expression")}, null)`,
      `merge(want, { source = try([for have in ${om}.attributeMappings : have.source ` +
        `if wanted != null && ${targetKey("have")} == lower(want.targetAttributeName) && ${haveExpression("have")} == wanted][0], want.source) })`,
    )}]`;
  if (strict) return keepTree;
  const others =
    `[for have in ${om}.attributeMappings : ${either(collides("have", managed), "merge(have, { matchingPriority = 0 })", "have")} ` +
    `if !${isManaged("have", managed)}]`;
  return `concat(${keepTree}, ${others})`;
}

/** The schema to PUT back: the current one with Grafana's mappings applied. */
export function transformedSchemaExpression(input: SchemaTransformInput): string {
  const { current, userMappings, groupMappings, strict } = input;
  const attributeMappings = bySourceObject(
    "om",
    mappingsOf("om", userMappings, strict),
    mappingsOf("om", groupMappings, strict),
    "om.attributeMappings",
  );
  return (
    `merge({ for key, value in ${current} : key => value if !startswith(key, "@") }, ` +
    `{ synchronizationRules = [for rule in ${current}.synchronizationRules : merge(rule, ` +
    `{ objectMappings = [for om in rule.objectMappings : merge(om, { attributeMappings = ${attributeMappings} })] })] })`
  );
}

/**
 * Graph's defaults for the settings of an attribute mapping the transform writes besides its
 * source and matching priority (`graphAttributeMapping`): what an absent or null value means.
 */
const MAPPING_SETTING_DEFAULTS = { flowType: '"Always"', flowBehavior: '"FlowWhenChanged"', exportMissingReferences: "false" } as const;

/** `mapping`'s value of `setting`, Graph's default when absent or null. */
function setting(mapping: string, name: keyof typeof MAPPING_SETTING_DEFAULTS): string {
  return `try(coalesce(${mapping}.${name}, ${MAPPING_SETTING_DEFAULTS[name]}), ${MAPPING_SETTING_DEFAULTS[name]})`;
}

/** `mapping`'s default value, "" when absent, null or empty (no default value either way). */
function defaultValueOf(mapping: string): string {
  return `try(coalesce(${mapping}.defaultValue, ""), "")`;
}

/**
 * Whether `have` differs from the managed mapping `want` in a setting the transform writes other
 * than its source and matching priority: flow type (`ObjectAddOnly` on `active` would never
 * deactivate anyone), flow behavior, default value, export of missing references.
 */
function settingsDiffer(have: string, want: string): string {
  return (
    `${setting(have, "flowType")} != ${want}.flowType || ${setting(have, "flowBehavior")} != ${want}.flowBehavior ` +
    `|| ${setting(have, "exportMissingReferences")} != ${want}.exportMissingReferences || ${defaultValueOf(have)} != ${defaultValueOf(want)}`
  );
}

/** The settings of `mapping` that differ from Graph's defaults, as `, flow type ObjectAddOnly…` (a default value only beside a source). */
function settingsText(mapping: string): string {
  return (
    `join("", [` +
    `${setting(mapping, "flowType")} == "Always" ? "" : format(", flow type %s", ${setting(mapping, "flowType")}), ` +
    `${setting(mapping, "flowBehavior")} == "FlowWhenChanged" ? "" : format(", flow behavior %s", ${setting(mapping, "flowBehavior")}), ` +
    `${setting(mapping, "exportMissingReferences")} == true ? ", exportMissingReferences true" : "", ` +
    `can(format("%s", ${mapping}.source.expression)) && ${defaultValueOf(mapping)} != "" ? format(", default value %s", jsonencode(${defaultValueOf(mapping)})) : ""])`
  );
}

/** How a mapping reads in a message: its source expression or default value, matching priority, and settings other than Graph's defaults. */
function describe(have: string): string {
  const source = `try(format("%s", ${have}.source.expression), format("default value %s", jsonencode(try(${have}.defaultValue, null))))`;
  return `format("%s (matching priority %d%s)", ${source}, try(${have}.matchingPriority, 0), ${settingsText(have)})`;
}

/**
 * A list of strings, one per difference between the current schema and what the transform makes
 * of it: a managed mapping that is missing, has another expression, matching priority, flow
 * type, flow behavior, default value or export of missing references, has a default value
 * instead of a source, or exists more than once (any spelling); an unmanaged mapping whose
 * matching priority collides with a managed one's; and, in strict mode, every unmanaged mapping.
 * Empty when the schema is as this package sets it.
 */
export function mappingDriftExpression(input: SchemaTransformInput): string {
  const { current, userMappings, groupMappings, strict } = input;
  // `managed` (the object mapping's managed list) and `found` (the existing mappings to a managed
  // mapping's target) are bound once each and read many times.
  const found = "found";
  const foundText =
    `(length(${found}) == 0 ? "no mapping" : format("%s%s", length(${found}) > 1 ? format("%d mappings: ", length(${found})) : "", ` +
    `join("; ", [for have in ${found} : ${describe("have")}])))`;
  const wrong =
    `length(${found}) != 1 || try(${canonicalExpressionHcl(`${found}[0].source.expression`)}, null) != ${canonicalExpressionHcl("want.source.expression")} ` +
    `|| try(${found}[0].matchingPriority, 0) != want.matchingPriority || try(${settingsDiffer(`${found}[0]`, "want")}, true)`;
  const managed = "managed";
  const missing =
    `flatten([for want in ${managed} : [for found in [[for have in om.attributeMappings : have if ${targetKey("have")} == lower(want.targetAttributeName)]] : ` +
    `format("%s %s: want %s, found %s", om.sourceObjectName, want.targetAttributeName, ${describe("want")}, ${foundText}) if ${wrong}]])`;
  const collisions = strict
    ? ""
    : `, [for have in om.attributeMappings : format("%s %s: unmanaged mapping with matching priority %d, which %s has; it becomes 0", om.sourceObjectName, ` +
      `try(have.targetAttributeName, "?"), have.matchingPriority, join(", ", [for want in ${managed} : want.targetAttributeName if want.matchingPriority == have.matchingPriority])) ` +
      `if !${isManaged("have", managed)} && ${collides("have", managed)}]`;
  const unmanaged = strict
    ? `, [for have in om.attributeMappings : format("%s %s: unmanaged mapping from %s", om.sourceObjectName, try(have.targetAttributeName, "?"), ` +
      `try(format("%s", have.source.expression), format("default value %s", jsonencode(try(have.defaultValue, null))))) ` +
      `if !${isManaged("have", managed)} && contains(["User", "Group"], om.sourceObjectName)]`
    : "";
  const managedOf = bySourceObject("om", userMappings, groupMappings, "[]");
  return `flatten([for rule in ${current}.synchronizationRules : [for om in rule.objectMappings : ${bind(managed, managedOf, `concat(${missing}${collisions}${unmanaged})`)}]])`;
}

/**
 * A list of strings, one per reason the document `current` is not a synchronization schema the
 * mappings can be applied to: no `synchronizationRules` list, a rule without an `objectMappings`
 * list, an object mapping without an `attributeMappings` list, or no object mapping of Entra
 * users at all (the transform would then change nothing and Grafana's mappings would silently be
 * missing). Never fails itself: every lookup goes through `try`.
 */
export function schemaShapeProblemsExpression(current: string): string {
  // concat(x, []) succeeds for lists and tuples only (not strings, maps or objects). Every problem
  // comes from a filtered `for`, so the parts are lists of strings whatever the document's shape.
  const rules = `try(concat(${current}.synchronizationRules, []), [])`;
  const objectMappings = (rule: string) => `try(concat(${rule}.objectMappings, []), [])`;
  const hasUsers = `anytrue(flatten([for rule in ${rules} : [for om in ${objectMappings("rule")} : try(om.sourceObjectName == "User", false)]]))`;
  return (
    `concat(` +
    `[for problem in ["it has no synchronizationRules list"] : problem if !can(concat(${current}.synchronizationRules, []))], ` +
    `[for i, rule in ${rules} : format("synchronizationRules[%d] has no objectMappings list", i) if !can(concat(rule.objectMappings, []))], ` +
    `flatten([for i, rule in ${rules} : [for j, om in ${objectMappings("rule")} : format("synchronizationRules[%d].objectMappings[%d] has no attributeMappings list", i, j) ` +
    `if !can(concat(om.attributeMappings, []))]]), ` +
    `[for problem in ["no object mapping has sourceObjectName \\"User\\" (Entra users)"] : problem if !${hasUsers}])`
  );
}

/** The id of the first rule that provisions users (provision-on-demand needs it). */
export function provisioningRuleIdExpression(current: string): string {
  return `[for rule in ${current}.synchronizationRules : rule.id if anytrue([for om in rule.objectMappings : om.sourceObjectName == "User"])][0]`;
}
