/**
 * Which changes the critical-change gate flags, on a real plan (fixture `critical`) whose
 * terraform_data stand-ins are retyped to the resources they stand for (see standIn).
 */
import { criticalReason, DEFAULT_CRITICAL_POLICY, DEFAULT_CRITICAL_RESOURCES, GENERIC_REASON, tokenDeliveredAutomatically } from "../../../scripts/delivery/critical";
import { changeKind, type PlanJson } from "../../../scripts/delivery/plan-json";
import { summarizePlan } from "../../../scripts/delivery/summary";
import { planJson, SCENARIOS, standIn } from "../../support/plans";

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

  it("GIVEN the stand-ins unretyped THEN terraform_data is on the allowlist and no replace is critical, but nothing else changed", () => {
    expect(summarizePlan(planJson("critical")).critical).toEqual([]);
  });
});

describe("the default policy as data", () => {
  it("GIVEN the types the package creates THEN the allowlist is short and every critical type has a reason", () => {
    const allowed = Object.entries(DEFAULT_CRITICAL_POLICY.replaceOrDestroy)
      .filter(([, rule]) => typeof rule !== "function" && "allowed" in rule)
      .map(([type]) => type);
    expect(allowed.sort()).toEqual(["msgraph_resource_action", "terraform_data", "time_rotating"]);
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

  it("GIVEN any fixture plan THEN terraform_data (allowlisted) is never flagged", () => {
    for (const name of SCENARIOS) expect(summarizePlan(planJson(name)).critical).toEqual([]);
  });

  it("GIVEN a forget, a create, a read or a no-op THEN nothing is critical, whatever the type", () => {
    const rc = (actions: string[]) => ({ address: "grafana_service_account.sa", type: "grafana_service_account", change: { actions } });
    for (const actions of [["forget"], ["create"], ["read"], ["no-op"]]) {
      expect(criticalReason(rc(actions), changeKind(actions), {}, DEFAULT_CRITICAL_POLICY)).toBeUndefined();
    }
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
