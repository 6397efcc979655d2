/**
 * Which planned changes break SCIM provisioning (or SAML login), so the comment flags them and
 * the deploy refuses them until a person approves that exact plan (see `approval.ts`).
 *
 * The rule is "every replace or destroy is critical, except a short allowlist", plus in-place
 * updates known to break provisioning. A type not listed anywhere is critical to replace or
 * destroy, with a generic reason: a resource the package adds later is protected until someone
 * decides otherwise.
 */
import type { ChangeKind, PlanJson, ResourceChangeJson } from "./plan-json";

/** What replacing or destroying a resource means. */
export type ReplaceVerdict = { readonly critical: string } | { readonly allowed: string };

/** A {@link ReplaceVerdict}, fixed per type or decided from the plan. */
export type ReplaceRule = ReplaceVerdict | ((change: ResourceChangeJson, plan: PlanJson) => ReplaceVerdict);

/** Why an in-place update of a resource breaks provisioning, or `undefined`. */
export type UpdateRule = (change: ResourceChangeJson) => string | undefined;

/** Decides which changes are critical. */
export interface CriticalPolicy {
  /** Per resource type, what a replace or destroy means. */
  readonly replaceOrDestroy: Readonly<Record<string, ReplaceRule>>;
  /**
   * The reason for a replace or destroy of a type not in `replaceOrDestroy`; `undefined` lets
   * those through.
   */
  readonly otherwise?: string;
  /** Per resource type, in-place updates that break provisioning. */
  readonly update?: Readonly<Record<string, UpdateRule>>;
}

/** The reason given for a replace or destroy of a type the policy does not name. */
export const GENERIC_REASON = "not on the list of resources that may be replaced or destroyed without review";

/**
 * Whether the plan's configuration hands the token `address` to another managed resource (the
 * Entra synchronization secret references its `key`): then the identity provider receives a new
 * token in the same apply. Otherwise someone pastes it by hand (Okta, or no identity provider),
 * and a replaced token breaks provisioning until they do.
 */
export function tokenDeliveredAutomatically(address: string, plan: PlanJson): boolean {
  const references = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(references);
    if (value === null || typeof value !== "object") return false;
    const refs = (value as { references?: unknown }).references;
    if (Array.isArray(refs) && refs.some((r) => r === address || (typeof r === "string" && r.startsWith(`${address}.`)))) return true;
    return Object.values(value).some(references);
  };
  return (plan.configuration?.root_module?.resources ?? []).some((r) => r.address !== address && r.mode !== "data" && references(r.expressions));
}

/** The only element of a single-block list (`saml_settings`), or the value itself. */
function single(value: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return item !== null && typeof item === "object" ? (item as Record<string, unknown>) : undefined;
}

const attributes = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {});

/** Switches that turned from `from` to `to` between before and after, by name. */
function flipped(change: ResourceChangeJson, switches: Readonly<Record<string, [unknown, unknown]>>, pick: (v: unknown) => Record<string, unknown> = attributes): string[] {
  const before = pick(change.change.before);
  const after = pick(change.change.after);
  return Object.entries(switches)
    .filter(([name, [from, to]]) => before[name] === from && after[name] === to)
    .map(([name]) => name);
}

/** The ids of the `group` blocks of `okta_app_group_assignments`, and how many are unknown until apply. */
function groupIds(value: unknown): { ids: string[]; unknown: number } {
  const groups = attributes(value).group;
  const list = Array.isArray(groups) ? groups : [];
  const ids = list.map((g) => attributes(g).id).filter((id): id is string => typeof id === "string");
  return { ids, unknown: list.length - ids.length };
}

/**
 * The default policy. Sources for what each resource's deletion does:
 * - azuread_synchronization_secret: delete sets every credential to "" (hashicorp/terraform-provider-azuread
 *   v3.7.0, internal/services/synchronization/synchronization_secret_resource.go, synchronizationSecretResourceDelete).
 * - okta_app_group_assignments: an update deletes the assignments of groups no longer listed
 *   (okta/terraform-provider-okta v4.20.0, okta/resource_okta_app_group_assignments.go, resourceAppGroupAssignmentsUpdate).
 * - msgraph_resource_action: delete is a no-op (ms-henglu/terraform-provider-msgraph,
 *   internal/services/msgraph_resource_action.go, Delete; docs/resources/resource_action.md).
 * - azuread_synchronization_job `enabled`: false stops the schedule (synchronization_job_resource.go, v3.7.0).
 */
