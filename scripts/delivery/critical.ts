/**
 * Which planned changes break SCIM provisioning (or SAML login), so the comment flags them and
 * the deploy refuses them until a person approves that exact plan (see `approval.ts`).
 *
 * The rule is "every replace, destroy or forget is critical, except a short allowlist", plus
 * in-place updates, and creates (of marked resources, and of Grafana's SAML and SCIM settings), known to break provisioning. A type not listed anywhere is critical to replace
 * or destroy, with a generic reason: a resource the package adds later is protected until someone
 * decides otherwise.
 *
 * Generic types (`terraform_data`, `msgraph_resource_action`, `time_sleep`) are judged by their
 * *purpose*, which the constructs write next to each resource in cdk.tf.json
 * (`constructs/change-review.ts`, read with {@link changeReviewMarkers}): a Graph
 * `parseExpression` may run again, the Entra schema PUT may not when it changes how users are
 * matched. Without a marker such a resource is critical like any unlisted type.
 */
import { CHANGE_REVIEW_KEY, type ChangeReviewMarker, type ChangeReviewPurpose } from "../../constructs/change-review";
import { changeKind, type ChangeKind, type PlanJson, type ResourceChangeJson } from "./plan-json";

export type { ChangeReviewMarker, ChangeReviewPurpose };

/** Each resource's {@link ChangeReviewMarker}, by address. */
export type ChangeReviewMarkers = ReadonlyMap<string, ChangeReviewMarker>;

/** The markers of a synthesized configuration (cdk.tf.json), by resource address. Pure. */
export function changeReviewMarkers(config: unknown): Map<string, ChangeReviewMarker> {
  const markers = new Map<string, ChangeReviewMarker>();
  const resources = (config as { resource?: unknown } | null)?.resource;
  if (resources === null || typeof resources !== "object") return markers;
  for (const [type, byName] of Object.entries(resources as Record<string, unknown>)) {
    if (byName === null || typeof byName !== "object") continue;
    for (const [name, body] of Object.entries(byName as Record<string, unknown>)) {
      const marker = ((body as Record<string, unknown> | null)?.["//"] as Record<string, unknown> | undefined)?.[CHANGE_REVIEW_KEY] as ChangeReviewMarker | undefined;
      if (marker && typeof marker.purpose === "string") markers.set(`${type}.${name}`, marker);
    }
  }
  return markers;
}

/** What replacing or destroying a resource means. */
export type ReplaceVerdict = { readonly critical: string } | { readonly allowed: string };

/** A {@link ReplaceVerdict}, fixed or decided from the plan (and the resource's marker, when it has one). */
export type ReplaceRule = ReplaceVerdict | ((change: ResourceChangeJson, plan: PlanJson, marker?: ChangeReviewMarker) => ReplaceVerdict);

/** Why an in-place update of a resource breaks provisioning, or `undefined`. */
export type UpdateRule = (change: ResourceChangeJson) => string | undefined;

/** Why creating a resource breaks provisioning (it changes a live object), or `undefined`. */
export type CreateRule = (change: ResourceChangeJson, plan: PlanJson, marker?: ChangeReviewMarker) => string | undefined;

/** Why forgetting a resource of a type otherwise harmless to forget leaves something harmful live, or `undefined`. */
export type ForgetRule = (change: ResourceChangeJson) => string | undefined;

/** The rules for resources marked with one purpose. */
export interface PurposeRule {
  /** The only resource type the purpose applies to; a marker on another type is ignored. */
  readonly type: string;
  /** What a replace or destroy means. */
  readonly replaceOrDestroy: ReplaceRule;
  /** In-place updates that break provisioning. @default none */
  readonly update?: UpdateRule;
  /** Creates that change a live object in a way that breaks provisioning. @default none: a create is never critical */
  readonly create?: CreateRule;
}

