import { EntraScim, type EntraScimProps } from "../../../constructs/entra/entra-scim";
import { synthEntra, TENANT_ID } from "../../support/entra";

function synth(props: Omit<EntraScimProps, "grafana" | "tenantId" | "displayName"> = {}) {
  let entra!: EntraScim;
  const t = synthEntra((stack, grafana) => (entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "Grafana", ...props })));
  return { t, entra };
}

describe("EntraScim", () => {
  it("GIVEN defaults THEN app, provisioning and no SSO; Grafana is told Entra's built-in claims", () => {
    const { t, entra } = synth();
    expect(t.types()).toEqual([
      "azuread_application_from_template",
      "azuread_synchronization_job",
      "azuread_synchronization_secret",
      "data.azuread_application",
      "data.msgraph_resource",
      "grafana_role",
      "grafana_role_assignment_item",
      "grafana_scim_config",
      "grafana_service_account",
      "grafana_service_account_token",
      "msgraph_resource_action",
      "terraform_data",
    ]);
    expect(entra.singleSignOn).toBeUndefined();
    expect(entra.grafanaSamlAttributes.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
  });

  it("GIVEN single sign-on THEN the service principal is managed in SAML mode and the SSO pieces exist", () => {
    const { t, entra } = synth({ singleSignOn: {}, groups: [{ displayName: "G" }] });
    expect(t.resource("azuread_service_principal").preferred_single_sign_on_mode).toBe("saml");
    expect(t.count("azuread_claims_mapping_policy")).toBe(1);
    expect(t.count("azuread_app_role_assignment")).toBe(1);
    expect(entra.grafanaSamlAttributes.assertionAttributeExternalUid).toBe("userUID");
  });

  it("GIVEN users to provision on demand THEN the request waits for the group assignments that put them in scope", () => {
    const { t } = synth({ groups: [{ displayName: "G" }, { objectId: TENANT_ID }], provisionOnDemand: { users: [TENANT_ID] } });
    const assignments = Object.keys(t.resources("azuread_app_role_assignment")).map((id) => `azuread_app_role_assignment.${id}`);
    expect(assignments).toHaveLength(2);
    const [after, ...scope] = t.resource("azuread_synchronization_job_provision_on_demand").depends_on as string[];
    expect(after).toMatch(/^msgraph_resource_action\./);
    expect(scope.sort()).toEqual(assignments.sort());
  });

  it("rejects a non-UUID tenant id with the field", () => {
    expect(() => synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: "contoso", displayName: "G" }))).toThrow(
      /^tenantId: must be a UUID/,
    );
  });
});
