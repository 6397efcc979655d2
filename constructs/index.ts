/**
 * grafana-scim-cdktf: CDK for Terraform constructs that set up Grafana SCIM provisioning from
 * Microsoft Entra ID or Okta.
 *
 * - {@link GrafanaScim}: the Grafana side (service account with exactly the permissions SCIM needs,
 *   its token, SCIM switched on); identity-provider constructs take it as {@link IGrafanaScim}.
 * - {@link EntraScim}, {@link OktaGrafanaScim}: the identity provider's side.
 * - {@link GrafanaSamlSettings}: Grafana's SAML settings, matched to SCIM users on a stable id;
 *   spread an identity provider's `grafanaSamlSettings` into its props.
 *
 * Everything here is the package's public API; other modules of the package are internal.
 *
 * @packageDocumentation
 */

// Grafana
export {
  GrafanaScim,
  type GrafanaScimAdoption,
  type GrafanaScimProps,
  type IGrafanaScim,
  type ScimServiceAccountOptions,
  type ScimTokenOptions,
} from "./grafana/grafana-scim";
export {
  GrafanaSamlSettings,
  type GrafanaSamlSettingsProps,
  type IdentityProviderSamlSettings,
  type ISamlIdentityProvider,
  type SamlGroupsClaim,
  type SamlSignatureAlgorithm,
  type SamlSigning,
  type SamlSigningKeyPair,
} from "./grafana/saml-settings";
export type { SamlOrgMapping, SamlRoleSyncOptions, SamlRoleValues } from "./grafana/saml-role-sync";
export { grafanaUrl, scimTenantUrl, type GrafanaCloudInstance, type GrafanaInstance, type SelfHostedGrafanaInstance } from "./grafana/tenant-url";
export { grafanaProviderConfig } from "./grafana/provider-config";
export { scimPermissions, type RbacPermission, type ScimPermissionModel, type ScimSyncs } from "./grafana/scim-permissions";
export type { TokenDelivery, TokenLifetimeOptions } from "./grafana/token-options";

// Entra ID
export { EntraScim, type EntraScimAdoption, type EntraScimProps, type EntraSingleSignOnAdoption, type EntraSingleSignOnOptions } from "./entra/entra-scim";
export type { AttributeMapping, MappingFlowType, MappingSource } from "./entra/attribute-mappings";
export type { EntraGroupRef } from "./entra/groups";
export type { EntraMappingOptions, ProvisionOnDemandOptions } from "./entra/provisioning-options";
export type { EntraExternalUidClaim, EntraGroupClaims, EntraSamlClaimNames } from "./entra/saml-claims";

// Okta
export { OktaGrafanaScim, oktaRunbookInput, type OktaGrafanaScimProps, type OktaRunbookOptions, type OktaScimAdoption } from "./okta/okta-grafana-scim";
export { OKTA_BASE_URLS, oktaProviderConfig, type OktaBaseUrl, type OktaOrg } from "./okta/org";
export type { OktaGroupById, OktaGroupByName, OktaGroupRef, OktaGroupToCreate } from "./okta/groups";
export { oktaScimRunbook, type OktaAppInstance, type OktaRunbookLinks, type OktaScimRunbookInput } from "./okta/runbook";
export {
  NAME_ID_FORMATS,
  type GrafanaSamlAttributeNames,
  type GroupFilterType,
  type GroupsStatement,
  type NameIdFormat,
  type OktaSamlAppOptions,
} from "./okta/saml-attributes";

// Providers, errors, Terraform
export {
  AzureadProvider,
  GrafanaProvider,
  MsgraphProvider,
  OktaProvider,
  type AzureadProviderConfig,
  type GrafanaProviderConfig,
  type MsgraphProviderConfig,
  type OktaProviderConfig,
  type SsoSettingsSamlSettings,
} from "./providers";
export { ConfigurationError, mapConfigurationErrors, prefixedFields, prefixFieldMapper, type FieldMapper } from "./errors";
export { requiredTerraformVersion, requireTerraformVersion } from "./terraform-version";
