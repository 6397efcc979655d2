/** The conformance checker catches each kind of mismatch (so a green conformance test means something). */
import { checkConformance, committedSchemas, typeProblems } from "./provider-schema";
import type { TerraformJson } from "./template";

const sa = (body: Record<string, unknown>): TerraformJson => ({ resource: { grafana_service_account: { sa: body } } });
/** The required_providers block cdktf writes for the providers whose schemas are committed. */
const pinned = {
  required_providers: {
    grafana: { source: "grafana/grafana", version: "4.45.1" },
    msgraph: { source: "microsoft/msgraph", version: "0.5.0" },
    azuread: { source: "hashicorp/azuread", version: "3.7.0" },
    okta: { source: "okta/okta", version: "4.20.0" },
    time: { source: "hashicorp/time", version: "0.13.1" },
  },
};

describe("checkConformance", () => {
  it("passes a correct resource", () => {
    expect(checkConformance({ ...sa({ name: "x", role: "None", provider: "grafana", depends_on: [] }), terraform: pinned }).problems).toEqual([]);
  });

  it.each<[string, TerraformJson, string]>([
    ["an unknown attribute", sa({ name: "x", role: "None", rol: "Admin" }), "grafana_service_account.sa.rol: no such attribute or block in the schema"],
    ["a missing required attribute", sa({ name: "x" }), "grafana_service_account.sa.role: required but not set"],
    ["a wrong value type", sa({ name: "x", role: "None", is_disabled: "no" }), "grafana_service_account.sa.is_disabled: expected bool, got string"],
    ["a read-only attribute", sa({ name: "x", role: "None", id: "1" }), "grafana_service_account.sa.id: is read-only (computed)"],
    ["a resource type the provider lacks", { resource: { grafana_service_acount: { sa: {} } } }, "grafana_service_acount: not in the grafana schema"],
    ["a wrong nested block attribute", { resource: { grafana_role: { r: { name: "r", permissions: [{ action: "a", scopes: "s" }] } } } }, "grafana_role.r.permissions[0].scopes: no such attribute or block in the schema"],
    ["too many single-item blocks", { resource: { grafana_sso_settings: { s: { provider_name: "saml", saml_settings: [{}, {}] } } } }, "grafana_sso_settings.s.saml_settings: at most 1 block(s), got 2"],
    ["a bad provider attribute", { provider: { grafana: [{ stack_id: "123" }] } }, "provider.grafana[0].stack_id: expected number, got string"],
    ["an unknown attribute of a data source scoped to a check", { check: { c: { data: { msgraph_resource: { d: { url: "x", bogus: 1 } } }, assert: [] } } }, "data.msgraph_resource.check.c.d.bogus: no such attribute or block in the schema"],
    ["a bad nested attribute (msgraph retry)", { resource: { msgraph_resource_action: { a: { resource_url: "x", method: "PUT", retry: { error_message_regex: "x" } } } } }, "msgraph_resource_action.a.retry.error_message_regex: expected list, got string"],
    ["a dynamic block the schema lacks", { resource: { grafana_role: { r: { name: "r", dynamic: { permission: { for_each: "${x}", content: { action: "a" } } } } } } }, "grafana_role.r.dynamic.permission: no such block in the schema"],
    ["a wrong attribute in a dynamic block's content", { resource: { grafana_role: { r: { name: "r", dynamic: { permissions: { for_each: "${x}", content: { actions: "a" } } } } } } }, "grafana_role.r.dynamic.permissions.content.actions: no such attribute or block in the schema"],
    ["an unknown azuread attribute", { resource: { azuread_synchronization_job: { j: { service_principal_id: "x", template_id: "scim", enable: true } } } }, "azuread_synchronization_job.j.enable: no such attribute or block in the schema"],
    ["a read-only azuread attribute", { resource: { azuread_synchronization_job: { j: { service_principal_id: "x", template_id: "scim", schedule: [] } } } }, "azuread_synchronization_job.j.schedule: is read-only (computed)"],
    ["a missing required azuread block", { resource: { azuread_synchronization_job_provision_on_demand: { p: { service_principal_id: "x", synchronization_job_id: "y" } } } }, "azuread_synchronization_job_provision_on_demand.p.parameter: required block missing"],
    ["an empty required azuread block list", { resource: { azuread_synchronization_job_provision_on_demand: { p: { service_principal_id: "x", synchronization_job_id: "y", parameter: [] } } } }, "azuread_synchronization_job_provision_on_demand.p.parameter: at least 1 block(s), got 0"],
    ["a missing required attribute in an azuread block", { resource: { azuread_synchronization_secret: { s: { service_principal_id: "x", credential: [{ key: "BaseAddress" }] } } } }, "azuread_synchronization_secret.s.credential[0].value: required but not set"],
    ["an okta block written as a string", { resource: { okta_app_saml: { a: { label: "x", attribute_statements: "name" } } } }, "okta_app_saml.a.attribute_statements: expected an object, got string"],
    ["a wrong okta value type in a block", { resource: { okta_app_group_assignments: { a: { app_id: "x", group: [{ id: "g", priority: "1" }] } } } }, "okta_app_group_assignments.a.group[0].priority: expected number, got string"],
    ["a missing required okta attribute", { resource: { okta_app_saml: { a: { sso_url: "https://x" } } } }, "okta_app_saml.a.label: required but not set"],
    ["an okta data source attribute that is read-only", { data: { okta_group: { g: { name: "x", users: [] } } } }, "data.okta_group.g.users: is read-only (computed)"],
    ["a bad okta provider attribute", { provider: { okta: [{ org_name: "x", max_retries: "5" }] } }, "provider.okta[0].max_retries: expected number, got string"],
    ["two single timeouts blocks", { resource: { time_sleep: { s: { create_duration: "30s" } }, azuread_synchronization_secret: { s: { service_principal_id: "x", timeouts: [{}, {}] } } } }, "azuread_synchronization_secret.s.timeouts: a single block, got 2"],
    ["a read-only time attribute", { resource: { time_rotating: { r: { rotation_days: 30, unix: 1 } } } }, "time_rotating.r.unix: is read-only (computed)"],
    ["an unknown terraform_data attribute", { resource: { terraform_data: { d: { inputs: {} } } } }, "terraform_data.d.inputs: no such attribute or block in the schema"],
    ["a dynamic block without for_each", { resource: { grafana_role: { r: { name: "r", dynamic: { permissions: { content: { action: "a" } } } } } } }, "grafana_role.r.dynamic.permissions.for_each: required but not set"],
    // What `terraform validate` and `terraform init` would refuse outside any one block's schema.
    ["a provider meta-argument naming another provider", { resource: { time_rotating: { r: { rotation_days: 1, provider: "grafana" } } } }, 'time_rotating.r.provider: "grafana" is not a configuration of the time provider'],
    ["a provider meta-argument naming an undeclared alias", { resource: { time_rotating: { r: { rotation_days: 1, provider: "time.other" } } }, provider: { time: [{}] } }, 'time_rotating.r.provider: "time.other" is not a configuration of the time provider'],
    ["a depends_on naming an undeclared resource", { resource: { time_rotating: { r: { rotation_days: 1, depends_on: ["time_sleep.nope"] } } } }, 'time_rotating.r.depends_on: "time_sleep.nope" is not declared in this stack'],
    ["a provider missing from required_providers", { resource: { okta_group: { g: { name: "x" } } }, terraform: { required_providers: {} } }, "terraform.required_providers.okta: not declared (Terraform would look for hashicorp/okta), the schema is okta/okta 4.20.0"],
    ["a provider required from another source", { resource: { msgraph_resource_action: { a: { resource_url: "x", method: "POST" } } }, terraform: { required_providers: { msgraph: { source: "ms-henglu/msgraph", version: "0.5.0" } } } }, 'terraform.required_providers.msgraph: {"source":"ms-henglu/msgraph","version":"0.5.0"}, but the schema is microsoft/msgraph 0.5.0'],
    ["an import into an undeclared resource", { import: [{ id: "x", to: "okta_group.nope" }] }, 'import[0].to: "okta_group.nope" is not declared in this stack'],
    ["a removed block whose resource is still declared", { resource: { time_rotating: { r: { rotation_days: 1 } } }, removed: [{ from: "time_rotating.r", lifecycle: { destroy: false } }] }, 'removed[0].from: "time_rotating.r" is still declared in this stack'],
    ["a literal $${ (an escaped template, not an expression) where a number belongs", { resource: { time_rotating: { r: { rotation_days: "$${var.days}" } } } }, "time_rotating.r.rotation_days: expected number, got string"],
    ["a lifecycle argument Terraform does not know", { resource: { time_rotating: { r: { rotation_days: 1, lifecycle: { prevent_destory: true } } } } }, "time_rotating.r.lifecycle.prevent_destory: not a lifecycle argument of a resource"],
    ["a resource-only lifecycle argument on a data source", { data: { okta_group: { g: { name: "x", lifecycle: { prevent_destroy: true } } } } }, "data.okta_group.g.lifecycle.prevent_destroy: not a lifecycle argument of a data source"],
    ["an ignore_changes entry naming no attribute of the schema (terraform validate: Unsupported attribute)", { resource: { azuread_synchronization_job: { j: { service_principal_id: "x", template_id: "scim", lifecycle: { ignore_changes: ["enable"] } } } } }, 'azuread_synchronization_job.j.lifecycle.ignore_changes: "enable" is no attribute or block of azuread_synchronization_job'],
    ["a template with literal text where a number belongs (it gives a string)", { resource: { time_rotating: { r: { rotation_days: "ninety ${var.days}" } } } }, "time_rotating.r.rotation_days: a template with literal text gives a string, expected number"],
    ["a template with literal text where a bool belongs", { resource: { azuread_synchronization_job: { j: { service_principal_id: "x", template_id: "scim", enabled: "${var.on} " } } } }, "azuread_synchronization_job.j.enabled: a template with literal text gives a string, expected bool"],
    // Rules of the providers' source that no schema document holds (support/provider-rules.ts).
    ["a data azuread_group without any of its lookup keys", { data: { azuread_group: { g: {} } } }, "data.azuread_group.g: exactly one of display_name, object_id, mail_nickname must be set (got none)"],
    ["a data azuread_group with two lookup keys", { data: { azuread_group: { g: { display_name: "a", object_id: "b" } } } }, "data.azuread_group.g: exactly one of display_name, object_id, mail_nickname must be set (got display_name, object_id)"],
    ["a data azuread_application without any of its lookup keys", { data: { azuread_application: { a: {} } } }, "data.azuread_application.a: exactly one of client_id, display_name, object_id, identifier_uri must be set (got none)"],
    ["a data okta_group by id and name", { data: { okta_group: { g: { id: "a", name: "b" } } } }, "data.okta_group.g.id: conflicts with name"],
    ["okta_app_saml with both kinds of ACS endpoints", { resource: { okta_app_saml: { a: { label: "x", acs_endpoints: ["https://a"], acs_endpoints_indices: [{ index: 0, url: "https://b" }] } } } }, "okta_app_saml.a.acs_endpoints: conflicts with acs_endpoints_indices"],
    ["okta_app_saml with a single logout URL but no issuer", { resource: { okta_app_saml: { a: { label: "x", single_logout_url: "https://a" } } } }, "okta_app_saml.a.single_logout_url: needs single_logout_issuer"],
    ["an azuread_service_principal with feature_tags and tags", { resource: { azuread_service_principal: { s: { client_id: "x", feature_tags: [{ enterprise: true }], tags: ["a"] } } } }, "azuread_service_principal.s.feature_tags: conflicts with tags"],
    ["a redirect URI type Entra does not know", { resource: { azuread_application_redirect_uris: { r: { application_id: "/applications/x", type: "web", redirect_uris: ["https://x"] } } } }, 'azuread_application_redirect_uris.r.type: "web" is not one of PublicClient, SPA, Web'],
    ["a signing certificate name without CN=", { resource: { azuread_service_principal_token_signing_certificate: { c: { service_principal_id: "/servicePrincipals/x", display_name: "Grafana" } } } }, 'azuread_service_principal_token_signing_certificate.c.display_name: "Grafana" does not match ^CN=.+$|^$'],
    ["grafana_sso_settings with SAML and LDAP settings", { resource: { grafana_sso_settings: { s: { provider_name: "ldap", saml_settings: {}, ldap_settings: {} } } } }, "grafana_sso_settings.s.saml_settings: conflicts with ldap_settings"],
    ["a grafana_sso_settings provider Grafana does not know", { resource: { grafana_sso_settings: { s: { provider_name: "SAML", saml_settings: {} } } } }, 'grafana_sso_settings.s.provider_name: "SAML" is not one of github, gitlab, google, azuread, okta, generic_oauth, saml, ldap'],
    ["SAML settings with two metadata sources", { resource: { grafana_sso_settings: { s: { provider_name: "saml", saml_settings: { idp_metadata_url: "https://x", idp_metadata: "PHg+" } } } } }, "grafana_sso_settings.s.saml_settings: exactly one of idp_metadata, idp_metadata_path, idp_metadata_url must be set (got idp_metadata, idp_metadata_url)"],
    ["SAML settings without a metadata source", { resource: { grafana_sso_settings: { s: { provider_name: "saml", saml_settings: { idp_metadata_url: "" } } } } }, "grafana_sso_settings.s.saml_settings: exactly one of idp_metadata, idp_metadata_path, idp_metadata_url must be set (got none)"],
    ["SAML settings with a certificate but no private key", { resource: { grafana_sso_settings: { s: { provider_name: "saml", saml_settings: { idp_metadata_url: "https://x", certificate: "${var.c}" } } } } }, "grafana_sso_settings.s.saml_settings: certificate, private_key are set all or none (got certificate)"],
    ["SAML settings with a client id but no secret or token URL", { resource: { grafana_sso_settings: { s: { provider_name: "saml", saml_settings: [{ idp_metadata_url: "https://x", client_id: "a" }] } } } }, "grafana_sso_settings.s.saml_settings: client_id, client_secret, token_url are set all or none (got client_id)"],
  ])("reports %s", (_name, stack, problem) => {
    expect(checkConformance(stack).problems).toContain(problem);
  });

  it("accepts expressions for any type, and reports types it has no schema for", () => {
    const report = checkConformance({
      resource: {
        grafana_service_account_token: { t: { name: "n", service_account_id: "${x.id}", seconds_to_live: "${var.ttl}" } },
        time_rotating: { r: { rotation_days: "${var.days}", rfc3339: "${formatdate(\"YYYY\", \"x}\")}" }, s: { rotation_days: "${var.on ? 1 : 2}" } },
        random_id: { r: { byte_length: 8 } },
      },
      provider: { random: [{}] },
      terraform: { required_providers: { grafana: { source: "grafana/grafana", version: "4.45.1" }, time: { source: "hashicorp/time", version: "0.13.1" } } },
    });
    expect(report.problems).toEqual([]);
    expect(report.checked).toEqual(["grafana_service_account_token", "time_rotating"]);
    expect(report.unchecked).toEqual(["provider.random", "random_id"]);
  });

  it("passes correct resources of the prebuilt providers and terraform_data", () => {
    const report = checkConformance({
      resource: {
        azuread_synchronization_secret: { s: { service_principal_id: "${x.id}", credential: [{ key: "BaseAddress", value: "https://x" }], lifecycle: { prevent_destroy: true, ignore_changes: ["credential[0].value", "service_principal_id"] } } },
        okta_app_saml: { a: { label: "Grafana", attribute_statements: [{ name: "email", values: ["user.email"] }], acs_endpoints_indices: [{ index: 0, url: "https://x" }] } },
        time_sleep: { s: { create_duration: "60s", triggers: { a: "b" } } },
        terraform_data: { d: { input: { any: ["shape"] }, triggers_replace: ["${x.id}"] } },
      },
      provider: { azuread: [{ tenant_id: "t" }], okta: [{ org_name: "o", base_url: "okta.com" }], time: [{}] },
      data: { okta_group: { g: { name: "x", lifecycle: { postcondition: [{ condition: "${self.id != \"\"}", error_message: "x" }] } } } },
      terraform: pinned,
    });
    expect(report.problems).toEqual([]);
    expect(report.unchecked).toEqual([]);
  });

  it("accepts a dynamic block of a block type, its content checked like the block", () => {
    const role = { name: "r", dynamic: { permissions: { for_each: "${toset(x)}", iterator: "each", content: { action: "${each.value.action}", scope: "${each.value.scope}" } } } };
    expect(checkConformance({ resource: { grafana_role: { r: role } }, terraform: pinned }).problems).toEqual([]);
  });

  it("knows the committed schemas", () => {
    expect(committedSchemas().map((s) => s.name)).toEqual(["grafana", "msgraph", "azuread", "okta", "time", "terraform"]);
  });

  it("typeProblems handles collections and objects", () => {
    expect(typeProblems("x", { a: ["1", 2] }, ["map", ["list", "string"]])).toEqual(["x.a[1]: expected string, got number"]);
    expect(typeProblems("x", { action: "a", extra: 1 }, ["object", { action: "string" }])).toEqual(["x.extra: not in the object type"]);
    expect(typeProblems("x", { anything: [1, { b: true }] }, "dynamic")).toEqual([]);
  });
});
