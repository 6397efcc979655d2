/**
 * Rules between environment files, which no single file can break alone: two environments must
 * not own the same Grafana, and must not keep their state in the same place. Pure functions of
 * validated environments; `load.ts` reports what they find on every file involved.
 */
import { grafanaOrganizationKeys, ownersSharingKeys, sharedOrganizationProblem } from "../constructs/grafana/organization";
import { stateLocation } from "./backend";
import type { Environment } from "./environment";

/**
 * The names under which an environment's Grafana organization is known: the library's rule
 * (`grafanaOrganizationKeys`), which `GrafanaScim` and `GrafanaSamlSettings` enforce within an app.
 */
export function grafanaIdentities(environment: Environment): string[] {
  return grafanaOrganizationKeys(environment.config.grafana);
}

/**
 * Problems between environment files, one per file involved, each naming the other files:
 *
 * - two environments that manage the same Grafana organization: its SCIM settings
 *   (`grafana_scim_config`) and SAML settings (`grafana_sso_settings`) are one per organization,
 *   so two stacks would overwrite each other's on every apply, and destroying one would switch
 *   SCIM off for the other;
 * - two environments that adopt the same Entra application, service principal or Okta app: both
 *   stacks would import it and overwrite each other's settings;
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
  for (const { key, members } of ownersSharingKeys(environments, grafanaIdentities)) {
    for (const environment of members) {
      problems.push({
        file: environment.file,
        field: "grafana",
        problem: sharedOrganizationProblem(
          `in ${others(members, environment)}`,
          key,
          "its SCIM and SAML settings (grafana_scim_config, grafana_sso_settings) are",
          "Keep one environment per Grafana",
        ),
      });
    }
  }
  for (const { key, members } of ownersSharingKeys(environments, adoptedResources)) {
    for (const environment of members) {
      problems.push({
        file: environment.file,
        field: "adopt",
        problem:
          `adopts the same resource as ${others(members, environment)} (${key}): ` +
          "each stack would import it and then overwrite the other's settings (tenant URL, token, assignments) on every apply. Adopt it in one environment only",
      });
    }
  }
  for (const { key, members } of ownersSharingKeys(environments, (e) => [stateLocation(e.name, e.config.backend)])) {
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

/**
 * The existing identity-provider resources an environment adopts (`adopt`), as `<what> <id>`:
 * the Entra application and service principal (object ids are unique across tenants; compared in
 * lower case), the Okta app in its org. Pure.
 */
export function adoptedResources(environment: Environment): string[] {
  const { adopt, identityProvider } = environment.config;
  const keys: string[] = [];
  if (adopt?.entra) {
    keys.push(`Entra application ${adopt.entra.applicationObjectId.toLowerCase()}`, `Entra service principal ${adopt.entra.servicePrincipalObjectId.toLowerCase()}`);
  }
  if (adopt?.okta && identityProvider?.kind === "okta") keys.push(`Okta app ${adopt.okta.appId} in ${identityProvider.orgName}.${identityProvider.baseUrl}`);
  return keys;
}
