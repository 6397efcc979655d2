/** Import ids the azuread provider (3.x) expects: object ids with their `/…` prefixes. Pure. */
import { Fn, Token } from "cdktf";
import { CUSTOM_APP_TEMPLATE_ID } from "./entra-ids";

/** `azuread_application_from_template`: `/applicationTemplates/{template}/instantiate/{applicationObjectId}/{servicePrincipalObjectId}`. */
export function applicationFromTemplateImportId(applicationObjectId: string, servicePrincipalObjectId: string, templateId: string = CUSTOM_APP_TEMPLATE_ID): string {
  return `/applicationTemplates/${templateId}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`;
}

/** `azuread_synchronization_job`: `/servicePrincipals/{servicePrincipalObjectId}/synchronization/jobs/{jobId}`. */
export function synchronizationJobImportId(servicePrincipalObjectId: string, jobId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}/synchronization/jobs/${jobId}`;
}

/** `azuread_app_role_assignment`: `/servicePrincipals/{resourceServicePrincipalObjectId}/appRoleAssignedTo/{assignmentId}`. */
export function appRoleAssignmentImportId(servicePrincipalObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignedTo/${assignmentId}`;
}

/**
 * `azuread_application_identifier_uri`: `/applications/{applicationObjectId}/identifierUris/{base64(uri)}`,
 * the URI in standard base64 (azuread v3.7.0 `internal/services/applications/application_identifier_uri_resource.go`,
 * Create: `base64.StdEncoding.EncodeToString`; `parse/identifier_uri.go`). A URI that is a reference
 * is encoded by Terraform (`base64encode`, also standard base64); an import id that is an
 * expression needs Terraform 1.6 ({@link IMPORT_ID_EXPRESSION_VERSION}).
 */
export function identifierUriImportId(applicationObjectId: string, identifierUri: string): string {
  const encoded = Token.isUnresolved(identifierUri) ? Fn.base64encode(identifierUri) : Buffer.from(identifierUri, "utf8").toString("base64");
  return `/applications/${applicationObjectId}/identifierUris/${encoded}`;
}

/** `azuread_application_redirect_uris`: `/applications/{applicationObjectId}/redirectUris/{type}` (azuread v3.7.0 `parse/redirect_uris.go`). */
export function redirectUrisImportId(applicationObjectId: string, type: "Web" | "SPA" | "PublicClient" = "Web"): string {
  return `/applications/${applicationObjectId}/redirectUris/${type}`;
}

/**
 * `azuread_service_principal_token_signing_certificate`: `{servicePrincipalObjectId}/tokenSigningCertificate/{keyId}`,
 * without a leading slash, both UUIDs (azuread v3.7.0 `internal/services/serviceprincipals/parse/credentials.go`
 * `SigningCertificateID`, `parse/object.go` `ObjectSubResourceID`). `keyId` is the key id of the
 * certificate's `Verify` key credential: the one azuread's create records and its read derives the
 * thumbprint from (`service_principal_token_signing_certificate_resource.go`).
 */
export function tokenSigningCertificateImportId(servicePrincipalObjectId: string, keyId: string): string {
  return `${servicePrincipalObjectId}/tokenSigningCertificate/${keyId}`;
}

/** The Terraform version whose `import` blocks take an expression as `id` (hashicorp/terraform #33618, in 1.6.0). */
export const IMPORT_ID_EXPRESSION_VERSION = "1.6";

/** A synchronization job id as Entra shows it: `<template>.<tenant id without dashes>.<client id>`. */
export const SYNCHRONIZATION_JOB_ID = /^[A-Za-z0-9]+\.[0-9a-f]{32}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why `jobId` is not a synchronization job id, or `undefined` (also for a reference). */
export function synchronizationJobIdProblem(jobId: string): string | undefined {
  if (Token.isUnresolved(jobId)) return undefined;
  return SYNCHRONIZATION_JOB_ID.test(jobId) ? undefined : "must be the provisioning job id, scim.<32 hex>.<client id> (GET servicePrincipals/{id}/synchronization/jobs)";
}

/**
 * Why an adopted group assignment's key names no configured group, or `undefined`: keys are the
 * groups as written in `groupsField` (object id or display name, see `entraGroupLabel`).
 */
export function unknownAssignmentGroupProblem(key: string, labels: readonly string[], groupsField: string): string | undefined {
  return labels.includes(key) ? undefined : `names no group of ${groupsField} (use its objectId or displayName as written there)`;
}
