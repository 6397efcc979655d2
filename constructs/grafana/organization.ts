/**
 * One owner per Grafana organization. Grafana's SCIM settings (`grafana_scim_config`) are one per
 * organization, and its SAML settings (`grafana_sso_settings`) one per instance (grafana provider
 * v4.45.1 `internal/resources/grafana/resource_sso_settings.go` reads and writes them with the
 * instance-wide `OAPIGlobalClient`, without an org id); as only organization 1 is supported (see
 * `orgIdProblem`), a key of organization 1 names the instance too. Two configurations that manage them
 * overwrite each other's on every apply, and destroying one switches SCIM (or SAML) off for the
 * other. The rule is written once, here, as pure functions: the constructs (`GrafanaScim`,
 * `GrafanaSamlSettings`) enforce it within an app, and the environment-file format between files.
 */
import { Token } from "cdktf";
import { GRAFANA_CLOUD_DOMAIN, type GrafanaInstance } from "./tenant-url";

/**
 * The names under which an instance's Grafana organization is known: its root URL's origin (lower
 * case host, default port dropped) with the organization, and for Grafana Cloud also its stack id
 * and the slug's own host (a stack on a custom domain answers on both). Two owners manage the same
 * organization when they share one. A value that is a Terraform reference gives no name (it is
 * known only to Terraform). Self-hosted instances are organization 1 unless told otherwise (the
 * only one grafana provider 4.45.1 configures SCIM for, see `orgIdProblem`). Pure; expects a
 * validated instance.
 */
export function grafanaOrganizationKeys(instance: GrafanaInstance): string[] {
  const literal = (value: string | number | undefined): boolean => value !== undefined && !Token.isUnresolved(value);
  const origin = (url: string | undefined, orgId: number | undefined): string[] =>
    literal(url) && (orgId === undefined || literal(orgId)) ? [`${new URL(url!).origin} organization ${orgId ?? 1}`] : [];
  if (instance.kind === "self-hosted") return origin(instance.url, instance.orgId);
  return [
    ...(literal(instance.stackId) ? [`Grafana Cloud stack ${instance.stackId}`] : []),
    ...(literal(instance.stackSlug) ? [`https://${instance.stackSlug}.${GRAFANA_CLOUD_DOMAIN} organization 1`] : []),
    ...origin(instance.url, undefined),
  ];
}

/** The organization key of a Grafana root URL (organization 1), or none for a reference. Pure. */
export function grafanaUrlOrganizationKeys(grafanaUrl: string): string[] {
  return Token.isUnresolved(grafanaUrl) ? [] : [`${new URL(grafanaUrl).origin} organization 1`];
}

/**
 * Every group of two or more owners that share one of `keys(owner)`, with the key shared, in the
 * order the owners come (one group per set of owners). Pure.
 */
export function ownersSharingKeys<T>(owners: readonly T[], keys: (owner: T) => readonly string[]): Array<{ key: string; members: T[] }> {
  const byKey = new Map<string, T[]>();
  for (const owner of owners) {
    for (const key of new Set(keys(owner))) byKey.set(key, [...(byKey.get(key) ?? []), owner]);
  }
  const index = new Map(owners.map((o, i) => [o, i]));
  const seen = new Set<string>();
  const groups: Array<{ key: string; members: T[] }> = [];
  for (const [key, members] of byKey) {
    const id = members.map((m) => index.get(m)).join(",");
    if (members.length < 2 || seen.has(id)) continue;
    seen.add(id);
    groups.push({ key, members });
  }
  return groups;
}

/**
 * The problem of an owner of `what` (e.g. `"its SCIM settings (grafana_scim_config)"`) that
 * shares Grafana organization `key` with `others`; the same words in every layer. Pure.
 */
export function sharedOrganizationProblem(others: string, key: string, what: string, keepOne: string): string {
  return (
    `is the same Grafana as ${others} (${key}): ${what} ` +
    `one per organization, so two owners would overwrite each other's on every apply. ${keepOne}`
  );
}
