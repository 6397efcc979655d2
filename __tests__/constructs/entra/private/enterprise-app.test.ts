import { ApplicationFromTemplate } from "@cdktf/provider-azuread/lib/application-from-template";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { EntraEnterpriseApp } from "../../../../constructs/entra/private/enterprise-app";
import { synthEntra } from "../../../support/entra";

describe("EntraEnterpriseApp", () => {
  it("GIVEN a name THEN a protected non-gallery app from the Custom template, read back for its client id, its service principal adopted either way", () => {
    const t = synthEntra((stack) => new EntraEnterpriseApp(stack, "app", { displayName: "Grafana (prod)" }));
    expect(t.synthesized).toHaveResourceWithProperties(ApplicationFromTemplate, {
      display_name: "Grafana (prod)",
      template_id: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
      lifecycle: { prevent_destroy: true },
    });
    expect(t.dataSources("azuread_application")).toEqual({
      [Object.keys(t.dataSources("azuread_application"))[0]!]: expect.objectContaining({
        object_id: `\${${t.address("azuread_application_from_template")}.application_object_id}`,
      }),
    });
    expect(t.synthesized).toHaveResourceWithProperties(ServicePrincipal, {
      use_existing: true,
      app_role_assignment_required: true,
      feature_tags: [{ enterprise: true, custom_single_sign_on: true }],
      lifecycle: { prevent_destroy: true, ignore_changes: ["preferred_single_sign_on_mode"] },
    });
    expect(t.resource("azuread_service_principal")).not.toHaveProperty("preferred_single_sign_on_mode");
  });

  it("GIVEN a replication wait THEN the time_sleep uses it, on the stack's one default time provider", () => {
    const t = synthEntra((stack) => new EntraEnterpriseApp(stack, "app", { displayName: "G", replicationWait: "120s" }));
    expect(t.resource("time_sleep").create_duration).toBe("120s");
    expect(t.json.provider?.time).toEqual([{}]);
  });

  it("GIVEN a managed service principal THEN it is adopted with the enterprise tags kept, assignment required and SAML mode", () => {
    const t = synthEntra((stack) => new EntraEnterpriseApp(stack, "app", { displayName: "G", servicePrincipal: { preferredSingleSignOnMode: "saml" } }));
    expect(t.synthesized).toHaveResourceWithProperties(ServicePrincipal, {
      use_existing: true,
      app_role_assignment_required: true,
      preferred_single_sign_on_mode: "saml",
      feature_tags: [{ enterprise: true, custom_single_sign_on: true }],
      lifecycle: { prevent_destroy: true },
      client_id: expect.stringMatching(/^\$\{data\.azuread_application\..+\.client_id\}$/),
    });
  });

  it.each(["60", "a minute", ""])("rejects the replication wait %j, naming the prop", (wait) => {
    expect(() => synthEntra((stack) => new EntraEnterpriseApp(stack, "app", { displayName: "G", replicationWait: wait }))).toThrow(/^replicationWait: must be a duration time_sleep takes/);
  });

  it("rejects an empty name with the field", () => {
    expect(() => synthEntra((stack) => new EntraEnterpriseApp(stack, "app", { displayName: "  " }))).toThrow(/^displayName: must not be empty$/);
  });
});
