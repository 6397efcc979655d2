/**
 * The wiring of an `identityProvider` of kind `entra`: the azuread and msgraph providers (tenant
 * from the file, credentials from `ARM_*`), the library's {@link EntraScim} with the section's
 * values, adoption of what exists, and the stack's Entra outputs.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Fn, TerraformOutput } from "cdktf";
import { MsgraphProvider } from "../../.gen/providers/msgraph/provider";
import { EntraScim } from "../../constructs/entra/entra-scim";
import { entraGroupLabel } from "../../constructs/entra/groups";
import { appRoleAssignmentImportId, applicationFromTemplateImportId, synchronizationJobImportId } from "../../constructs/entra/import-ids";
import type { EntraEnvironmentConfig } from "../../environment-format";
import type { IdentityProviderContext, IdentityProviderWiring } from "./types";

/** Output names of the Entra side. */
export const ENTRA_OUTPUTS = {
  applicationObjectId: "entra_application_object_id",
  clientId: "entra_client_id",
  servicePrincipalObjectId: "entra_service_principal_object_id",
  synchronizationJobId: "entra_synchronization_job_id",
  provisioningPortalUrl: "entra_provisioning_portal_url",
} as const;

/** Adds the Entra side to the stack: providers (tenant from the file, credentials from ARM_*), {@link EntraScim}, outputs. */
export function addEntra(context: IdentityProviderContext, config: EntraEnvironmentConfig): IdentityProviderWiring {
  const { stack, grafana } = context;
  const azuread = new AzureadProvider(stack, "azuread", { tenantId: config.tenantId });
  const msgraph = new MsgraphProvider(stack, "msgraph", { tenantId: config.tenantId });
  const entra = new EntraScim(stack, "entra", {
    grafana,
    tenantId: config.tenantId,
    displayName: config.appDisplayName,
    groups: config.groups,
    mappings: config.mappings,
    start: config.provisioning.start,
    provisionOnDemand: config.provisioning.provisionOnDemand,
    singleSignOn: config.singleSignOn && {
      externalUidClaim: config.singleSignOn.externalUidClaim,
      // The app's identifier must be the entity id Grafana's SAML settings use.
      ...(context.environment.config.saml?.entityId === undefined ? {} : { entityId: context.environment.config.saml.entityId }),
    },
    preventDestroy: config.preventDestroy,
    azureadProvider: azuread,
    msgraphProvider: msgraph,
  });

  const adopt = context.environment.config.adopt?.entra;
  if (adopt) {
    // The app (and with it the service principal) and the job keep their ids; the secret, the
    // Graph calls and the SSO pieces are (re)applied. Assignments are imported where ids are given.
    entra.app.app.importFrom(applicationFromTemplateImportId(adopt.applicationObjectId, adopt.servicePrincipalObjectId));
    entra.provisioning.job.importFrom(synchronizationJobImportId(adopt.servicePrincipalObjectId, adopt.synchronizationJobId));
    config.groups.forEach((group, i) => {
      const assignmentId = adopt.groupAssignmentIds[entraGroupLabel(group)];
      if (assignmentId) entra.assignments.assignments[i]!.importFrom(appRoleAssignmentImportId(adopt.servicePrincipalObjectId, assignmentId));
    });
  }

  new TerraformOutput(stack, ENTRA_OUTPUTS.applicationObjectId, { value: entra.app.applicationObjectId, description: "Object id of the enterprise app's application." });
  new TerraformOutput(stack, ENTRA_OUTPUTS.clientId, { value: entra.app.clientId, description: "Application (client) id." });
  new TerraformOutput(stack, ENTRA_OUTPUTS.servicePrincipalObjectId, {
    value: entra.app.servicePrincipalObjectId,
    description: "Object id of the enterprise app (service principal).",
  });
  new TerraformOutput(stack, ENTRA_OUTPUTS.synchronizationJobId, {
    // The bare Graph job id (scim.<hex>.<guid>): the last segment of /servicePrincipals/{sp}/synchronization/jobs/{id}.
    value: Fn.element(Fn.split("/", entra.provisioning.job.id), 5),
    description: "The provisioning (synchronization) job id.",
  });
  new TerraformOutput(stack, ENTRA_OUTPUTS.provisioningPortalUrl, {
    value: entra.provisioningPortalUrl,
    description: "The app's provisioning blade in the Entra admin center.",
  });
  return { samlDefaults: entra.grafanaSamlAttributes };
}
