import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { MsgraphProvider } from "../../../.gen/providers/msgraph/provider";
import { Testing } from "cdktf";
import { ENTRA_OUTPUTS } from "../../../stacks/outputs";
import { ScimStack } from "../../../stacks/scim-stack";
import * as fs from "node:fs";
import * as path from "node:path";
import { validateEnvironment } from "../../../environment-format";
import { environment, exampleEnvironments, synthEnvironment } from "../../support/environments";
import { evaluatedStandInConfig, standInAddress, standInConfig } from "../../support/stand-ins";
import { Template } from "../../support/template";
import { planChanges } from "../../support/terraform";

const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const base = {
  grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 },
  identityProvider: { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana (acme)" },
};

describe("identityProvider kind entra", () => {
  it("configures azuread and msgraph with the tenant id only; credentials stay in ARM_*", () => {
    const t = synthEnvironment(environment("dev", base));
    expect(t.synthesized).toHaveProviderWithProperties(AzureadProvider, { tenant_id: TENANT });
    expect(t.synthesized).toHaveProviderWithProperties(MsgraphProvider, { tenant_id: TENANT });
    expect(t.json.provider?.azuread).toEqual([{ tenant_id: TENANT }]);
    expect(t.json.provider?.msgraph).toEqual([{ tenant_id: TENANT }]);
    expect(t.json.terraform?.required_providers).toEqual(
      expect.objectContaining({ azuread: { source: "hashicorp/azuread", version: "3.7.0" }, msgraph: { source: "microsoft/msgraph", version: "0.5.0" } }),
    );
  });

  it("outputs the application, service principal, job ids and the provisioning blade link", () => {
    const t = synthEnvironment(environment("dev", base));
    expect(Object.values(ENTRA_OUTPUTS).map((name) => [name, t.output(name).sensitive ?? false])).toEqual(Object.values(ENTRA_OUTPUTS).map((n) => [n, false]));
    expect(t.output(ENTRA_OUTPUTS.synchronizationJobId).value).toBe(`\${element(split("/", ${t.address("azuread_synchronization_job")}.id), 5)}`);
    expect(t.output(ENTRA_OUTPUTS.provisioningPortalUrl).value).toMatch(/ProvisioningManagement\/appId\/\$\{data\.azuread_application\..+\.client_id\}\/objectId\/\$\{time_sleep\..+\.triggers\.service_principal_object_id\}$/);
  });

  it("GIVEN Grafana's SAML section and Entra SSO THEN Grafana reads Entra's metadata and the built-in objectidentifier claim, which guests get too", () => {
    const t = synthEnvironment(
      environment("dev", { ...base, identityProvider: { ...base.identityProvider, singleSignOn: {} }, saml: { signing: "variables" } }),
    );
    const saml = t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>;
    expect(saml).toEqual(
      expect.objectContaining({
        idp_metadata_url: expect.stringMatching(
          new RegExp(`^https://login\\.microsoftonline\\.com/${TENANT}/federationmetadata/2007-06/federationmetadata\\.xml\\?appid=\\$\\{data\\.azuread_application\\.`),
        ),
        assertion_attribute_external_uid: "http://schemas.microsoft.com/identity/claims/objectidentifier",
        assertion_attribute_login: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        assertion_attribute_email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        entity_id: "https://acme.grafana.net/saml/metadata",
        allow_sign_up: false,
      }),
    );
    expect(t.resource("azuread_application_identifier_uri").identifier_uri).toBe(saml.entity_id);
    expect(t.count("azuread_claims_mapping_policy")).toBe(0);
  });

  it("GIVEN externalUidClaim userUID chosen explicitly THEN the policy sends it and Grafana reads userUID", () => {
    const t = synthEnvironment(
      environment("dev", { ...base, identityProvider: { ...base.identityProvider, singleSignOn: { externalUidClaim: "userUID" } }, saml: { signing: "variables" } }),
    );
    expect((t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>).assertion_attribute_external_uid).toBe("userUID");
    const policy = JSON.parse((t.resource("azuread_claims_mapping_policy").definition as string[])[0]!);
    expect(policy.ClaimsMappingPolicy.ClaimsSchema).toContainEqual({ Source: "user", ID: "objectid", SamlClaimType: "userUID" });
  });

  it("GIVEN userUID and saml claim names of its own THEN the policy sends each user property under the name Grafana reads, not Entra's default", () => {
    const t = synthEnvironment(
      environment("dev", {
        ...base,
        identityProvider: { ...base.identityProvider, singleSignOn: { externalUidClaim: "userUID" } },
        saml: { signing: "variables", assertionAttributeLogin: "login", assertionAttributeEmail: "email" },
      }),
    );
    const grafana = t.resource("grafana_sso_settings").saml_settings as Record<string, string>;
    const policy = JSON.parse((t.resource("azuread_claims_mapping_policy").definition as string[])[0]!);
    const sent = Object.fromEntries((policy.ClaimsMappingPolicy.ClaimsSchema as Array<{ ID: string; SamlClaimType: string }>).map((c) => [c.ID, c.SamlClaimType]));
    // The policy supersedes the app's Attributes & Claims: every name Grafana reads must be one it sends.
    expect(sent).toEqual({
      userprincipalname: grafana.assertion_attribute_login,
      mail: grafana.assertion_attribute_email,
      displayname: grafana.assertion_attribute_name,
      objectid: grafana.assertion_attribute_external_uid,
    });
    expect(sent).toEqual({ userprincipalname: "login", mail: "email", displayname: "http://schemas.microsoft.com/identity/claims/displayname", objectid: "userUID" });
  });

  it("GIVEN the policy and two claims under one name THEN the file is refused at the saml field", () => {
    const result = validateEnvironment({
      ...base,
      identityProvider: { ...base.identityProvider, singleSignOn: { externalUidClaim: "userUID" } },
      saml: { signing: "variables", assertionAttributeLogin: "mail", assertionAttributeEmail: "mail" },
    });
    expect(result.problems.map((p) => `${p.field}: ${p.problem}`)).toEqual([
      'saml.assertionAttributeEmail: "mail" is also the login claim; the claims mapping policy sends one user property per claim name, so give each its own',
    ]);
  });

  it("GIVEN saml.entityId and Entra SSO THEN the app's identifier is that entity id, the one Grafana uses", () => {
    const entityId = "https://acme.grafana.net/saml/metadata/acme";
    const t = synthEnvironment(
      environment("dev", { ...base, identityProvider: { ...base.identityProvider, singleSignOn: {} }, saml: { signing: "variables", entityId } }),
    );
    expect((t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>).entity_id).toBe(entityId);
    expect(t.resource("azuread_application_identifier_uri").identifier_uri).toBe(entityId);
  });

  it("GIVEN no managed SSO THEN Grafana reads Entra's built-in objectidentifier claim; an explicit saml value wins", () => {
    const t = synthEnvironment(environment("dev", { ...base, saml: { signing: "variables", assertionAttributeLogin: "login" } }));
    const saml = t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>;
    expect(saml.assertion_attribute_external_uid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
    expect(saml.assertion_attribute_login).toBe("login");
  });

  it("GIVEN an explicit metadata path THEN it replaces Entra's metadata URL", () => {
    // A metadata path is a file on the Grafana server: self-hosted only (Grafana Cloud refuses paths).
    const selfHosted = { kind: "self-hosted", url: "https://grafana.example.com" };
    const t = synthEnvironment(environment("dev", { ...base, grafana: selfHosted, saml: { signing: "variables", idpMetadataPath: "/etc/grafana/entra.xml" } }));
    const saml = t.resource("grafana_sso_settings").saml_settings as Record<string, unknown>;
    expect(saml.idp_metadata_path).toBe("/etc/grafana/entra.xml");
    expect(saml.idp_metadata_url).toBeUndefined();
  });

  it("passes groups, mappings, start and on-demand subjects through", () => {
    const t = synthEnvironment(
      environment("dev", {
        ...base,
        identityProvider: {
          ...base.identityProvider,
          groups: [{ displayName: "Grafana Users" }],
          mappings: { mode: "strict", user: [{ target: "title", source: { attribute: "jobTitle" } }] },
          provisioning: { start: false },
        },
      }),
    );
    expect(t.count("azuread_app_role_assignment")).toBe(1);
    expect(t.resource("terraform_data").triggers_replace).toEqual(expect.objectContaining({ mode: "strict" }));
    expect(Object.values(t.resources("msgraph_resource_action")).some((a) => a.action === "start")).toBe(false);
  });
});

describe("singleSignOn.groupClaims: Grafana's role sync reads the groups Entra is set to send", () => {
  const GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
  const ADMINS = "6d5f1a3c-0000-4000-8000-0000000000bb";
  const withClaims = (groupClaims: string | undefined, saml: Record<string, unknown> = {}) =>
    synthEnvironment(
      environment("dev", {
        ...base,
        identityProvider: { ...base.identityProvider, groups: [{ objectId: ADMINS }], singleSignOn: groupClaims === undefined ? {} : { groupClaims } },
        saml: { signing: "variables", ...saml },
      }),
    );
  const groupClaimsAddress = (t: Template) => Object.keys(t.resources("msgraph_resource_action")).filter((id) => id.includes("group-claims")).map((id) => `msgraph_resource_action.${id}`);

  it("GIVEN ApplicationGroup and role values THEN the app is PATCHed and Grafana's groups and role attributes are Entra's groups claim", () => {
    const t = withClaims("ApplicationGroup", { roleValues: { admin: [ADMINS] } });
    const [address] = groupClaimsAddress(t);
    expect(t.resources("msgraph_resource_action")[address!.split(".")[1]!]).toEqual(
      expect.objectContaining({
        method: "PATCH",
        resource_url: `applications/\${${t.address("azuread_application_from_template")}.application_object_id}`,
        body: { groupMembershipClaims: "ApplicationGroup" },
        depends_on: [t.address("azuread_service_principal")],
      }),
    );
    expect(t.resource("grafana_sso_settings").saml_settings).toEqual(
      expect.objectContaining({ assertion_attribute_groups: GROUPS, assertion_attribute_role: GROUPS, role_values_admin: ADMINS }),
    );
  });

  it("GIVEN an environment without the option THEN nothing about group claims is added (existing plans do not change)", () => {
    const t = withClaims(undefined);
    expect(groupClaimsAddress(t)).toEqual([]);
    expect(t.resource("grafana_sso_settings").saml_settings).not.toHaveProperty("assertion_attribute_groups");
  });

  it("GIVEN ApplicationGroup set to None THEN the PATCH runs again with None (an update in place) and Grafana stops reading the claim in the same apply", () => {
    const before = withClaims("ApplicationGroup");
    const after = withClaims("None");
    const plan = planChanges(standInConfig(before.json), standInConfig(after.json));
    expect(plan.ok).toBe(true);
    const actionsOf = (address: string) => plan.changes.find((c) => c.address === standInAddress(address))?.actions;
    expect(groupClaimsAddress(after)).toEqual(groupClaimsAddress(before));
    expect(actionsOf(groupClaimsAddress(before)[0]!)).toEqual(["update"]);
    expect(actionsOf(before.address("grafana_sso_settings"))).toEqual(["update"]);
    expect(Object.values(after.resources("msgraph_resource_action")).map((a) => a.body)).toContainEqual({ groupMembershipClaims: "None" });
    expect(after.resource("grafana_sso_settings").saml_settings).not.toHaveProperty("assertion_attribute_groups");
  });

  it("GIVEN the option removed THEN the PATCH is only forgotten by Terraform (its delete calls nothing): the gate flags that destroy, and the docs say to set None first", () => {
    const before = withClaims("ApplicationGroup");
    const plan = planChanges(standInConfig(before.json), standInConfig(withClaims(undefined).json));
    expect(plan.ok).toBe(true);
    expect(plan.changes.find((c) => c.address === standInAddress(groupClaimsAddress(before)[0]!))?.actions).toEqual(["delete"]);
    expect(fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "entra.md"), "utf8")).toMatch(/set `"None"`, apply, then remove/);
  });

  it("GIVEN role values with the userUID policy and group claims THEN the file is refused at the field", () => {
    expect(
      validateEnvironment({ ...base, identityProvider: { ...base.identityProvider, singleSignOn: { externalUidClaim: "userUID", groupClaims: "SecurityGroup" } } }).problems.map((p) => p.field),
    ).toEqual(["identityProvider.singleSignOn.groupClaims"]);
  });
});

