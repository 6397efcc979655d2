/**
 * Okta checks as pure functions of Okta's answers (Okta Management API: Applications
 * `GET /api/v1/apps/{appId}` with `status`, `features`, `settings.signOn.attributeStatements`;
 * Group Push Mappings `GET /api/v1/apps/{appId}/group-push/mappings`).
 */
import { OKTA_USER_ID_EXPRESSION } from "../../constructs/okta/saml-attributes";
import { REQUIRED_SCIM_FEATURES } from "../../constructs/okta/scim-gate-expressions";
import { fail, pass, warn, type CheckResult } from "../check";
import { deploymentCommands } from "../../environment-format";

/** The parts of an Okta app read here. */
export interface OktaApp {
  readonly id?: string;
  readonly label?: string;
  readonly status?: string;
  readonly signOnMode?: string;
  readonly features?: readonly string[] | null;
  readonly settings?: { readonly signOn?: { readonly attributeStatements?: ReadonlyArray<{ readonly name?: string; readonly type?: string; readonly values?: readonly string[] | null }> | null } | null } | null;
}

/** The app exists, is a SAML app, and is active. */
export function appActiveCheck(app: OktaApp): CheckResult {
  const id = "okta.app.active";
  const title = "Okta app active";
  const detail = `"${app.label ?? app.id}" ${app.status ?? "unknown"}, ${app.signOnMode ?? "unknown sign-on mode"}`;
  if (app.status === "ACTIVE" && app.signOnMode === "SAML_2_0") return pass(id, title, detail);
  return fail(id, title, detail, "the Okta app is not an active SAML app: users cannot sign in and Okta provisions nothing", "activate it in the admin console, or re-apply the stack (status ACTIVE)");
}

/** SCIM and the To App features the runbook asks for are on. */
export function scimFeaturesCheck(app: OktaApp, environment: string): CheckResult {
  const id = "okta.app.scim-features";
  const title = "Okta SCIM provisioning and To App";
  const features = app.features ?? [];
  const missing = REQUIRED_SCIM_FEATURES.filter((f) => !features.includes(f));
  if (missing.length === 0) return pass(id, title, REQUIRED_SCIM_FEATURES.join(", "));
  return fail(id, title, `missing ${missing.join(", ")}`, "SCIM provisioning or its To App switches are not enabled (a manual step: Okta has no API for it)", `follow the runbook: ${deploymentCommands().runbook(environment)}`);
}

/** A group push mapping as read here. */
export interface GroupPushMappingInfo {
  readonly status?: string;
  readonly errorSummary?: string;
  readonly sourceGroupId?: string;
}

/** With group sync, groups are pushed (active mappings, none in error). */
export function groupPushCheck(mappings: readonly GroupPushMappingInfo[] | undefined, environment: string): CheckResult {
  const id = "okta.app.group-push";
  const title = "Okta group push (group sync)";
  if (mappings === undefined) return warn(id, title, "the group push mappings could not be listed", "Okta's Group Push Mappings API is not available to this identity or org", `check the Push Groups tab by hand (runbook: ${deploymentCommands().runbook(environment)})`);
  const active = mappings.filter((m) => m.status === "ACTIVE");
  const failed = mappings.filter((m) => m.status === "ERROR");
  if (failed.length > 0) {
    return fail(id, title, `${failed.length} push mappings in error: ${failed.map((m) => m.errorSummary ?? m.sourceGroupId).join("; ").slice(0, 200)}`, "Okta could not push these groups to Grafana (teams)", "open the Push Groups tab, fix the error and push again");
  }
  if (active.length === 0) return fail(id, title, "no active group push mapping", "with group sync Grafana makes teams only of pushed groups", `push the assigned groups (runbook step Push Groups: ${deploymentCommands().runbook(environment)})`);
  return pass(id, title, `${active.length} groups pushed`);
}

/** The app sends the Okta user id in the attribute Grafana reads as external UID. */
export function oktaExternalUidCheck(app: OktaApp, claim: string): CheckResult {
  const id = "okta.saml.claim";
  const title = `Okta sends the user id as "${claim}"`;
  const statements = app.settings?.signOn?.attributeStatements ?? [];
  const statement = statements.find((s) => s.name === claim);
  if (statement && (statement.values ?? []).includes(OKTA_USER_ID_EXPRESSION)) return pass(id, title, `attribute statement ${claim} = ${OKTA_USER_ID_EXPRESSION}`);
  return fail(
    id,
    title,
    statement ? `${claim} = ${(statement.values ?? []).join(", ") || "(no value)"}` : `no attribute statement "${claim}" (has ${statements.map((s) => s.name).join(", ") || "none"})`,
    'logins will fail with "User sync failed": the userUID assertion is missing (Grafana troubleshooting)',
    `send ${claim} = ${OKTA_USER_ID_EXPRESSION}: re-apply the stack (it sets the statement)`,
  );
}