/** Decides which changes are critical. */
export interface CriticalPolicy {
  /** Per resource type, what a replace or destroy means. */
  readonly replaceOrDestroy: Readonly<Record<string, ReplaceRule>>;
  /**
   * Per purpose (see {@link changeReviewMarkers}), the rules for a marked resource; they take the
   * place of its type's. @default none
   */
  readonly purposes?: Readonly<Partial<Record<ChangeReviewPurpose, PurposeRule>>>;
  /**
   * The reason for a replace or destroy of a type not in `replaceOrDestroy`; `undefined` lets
   * those through.
   */
  readonly otherwise?: string;
  /**
   * The reason for a forget (a `removed` block with `destroy = false`) of any type not in
   * `forgetHarmless`: the real object stays live, unmanaged; `undefined` lets forgets through.
   */
  readonly forget?: string;
  /** Types that stand for no object outside Terraform: forgetting them leaves nothing behind. @default none */
  readonly forgetHarmless?: readonly string[];
  /**
   * Per type in `forgetHarmless`, the forgets that are critical nonetheless, judged by the
   * forgotten state (a removed resource has no marker). @default none
   */
  readonly forgetUnless?: Readonly<Record<string, ForgetRule>>;
  /** Per resource type, in-place updates that break provisioning. */
  readonly update?: Readonly<Record<string, UpdateRule>>;
  /** Per resource type, creates that change a live object in a way that breaks provisioning (a marked resource is judged by its purpose instead). @default none */
  readonly create?: Readonly<Record<string, CreateRule>>;
}

/** The reason given for a replace or destroy of a type the policy does not name. */
export const GENERIC_REASON = "not on the list of resources that may be replaced or destroyed without review";

/** The reason given for a forget (see {@link CriticalPolicy.forget}). */
export const FORGET_REASON =
  "Terraform forgets it (a removed block with destroy = false): the real object stays live, but no plan, apply or drift check looks at it again. Delete it by hand, or manage it elsewhere, on purpose";

/**
 * SCIM targets that identify a user or group in Grafana or decide whether it is active, by object
 * (lower case: SCIM attribute names are case-insensitive). A mapping with a `matchingPriority`
 * counts too: Entra finds the existing object by it (Microsoft's "Tutorial - Customize Microsoft
 * Entra attribute mappings in Application Provisioning", Matching attributes).
 */
const IDENTITY_TARGETS: Readonly<Record<string, readonly string[]>> = { user: ["username", "externalid", "active"], group: ["externalid", "members"] };

/**
 * What changes between two records of the configured Entra mappings (the `triggers_replace` of
 * the `entra-mapping-intent` resource: `{ mappings: { user: [...], group: [...] }, mode }`, each
 * mapping in Graph's `attributeMapping` form) that decides how Entra matches users and groups to
 * Grafana's or whether they stay active: a mapping to `userName`, `externalId` or `active` (users),
 * `externalId` or `members` (groups), or one with a matching priority, added, removed or changed;
 * and a change of mode (`strict` drops Microsoft's other mappings, whatever they are on the live
 * job). `undefined` when either record cannot be read (unknown until apply). Pure.
 */
export function identityMappingChanges(before: unknown, after: unknown): string[] | undefined {
  const record = (value: unknown) => {
    const v = attributes(value);
    const mappings = attributes(v.mappings);
    return { mode: v.mode, user: mappings.user, group: mappings.group };
  };
  const b = record(before);
  const a = record(after);
  const changes: string[] = [];
  for (const object of ["user", "group"] as const) {
    const [from, to] = [b[object], a[object]];
    if (!Array.isArray(from) || !Array.isArray(to)) return undefined;
    const byTarget = (list: unknown[]) => new Map(list.map((m) => [String(attributes(m).targetAttributeName ?? "").toLowerCase(), m]));
    const [old, now] = [byTarget(from), byTarget(to)];
    for (const target of new Set([...old.keys(), ...now.keys()])) {
      const [x, y] = [old.get(target), now.get(target)];
      if (JSON.stringify(x) === JSON.stringify(y)) continue;
      const matching = [x, y].some((m) => Number(attributes(m).matchingPriority ?? 0) > 0);
      if (!matching && !IDENTITY_TARGETS[object]!.includes(target)) continue;
      const name = String(attributes(y ?? x).targetAttributeName);
      changes.push(`${object} ${name} (${x === undefined ? "added" : y === undefined ? "removed" : "changed"})`);
    }
  }
  if (b.mode !== a.mode) changes.push(`mode ${String(b.mode)} → ${String(a.mode)}`);
  return changes;
}

