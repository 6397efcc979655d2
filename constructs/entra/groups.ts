/** The groups an Entra enterprise app is assigned, as configuration names them. Pure. */

/** A group, by object id or by display name (looked up; must be unique in the tenant). */
export type EntraGroupRef = { readonly objectId: string } | { readonly displayName: string };

/**
 * Why `group` is not one {@link EntraGroupRef}, or `undefined`: exactly one of `objectId` and
 * `displayName` (TypeScript lets an object literal carry both; the object id would win silently).
 * For JavaScript callers and casts too. Pure.
 */
export function entraGroupShapeProblem(group: unknown): string | undefined {
  if (typeof group !== "object" || group === null) return `must be a group with objectId or displayName (got ${group === undefined ? "undefined" : JSON.stringify(group)})`;
  const keys = ["objectId", "displayName"].filter((key) => (group as Record<string, unknown>)[key] !== undefined);
  if (keys.length === 2) return "set objectId or displayName, not both: the assignment would use the object id and ignore the name";
  if (keys.length === 0) return "must be a group with objectId or displayName";
  return undefined;
}

/** A group as written in configuration: its object id or its display name (adoption ids are keyed by it). */
export function entraGroupLabel(group: EntraGroupRef): string {
  return "objectId" in group ? group.objectId : group.displayName;
}

/** The indexes of groups listed twice (object ids compare case-insensitively), each with its problem. */
export function duplicateEntraGroups(groups: readonly EntraGroupRef[]): Array<{ index: number; problem: string }> {
  const seen = new Map<string, number>();
  const problems: Array<{ index: number; problem: string }> = [];
  groups.forEach((group, index) => {
    const key = "objectId" in group ? `id:${group.objectId.toLowerCase()}` : `name:${group.displayName}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else problems.push({ index, problem: `is listed twice (also groups[${first}])` });
  });
  return problems;
}