describe("turning singleSignOn on or off never destroys or replaces what provisioning needs", () => {
  /** The app, its service principal, the job, its secret and the group assignments. */
  const PROTECTED = ["azuread_application_from_template", "azuread_service_principal", "azuread_synchronization_job", "azuread_synchronization_secret", "azuread_app_role_assignment"];
  const addresses = (t: Template, types: readonly string[]) =>
    types.flatMap((type) => Object.keys(t.resources(type)).map((id) => `${type}.${id}`)).sort();
  const withSso = (singleSignOn: Record<string, unknown> | undefined) =>
    synthEnvironment(
      environment("dev", {
        ...base,
        identityProvider: { ...base.identityProvider, groups: [{ displayName: "Grafana Users" }], ...(singleSignOn ? { singleSignOn } : {}) },
        saml: { signing: "variables" },
      }),
    );
  const on = withSso({ externalUidClaim: "userUID" });
  const off = withSso(undefined);
  const SSO_ONLY = [
    "azuread_application_identifier_uri",
    "azuread_application_redirect_uris",
    "azuread_service_principal_token_signing_certificate",
    "azuread_claims_mapping_policy",
    "azuread_service_principal_claims_mapping_policy_assignment",
  ];

  it("GIVEN both configurations THEN the protected resources have the same addresses, and each has prevent_destroy", () => {
    expect(addresses(on, PROTECTED)).toEqual(addresses(off, PROTECTED));
    expect(addresses(on, PROTECTED)).toHaveLength(5);
    for (const t of [on, off]) {
      for (const type of PROTECTED.filter((p) => p !== "azuread_app_role_assignment")) {
        expect([type, (t.resource(type).lifecycle as Record<string, unknown>).prevent_destroy]).toEqual([type, true]);
      }
    }
  });

  it.each([
    ["on to off", on, off, "delete"],
    ["off to on", off, on, "create"],
  ] as const)("GIVEN single sign-on %s THEN Terraform plans no destroy or replace of them (provider-free stand-ins), only the SSO pieces come or go", (_name, before, after, ssoAction) => {
    const plan = planChanges(standInConfig(before.json), standInConfig(after.json));
    expect(plan.ok).toBe(true);
    const actionsOf = (address: string) => plan.changes.find((c) => c.address === standInAddress(address))?.actions;
    for (const address of addresses(before, PROTECTED)) expect([address, actionsOf(address)]).toEqual([address, expect.arrayContaining([expect.stringMatching(/^(no-op|update)$/)])]);
    const touched = plan.changes.filter((c) => c.actions.includes("delete") || c.actions.includes("create"));
    expect(touched.every((c) => c.actions.length === 1 && c.actions[0] === ssoAction)).toBe(true);
    expect(touched.map((c) => c.address).sort()).toEqual(
      [...addresses(ssoAction === "delete" ? before : after, SSO_ONLY), ...addresses(ssoAction === "delete" ? before : after, ["msgraph_resource_action"]).filter((a) => !addresses(ssoAction === "delete" ? after : before, ["msgraph_resource_action"]).includes(a))]
        .map(standInAddress)
        .sort(),
    );
  });

  it("GIVEN a plan that drops the service principal THEN the same harness reports its destroy (the test can fail)", () => {
    const without = JSON.parse(JSON.stringify(off.json)) as Template["json"];
    delete without.resource!.azuread_service_principal;
    const plan = planChanges(standInConfig(on.json), standInConfig(without));
    expect(plan.changes.find((c) => c.address === standInAddress(addresses(on, ["azuread_service_principal"])[0]!))?.actions).toEqual(["delete"]);
  });

  it("GIVEN terraform destroy THEN prevent_destroy stops it; synthesized for the guarded destroy (SCIM_ALLOW_DESTROY) it proceeds", () => {
    const refused = planChanges(standInConfig(off.json));
    expect(refused.ok).toBe(false);
    expect(refused.log).toMatch(/Instance cannot be destroyed/);
    const allowed = Template.fromStack(new ScimStack(Testing.app(), { environment: environment("dev", base), allowDestroy: true }));
    for (const type of PROTECTED.filter((p) => p !== "azuread_app_role_assignment")) expect([type, (allowed.resource(type).lifecycle as Record<string, unknown>).prevent_destroy]).toEqual([type, false]);
    expect(planChanges(standInConfig(allowed.json)).ok).toBe(true);
  });
});