/**
 * The verdict on replacing the Entra schema PUT (`entra-schema-put`): its replacement PUTs the
 * job's whole schema with the managed mappings. Critical when the mappings that match or identify
 * users and groups change (see {@link identityMappingChanges}, read from the replaced
 * `mappingIntent` the marker names), when that cannot be told, and when the PUT runs again without
 * a change of the mappings (a new job URL, a forced replace). Destroying it calls nothing
 * (msgraph_resource_action's delete is a no-op).
 */
export function schemaPutVerdict(change: ResourceChangeJson, plan: PlanJson, marker?: ChangeReviewMarker): ReplaceVerdict {
  if (changeKind(change.change.actions) === "delete") return { allowed: "the record of the Entra schema PUT: removing it calls nothing" };
  const intent = marker?.mappingIntent === undefined ? undefined : (plan.resource_changes ?? []).find((rc) => rc.address === marker.mappingIntent);
  if (!intent || changeKind(intent.change.actions) !== "replace") {
    return {
      critical:
        "PUTs the Entra provisioning job's schema again although the configured mappings did not change (the job or its URL changed, or the PUT was forced): the mappings it writes replace the job's current ones",
    };
  }
  const changes = identityMappingChanges(attributes(intent.change.before).triggers_replace, attributes(intent.change.after).triggers_replace);
  if (changes === undefined) return { critical: "PUTs the Entra provisioning job's schema with mappings the plan cannot show: check that matching, externalId and active mappings stay as they are" };
  if (changes.length === 0) return { allowed: "PUTs changed attribute mappings that do not decide how Entra matches or identifies users and groups" };
  return {
    critical:
      `PUTs the Entra provisioning job's schema with changed ${changes.join(", ")}: ` +
      "Entra may no longer match existing Grafana users and groups (duplicates, lost team members) or may deactivate users",
  };
}

/**
 * The verdict on a change of the Graph PATCH that sets an Entra application's
 * `groupMembershipClaims` (the groups Entra sends in SAML tokens, which Grafana's role and org
 * mapping read), or `undefined` when the change is not one of it (its body before and after has
 * no `groupMembershipClaims`). Critical when the value changes, Grafana's role sync then seeing
 * other groups (or none) at the next login, and when the PATCH is removed (destroyed or
 * forgotten) while groups are sent: msgraph_resource_action's delete calls nothing, and a forget
 * calls nothing either, so Entra keeps sending them while Grafana stops reading them by default.
 * Setting the same value again, or removing a `None`, is allowed. A create is judged by
 * {@link groupClaimsCreateVerdict}.
 */
