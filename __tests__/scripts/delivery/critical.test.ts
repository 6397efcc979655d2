/**
 * Which changes the critical-change gate flags, on a real plan (fixture `critical`) whose
 * terraform_data stand-ins are retyped to the resources they stand for (see standIn).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ChangeReviewPurpose } from "../../../constructs/change-review";
import {
  type ChangeReviewMarkers,
  changeReviewMarkers,
  criticalReason,
  DEFAULT_CRITICAL_POLICY,
  DEFAULT_CRITICAL_RESOURCES,
  FORGET_REASON,
  GENERIC_REASON,
  groupClaimsCreateVerdict,
  groupClaimsVerdict,
  identityMappingChanges,
  tokenDeliveredAutomatically,
} from "../../../scripts/delivery/critical";
import { changeKind, type PlanJson } from "../../../scripts/delivery/plan-json";
import { summarizePlan } from "../../../scripts/delivery/summary";
import { synthEnvironments } from "../../../main";
import { environment, ENVIRONMENTS_DIR, synthEnvironment } from "../../support/environments";
import { planJson, SCENARIOS, scenarioMarkers, standIn } from "../../support/plans";

/** Which real resource each stand-in of the `critical` fixture plays. */
const STAND_INS = {
  scim_config: "grafana_scim_config",
  sso: "grafana_sso_settings",
  sso_label: "grafana_sso_settings",
  okta_assignments: "okta_app_group_assignments",
  okta_assignments_grow: "okta_app_group_assignments",
  role_assignment: "azuread_app_role_assignment",
  okta_group: "okta_group",
  signing_certificate: "azuread_service_principal_token_signing_certificate",
  pasted_token: "grafana_service_account_token",
  rotated_token: "grafana_service_account_token",
  synchronization_secret: "azuread_synchronization_secret",
  rotation: "time_rotating",
  job: "azuread_synchronization_job",
  unlisted: "grafana_role_assignment_item",
} as const;

describe("the default policy on a real plan with every kind of change", () => {
  const plan = standIn(planJson("critical"), STAND_INS);
  const summary = summarizePlan(plan);
  const verdicts = Object.fromEntries(summary.changes.map((c) => [c.address, [c.kind, c.critical ?? "ok"]]));

  it("GIVEN the stand-ins THEN each change keeps Terraform's action and gets its verdict", () => {
    expect(verdicts).toEqual({
      "grafana_scim_config.scim_config": ["update", "turns enable_user_sync off, reject_non_provisioned_users on: users SCIM did not provision can no longer sign in"],
      "grafana_sso_settings.sso": ["update", "changes SAML assertion_attribute_external_uid: logins can fail, or match existing users differently"],
      "grafana_sso_settings.sso_label": ["update", "ok"],
      "okta_app_group_assignments.okta_assignments": ["update", "unassigns 00g2: Okta deprovisions every user assigned only through it"],
      "okta_app_group_assignments.okta_assignments_grow": ["update", "ok"],
      "azuread_app_role_assignment.role_assignment": ["delete", DEFAULT_CRITICAL_RESOURCES.azuread_app_role_assignment],
      "okta_group.okta_group": ["replace", DEFAULT_CRITICAL_RESOURCES.okta_group],
      "azuread_service_principal_token_signing_certificate.signing_certificate": ["replace", DEFAULT_CRITICAL_RESOURCES.azuread_service_principal_token_signing_certificate],
      "grafana_service_account_token.pasted_token": ["replace", expect.stringContaining("someone pasted into the identity provider by hand")],
      "grafana_service_account_token.rotated_token": ["replace", "ok"],
      "azuread_synchronization_secret.synchronization_secret": ["update", "ok"],
      "time_rotating.rotation": ["replace", "ok"],
      "azuread_synchronization_job.job": ["update", "disables the provisioning job: nothing reaches Grafana until it is enabled again"],
      "grafana_role_assignment_item.unlisted": ["replace", GENERIC_REASON],
    });
  });

  it("GIVEN the token consumed by the synchronization secret THEN its delivery is automatic; the one nothing consumes is pasted by hand", () => {
    expect(tokenDeliveredAutomatically("grafana_service_account_token.rotated_token", plan)).toBe(true);
    expect(tokenDeliveredAutomatically("grafana_service_account_token.pasted_token", plan)).toBe(false);
  });

  it("GIVEN the stand-ins unretyped and no markers THEN every replace of terraform_data is critical: the type alone allows nothing", () => {
    const critical = summarizePlan(planJson("critical")).critical;
    expect(critical.map((c) => c.address).sort()).toEqual(
      ["okta_group", "pasted_token", "rotated_token", "rotation", "signing_certificate", "unlisted"].map((n) => `terraform_data.${n}`),
    );
    for (const c of critical) expect(c.critical).toContain(GENERIC_REASON);
    // A destroy of terraform_data holds data only, whatever it stood for.
    expect(criticalReason({ address: "terraform_data.x", type: "terraform_data", change: { actions: ["delete"] } }, "delete", {}, DEFAULT_CRITICAL_POLICY)).toBeUndefined();
  });
});

