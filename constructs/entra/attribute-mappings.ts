/**
 * Entra ID provisioning attribute mappings: a typed model, Grafana's required mapping table,
 * and their encoding in Microsoft Graph's synchronization schema format
 * (`attributeMapping` / `attributeMappingSource`). Pure data and functions.
 */
import { Token } from "cdktf";
import { ConfigurationError } from "../errors";

/** Where a mapped value comes from. */
export type MappingSource =
  /** An Entra attribute, e.g. `userPrincipalName` (expression `[userPrincipalName]`). */
  | { readonly attribute: string }
  /** A constant string (expression `"value"`). */
  | { readonly constant: string }
  /**
   * A function call. `expression` is the text the Entra portal shows. Its parse tree comes from
   * Graph (`POST …/schema/parseExpression`, at apply), or from the job's own mapping when that
   * has the same expression; none is written by hand.
   */
  | { readonly function: string; readonly expression: string };

/** Graph's flowType values. */
export type MappingFlowType = "Always" | "ObjectAddOnly" | "MultiValueAddOnly" | "ValueAddOnly" | "AttributeAddOnly";

/** One attribute mapping. */
export interface AttributeMapping {
  /** The SCIM attribute written, e.g. `externalId` or `emails[type eq "work"].value`. */
  readonly target: string;
  /** Where its value comes from. */
  readonly source: MappingSource;
  /**
   * Matching precedence for finding existing objects: 0 = not used for matching, 1 = tried first.
   * @default 0
   */
  readonly matchingPriority?: number;
  /** When the value flows. @default "Always" */
  readonly flowType?: MappingFlowType;
}

/** The objects Grafana's SCIM API provisions. */
export type MappedObject = "user" | "group";

/**
 * The `Switch` that turns Entra's soft delete into SCIM `active` (Grafana's guide and Microsoft's
 * default). Graph parses it; the job's default `active` mapping already holds Graph's tree for it.
 */
export const ACTIVE_FROM_SOFT_DELETE: MappingSource = {
  function: "Switch",
  expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
};

/**
 * The user mappings Grafana requires. `objectId -> externalId` is the one that matters most:
 * Grafana links SAML logins to SCIM users by it (Microsoft's default maps `mailNickname` there).
 */
export const GRAFANA_USER_MAPPINGS: readonly AttributeMapping[] = [
  { target: "userName", source: { attribute: "userPrincipalName" }, matchingPriority: 1 },
  { target: 'emails[type eq "work"].value', source: { attribute: "mail" } },
  { target: "displayName", source: { attribute: "displayName" } },
  { target: "externalId", source: { attribute: "objectId" } },
  { target: "active", source: ACTIVE_FROM_SOFT_DELETE },
];

/** The group mappings Grafana requires (teams). */
export const GRAFANA_GROUP_MAPPINGS: readonly AttributeMapping[] = [
  { target: "externalId", source: { attribute: "objectId" } },
  { target: "displayName", source: { attribute: "displayName" }, matchingPriority: 1 },
  { target: "members", source: { attribute: "members" } },
];

/** Graph's `attributeMappingSource`. */
export interface GraphMappingSource {
  readonly expression: string;
  readonly name: string;
  readonly type: "Attribute" | "Constant" | "Function";
  readonly parameters: ReadonlyArray<{ readonly key: string; readonly value: GraphMappingSource }>;
}

/** Graph's `attributeMapping`. */
export interface GraphAttributeMapping {
  readonly defaultValue: null;
  readonly exportMissingReferences: false;
  readonly flowBehavior: "FlowWhenChanged";
  readonly flowType: MappingFlowType;
  readonly matchingPriority: number;
  readonly source: GraphMappingSource;
  readonly targetAttributeName: string;
}

/** The expression text of a source, as the Entra portal shows it. */
export function sourceExpression(source: MappingSource): string {
  if ("attribute" in source) return `[${source.attribute}]`;
  if ("constant" in source) return `"${source.constant.replace(/"/g, '""')}"`;
  return source.expression;
}

/**
 * A source in Graph's format. A function's `parameters` are left empty: its tree comes from Graph
 * (see {@link MappingSource}); this form records what is configured.
 */
export function graphSource(source: MappingSource): GraphMappingSource {
  if ("attribute" in source) return { expression: sourceExpression(source), name: source.attribute, type: "Attribute", parameters: [] };
  if ("constant" in source) return { expression: sourceExpression(source), name: source.constant, type: "Constant", parameters: [] };
  return { expression: source.expression, name: source.function, type: "Function", parameters: [] };
}