export function groupClaimsVerdict(change: ResourceChangeJson): ReplaceVerdict | undefined {
  const claims = (value: unknown) => {
    const body = attributes(attributes(value).body);
    return typeof body.groupMembershipClaims === "string" ? body.groupMembershipClaims : undefined;
  };
  const before = claims(change.change.before);
  const after = claims(change.change.after);
  if (before === undefined && after === undefined) return undefined;
  const kind = changeKind(change.change.actions);
  if (kind === "delete" || kind === "forget") {
    const how = kind === "delete" ? "msgraph_resource_action's delete calls nothing" : "Terraform forgets the PATCH, which calls nothing";
    return before === undefined || before === "None"
      ? { allowed: `the record of group claims set to None: its ${kind === "delete" ? "delete" : "forget"} calls nothing` }
      : {
          critical:
            `stops managing the Entra app's group claims, which stay "${before}" (${how}): Entra keeps sending groups ` +
            `while Grafana no longer reads them by default. To turn group claims off, set groupClaims "None", apply, then remove it. ` +
            `To keep them as they are and read them yourself (saml.assertionAttributeGroups naming the claim, e.g. to send names), approve this digest`,
        };
  }
  if (before === after) return undefined;
  return {
    critical: `changes the groups Entra sends in SAML tokens (groupMembershipClaims ${before ?? "unset"} → ${after ?? "unset"}): Grafana's role and org mapping see other groups at each user's next login`,
  };
}

/**
 * The verdict on creating the Graph PATCH that sets an Entra application's
 * `groupMembershipClaims` (`entra-group-claims`). Its create runs the PATCH: on an application
 * that already exists (deployed before the option, or adopted), whose value may have been set by
 * hand, it changes the groups Entra sends just as an update of the value would, and the plan
 * cannot show the value it replaces. `None` too: it turns off groups the app may send today.
 * Allowed only when the application the marker names (`application`) is created in the same
 * plan: nobody signs in with a new application yet. Critical when the value cannot be read from the plan. Pure.
 */
export function groupClaimsCreateVerdict(change: ResourceChangeJson, plan: PlanJson, marker?: ChangeReviewMarker): ReplaceVerdict {
  const value = attributes(attributes(change.change.after).body).groupMembershipClaims;
  const app = marker?.application === undefined ? undefined : (plan.resource_changes ?? []).find((rc) => rc.address === marker.application);
  const importing = app?.change.importing !== undefined && app?.change.importing !== null;
  if (app && changeKind(app.change.actions) === "create" && !importing) return { allowed: "sets group claims on an Entra application created in the same apply: nobody signs in with it yet" };
  const shown = typeof value === "string" ? value : "a value the plan cannot show";
  return {
    critical:
      `sets the groups Entra sends in SAML tokens on an existing Entra application (groupMembershipClaims → ${shown}; the current value, perhaps set by hand, is not in the plan): ` +
      (value === "None"
        ? "if the app sends groups today and Grafana's role sync reads them (set up by hand), every user gets the default role at their next login. "
        : "Grafana's role and org mapping may see other groups at each user's next login. ") +
      "Check the app's current group claims first (its app registration's Token configuration, or Graph's groupMembershipClaims)",
  };
}

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

/** The reason of a critical verdict, or `undefined`. */
const criticalOf = (verdict: ReplaceVerdict | undefined): string | undefined => (verdict && "critical" in verdict ? verdict.critical : undefined);

/** Why a change of the group claims PATCH (see {@link groupClaimsVerdict}) is critical, or `undefined`. */
const groupClaimsCritical = (change: ResourceChangeJson): string | undefined => criticalOf(groupClaimsVerdict(change));

/** The `saml_settings` attributes of Grafana's role and organization sync, which the gate watches on update. */
export const ROLE_SYNC_SAML_SETTINGS = [
  "assertion_attribute_role",
  "role_values_none",
  "role_values_viewer",
  "role_values_editor",
  "role_values_admin",
  "role_values_grafana_admin",
  "skip_org_role_sync",
  "assertion_attribute_org",
  "org_mapping",
  "allowed_organizations",
] as const;

