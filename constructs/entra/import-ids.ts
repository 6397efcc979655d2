/** Import ids the azuread provider (3.x) expects: object ids with their `/…` prefixes. Pure. */
import { Token } from "cdktf";
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
