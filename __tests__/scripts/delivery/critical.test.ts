/** Which changes the critical-change gate flags. */
import { DEFAULT_CRITICAL_RESOURCES } from "../../../scripts/delivery/critical";
import type { PlanJson } from "../../../scripts/delivery/plan-json";
import { summarizePlan } from "../../../scripts/delivery/summary";

describe("DEFAULT_CRITICAL_RESOURCES", () => {
  it("lists exactly the resources whose loss breaks provisioning, each with a reason", () => {
    expect(Object.keys(DEFAULT_CRITICAL_RESOURCES).sort()).toEqual([
      "azuread_application",
      "azuread_application_from_template",
      "azuread_service_principal",
      "azuread_synchronization_job",
      "grafana_service_account",
      "okta_app_saml",
    ]);
    for (const reason of Object.values(DEFAULT_CRITICAL_RESOURCES)) expect(reason.length).toBeGreaterThan(20);
  });

  it("GIVEN a replaced grafana_service_account and a destroyed okta_app_saml THEN the default list flags both, and not an updated one", () => {
    const plan: PlanJson = {
      resource_changes: [
        { address: "grafana_service_account.sa", type: "grafana_service_account", mode: "managed", change: { actions: ["delete", "create"] } },
        { address: "okta_app_saml.app", type: "okta_app_saml", mode: "managed", change: { actions: ["delete"] } },
        { address: "azuread_synchronization_job.job", type: "azuread_synchronization_job", mode: "managed", change: { actions: ["update"] } },
      ],
    };
    expect(summarizePlan(plan).critical.map((c) => c.address)).toEqual(["grafana_service_account.sa", "okta_app_saml.app"]);
  });
});
