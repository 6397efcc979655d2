/**
 * Adopting a setup made by hand: `adopt` in an environment file names the ids of resources that
 * already exist, and the stack emits Terraform `import` blocks for them, so the first plan imports
 * instead of creating (a recreated Entra app or Grafana service account would break provisioning).
 * Import blocks of resources already in state do nothing, so `adopt` may stay in the file.
 *
 * What cannot be imported is created fresh; see the README ("Adopting a setup made by hand").
 */
import { z } from "zod";
import { SYNCHRONIZATION_JOB_ID } from "../constructs/entra/import-ids";
import { entraGroupLabel } from "../constructs/entra/group-assignments";
import type { GrafanaScim } from "../constructs/grafana/grafana-scim";
import { roleAssignmentImportId, samlSettingsImportId, scimConfigImportId, splitOrgScopedId } from "../constructs/grafana/import-ids";
import type { GrafanaSamlSettings } from "../constructs/grafana/saml-settings";
import type { IdentityProviderConfig } from "./identity-providers";
import { nonEmpty, uuid } from "./schema-fields";

/** `adopt` in an environment file. */
export const adoptSchema = z
  .strictObject({
    grafana: z
      .strictObject({
        serviceAccountId: z
          .string()
          .regex(/^(\d+:)?\d+$/, "must be the service account's id, e.g. 42 or 1:42 (<orgId>:<id>)")
          .meta({ description: "The existing SCIM service account (Administration > Service accounts, id in the URL)." }),
        customRoleUid: nonEmpty("The existing custom role's uid, with serviceAccount.permissions custom-role.").optional(),
      })
      .optional()
      .meta({ description: "Import Grafana's service account, its role assignments, the SCIM settings and (with saml) the SAML settings." }),
    entra: z
      .strictObject({
        applicationObjectId: uuid("Object id of the app registration (App registrations > Overview)."),
        servicePrincipalObjectId: uuid("Object id of the enterprise application (Enterprise applications > Overview)."),
        synchronizationJobId: z
          .string()
          .regex(SYNCHRONIZATION_JOB_ID, "must be the provisioning job id, scim.<32 hex>.<client id> (GET servicePrincipals/{id}/synchronization/jobs)")
          .meta({ description: "The provisioning job id." }),
        groupAssignmentIds: z
          .record(z.string(), nonEmpty("The assignment id (GET servicePrincipals/{id}/appRoleAssignedTo)."))
          .default({})
          .meta({ description: "Existing group assignments to import: group object id or display name (as in identityProvider.groups) -> assignment id." }),
      })
      .optional()
      .meta({ description: "Import the Entra enterprise app, its provisioning job and group assignments." }),
    okta: z
      .strictObject({
        appId: z
          .string()
          .regex(/^0oa[A-Za-z0-9]{17}$/, "must be the Okta app id, 0oa followed by 17 letters or digits")
          .meta({ description: "The existing Grafana SAML app (its URL shows the id)." }),
      })
      .optional()
      .meta({ description: "Import the Okta SAML app and its group assignments." }),
  })
  .meta({ description: "Ids of resources that already exist (a setup made by hand): the first plan imports them instead of creating them." });

/** A validated `adopt` section. */
export type AdoptConfig = z.output<typeof adoptSchema>;

/** The parts of an environment the adoption rules look at. */
interface AdoptionContext {
  readonly adopt?: AdoptConfig;
  readonly identityProvider?: IdentityProviderConfig;
  readonly serviceAccount: { readonly permissions: string };
}

/** Problems between `adopt` and the rest of the environment (dotted field paths). */
export function adoptionProblems(environment: AdoptionContext): Array<{ field: string; problem: string }> {
  const { adopt, identityProvider } = environment;
  if (!adopt) return [];
  const problems: Array<{ field: string; problem: string }> = [];
  for (const kind of ["entra", "okta"] as const) {
    if (adopt[kind] && identityProvider?.kind !== kind) {
      problems.push({ field: `adopt.${kind}`, problem: `needs identityProvider of kind "${kind}" (got ${identityProvider ? `"${identityProvider.kind}"` : "none"})` });
    }
  }
  if (adopt.grafana?.customRoleUid !== undefined && environment.serviceAccount.permissions !== "custom-role") {
    problems.push({ field: "adopt.grafana.customRoleUid", problem: 'needs serviceAccount.permissions "custom-role"' });
  }
  if (adopt.entra && identityProvider?.kind === "entra") {
    const keys = identityProvider.groups.map(entraGroupLabel);
    for (const key of Object.keys(adopt.entra.groupAssignmentIds)) {
      if (!keys.includes(key)) {
        problems.push({ field: `adopt.entra.groupAssignmentIds.${key}`, problem: "names no group of identityProvider.groups (use its objectId or displayName as written there)" });
      }
    }
  }
  return problems;
}

/**
 * Import blocks for the Grafana side: the service account, its role assignments (and custom role
 * when its uid is given), the SCIM settings and, when managed, the SAML settings. The token cannot
 * be imported and is created fresh.
 */
export function adoptGrafana(grafana: GrafanaScim, saml: GrafanaSamlSettings | undefined, adopt: NonNullable<AdoptConfig["grafana"]>): void {
  const serviceAccount = splitOrgScopedId(adopt.serviceAccountId);
  const sa = grafana.serviceAccount;
  sa.serviceAccount.importFrom(adopt.serviceAccountId);
  if (sa.role) {
    if (adopt.customRoleUid !== undefined) {
      sa.role.importFrom(serviceAccount.orgId === undefined ? adopt.customRoleUid : `${serviceAccount.orgId}:${adopt.customRoleUid}`);
      sa.roleAssignments[0]!.importFrom(roleAssignmentImportId(adopt.customRoleUid, serviceAccount));
    }
  } else {
    // Fixed roles: their uids are read by name during the plan, so the import ids can use them.
    sa.fixedRoles.forEach((role, i) => sa.roleAssignments[i]!.importFrom(roleAssignmentImportId(role.uid, serviceAccount)));
  }
  grafana.settings.config.importFrom(scimConfigImportId(serviceAccount.orgId));
  saml?.settings.importFrom(samlSettingsImportId(serviceAccount.orgId));
}
