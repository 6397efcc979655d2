import { EntraScim, type EntraScimProps } from "../../../constructs/entra/entra-scim";
import { synthEntra, TENANT_ID } from "../../support/entra";

function synth(props: Omit<EntraScimProps, "grafana" | "tenantId" | "displayName"> = {}) {
  let entra!: EntraScim;
  const t = synthEntra((stack, grafana) => (entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "Grafana", ...props })));
  return { t, entra };
}

describe("EntraScim", () => {
  it("GIVEN defaults THEN app, its service principal, provisioning and no SSO; Grafana is told Entra's built-in claims", () => {
    const { t, entra } = synth();
    expect(t.types()).toEqual([
      "azuread_application_from_template",
      "azuread_service_principal",
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
      "time_sleep",
    ]);
    expect(entra.singleSignOn).toBeUndefined();
    // The service principal is managed without single sign-on too; its mode is then left as it is.
    expect(t.resource("azuread_service_principal").lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["preferred_single_sign_on_mode"] });
    expect(entra.grafanaSamlAttributes.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
  });

  it("GIVEN single sign-on THEN the service principal is managed in SAML mode and the SSO pieces exist", () => {
    const { t, entra } = synth({ singleSignOn: {}, groups: [{ displayName: "G" }] });
    expect(t.resource("azuread_service_principal").preferred_single_sign_on_mode).toBe("saml");
    // The default claim is Entra's built-in objectidentifier: no claims mapping policy, guests included.
    expect(t.count("azuread_claims_mapping_policy")).toBe(0);
    expect(t.count("azuread_app_role_assignment")).toBe(1);
    expect(entra.grafanaSamlAttributes.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
  });

  it("GIVEN users to provision on demand THEN the request waits for the group assignments that put them in scope", () => {
    const { t } = synth({ groups: [{ displayName: "G" }, { objectId: TENANT_ID }], provisionOnDemand: { users: [TENANT_ID] } });
    const assignments = Object.keys(t.resources("azuread_app_role_assignment")).map((id) => `azuread_app_role_assignment.${id}`);
    expect(assignments).toHaveLength(2);
    const [after, ...scope] = t.resource("azuread_synchronization_job_provision_on_demand").depends_on as string[];
    expect(after).toMatch(/^msgraph_resource_action\./);
    expect(scope.sort()).toEqual(assignments.sort());
  });

  it("GIVEN every consumer of the service principal THEN only the replication wait reads its ids from the template instantiation", () => {
    const { t } = synth({ singleSignOn: { externalUidClaim: "userUID" }, groups: [{ displayName: "G" }], provisionOnDemand: { users: [TENANT_ID] } });
    const template = t.address("azuread_application_from_template");
    const readers = [
      ...Object.entries(t.json.resource ?? {}).flatMap(([type, instances]) => Object.entries(instances).map(([id, body]) => [`${type}.${id}`, body] as const)),
      ...Object.entries(t.json.data ?? {}).flatMap(([type, instances]) => Object.entries(instances).map(([id, body]) => [`data.${type}.${id}`, body] as const)),
      ...Object.entries((t.json.locals ?? {}) as Record<string, unknown>).map(([name, body]) => [`local.${name}`, body] as const),
      ...Object.entries(t.json.check ?? {}).map(([name, body]) => [`check.${name}`, body] as const),
    ]
      .filter(([, body]) => new RegExp(`${template.replace(/[.]/g, "\\.")}\\.service_principal`).test(JSON.stringify(body)))
      .map(([address]) => address);
    expect(readers).toEqual([t.address("time_sleep")]);
    const sleep = t.resource("time_sleep");
    expect(sleep).toEqual({
      create_duration: "60s",
      triggers: { service_principal_id: `\${${template}.service_principal_id}`, service_principal_object_id: `\${${template}.service_principal_object_id}` },
    });
    // The adopted service principal waits for the replica too (azuread lists it by appId).
    expect(t.resource("azuread_service_principal").depends_on).toEqual([t.address("time_sleep")]);
    // And the job, secret, assignment and on-demand request use the ids after the wait.
    for (const type of ["azuread_synchronization_job", "azuread_synchronization_secret", "azuread_app_role_assignment", "azuread_synchronization_job_provision_on_demand"]) {
      expect([type, JSON.stringify(t.resource(type))]).toEqual([type, expect.stringContaining(`${t.address("time_sleep")}.triggers.service_principal_`)]);
    }
  });

  it("rejects a non-UUID tenant id with the field", () => {
    expect(() => synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: "contoso", displayName: "G" }))).toThrow(
      /^tenantId: must be a UUID/,
    );
  });
});