/**
 * The default policy. Sources for what each resource's deletion does:
 * - azuread_synchronization_secret: delete sets every credential to "" (hashicorp/terraform-provider-azuread
 *   v3.7.0, internal/services/synchronization/synchronization_secret_resource.go, synchronizationSecretResourceDelete).
 * - okta_app_group_assignments: an update deletes the assignments of groups no longer listed
 *   (okta/terraform-provider-okta v4.20.0, okta/resource_okta_app_group_assignments.go, resourceAppGroupAssignmentsUpdate).
 * - msgraph_resource_action: delete is a no-op, and an update executes the call again (ms-henglu/terraform-provider-msgraph
 *   v0.2.0, internal/services/msgraph_resource_action.go, Delete and Update; docs/resources/resource_action.md).
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
    // Generic types: a destroy is harmless whatever they did; a replace re-runs what they do.
    msgraph_resource_action: (change) =>
      changeKind(change.change.actions) === "delete"
        ? // A removed action has no marker: what it set is read from its body.
          (groupClaimsVerdict(change) ?? { allowed: "a Graph call's record: its delete calls nothing" })
        : { critical: `a Graph call no construct marked as safe to repeat: replacing it calls Graph again (${GENERIC_REASON})` },
    terraform_data: (change) =>
      changeKind(change.change.actions) === "delete"
        ? { allowed: "data in the state only: removing it changes nothing outside Terraform" }
        : { critical: `a trigger no construct marked as safe to replace: its replacement re-runs what it triggers (${GENERIC_REASON})` },
  },
  // terraform_data, msgraph_resource_action and time_sleep do different things in different
  // places: they are allowed by the purpose their construct marks, and critical without one.
  purposes: {
    "entra-parse-expression": { type: "msgraph_resource_action", replaceOrDestroy: { allowed: "Graph parses a mapping expression again; nothing is written" } },
    "entra-validate-credentials": { type: "msgraph_resource_action", replaceOrDestroy: { allowed: "Graph tests the saved tenant URL and token again (Test connection); nothing is written" } },
    "entra-start-job": { type: "msgraph_resource_action", replaceOrDestroy: { allowed: "starts the provisioning job if it is paused, or only reads it; destroying it calls nothing" } },
    "entra-activate-signing-certificate": {
      type: "msgraph_resource_action",
      replaceOrDestroy: { allowed: "makes the current SAML signing certificate the preferred one again (a new certificate is judged on its own)" },
    },
    "entra-group-claims": {
      type: "msgraph_resource_action",
      replaceOrDestroy: (change) => groupClaimsVerdict(change) ?? { allowed: "sets the same group claims on the application again" },
      update: groupClaimsCritical,
      create: (change, plan, marker) => criticalOf(groupClaimsCreateVerdict(change, plan, marker)),
    },
    "entra-replication-wait": { type: "time_sleep", replaceOrDestroy: { allowed: "a wait for the service principal to replicate" } },
    "entra-mapping-intent": { type: "terraform_data", replaceOrDestroy: { allowed: "the record of the configured mappings: the schema PUT its replacement triggers is judged on its own" } },
    "entra-schema-put": {
      type: "msgraph_resource_action",
      replaceOrDestroy: schemaPutVerdict,
      // ignore_changes keeps the body of the last PUT, and an update re-executes the call with it.
      update: () => "re-runs the Entra schema PUT (msgraph_resource_action re-executes its call on update) with the schema of its last run: the job's mappings return to that state",
    },
  },
  // Grafana's SAML settings are a singleton of the instance: the provider's create PUTs them over
  // the current ones (grafana v4.45.1 internal/resources/grafana/resource_sso_settings.go: its
  // CreateContext is UpdateSSOSettings, which calls UpdateProviderSettings), which a plan cannot show. An import (adopt) shows them instead.
  create: {
    // Grafana's SCIM settings too: the create PUTs them (resource_scim_config.go, Create calls createOrUpdate: PUT config/default).
    grafana_scim_config: (change) =>
      (change.change.importing === undefined || change.change.importing === null) && attributes(change.change.after).reject_non_provisioned_users === true
        ? "turns on reject_non_provisioned_users on a Grafana whose current SCIM settings the plan cannot show (the create PUTs them): every existing user the identity provider has not provisioned yet " +
          "(its first cycle can take a while; users outside the assigned groups never are) can no longer sign in. Let the identity provider provision everyone first (reject off), then turn it on"
        : undefined,
    grafana_sso_settings: (change) =>
      change.change.importing !== undefined && change.change.importing !== null
        ? undefined
        : "writes Grafana's SAML settings over the ones the instance has now, which the plan cannot show: if SAML was set up by hand, its role mapping, login matching and certificates are replaced in this apply, " +
          "and each user's role is set again from the new mapping at their next login. Compare with Administration › Authentication › SAML first, or adopt the settings (docs/adopting.md) so the plan shows them",
  },
  otherwise: GENERIC_REASON,
  forget: FORGET_REASON,
  forgetHarmless: ["terraform_data", "msgraph_resource_action", "time_sleep", "time_rotating"],
  // A forgotten action has no marker: what it set is read from the forgotten state, as for a delete.
  forgetUnless: { msgraph_resource_action: groupClaimsCritical },
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
      // Role sync (grafana v4.45.1 resource_sso_settings.go saml_settings): Grafana sets each user's
      // role and organizations from these at every login, so a change, turning it on included,
      // re-assigns roles; a user no longer matched gets the default role.
      // Unset in any form is Grafana's default: null, "" and, for skip_org_role_sync, false (the
      // provider always sends false for an unset bool, so the state holds false and a new set
      // element plans null; grafana v4.45.1 resource_sso_settings.go, an Optional bool without default).
      const normal = (name: string, value: unknown) => (value === undefined || value === null || value === "" || (name === "skip_org_role_sync" && value === false) ? null : value);
      const unknownAfter = single(attributes(change.change.after_unknown).saml_settings) ?? {};
      const roleSync = ROLE_SYNC_SAML_SETTINGS.filter(
        (name) => unknownAfter[name] === true || JSON.stringify(normal(name, before[name])) !== JSON.stringify(normal(name, after[name])),
      );
      const reasons = [
        ...(changed.length === 0 ? [] : [`changes SAML ${changed.join(", ")}: logins can fail, or match existing users differently`]),
        ...(roleSync.length === 0 ? [] : [`changes role sync (${roleSync.join(", ")}): every user's role and organizations are set again from it at their next login, and users it no longer matches get the default role`]),
      ];
      return reasons.length === 0 ? undefined : reasons.join("; ");
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
    // The tenant URL is the job's BaseAddress credential (azuread v3.7.0 synchronization_secret_resource.go:
    // `credential` is updated in place); a new one (stackSlug, stackId or url changed) re-targets provisioning.
    azuread_synchronization_secret: (change) => {
      const [before, after] = [credential(change.change.before, "BaseAddress"), credential(change.change.after, "BaseAddress")];
      if (typeof before.value !== "string" || (!credential(change.change.after_unknown, "BaseAddress", before.index).value && after.value === before.value)) return undefined;
      // A Cloud stack's namespace names it: the same stack on another host (its custom domain) is no move.
      const stack = (url: unknown) => (typeof url === "string" ? /\/namespaces\/(stacks-\d+)\/?$/.exec(url)?.[1] : undefined);
      if (stack(before.value) !== undefined && stack(before.value) === stack(after.value)) return undefined;
      return (
        `points the Entra provisioning job at another Grafana (tenant URL ${before.value} → ${typeof after.value === "string" ? after.value : "known only after apply"}): ` +
        "its next cycles go to a Grafana that does not know the users and groups Entra provisioned so far, and the users of the Grafana it leaves are no longer updated or deprovisioned. " +
        "If the instance moved on purpose, approve this digest and restart provisioning (clear the job's state) in Entra"
      );
    },
    // Where Okta posts SAML assertions (okta v4.20.0 resource_okta_app_saml.go: these update in place).
    okta_app_saml: (change) => {
      const [before, after, unknown] = [attributes(change.change.before), attributes(change.change.after), attributes(change.change.after_unknown)];
      const moved = ["sso_url", "recipient", "destination", "audience"].filter((n) => typeof before[n] === "string" && before[n] !== "" && (unknown[n] === true || after[n] !== before[n]));
      if (moved.length === 0) return undefined;
      const shown = moved.filter((n) => n === "sso_url" || n === "audience");
      const list = (shown.length > 0 ? shown : moved).map((n) => `${n} ${String(before[n])} → ${typeof after[n] === "string" ? after[n] : "known only after apply"}`);
      return (
        `sends the Okta app's SAML logins to another address (${list.join(", ")}): logins fail unless Grafana answers there with these settings, and if it is another Grafana, the one it leaves gets no more SAML logins from Okta ` +
        "while Okta's SCIM connection (its base URL, set by hand) still provisions it. If that is the intent, approve this digest, then update the SCIM connection (npm run runbook)"
      );
    },
  },
};

/** The `value` of the `credential` block whose `key` is `key` (or the one at `index`), and its index. */
function credential(value: unknown, key: string, index?: number): { value: unknown; index: number } {
  const list = attributes(value).credential;
  if (!Array.isArray(list)) return { value: undefined, index: -1 };
  const i = index ?? list.findIndex((c) => attributes(c).key === key);
  return { value: i < 0 ? undefined : attributes(list[i]).value, index: i };
}

