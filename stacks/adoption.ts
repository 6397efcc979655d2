/**
 * Adopting a Grafana setup made by hand (`adopt.grafana` in an environment file): import blocks
 * for what exists, so the first plan imports instead of creating.
 */
import type { GrafanaScim } from "../constructs/grafana/grafana-scim";
import {
  roleAssignmentImportId,
  roleImportId,
  SAML_SETTINGS_IMPORT_ID,
  scimConfigImportId,
  serviceAccountImportId,
  splitOrgScopedId,
} from "../constructs/grafana/import-ids";
import type { GrafanaSamlSettings } from "../constructs/grafana/saml-settings";
import type { AdoptConfig } from "../environment-format";

/**
 * Import blocks for the Grafana side: the service account, its own role and that role's
 * assignment when the role's uid is given, the SCIM settings and, when managed, the SAML settings.
 * Fixed roles a UI-made setup assigned are neither imported nor touched: the account's own role
 * carries their permissions. The token cannot be imported and is created fresh.
 */
export function adoptGrafana(grafana: GrafanaScim, saml: GrafanaSamlSettings | undefined, adopt: NonNullable<AdoptConfig["grafana"]>): void {
  const serviceAccount = splitOrgScopedId(adopt.serviceAccountId);
  const sa = grafana.serviceAccount;
  sa.serviceAccount.importFrom(serviceAccountImportId(serviceAccount));
  if (adopt.customRoleUid !== undefined) {
    sa.role.importFrom(roleImportId(adopt.customRoleUid, serviceAccount.orgId));
    sa.roleAssignment.importFrom(roleAssignmentImportId(adopt.customRoleUid, serviceAccount));
  }
  grafana.settings.config.importFrom(scimConfigImportId(serviceAccount.orgId));
  saml?.settings.importFrom(SAML_SETTINGS_IMPORT_ID);
}