/** The stand-ins of the `purposes` fixture: Graph calls, and a Grafana role assignment that is forgotten. */
const PURPOSE_STAND_INS = {
  put_identity: "msgraph_resource_action",
  put_extra: "msgraph_resource_action",
  put_mode: "msgraph_resource_action",
  put_priority: "msgraph_resource_action",
  forced_put: "msgraph_resource_action",
  parse: "msgraph_resource_action",
  unmarked_action: "msgraph_resource_action",
  gone_action: "msgraph_resource_action",
  orphan: "grafana_role_assignment_item",
} as const;

describe("purposes: generic types judged by what their construct marked them for, on a real plan", () => {
  const plan = standIn(planJson("purposes"), PURPOSE_STAND_INS);
  const markers = scenarioMarkers("purposes", PURPOSE_STAND_INS);
  const verdicts = (m = markers) => Object.fromEntries(summarizePlan(plan, DEFAULT_CRITICAL_POLICY, m).changes.map((c) => [c.address, [c.kind, c.critical ?? "ok"]]));

  it("GIVEN the markers of the planned configuration THEN each replace, destroy and forget gets its verdict", () => {
    const harm = "Entra may no longer match existing Grafana users and groups (duplicates, lost team members) or may deactivate users";
    expect(verdicts()).toEqual({
      // The Entra mappings: the record is never critical, the PUT it triggers is when matching or identity mappings change.
      "terraform_data.intent_identity": ["replace", "ok"],
      "msgraph_resource_action.put_identity": ["replace", `PUTs the Entra provisioning job's schema with changed user externalId (changed): ${harm}`],
      "terraform_data.intent_extra": ["replace", "ok"],
      "msgraph_resource_action.put_extra": ["replace", "ok"],
      "terraform_data.intent_mode": ["replace", "ok"],
      "msgraph_resource_action.put_mode": ["replace", `PUTs the Entra provisioning job's schema with changed mode keep-defaults → strict: ${harm}`],
      "terraform_data.intent_priority": ["replace", "ok"],
      "msgraph_resource_action.put_priority": ["replace", `PUTs the Entra provisioning job's schema with changed user emails[type eq "work"].value (changed): ${harm}`],
      "msgraph_resource_action.forced_put": ["replace", expect.stringContaining("PUTs the Entra provisioning job's schema again although the configured mappings did not change")],
      // A Graph call marked as harmless to repeat, one nobody marked, and a marker on the wrong type.
      "msgraph_resource_action.parse": ["replace", "ok"],
      "msgraph_resource_action.unmarked_action": ["replace", expect.stringContaining(GENERIC_REASON)],
      "terraform_data.mislabelled": ["replace", expect.stringContaining(GENERIC_REASON)],
      // Left the configuration: a Graph call's delete calls nothing; a forgotten role assignment stays live.
      "msgraph_resource_action.gone_action": ["delete", "ok"],
      "grafana_role_assignment_item.orphan": ["forget", FORGET_REASON],
      "terraform_data.orphan_data": ["forget", "ok"],
    });
  });

  it("GIVEN no markers (no --config) THEN every replace of a generic type is critical, the destroy of a Graph call is not", () => {
    const v = verdicts(new Map());
    for (const [address, [kind, verdict]] of Object.entries(v)) {
      if (kind === "replace") expect({ address, verdict }).toEqual({ address, verdict: expect.stringContaining(GENERIC_REASON) });
    }
    expect(v["msgraph_resource_action.gone_action"]).toEqual(["delete", "ok"]);
  });

  it("GIVEN a schema PUT whose update re-executes the call THEN it is critical; other marked updates are not", () => {
    const rc = (address: string) => ({ address, type: "msgraph_resource_action", change: { actions: ["update"] } });
    expect(criticalReason(rc("msgraph_resource_action.put_identity"), "update", plan, DEFAULT_CRITICAL_POLICY, markers)).toContain("re-runs the Entra schema PUT");
    expect(criticalReason(rc("msgraph_resource_action.parse"), "update", plan, DEFAULT_CRITICAL_POLICY, markers)).toBeUndefined();
  });
});