/**
 * Resource types whose replacement or destruction breaks provisioning, with the reason: the
 * critical entries of {@link DEFAULT_CRITICAL_POLICY} that do not depend on the plan.
 */
export const DEFAULT_CRITICAL_RESOURCES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEFAULT_CRITICAL_POLICY.replaceOrDestroy).flatMap(([type, rule]) => (typeof rule !== "function" && "critical" in rule ? [[type, rule.critical]] : [])),
);

/**
 * Why `change` (whose actions are `kind`) breaks provisioning, or `undefined`. A resource with a
 * marker (`markers`, from {@link changeReviewMarkers}) whose purpose the policy knows for its type
 * is judged by that purpose's rules instead of its type's. A create is critical only by its
 * purpose's `create` rule; a forget (no marker) only by its type.
 */
export function criticalReason(change: ResourceChangeJson, kind: ChangeKind, plan: PlanJson, policy: CriticalPolicy, markers: ChangeReviewMarkers = new Map()): string | undefined {
  const marker = markers.get(change.address);
  const purposeRule = marker && policy.purposes && Object.hasOwn(policy.purposes, marker.purpose) ? policy.purposes[marker.purpose] : undefined;
  const byPurpose = purposeRule?.type === change.type ? purposeRule : undefined;
  if (kind === "replace" || kind === "delete" || kind === "forget") {
    const rule = byPurpose ? byPurpose.replaceOrDestroy : Object.hasOwn(policy.replaceOrDestroy, change.type) ? policy.replaceOrDestroy[change.type] : undefined;
    // A removed resource has no marker (it left the configuration): a forget is judged by type.
    if (kind === "forget") {
      if (!policy.forgetHarmless?.includes(change.type)) return policy.forget;
      return policy.forgetUnless && Object.hasOwn(policy.forgetUnless, change.type) ? policy.forgetUnless[change.type]!(change) : undefined;
    }
    if (rule === undefined) return policy.otherwise;
    const verdict = typeof rule === "function" ? rule(change, plan, marker) : rule;
    return "critical" in verdict ? verdict.critical : undefined;
  }
  if (kind === "update") {
    const rule = byPurpose ? byPurpose.update : policy.update && Object.hasOwn(policy.update, change.type) ? policy.update[change.type] : undefined;
    return rule?.(change);
  }
  // A created resource has its marker: its purpose judges it, or else its type.
  if (kind === "create") {
    if (byPurpose) return byPurpose.create?.(change, plan, marker);
    return policy.create && Object.hasOwn(policy.create, change.type) ? policy.create[change.type]!(change, plan, marker) : undefined;
  }
  return undefined;
}
