/**
 * Adopting a setup made by hand: `adopt` in an environment file names the ids of resources that
 * already exist, and the stack has the constructs import them (Terraform `import` blocks), so the first plan imports
 * instead of creating (a recreated Entra app or Grafana service account would break provisioning).
 * Import blocks of resources already in state do nothing, so `adopt` may stay in the file.
 *
 * What cannot be imported is created fresh; see the README ("Adopting a setup made by hand").
 */
import { z } from "zod";
import { SYNCHRONIZATION_JOB_ID } from "../constructs/entra/import-ids";
import { entraGroupLabel } from "../constructs/entra/groups";
import { nonEmpty, uuid, type FieldProblem } from "./fields";
import type { IdentityProviderConfig } from "./identity-provider";

/** Grafana's uid rule (grafana/grafana `pkg/util/shortid_generator.go`: `^[a-zA-Z0-9\-\_]*$`, at most 40). No `:`: the provider splits ids there. */
const GRAFANA_UID = /^[A-Za-z0-9_-]{1,40}$/;

/** `adopt` in an environment file. */
export const adoptSchema = z
  .strictObject({
    grafana: z
      .strictObject({
        serviceAccountId: z
          .string()
          .regex(/^(\d+:)?\d+$/, "must be the service account's id, e.g. 42 or 1:42 (<orgId>:<id>)")
          .superRefine((id, ctx) => {
            const orgId = /^(\d+):/.exec(id)?.[1];
            if (orgId !== undefined && BigInt(orgId) !== 1n) {
              ctx.addIssue({
                code: "custom",
                message: `is in organization ${BigInt(orgId)}; only organization 1 can be set up (grafana provider 4.45.1's grafana_scim_config always configures organization 1's SCIM settings on self-hosted Grafana, and a Grafana Cloud stack has organization 1 only)`,
              });
            }
          })
          .meta({ description: "The existing SCIM service account (Administration > Service accounts, id in the URL)." }),
        customRoleUid: z
          .string()
          .regex(GRAFANA_UID, "must be a Grafana role uid: letters, digits, - and _, at most 40 characters (GET /api/access-control/roles shows it)")
          .optional()
          .meta({ description: "The existing role of the service account that this package should manage (either permission model), if there is one." }),
      })
      .optional()
      .meta({ description: "Import Grafana's service account, its role and assignment (with customRoleUid), the SCIM settings and (with saml) the SAML settings." }),
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
}

/** Problems between `adopt` and the rest of the environment (dotted field paths). */
export function adoptionProblems(environment: AdoptionContext): FieldProblem[] {
  const { adopt, identityProvider } = environment;
  if (!adopt) return [];
  const problems: FieldProblem[] = [];
  for (const kind of ["entra", "okta"] as const) {
    if (adopt[kind] && identityProvider?.kind !== kind) {
      problems.push({ path: ["adopt", kind], problem: `needs identityProvider of kind "${kind}" (got ${identityProvider ? `"${identityProvider.kind}"` : "none"})` });
    }
  }
  if (adopt.entra && identityProvider?.kind === "entra") {
    const keys = identityProvider.groups.map(entraGroupLabel);
    for (const key of Object.keys(adopt.entra.groupAssignmentIds)) {
      if (!keys.includes(key)) {
        problems.push({ path: ["adopt", "entra", "groupAssignmentIds", key], problem: "names no group of identityProvider.groups (use its objectId or displayName as written there)" });
      }
    }
  }
  return problems;
}