describe("identityMappingChanges", () => {
  const mapping = (target: string, source: string, matchingPriority = 0) => ({ targetAttributeName: target, matchingPriority, source: { expression: `[${source}]` } });
  const record = (user: unknown[], group: unknown[] = [], mode = "keep-defaults") => ({ mappings: { user, group }, mode });
  const base = [mapping("userName", "userPrincipalName", 1), mapping("displayName", "displayName"), mapping("externalId", "objectId"), mapping("active", "IsSoftDeleted")];

  it.each<[string, unknown, string[] | undefined]>([
    ["nothing", record(base), []],
    ["a display name source", record([base[0], mapping("displayName", "givenName"), base[2], base[3]]), []],
    ["an added attribute", record([...base, mapping("department", "department")]), []],
    ["externalId's source", record([base[0], base[1], mapping("externalId", "mailNickname"), base[3]]), ["user externalId (changed)"]],
    ["the active mapping removed", record(base.slice(0, 3)), ["user active (removed)"]],
    ["a new matching attribute", record([...base, mapping("emails", "mail", 2)]), ["user emails (added)"]],
    ["a spelling of userName only (SCIM names are case-insensitive)", record([{ ...base[0], targetAttributeName: "username" }, ...base.slice(1)]), ["user username (changed)"]],
    ["a group's members", record(base, [mapping("members", "memberOf")]), ["group members (added)"]],
    ["the mode", record(base, [], "strict"), ["mode keep-defaults → strict"]],
    ["an unreadable record", { mappings: {} }, undefined],
  ])("GIVEN %s changed THEN only identity and matching changes are reported", (_name, after, expected) => {
    expect(identityMappingChanges(record(base), after)).toEqual(expected);
  });
});

describe("the markers the constructs write, in the app's cdk.tf.json", () => {
  let dir: string;
  /** Synthesizes example-entra with `mappings` (as `cdktf synth` does: the `//` objects stay) and returns its cdk.tf.json. */
  const synthEntra = (mappings: Record<string, unknown>) => {
    const environments = path.join(dir, `env-${Math.random().toString(36).slice(2)}`);
    fs.mkdirSync(environments);
    const document = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-entra.json"), "utf8"));
    delete document.$schema;
    fs.writeFileSync(path.join(environments, "example-entra.json"), JSON.stringify({ ...document, identityProvider: { ...document.identityProvider, mappings } }));
    const outdir = path.join(environments, "out");
    synthEnvironments({ environmentsDir: environments, outdir });
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "example-entra", "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "change-review-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN the Entra example THEN every generic resource carries a purpose the policy knows for its type, and the PUT names its mapping record", () => {
    const config = synthEntra({ mode: "keep-defaults" });
    const markers = changeReviewMarkers(config);
    const generic = Object.entries(config.resource)
      .filter(([type]) => ["terraform_data", "msgraph_resource_action", "time_sleep"].includes(type))
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(generic.length).toBeGreaterThanOrEqual(7);
    for (const address of generic) {
      const purpose = markers.get(address)?.purpose as ChangeReviewPurpose;
      expect({ address, type: DEFAULT_CRITICAL_POLICY.purposes?.[purpose]?.type }).toEqual({ address, type: address.split(".")[0] });
    }
    const [put] = [...markers].filter(([, m]) => m.purpose === "entra-schema-put");
    const intent = put![1].mappingIntent!;
    expect(markers.get(intent)?.purpose).toBe("entra-mapping-intent");
    expect(put![0]).toMatch(/^msgraph_resource_action\.entra_provisioning_put-schema_/);
    // The PUT is replaced exactly when that record is.
    expect(config.resource.msgraph_resource_action![put![0].split(".")[1]!]!.lifecycle).toEqual(expect.objectContaining({ replace_triggered_by: [intent] }));
    // The group claims PATCH names the application whose claims it sets (its create is judged by whether that app is new).
    const [claims, ...others] = [...markers].filter(([, m]) => m.purpose === "entra-group-claims");
    expect(others).toEqual([]);
    const [appType, appName] = claims![1].application!.split(".");
    expect(appType).toBe("azuread_application_from_template");
    expect(Object.keys(config.resource.azuread_application_from_template!)).toEqual([appName]);
  });

  it("GIVEN an environment file's mapping overrides THEN the records synthesized before and after tell identity changes from others", () => {
    // The record as the plan shows it: its `mappings` refers to a literal local, substituted here.
    const intentOf = (config: ReturnType<typeof synthEntra>) => {
      const record = Object.values(config.resource.terraform_data!)[0]!.triggers_replace as { mappings: string; mode: string };
      const local = /^\$\{local\.([\w-]+)\}$/.exec(record.mappings)![1]!;
      return { ...record, mappings: (config as unknown as { locals: Record<string, unknown> }).locals[local] };
    };
    const before = intentOf(synthEntra({ mode: "keep-defaults" }));
    const externalId = intentOf(synthEntra({ mode: "keep-defaults", user: [{ target: "externalId", source: { attribute: "mailNickname" } }] }));
    const department = intentOf(synthEntra({ mode: "keep-defaults", user: [{ target: "department", source: { attribute: "department" } }] }));
    expect(identityMappingChanges(before, externalId)).toEqual(["user externalId (changed)"]);
    expect(identityMappingChanges(before, department)).toEqual([]);
  });
});

