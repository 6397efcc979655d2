/**
 * The wiring of an `identityProvider` of kind `entra`: the azuread and msgraph providers (tenant
 * from the file, credentials from `ARM_*`), the library's {@link EntraScim} with the section's
 * values, adoption of what exists, and the stack's Entra outputs.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TerraformOutput } from "cdktf";
import { MsgraphProvider } from "../../.gen/providers/msgraph/provider";
import { EntraScim } from "../../constructs/entra/entra-scim";
import { mapConfigurationErrors, prefixFieldMapper } from "../../constructs/errors";
import { entraSamlClaimNames, type EntraEnvironmentConfig } from "../../environment-format";
import { ENTRA_OUTPUTS } from "../outputs";
import type { IdentityProviderContext } from "./types";

/** Adds the Entra side to the stack: providers (tenant from the file, credentials from ARM_*), {@link EntraScim}, outputs. */
export function addEntra(context: IdentityProviderContext, config: EntraEnvironmentConfig): EntraScim {
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
      ...(config.singleSignOn.groupClaims === undefined ? {} : { groupClaims: config.singleSignOn.groupClaims }),
      // The app's identifier must be the entity id Grafana's SAML settings use.
      ...(context.environment.config.saml?.entityId === undefined ? {} : { entityId: context.environment.config.saml.entityId }),
      // The claims policy (userUID) sends the login, email and name under the names Grafana reads.
      claimNames: entraSamlClaimNames(context.environment.config.saml),
    },
    // preventDestroy stays on (the construct's default); a deliberate destroy goes through the
    // guarded path, SCIM_ALLOW_DESTROY=<environment> (stacks/destroy.ts).
    azureadProvider: azuread,
    msgraphProvider: msgraph,
  });

  const adopt = context.environment.config.adopt?.entra;
  // The app (and with it the service principal) and the job keep their ids; the secret, the Graph
  // calls and the SSO pieces are (re)applied. Assignments are imported where ids are given.
  if (adopt) mapConfigurationErrors(prefixFieldMapper({ adopt: "adopt.entra" }), () => entra.adopt(adopt));

  new TerraformOutput(stack, ENTRA_OUTPUTS.applicationObjectId, { value: entra.applicationObjectId, description: "Object id of the enterprise app's application." });
  new TerraformOutput(stack, ENTRA_OUTPUTS.clientId, { value: entra.clientId, description: "Application (client) id." });
  new TerraformOutput(stack, ENTRA_OUTPUTS.servicePrincipalObjectId, {
    value: entra.servicePrincipalObjectId,
    description: "Object id of the enterprise app (service principal).",
  });
  new TerraformOutput(stack, ENTRA_OUTPUTS.synchronizationJobId, {
    value: entra.synchronizationJobId,
    description: "The provisioning (synchronization) job id.",
  });
  new TerraformOutput(stack, ENTRA_OUTPUTS.provisioningPortalUrl, {
    value: entra.provisioningPortalUrl,
    description: "The app's provisioning blade in the Entra admin center.",
  });
  return entra;
}
