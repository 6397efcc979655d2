/**
 * Rules between environment files, which no single file can break alone: two environments must
 * not own the same Grafana, and must not keep their state in the same place. Pure functions of
 * validated environments; `load.ts` reports what they find on every file involved.
 */
import { GRAFANA_CLOUD_DOMAIN } from "../constructs/grafana/tenant-url";
import { stateLocation } from "./backend";
import type { Environment } from "./environment";

/**
 * The names under which an environment's Grafana organization is known: its root URL's origin
 * (lower-case host, default port dropped) with the organization, and for Grafana Cloud also its
 * stack id and the slug's own host (a stack on a custom domain answers on both). Two environments
 * own the same Grafana when they share one. Self-hosted environments are all organization 1 (the
 * only one grafana provider 4.45.1 configures SCIM for, see `orgIdProblem`).
 */
export function grafanaIdentities(environment: Environment): string[] {
  const grafana = environment.config.grafana;
  if (grafana.kind === "self-hosted") return [`${new URL(grafana.url).origin} organization ${grafana.orgId ?? 1}`];
  return [
    `Grafana Cloud stack ${grafana.stackId}`,
    `https://${grafana.stackSlug}.${GRAFANA_CLOUD_DOMAIN} organization 1`,
    ...(grafana.url === undefined ? [] : [`${new URL(grafana.url).origin} organization 1`]),
  ];
}

/** Every group of environments (two or more) that share one of `keys(environment)`, with the key. */
function sharing(environments: readonly Environment[], keys: (e: Environment) => string[]): Array<{ key: string; members: Environment[] }> {
  const byKey = new Map<string, Environment[]>();
  for (const environment of environments) {
    for (const key of new Set(keys(environment))) byKey.set(key, [...(byKey.get(key) ?? []), environment]);
  }
  const seen = new Set<string>();
  const groups: Array<{ key: string; members: Environment[] }> = [];
  for (const [key, members] of byKey) {
    const id = members.map((m) => m.file).join("\n");
    if (members.length < 2 || seen.has(id)) continue;
    seen.add(id);
    groups.push({ key, members });
  }
  return groups;
}

/**
 * Problems between environment files, one per file involved, each naming the other files:
 *
 * - two environments that manage the same Grafana organization: its SCIM settings
 *   (`grafana_scim_config`) and SAML settings (`grafana_sso_settings`) are one per organization,
 *   so two stacks would overwrite each other's on every apply, and destroying one would switch
 *   SCIM off for the other;
 * - two environments that keep their state in the same place: each apply would plan to destroy
 *   what the other created.
 */
export function environmentConflicts(environments: readonly Environment[]): Array<{ file: string; field: string; problem: string }> {
  const problems: Array<{ file: string; field: string; problem: string }> = [];
  const others = (members: Environment[], self: Environment) =>
    members
      .filter((m) => m !== self)
      .map((m) => m.file)
      .join(", ");
  for (const { key, members } of sharing(environments, grafanaIdentities)) {
    for (const environment of members) {
      problems.push({
        file: environment.file,
        field: "grafana",
        problem:
          `is the same Grafana as in ${others(members, environment)} (${key}): its SCIM and SAML settings (grafana_scim_config, grafana_sso_settings) ` +
          "are one per organization, so two stacks would overwrite each other's on every apply. Keep one environment per Grafana",
      });
    }
  }
  for (const { key, members } of sharing(environments, (e) => [stateLocation(e.name, e.config.backend)])) {
    for (const environment of members) {
      problems.push({
        file: environment.file,
        field: "backend",
        problem:
          `keeps its state in the same place as ${others(members, environment)} (${key}): each apply would plan to destroy what the other created. ` +
          "Give each environment its own key or workspace",
      });
    }
  }
  return problems;
}