/** Whether a source is a function call (whose parse tree Graph supplies). */
export function isFunctionSource(source: MappingSource): source is Extract<MappingSource, { function: string }> {
  return "function" in source;
}

/** A mapping in Graph's format. */
export function graphAttributeMapping(mapping: AttributeMapping): GraphAttributeMapping {
  return {
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: mapping.flowType ?? "Always",
    matchingPriority: mapping.matchingPriority ?? 0,
    source: graphSource(mapping.source),
    targetAttributeName: mapping.target,
  };
}

/**
 * `base` with `overrides` applied by target: an override replaces the base mapping of the same
 * target in place, any other is appended. Targets compare case-insensitively, as SCIM attribute
 * names do (RFC 7643 §2.1). Throws when `overrides` names a target twice or holds an invalid
 * mapping (`field` names where in the configuration it came from).
 */
export function mergeMappings(base: readonly AttributeMapping[], overrides: readonly AttributeMapping[], field: string): AttributeMapping[] {
  overrides.forEach((m, i) => {
    const priority = m.matchingPriority === undefined ? undefined : matchingPriorityProblem(m.matchingPriority);
    if (priority) throw new ConfigurationError(`${field}[${i}].matchingPriority`, priority);
    const problem = mappingProblem(m);
    if (problem) throw new ConfigurationError(`${field}[${i}]`, problem);
  });
  const duplicate = duplicateTargets(overrides)[0];
  if (duplicate) throw new ConfigurationError(`${field}[${duplicate.index}].target`, duplicate.problem);
  const byTarget = new Map(overrides.map((m) => [targetKey(m.target), m]));
  const merged = base.map((m) => byTarget.get(targetKey(m.target)) ?? m);
  return [...merged, ...overrides.filter((m) => !base.some((b) => targetKey(b.target) === targetKey(m.target)))];
}

/** A target as SCIM compares it: case-insensitively. */
function targetKey(target: string): string {
  return target.toLowerCase();
}

/** The mappings whose target an earlier one already sets (in any spelling), each with its index and problem. */
export function duplicateTargets(mappings: readonly Pick<AttributeMapping, "target">[]): Array<{ index: number; problem: string }> {
  const first = new Map<string, number>();
  const problems: Array<{ index: number; problem: string }> = [];
  mappings.forEach((m, index) => {
    const earlier = first.get(targetKey(m.target));
    if (earlier === undefined) first.set(targetKey(m.target), index);
    else {
      const other = mappings[earlier]!.target;
      const spelling = other === m.target ? "" : ` as "${other}"; SCIM attribute names are case-insensitive`;
      problems.push({ index, problem: `"${m.target}" is mapped twice (also [${earlier}]${spelling})` });
    }
  });
  return problems;
}

/** The largest `matchingPriority`: Graph's `attributeMapping.matchingPriority` is an Int32 (Graph API reference, attributeMapping resource type). */
export const MAX_MATCHING_PRIORITY = 2_147_483_647;

/**
 * What is wrong with a mapping's `matchingPriority` (0 = not matching), or `undefined`: a whole
 * number from 0 to {@link MAX_MATCHING_PRIORITY}. A Terraform reference is left to Terraform. The
 * construct and the environment-file format both use it. Pure.
 */
export function matchingPriorityProblem(value: number): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (!Number.isInteger(value)) return `must be a whole number (got ${value})`;
  if (value < 0) return `must be 0 or more (got ${value})`;
  if (value > MAX_MATCHING_PRIORITY) return `must be at most ${MAX_MATCHING_PRIORITY}: Graph's matchingPriority is a 32-bit integer (got ${value})`;
  return undefined;
}

/** What is wrong with a mapping's target or source, or `undefined` (its `matchingPriority`: {@link matchingPriorityProblem}). */
export function mappingProblem(mapping: AttributeMapping): string | undefined {
  if (mapping.target.trim() === "") return "target must not be empty";
  const source = mapping.source;
  if ("attribute" in source && source.attribute.trim() === "") return "source.attribute must not be empty";
  if ("function" in source && (source.function.trim() === "" || source.expression.trim() === "")) {
    return "a function source needs its name and expression";
  }
  return undefined;
}
