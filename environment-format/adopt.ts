/**
 * Adopting a setup made by hand: `adopt` in an environment file names the ids of resources that
 * already exist, and the stack has the constructs import them (their `adopt` methods emit
 * Terraform `import` blocks), so the first plan imports instead of creating (a recreated Entra app
 * or Grafana service account would break provisioning). The ids follow the constructs' rules.
 * Import blocks of resources already in state do nothing, so `adopt` may stay in the file.
 *
 * What cannot be imported is created fresh; see docs/adopting.md.
 */
import { z } from "zod";
import { entraGroupLabel } from "../constructs/entra/groups";
import { SYNCHRONIZATION_JOB_ID, synchronizationJobIdProblem, unknownAssignmentGroupProblem } from "../constructs/entra/import-ids";
import { adoptedServiceAccountIdProblem, GRAFANA_UID, roleUidProblem, SERVICE_ACCOUNT_ID } from "../constructs/grafana/import-ids";
import { OKTA_APP_ID, oktaAppIdProblem } from "../constructs/okta/import-ids";
import { fromProblem, nonEmpty, uuid, type FieldProblem } from "./fields";
import type { IdentityProviderConfig } from "./identity-provider";

/** `adopt` in an environment file. */
export const adoptSchema = z
  .strictObject({
    grafana: z
      .strictObject({
        serviceAccountId: z
          .string()
          // `pattern` is for editors only; the refinement (the construct's rule) gives the message.
          .superRefine(fromProblem(adoptedServiceAccountIdProblem))
          .meta({ pattern: SERVICE_ACCOUNT_ID.source, description: "The existing SCIM service account (Administration > Service accounts, id in the URL)." }),
        customRoleUid: z
          .string()
          .superRefine(fromProblem(roleUidProblem))
          .meta({ pattern: GRAFANA_UID.source })
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
          .superRefine(fromProblem(synchronizationJobIdProblem))
          .meta({ pattern: SYNCHRONIZATION_JOB_ID.source, description: "The provisioning job id." }),
        groupAssignmentIds: z
          .record(z.string(), nonEmpty("The assignment id (GET servicePrincipals/{id}/appRoleAssignedTo)."))
          .default({})
          .meta({ description: "Existing group assignments to import: group object id or display name (as in identityProvider.groups) -> assignment id." }),
        singleSignOn: z
          .strictObject({
            basicSamlConfiguration: z.boolean().default(true).meta({
              description:
                "The app's Basic SAML Configuration is set up (Identifier = saml.entityId or Grafana's default, and a Reply URL): both are imported, since azuread refuses to create them when they exist. false for an app whose single sign-on was never set up.",
            }),
            signingCertificateKeyId: uuid(
              "keyId of the Verify key credential of the app's active token-signing certificate (GET servicePrincipals/{id}?$select=keyCredentials): imported, so the signing key does not change. Without it a new certificate is created and made active.",
            ).optional(),
          })
          .optional()
          .meta({ description: "With identityProvider.singleSignOn: the app's SAML single sign-on as set up by hand (default: Basic SAML Configuration imported, a new signing certificate)." }),
      })
      .optional()
      .meta({ description: "Import the Entra enterprise app, its provisioning job and group assignments." }),
    okta: z
      .strictObject({
        appId: z
          .string()
          .superRefine(fromProblem(oktaAppIdProblem))
          .meta({ pattern: OKTA_APP_ID.source, description: "The existing Grafana SAML app (its URL shows the id)." }),
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
    const labels = identityProvider.groups.map(entraGroupLabel);
    for (const key of Object.keys(adopt.entra.groupAssignmentIds)) {
      const problem = unknownAssignmentGroupProblem(key, labels, "identityProvider.groups");
      if (problem) problems.push({ path: ["adopt", "entra", "groupAssignmentIds", key], problem });
    }
    if (adopt.entra.singleSignOn && !identityProvider.singleSignOn) {
      problems.push({ path: ["adopt", "entra", "singleSignOn"], problem: "needs identityProvider.singleSignOn: without it no single sign-on is managed to import" });
    }
  }
  return problems;
}
