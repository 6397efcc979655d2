/**
 * Which planned changes break SCIM provisioning, so the comment flags them and the deploy
 * refuses them until a person approves that exact plan.
 */
import type { ChangeKind, PlanJson, ResourceChangeJson } from "./plan-json";

/** Decides which changes are critical. */
export interface CriticalPolicy {
  /** Resource types whose replacement or destruction breaks provisioning, with the reason shown to reviewers. */
  readonly replaceOrDestroy: Readonly<Record<string, string>>;
}

/**
 * Resource types whose replacement or destruction breaks provisioning, with the reason shown
 * to reviewers.
 */
export const DEFAULT_CRITICAL_RESOURCES: Readonly<Record<string, string>> = {
  azuread_application_from_template: "the Entra enterprise app: a new one has new ids, so SSO and provisioning must be set up again",
  azuread_application: "the Entra app registration: a new one has a new client id and loses its provisioning setup",
  azuread_service_principal: "the Entra service principal: user and group assignments and the provisioning job belong to it",
  azuread_synchronization_job: "the Entra provisioning job: a new one starts from scratch (initial cycle, lost quarantine state and history)",
  grafana_service_account: "the Grafana SCIM service account: its tokens go with it and provisioning stops until the identity provider gets a new one",
  okta_app_saml: "the Okta app: a new one loses its assignments, SCIM connection and push groups",
};

/** The default policy. */
export const DEFAULT_CRITICAL_POLICY: CriticalPolicy = { replaceOrDestroy: DEFAULT_CRITICAL_RESOURCES };

/** Why `rc` (whose change is `kind`) breaks provisioning, or `undefined`. */
export function criticalReason(rc: ResourceChangeJson, kind: ChangeKind, _plan: PlanJson, policy: CriticalPolicy): string | undefined {
  if (kind !== "replace" && kind !== "delete") return undefined;
  return Object.hasOwn(policy.replaceOrDestroy, rc.type) ? policy.replaceOrDestroy[rc.type] : undefined;
}
