/** The groups an Entra enterprise app is assigned, as configuration names them. Pure. */

/** A group, by object id or by display name (looked up; must be unique in the tenant). */
export type EntraGroupRef = { readonly objectId: string } | { readonly displayName: string };

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
