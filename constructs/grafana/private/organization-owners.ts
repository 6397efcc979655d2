/**
 * Which construct of an app owns each Grafana organization's SCIM and SAML settings, so a second
 * owner is refused when it is created (the rule and its words: ../organization.ts).
 */
import type { IConstruct } from "constructs";

/** The singletons a construct may own in an organization. */
export type OrganizationSingleton = "scim" | "saml";

/** Per app (the construct tree's root): singleton -> organization key -> its owner. */
const owners = new WeakMap<IConstruct, Map<OrganizationSingleton, Map<string, IConstruct>>>();

/**
 * Records `owner` as the owner of `singleton` in the organizations `keys` name, within `owner`'s
 * app; returns the construct that owns it already under one of the keys (nothing is recorded
 * then), or `undefined`.
 */
export function claimOrganization(owner: IConstruct, singleton: OrganizationSingleton, keys: readonly string[]): { key: string; owner: IConstruct } | undefined {
  const root = owner.node.root;
  const bySingleton = owners.get(root) ?? new Map<OrganizationSingleton, Map<string, IConstruct>>();
  owners.set(root, bySingleton);
  const byKey = bySingleton.get(singleton) ?? new Map<string, IConstruct>();
  bySingleton.set(singleton, byKey);
  for (const key of keys) {
    const existing = byKey.get(key);
    if (existing !== undefined && existing !== owner) return { key, owner: existing };
  }
  for (const key of keys) byKey.set(key, owner);
  return undefined;
}