describe("the default policy as data", () => {
  it("GIVEN the types the package creates THEN the allowlist is short and every critical type has a reason", () => {
    const allowed = Object.entries(DEFAULT_CRITICAL_POLICY.replaceOrDestroy)
      .filter(([, rule]) => typeof rule !== "function" && "allowed" in rule)
      .map(([type]) => type);
    expect(allowed.sort()).toEqual(["time_rotating"]);
    expect(Object.keys(DEFAULT_CRITICAL_POLICY.purposes ?? {}).sort()).toEqual([
      "entra-activate-signing-certificate",
      "entra-group-claims",
      "entra-mapping-intent",
      "entra-parse-expression",
      "entra-replication-wait",
      "entra-schema-put",
      "entra-start-job",
      "entra-validate-credentials",
    ]);
    expect(Object.keys(DEFAULT_CRITICAL_RESOURCES).sort()).toEqual([
      "azuread_app_role_assignment",
      "azuread_application",
      "azuread_application_from_template",
      "azuread_service_principal",
      "azuread_service_principal_token_signing_certificate",
      "azuread_synchronization_job",
      "azuread_synchronization_secret",
      "grafana_scim_config",
      "grafana_service_account",
      "grafana_sso_settings",
      "okta_app_group_assignments",
      "okta_app_saml",
      "okta_group",
    ]);
    for (const reason of Object.values(DEFAULT_CRITICAL_RESOURCES)) expect(reason.length).toBeGreaterThan(40);
    expect(DEFAULT_CRITICAL_POLICY.otherwise).toBe(GENERIC_REASON);
  });

  it("GIVEN any fixture plan THEN only replaces and forgets of terraform_data are flagged (no marker), never a create, update or destroy", () => {
    for (const name of SCENARIOS) {
      for (const c of summarizePlan(planJson(name)).critical) expect({ name, address: c.address, kind: c.kind }).toEqual({ name, address: c.address, kind: "replace" });
    }
  });

  it("GIVEN a create, a read or a no-op without a purpose THEN nothing is critical, whatever the type; a forget is, unless the type stands for nothing outside Terraform", () => {
    const rc = (actions: string[], type = "grafana_service_account") => ({ address: `${type}.x`, type, change: { actions } });
    for (const actions of [["create"], ["read"], ["no-op"]]) {
      expect(criticalReason(rc(actions), changeKind(actions), {}, DEFAULT_CRITICAL_POLICY)).toBeUndefined();
    }
    expect(criticalReason(rc(["forget"]), "forget", {}, DEFAULT_CRITICAL_POLICY)).toBe(FORGET_REASON);
    for (const type of ["terraform_data", "msgraph_resource_action", "time_sleep", "time_rotating"]) expect(criticalReason(rc(["forget"], type), "forget", {}, DEFAULT_CRITICAL_POLICY)).toBeUndefined();
    // A create of a type the policy knows, and of a generic type with a marker whose purpose judges no creates.
    const markers = new Map([["msgraph_resource_action.x", { purpose: "entra-schema-put" as ChangeReviewPurpose }]]);
    for (const type of ["azuread_application_from_template", "msgraph_resource_action"]) expect(criticalReason(rc(["create"], type), "create", {}, DEFAULT_CRITICAL_POLICY, markers)).toBeUndefined();
  });

  it("GIVEN an Okta assignment update whose new groups are unknown until apply THEN removing a known group is still flagged", () => {
    const plan: PlanJson = {
      resource_changes: [
        {
          address: "okta_app_group_assignments.a",
          type: "okta_app_group_assignments",
          mode: "managed",
          change: { actions: ["update"], before: { group: [{ id: "00g1" }, { id: "00g2" }] }, after: { group: [{ id: "00g1" }, {}] }, after_unknown: { group: [{}, { id: true }] } },
        },
      ],
    };
    expect(summarizePlan(plan).critical[0]?.critical).toBe("may unassign 00g2 (the new groups are known only after apply): Okta deprovisions users assigned only through them");
  });

  describe("GIVEN an update of Grafana's role sync (grafana_sso_settings)", () => {
    const sso = (before: Record<string, unknown>, after: Record<string, unknown>): PlanJson => ({
      resource_changes: [
        { address: "grafana_sso_settings.s", type: "grafana_sso_settings", mode: "managed", change: { actions: ["update"], before: { saml_settings: [{ enabled: true, ...before }] }, after: { saml_settings: [{ enabled: true, ...after }] } } },
      ],
    });
    const reason = (before: Record<string, unknown>, after: Record<string, unknown>) => summarizePlan(sso(before, after)).critical[0]?.critical;

    it.each([
      ["role values changed", { assertion_attribute_role: "groups", role_values_admin: "a" }, { assertion_attribute_role: "groups", role_values_admin: "b" }, "role_values_admin"],
      ["role sync turned on", {}, { assertion_attribute_role: "groups", role_values_editor: "e" }, "assertion_attribute_role, role_values_editor"],
      ["the role attribute changed", { assertion_attribute_role: "groups" }, { assertion_attribute_role: "role" }, "assertion_attribute_role"],
      ["org mapping removed", { org_mapping: "eng:2:Editor" }, { org_mapping: "" }, "org_mapping"],
      ["org role sync skipped", { skip_org_role_sync: false }, { skip_org_role_sync: true }, "skip_org_role_sync"],
    ])("WHEN %s THEN it is critical, naming the attributes: roles are set again at each user's next login", (_name, before, after, names) => {
      expect(reason(before, after)).toBe(
        `changes role sync (${names}): every user's role and organizations are set again from it at their next login, and users it no longer matches get the default role`,
      );
    });

    it("WHEN nothing of role sync changes (unset before and after in any form, or the same values) THEN not critical", () => {
      expect(reason({ role_values_admin: "a", org_mapping: null }, { role_values_admin: "a", org_mapping: "" })).toBeUndefined();
      expect(reason({ allowed_organizations: "" }, {})).toBeUndefined();
      // skip_org_role_sync: the provider sends false for an unset bool, so the state holds false and a new set element plans null.
      expect(reason({ skip_org_role_sync: false, name: "SAML" }, { skip_org_role_sync: null, name: "Okta SAML" })).toBeUndefined();
      expect(reason({ skip_org_role_sync: false }, {})).toBeUndefined();
    });

    it("WHEN skip_org_role_sync true goes to null (unset: role sync turned on) THEN critical", () => {
      expect(reason({ skip_org_role_sync: true }, { skip_org_role_sync: null })).toMatch(/^changes role sync \(skip_org_role_sync\)/);
    });

    it("WHEN a role value becomes known only after apply THEN critical: the plan cannot show it unchanged", () => {
      const known = sso({ role_values_admin: "" }, {}).resource_changes![0]!;
      const plan: PlanJson = { resource_changes: [{ ...known, change: { ...known.change, after_unknown: { saml_settings: [{ role_values_admin: true }] } } }] };
      expect(summarizePlan(plan).critical[0]?.critical).toMatch(/^changes role sync \(role_values_admin\)/);
    });

    it("WHEN a login attribute and role sync both change THEN both reasons are given", () => {
      expect(reason({ assertion_attribute_external_uid: "a", role_values_admin: "x" }, { assertion_attribute_external_uid: "b", role_values_admin: "y" })).toBe(
        "changes SAML assertion_attribute_external_uid: logins can fail, or match existing users differently; changes role sync (role_values_admin): every user's role and organizations are set again from it at their next login, and users it no longer matches get the default role",
      );
    });
  });

  it("GIVEN SAML settings set for the first time THEN that is not a change of an existing login", () => {
    const plan: PlanJson = {
      resource_changes: [
        {
          address: "grafana_sso_settings.s",
          type: "grafana_sso_settings",
          mode: "managed",
          change: { actions: ["update"], before: { saml_settings: [{ enabled: true }] }, after: { saml_settings: [{ enabled: true, assertion_attribute_external_uid: "userUID" }] } },
        },
      ],
    };
    expect(summarizePlan(plan).critical).toEqual([]);
  });
});