export const DEFAULT_CRITICAL_POLICY: CriticalPolicy = {
  replaceOrDestroy: {
    // Identity provider apps and their plumbing.
    azuread_application_from_template: { critical: "the Entra enterprise app: a new one has new ids, so SSO and provisioning must be set up again" },
    azuread_application: { critical: "the Entra app registration: a new one has a new client id and loses its provisioning setup" },
    azuread_service_principal: { critical: "the Entra service principal: user and group assignments and the provisioning job belong to it" },
    azuread_synchronization_job: { critical: "the Entra provisioning job: a new one starts from scratch (initial cycle, lost quarantine state and history)" },
    azuread_synchronization_secret: { critical: "the provisioning job's tenant URL and token: a destroy blanks them, and provisioning fails until they are set again" },
    azuread_app_role_assignment: {
      critical: "a group's assignment to the Entra app: Entra deprovisions (disables in Grafana) every user in scope only through that group",
    },
    azuread_service_principal_token_signing_certificate: {
      critical: "the SAML signing certificate: Entra signs with a new key, and SAML logins fail until Grafana trusts the new certificate",
    },
    okta_app_saml: { critical: "the Okta app: a new one loses its assignments, SCIM connection and push groups" },
    okta_app_group_assignments: { critical: "the Okta app's group assignments: Okta deprovisions every user assigned only through them" },
    okta_group: { critical: "a group this package created in Okta: its members lose the app and are deprovisioned; a new group starts empty" },
    // Grafana.
    grafana_service_account: { critical: "the Grafana SCIM service account: its tokens go with it and provisioning stops until the identity provider gets a new one" },
    grafana_scim_config: { critical: "Grafana's SCIM settings: without them user and group sync are off and Grafana rejects the identity provider's requests" },
    grafana_sso_settings: { critical: "Grafana's SAML settings: SAML login fails until they are recreated, and recreated settings start from Grafana's defaults" },
    grafana_service_account_token: (change, plan) =>
      tokenDeliveredAutomatically(change.address, plan)
        ? { allowed: "a token rotation: the identity provider receives the new token in the same apply" }
        : {
            critical:
              "the SCIM token, which someone pasted into the identity provider by hand: provisioning fails from this apply until they paste the new one (terraform output -raw scim_token)",
          },
    // The allowlist: replacing or destroying these is how the package works.
    time_rotating: { allowed: "the rotation clock: its replacement is what starts a token rotation" },
    terraform_data: { allowed: "a trigger: replacing it re-runs the step it triggers" },
    msgraph_resource_action: { allowed: "a one-off Graph call: replacing it calls Graph again, destroying it calls nothing" },
  },
  otherwise: GENERIC_REASON,
  update: {
    grafana_scim_config: (change) => {
      const off = flipped(change, { enable_user_sync: [true, false], enable_group_sync: [true, false], reject_non_provisioned_users: [false, true] });
      return off.length === 0
        ? undefined
        : `turns ${off.map((s) => `${s} ${s.startsWith("reject") ? "on" : "off"}`).join(", ")}: ` +
            (off.some((s) => s.startsWith("reject")) ? "users SCIM did not provision can no longer sign in" : "Grafana stops accepting what the identity provider sends");
    },
    grafana_sso_settings: (change) => {
      const before = single(attributes(change.change.before).saml_settings) ?? {};
      const after = single(attributes(change.change.after).saml_settings) ?? {};
      const watched = ["enabled", "assertion_attribute_external_uid", "assertion_attribute_login", "entity_id", "idp_metadata_url", "idp_metadata_path", "idp_metadata"];
      const changed = watched.filter((name) => before[name] !== undefined && before[name] !== null && JSON.stringify(before[name]) !== JSON.stringify(after[name]));
      return changed.length === 0 ? undefined : `changes SAML ${changed.join(", ")}: logins can fail, or match existing users differently`;
    },
    okta_app_group_assignments: (change) => {
      const before = groupIds(change.change.before);
      const after = groupIds(change.change.after);
      const removed = before.ids.filter((id) => !after.ids.includes(id));
      if (removed.length === 0) return undefined;
      if (after.unknown > 0) return `may unassign ${removed.join(", ")} (the new groups are known only after apply): Okta deprovisions users assigned only through them`;
      return `unassigns ${removed.join(", ")}: Okta deprovisions every user assigned only through ${removed.length === 1 ? "it" : "them"}`;
    },
    azuread_synchronization_job: (change) =>
      flipped(change, { enabled: [true, false] }).length > 0 ? "disables the provisioning job: nothing reaches Grafana until it is enabled again" : undefined,
  },
};

/**
 * Resource types whose replacement or destruction breaks provisioning, with the reason: the
 * critical entries of {@link DEFAULT_CRITICAL_POLICY} that do not depend on the plan.
 */
export const DEFAULT_CRITICAL_RESOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEFAULT_CRITICAL_POLICY.replaceOrDestroy).flatMap(([type, rule]) => (typeof rule !== "function" && "critical" in rule ? [[type, rule.critical]] : [])),
);

/** Why `change` (whose actions are `kind`) breaks provisioning, or `undefined`. */
export function criticalReason(change: ResourceChangeJson, kind: ChangeKind, plan: PlanJson, policy: CriticalPolicy): string | undefined {
  if (kind === "replace" || kind === "delete") {
    const rule = Object.hasOwn(policy.replaceOrDestroy, change.type) ? policy.replaceOrDestroy[change.type] : undefined;
    if (rule === undefined) return policy.otherwise;
    const verdict = typeof rule === "function" ? rule(change, plan) : rule;
    return "critical" in verdict ? verdict.critical : undefined;
  }
  if (kind === "update") {
    const rule = policy.update && Object.hasOwn(policy.update, change.type) ? policy.update[change.type] : undefined;
    return rule?.(change);
  }
  return undefined;
}