describe("upgrading a stack synthesized before issue 9 destroys or replaces none of the protected resources", () => {
  type Resources = Record<string, Record<string, Record<string, unknown>>>;
  const BEFORE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "upgrade", "entra-protected-resources-4f5ac03.json"), "utf8")) as Record<string, Resources>;
  const PROTECTED = ["azuread_application_from_template", "azuread_service_principal", "azuread_synchronization_job", "azuread_synchronization_secret", "azuread_app_role_assignment"];
  /** Fake values of what azuread computes, the same before and after. */
  const COMPUTED = {
    azuread_application_from_template: { application_id: "/applications/app-1", application_object_id: "app-1", service_principal_id: "/servicePrincipals/sp-1", service_principal_object_id: "sp-1" },
    azuread_service_principal: { id: "/servicePrincipals/sp-1", object_id: "sp-1" },
    azuread_synchronization_job: { id: "/servicePrincipals/sp-1/synchronization/jobs/scim.1" },
  };
  const example = exampleEnvironments().find((e) => e.name === "example-entra")!;
  const { singleSignOn: _sso, ...withoutSso } = example.config.identityProvider as Record<string, unknown>;
  // Without managed single sign-on Entra sends no groups claim Grafana can count on: the example's role values go too.
  const { roleValues: _roles, ...samlWithoutRoles } = example.config.saml!;
  const today = {
    singleSignOn: synthEnvironment(example),
    noSingleSignOn: synthEnvironment({ ...example, config: { ...example.config, identityProvider: withoutSso as typeof example.config.identityProvider, saml: samlWithoutRoles } }),
  };
  const pick = (t: Template): Resources => Object.fromEntries(Object.entries(t.json.resource ?? {}).filter(([type]) => [...PROTECTED, "time_sleep"].includes(type)));

  it.each(["singleSignOn", "noSingleSignOn"] as const)("GIVEN %s THEN every protected resource is a no-op; only the replication wait (and the adopted service principal) are added", (variant) => {
    const before = BEFORE[variant]!;
    const plan = planChanges(evaluatedStandInConfig(before, COMPUTED), evaluatedStandInConfig(pick(today[variant]), COMPUTED));
    expect(plan.ok).toBe(true);
    const addresses = Object.entries(before).flatMap(([type, instances]) => Object.keys(instances).map((id) => standInAddress(`${type}.${id}`)));
    expect(addresses.length).toBeGreaterThanOrEqual(5);
    for (const address of addresses) expect([address, plan.changes.find((c) => c.address === address)?.actions]).toEqual([address, ["no-op"]]);
    const created = plan.changes.filter((c) => c.actions.join() === "create").map((c) => c.address.replace(/^terraform_data\.([a-z_]+)__.*$/, "$1")).sort();
    expect(created).toEqual(variant === "singleSignOn" ? ["time_sleep"] : ["azuread_service_principal", "time_sleep"]);
  });

  it("GIVEN the job took its id from the newly adopted service principal instead THEN the harness predicts its replacement, which prevent_destroy refuses (the test can fail)", () => {
    const after = pick(today.noSingleSignOn);
    const sp = `azuread_service_principal.${Object.keys(after.azuread_service_principal!)[0]}`;
    for (const job of Object.values(after.azuread_synchronization_job!)) job.service_principal_id = `\${${sp}.id}`;
    const plan = planChanges(evaluatedStandInConfig(BEFORE.noSingleSignOn!, COMPUTED), evaluatedStandInConfig(after, COMPUTED));
    expect(plan.ok).toBe(false);
    expect(plan.log).toMatch(/Instance cannot be destroyed/);
    expect(plan.log).toMatch(/terraform_data\.azuread_synchronization_job__/);
  });
});