describe("the Entra group claims PATCH: the groups Grafana's role sync reads", () => {
  const ADDRESS = "msgraph_resource_action.group-claims";
  const markers = new Map([[ADDRESS, { purpose: "entra-group-claims" as ChangeReviewPurpose }]]);
  const patch = (value: string) => ({ resource_url: "applications/a", method: "PATCH", body: { groupMembershipClaims: value } });
  const rc = (actions: string[], before?: string, after?: string) => ({
    address: ADDRESS,
    type: "msgraph_resource_action",
    change: { actions, ...(before === undefined ? {} : { before: patch(before) }), ...(after === undefined ? {} : { after: patch(after) }) },
  });
  const reason = (actions: string[], before?: string, after?: string, withMarker = true) =>
    criticalReason(rc(actions, before, after), changeKind(actions), {}, DEFAULT_CRITICAL_POLICY, withMarker ? markers : new Map());

  it("GIVEN the option removed while groups are sent THEN its destroy is critical, judged by the body (a removed resource has no marker)", () => {
    expect(reason(["delete"], "ApplicationGroup", undefined, false)).toMatch(/^stops managing the Entra app's group claims, which stay "ApplicationGroup".*set groupClaims "None", apply, then remove it\. To keep them as they are and read them yourself \(saml\.assertionAttributeGroups naming the claim, e\.g\. to send names\), approve this digest$/);
    expect(reason(["delete"], "None", undefined, false)).toBeUndefined();
    // Any other Graph call's record may still go: its delete calls nothing.
    expect(criticalReason({ address: "msgraph_resource_action.x", type: "msgraph_resource_action", change: { actions: ["delete"], before: { body: { x: 1 } } } }, "delete", {}, DEFAULT_CRITICAL_POLICY)).toBeUndefined();
  });

  it("GIVEN a change of value THEN the update (and a replace) is critical; the same value again is not", () => {
    expect(reason(["update"], "ApplicationGroup", "SecurityGroup")).toBe(
      "changes the groups Entra sends in SAML tokens (groupMembershipClaims ApplicationGroup → SecurityGroup): Grafana's role and org mapping see other groups at each user's next login",
    );
    expect(reason(["update"], "ApplicationGroup", "None")).toMatch(/ApplicationGroup → None/);
    expect(reason(["delete", "create"], "SecurityGroup", "None")).toMatch(/SecurityGroup → None/);
    expect(reason(["delete", "create"], "SecurityGroup", "SecurityGroup")).toBeUndefined();
    expect(reason(["update"], "None", "None")).toBeUndefined();
    expect(groupClaimsVerdict(rc(["update"]))).toBeUndefined();
  });

  describe("created on an Entra application", () => {
    const APP = "azuread_application_from_template.app";
    const withApp = new Map([[ADDRESS, { purpose: "entra-group-claims" as ChangeReviewPurpose, application: APP }]]);
    /** A plan that creates the PATCH with `value`, and does `appActions` to the application. */
    const planOf = (value: string, appActions?: string[], importing?: unknown): PlanJson => ({
      resource_changes: [
        rc(["create"], undefined, value),
        ...(appActions === undefined ? [] : [{ address: APP, type: "azuread_application_from_template", change: { actions: appActions, ...(importing === undefined ? {} : { importing }) } }]),
      ],
    });
    const created = (plan: PlanJson, m: ChangeReviewMarkers = withApp) => summarizePlan(plan, DEFAULT_CRITICAL_POLICY, m).critical.map((c) => [c.address, c.kind, c.critical]);

    it("GIVEN groupClaims added for an app already deployed (not in the plan, or unchanged) THEN the create is critical: it overwrites a value the plan cannot show", () => {
      const reason =
        "sets the groups Entra sends in SAML tokens on an existing Entra application (groupMembershipClaims → SecurityGroup; the current value, perhaps set by hand, is not in the plan): " +
        "Grafana's role and org mapping may see other groups at each user's next login. Check the app's current group claims first (its app registration's Token configuration, or Graph's groupMembershipClaims)";
      expect(created(planOf("SecurityGroup"))).toEqual([[ADDRESS, "create", reason]]);
      expect(created(planOf("ApplicationGroup", ["update"]))).toEqual([[ADDRESS, "create", expect.stringContaining("groupMembershipClaims → ApplicationGroup;")]]);
    });

    it("GIVEN an app adopted in the same plan (imported, not created) THEN the create is critical too", () => {
      expect(created(planOf("ApplicationGroup", ["no-op"], { id: "/applications/x" }))).toEqual([[ADDRESS, "create", expect.stringContaining("on an existing Entra application")]]);
    });

    it("GIVEN the value None on an existing app THEN the create is critical too: it turns off groups the app may send today, which role sync set up by hand may read", () => {
      expect(created(planOf("None"))).toEqual([
        [ADDRESS, "create", expect.stringMatching(/groupMembershipClaims → None; .*if the app sends groups today and Grafana's role sync reads them \(set up by hand\), every user gets the default role/)],
      ]);
      expect(created(planOf("None", ["create"]))).toEqual([]);
    });

    it("GIVEN the application created in the same plan THEN the create is not critical: nobody signs in with it yet", () => {
      expect(created(planOf("ApplicationGroup", ["create"]))).toEqual([]);
      expect(groupClaimsCreateVerdict(rc(["create"], undefined, "SecurityGroup"), planOf("SecurityGroup", ["create"]), withApp.get(ADDRESS))).toEqual({
        allowed: "sets group claims on an Entra application created in the same apply: nobody signs in with it yet",
      });
    });

    it("GIVEN a marker that names no application, or a value the plan cannot show THEN the create is critical", () => {
      // Without the application's address a new app cannot be told from an existing one.
      expect(created(planOf("ApplicationGroup", ["create"]), markers)).toEqual([[ADDRESS, "create", expect.stringContaining("groupMembershipClaims → ApplicationGroup;")]]);
      const unknown: PlanJson = { resource_changes: [{ address: ADDRESS, type: "msgraph_resource_action", change: { actions: ["create"], after: { body: null }, after_unknown: { body: true } } }] };
      expect(created(unknown)).toEqual([[ADDRESS, "create", expect.stringContaining("groupMembershipClaims → a value the plan cannot show;")]]);
    });

    it("GIVEN no marker (no --config) THEN a create is not judged: the purpose is what tells this PATCH from another", () => {
      expect(created(planOf("SecurityGroup"), new Map())).toEqual([]);
    });
  });

  describe("forgotten (a removed block with destroy = false)", () => {
    it("GIVEN the PATCH forgotten while groups are sent THEN it is critical like its destroy, judged by the forgotten state", () => {
      expect(reason(["forget"], "SecurityGroup", undefined, false)).toBe(
        `stops managing the Entra app's group claims, which stay "SecurityGroup" (Terraform forgets the PATCH, which calls nothing): Entra keeps sending groups ` +
          `while Grafana no longer reads them by default. To turn group claims off, set groupClaims "None", apply, then remove it. ` +
          "To keep them as they are and read them yourself (saml.assertionAttributeGroups naming the claim, e.g. to send names), approve this digest",
      );
      expect(reason(["forget"], "ApplicationGroup", undefined, false)).toMatch(/which stay "ApplicationGroup"/);
    });

    it("GIVEN the PATCH forgotten with None, or another Graph call forgotten THEN the forget is harmless", () => {
      expect(reason(["forget"], "None", undefined, false)).toBeUndefined();
      const forget = (before: unknown) => criticalReason({ address: "msgraph_resource_action.x", type: "msgraph_resource_action", change: { actions: ["forget"], before } }, "forget", {}, DEFAULT_CRITICAL_POLICY);
      expect(forget({ resource_url: "servicePrincipals/s", method: "PATCH", body: { preferredTokenSigningKeyThumbprint: "AB12" } })).toBeUndefined();
      expect(forget({ body: { x: 1 } })).toBeUndefined();
      expect(forget(undefined)).toBeUndefined();
    });
  });
});

describe("an update that points the identity provider at another Grafana (stackSlug, stackId or url changed)", () => {
  const update = (type: string, before: unknown, after: unknown, afterUnknown: unknown = {}): string | undefined =>
    criticalReason({ address: `${type}.x`, type, mode: "managed", change: { actions: ["update"], before, after, after_unknown: afterUnknown } }, "update", {}, DEFAULT_CRITICAL_POLICY);
  const OLD = "https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-1";
  const NEW = "https://acme-two.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-2";
  const secret = (base: string | undefined, token: string | undefined) => ({
    credential: [
      { key: "BaseAddress", ...(base === undefined ? {} : { value: base }) },
      { key: "SecretToken", ...(token === undefined ? {} : { value: token }) },
    ],
  });

  it("GIVEN the Entra synchronization secret's BaseAddress changed THEN it is critical and names both tenant URLs; GIVEN only the token rotated THEN it is not", () => {
    expect(update("azuread_synchronization_secret", secret(OLD, "t1"), secret(NEW, "t2"))).toBe(
      `points the Entra provisioning job at another Grafana (tenant URL ${OLD} → ${NEW}): its next cycles go to a Grafana that does not know the users and groups Entra provisioned so far, ` +
        "and the users of the Grafana it leaves are no longer updated or deprovisioned. If the instance moved on purpose, approve this digest and restart provisioning (clear the job's state) in Entra",
    );
    expect(update("azuread_synchronization_secret", secret(OLD, "t1"), secret(OLD, undefined), { credential: [{}, { value: true }] })).toBeUndefined();
    // The same Cloud stack on its custom domain: the namespace names the stack.
    expect(update("azuread_synchronization_secret", secret(OLD, "t1"), secret(OLD.replace("acme.grafana.net", "grafana.acme.example"), "t1"))).toBeUndefined();
    const selfHosted = (host: string) => `https://${host}/apis/scim.grafana.app/v0alpha1/namespaces/default`;
    expect(update("azuread_synchronization_secret", secret(selfHosted("a.example.com"), "t1"), secret(selfHosted("b.example.com"), "t1"))).toContain("points the Entra provisioning job at another Grafana");
    expect(update("azuread_synchronization_secret", secret(OLD, "t1"), secret(undefined, undefined), { credential: [{ value: true }, { value: true }] })).toMatch(
      /^points the Entra provisioning job at another Grafana \(tenant URL https:\/\/acme\.grafana\.net\/\S+ → known only after apply\)/,
    );
  });

  it("GIVEN the Okta app's SAML URLs changed THEN it is critical and names them; GIVEN only its label changed THEN it is not", () => {
    const app = (host: string, label = "Grafana") => ({ label, sso_url: `https://${host}/saml/acs`, recipient: `https://${host}/saml/acs`, destination: `https://${host}/saml/acs`, audience: `https://${host}/saml/metadata` });
    expect(update("okta_app_saml", app("acme.grafana.net"), app("acme-two.grafana.net"))).toBe(
      "sends the Okta app's SAML logins to another address (sso_url https://acme.grafana.net/saml/acs → https://acme-two.grafana.net/saml/acs, " +
        "audience https://acme.grafana.net/saml/metadata → https://acme-two.grafana.net/saml/metadata): logins fail unless Grafana answers there with these settings, and if it is another Grafana, the one it leaves gets no more SAML logins from Okta " +
        "while Okta's SCIM connection (its base URL, set by hand) still provisions it. If that is the intent, approve this digest, then update the SCIM connection (npm run runbook)",
    );
    expect(update("okta_app_saml", app("acme.grafana.net"), app("acme.grafana.net", "Grafana (renamed)"))).toBeUndefined();
  });
});

describe("a create of Grafana's SAML settings (a saml section added to a deployed environment)", () => {
  const create = (importing?: { id: string }): string | undefined =>
    criticalReason(
      { address: "grafana_sso_settings.s", type: "grafana_sso_settings", mode: "managed", change: { actions: ["create"], after: { provider_name: "saml", saml_settings: [{ enabled: true }] }, ...(importing ? { importing } : {}) } },
      "create",
      {},
      DEFAULT_CRITICAL_POLICY,
    );

  it("GIVEN a create THEN it is critical: the provider's create PUTs the settings over whatever the instance has, which the plan cannot show; GIVEN an import (adopt) THEN the create is not, its update is judged instead", () => {
    expect(create()).toBe(
      "writes Grafana's SAML settings over the ones the instance has now, which the plan cannot show: if SAML was set up by hand, its role mapping, login matching and certificates are replaced in this apply, " +
        "and each user's role is set again from the new mapping at their next login. Compare with Administration › Authentication › SAML first, or adopt the settings (docs/adopting.md) so the plan shows them",
    );
    expect(create({ id: "saml" })).toBeUndefined();
  });
});

describe("a create of Grafana's SCIM settings that rejects users SCIM did not provision", () => {
  const create = (after: Record<string, unknown>, importing?: { id: string }): string | undefined =>
    criticalReason({ address: "grafana_scim_config.c", type: "grafana_scim_config", mode: "managed", change: { actions: ["create"], after, ...(importing ? { importing } : {}) } }, "create", {}, DEFAULT_CRITICAL_POLICY);
  const settings = { enable_user_sync: true, enable_group_sync: true };

  it("GIVEN reject_non_provisioned_users true THEN it is critical, as turning it on in an update is; GIVEN false, or an import THEN it is not", () => {
    expect(create({ ...settings, reject_non_provisioned_users: true })).toBe(
      "turns on reject_non_provisioned_users on a Grafana whose current SCIM settings the plan cannot show (the create PUTs them): every existing user the identity provider has not provisioned yet " +
        "(its first cycle can take a while; users outside the assigned groups never are) can no longer sign in. Let the identity provider provision everyone first (reject off), then turn it on",
    );
    expect(create({ ...settings, reject_non_provisioned_users: false })).toBeUndefined();
    expect(create({ ...settings, reject_non_provisioned_users: true }, { id: "1:scim-config" })).toBeUndefined();
  });
});

describe("two syntheses of an example, the second on another Grafana stack: the gate sees the move", () => {
  /** Each resource's body of `type` in the example `name` synthesized with `edit` applied. */
  const body = (name: string, type: string, edit: (doc: Record<string, any>) => void = () => {}): Record<string, unknown> => {
    const doc = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.json`), "utf8")) as Record<string, any>;
    edit(doc);
    return Object.values(synthEnvironment(environment(name, doc)).json.resource?.[type] ?? {})[0] as Record<string, unknown>;
  };
  const verdict = (type: string, before: unknown, after: unknown) =>
    criticalReason({ address: `${type}.x`, type, mode: "managed", change: { actions: ["update"], before, after, after_unknown: {} } }, "update", {}, DEFAULT_CRITICAL_POLICY);
  const move = (doc: Record<string, any>) => {
    doc.grafana.stackSlug = "moved";
    doc.grafana.stackId = 999999;
  };

  it("GIVEN example-entra THEN the synchronization secret's update is critical; GIVEN example-okta THEN the app's update is", () => {
    expect(verdict("azuread_synchronization_secret", body("example-entra", "azuread_synchronization_secret"), body("example-entra", "azuread_synchronization_secret", move))).toMatch(
      /^points the Entra provisioning job at another Grafana \(tenant URL https:\/\/acme-entra\.grafana\.net\/\S+stacks-234567 → https:\/\/moved\.grafana\.net\/\S+stacks-999999\)/,
    );
    expect(verdict("okta_app_saml", body("example-okta", "okta_app_saml"), body("example-okta", "okta_app_saml", move))).toMatch(/^sends the Okta app's SAML logins to another address \(sso_url https:\/\/example\.grafana\.net\/saml\/acs → https:\/\/moved/);
    expect(verdict("okta_app_saml", body("example-okta", "okta_app_saml"), body("example-okta", "okta_app_saml", (d) => (d.identityProvider.options.appLabel = "Renamed")))).toBeUndefined();
  });
});
