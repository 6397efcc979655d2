/**
 * The names of an environment stack's outputs, as `terraform output` shows them. The wiring
 * creates the outputs and passes these names to the constructs whose messages and runbook tell
 * the reader what to read; `verify` reads them back from the state.
 */

/** The Grafana side's outputs (every stack). */
export const OUTPUTS = {
  tenantUrl: "scim_tenant_url",
  grafanaUrl: "grafana_url",
  serviceAccountId: "scim_service_account_id",
  token: "scim_token",
} as const;

/** The Entra side's outputs. */
export const ENTRA_OUTPUTS = {
  applicationObjectId: "entra_application_object_id",
  clientId: "entra_client_id",
  servicePrincipalObjectId: "entra_service_principal_object_id",
  synchronizationJobId: "entra_synchronization_job_id",
  provisioningPortalUrl: "entra_provisioning_portal_url",
} as const;

/** The Okta side's outputs. */
export const OKTA_OUTPUTS = {
  appId: "okta_app_id",
  metadataUrl: "okta_app_metadata_url",
  entityId: "okta_saml_entity_id",
  scimEnabled: "okta_scim_enabled",
  missingFeatures: "okta_scim_missing_features",
  runbook: "okta_scim_runbook",
} as const;
