import { TerraformVariable } from "cdktf";
import { EntraScim, type EntraScimProps } from "../../../constructs/entra/entra-scim";
import type { EntraGroupRef } from "../../../constructs/entra/groups";
import type { IGrafanaScim } from "../../../constructs/grafana/grafana-scim";
import { GrafanaSamlSettings } from "../../../constructs/grafana/saml-settings";
import { synthEntra, TENANT_ID } from "../../support/entra";
import { applyConfig } from "../../support/terraform";

function synth(props: Omit<EntraScimProps, "grafana" | "tenantId" | "displayName"> = {}) {
  let entra!: EntraScim;
  const t = synthEntra((stack, grafana) => (entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "Grafana", ...props })));
  return { t, entra };
}

function synthEntraWith(props: Omit<EntraScimProps, "grafana" | "tenantId">) {
  let entra!: EntraScim;
  const t = synthEntra((stack, grafana) => (entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, ...props })));
  return { t, entra };
}

describe("EntraScim", () => {
  it("GIVEN a GrafanaScim that another EntraScim already takes THEN it refuses the grafana prop, naming both (one identity provider per Grafana)", () => {
    expect(() =>
      synthEntra((stack, grafana) => {
        new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "Grafana" });
        new EntraScim(stack, "entra-2", { grafana, tenantId: TENANT_ID, displayName: "Grafana 2" });
      }),
    ).toThrow('grafana: GrafanaScim "test/grafana-scim" already provisions from EntraScim "test/entra": one identity provider per Grafana');
  });

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
    expect(entra.grafanaSamlSettings.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
  });

  it("GIVEN single sign-on THEN the service principal is managed in SAML mode and the SSO pieces exist", () => {
    const { t, entra } = synth({ singleSignOn: {}, groups: [{ displayName: "G" }] });
    expect(t.resource("azuread_service_principal").preferred_single_sign_on_mode).toBe("saml");
    // The default claim is Entra's built-in objectidentifier: no claims mapping policy, guests included.
    expect(t.count("azuread_claims_mapping_policy")).toBe(0);
    expect(t.count("azuread_app_role_assignment")).toBe(1);
    expect(entra.grafanaSamlSettings.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
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

  describe("errors name EntraScim's own props", () => {
    it.each<[string, Omit<EntraScimProps, "grafana" | "tenantId">, RegExp]>([
      ["an empty display name", { displayName: " " }, /^displayName: must not be empty$/],
      ["a group listed twice", { displayName: "G", groups: [{ displayName: "A" }, { displayName: "A" }] }, /^groups\[1\]: is listed twice \(also groups\[0\]\)$/],
      ["a non-UUID group", { displayName: "G", groups: [{ objectId: "x" }] }, /^groups\[0\]\.objectId: must be a UUID/],
      ["a mapping without target", { displayName: "G", mappings: { user: [{ target: " ", source: { attribute: "mail" } }] } }, /^mappings\.user\[0\]/],
      ["a non-UUID on-demand group", { displayName: "G", provisionOnDemand: { groups: ["g"] } }, /^provisionOnDemand\.groups\[0\]: must be a UUID/],
      ["an entity id Entra cannot take", { displayName: "G", singleSignOn: { entityId: "grafana prod" } }, /^singleSignOn\.entityId: must be an absolute URI/],
      ["a replication wait time_sleep cannot parse", { displayName: "G", replicationWait: "one minute" }, /^replicationWait: must be a duration time_sleep takes/],
      ["a group with an empty display name", { displayName: "G", groups: [{ displayName: " " }] }, /^groups\[0\]\.displayName: must not be empty$/],
      ["two claims the policy would send under one name", { displayName: "G", singleSignOn: { externalUidClaim: "userUID", claimNames: { login: "x", name: "x" } } }, /^singleSignOn\.claimNames\.name: "x" is also the login claim/],
    ])("GIVEN %s THEN the message names the prop", (_name, props, message) => {
      expect(() => synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, ...props }))).toThrow(message);
    });
  });

  describe("what an app can pass and an environment file cannot (gap review)", () => {
    it("GIVEN a group with both objectId and displayName THEN refused naming the group (before: the display name was silently ignored)", () => {
      const both = { objectId: "00000000-0000-4000-8000-0000000000aa", displayName: "Grafana users" } as unknown as EntraGroupRef;
      expect(() => synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", groups: [both] }))).toThrow(
        /^groups\[0\]: set objectId or displayName, not both/,
      );
    });

    it("GIVEN a control or bidirectional character in the app's or a group's display name THEN refused naming it (before: synthesized)", () => {
      const entraWith = (props: Partial<EntraScimProps>) => () =>
        synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", ...props }));
      expect(entraWith({ displayName: "Grafana\u202egnp.exe" })).toThrow(/^displayName: contains a bidirectional control character \(U\+202E at position 8\)/);
      expect(entraWith({ groups: [{ displayName: "Grafana\tUsers" }] })).toThrow(/^groups\[0\]\.displayName: contains a control character \(U\+0009/);
      expect(entraWith({ singleSignOn: { claimNames: { login: "upn\u202e" } } })).toThrow(/^singleSignOn\.claimNames\.login: contains a bidirectional control character/);
    });

    it("GIVEN no Grafana side (a JavaScript caller) THEN refused naming grafana (before: a TypeError)", () => {
      expect(() => synthEntra((stack) => new EntraScim(stack, "e", { grafana: undefined as unknown as IGrafanaScim, tenantId: TENANT_ID, displayName: "G" }))).toThrow(
        /^grafana: is required: the Grafana side \(a GrafanaScim\)/,
      );
    });

    it("GIVEN no group object (a JavaScript caller) THEN refused naming the group (before: a TypeError)", () => {
      const none = undefined as unknown as EntraGroupRef;
      expect(() => synthEntra((stack, grafana) => new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", groups: [none] }))).toThrow(
        /^groups\[0\]: must be a group with objectId or displayName/,
      );
    });

    it("GIVEN a Grafana side whose tokenValue is a literal THEN refused without echoing it (before: synthesized in clear as the job's SecretToken)", () => {
      const secret = "glsa_FAKEfakeFAKEfakeFAKEfakeFAKEfake_0a1b2c3d";
      let error: Error | undefined;
      try {
        synthEntra((stack, grafana) => {
          const literal = Object.create(grafana, { tokenValue: { value: secret } }) as IGrafanaScim;
          new EntraScim(stack, "e", { grafana: literal, tenantId: TENANT_ID, displayName: "G" });
        });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(/^grafana\.tokenValue: must be a reference to the token's sensitive attribute/);
      expect(error?.message).not.toContain(secret);
    });
  });

  describe("no Terraform template reaches the configuration from plain text", () => {
    it("GIVEN a template sequence in the entity id (a URL) THEN it is refused, naming singleSignOn.entityId", () => {
      expect(() => synth({ singleSignOn: { entityId: "https://grafana.example.com/${path.cwd}" } })).toThrow(/^singleSignOn\.entityId: must not contain "\$\{": Terraform would read it as a template/);
      expect(() => synth({ singleSignOn: { entityId: "urn:grafana:%{if true}x%{endif}" } })).toThrow(/^singleSignOn\.entityId: must not contain "%\{"/);
    });

    it("GIVEN display text with ${ or %{ (the app's name, a group's name) THEN it is written escaped, and Terraform yields it as given", () => {
      const displayName = "G ${path.cwd} %{if true}x%{endif}";
      const group = "Grafana ${var.users}";
      const { t } = synthEntraWith({ displayName, groups: [{ displayName: group }], singleSignOn: { externalUidClaim: "userUID" } });
      const written = {
        app: t.resource("azuread_application_from_template").display_name as string,
        certificate: t.resource("azuread_service_principal_token_signing_certificate").display_name as string,
        policy: t.resource("azuread_claims_mapping_policy").display_name as string,
        group: Object.values(t.dataSources("azuread_group"))[0]!.display_name as string,
      };
      expect(written.app).toBe("G $${path.cwd} %%{if true}x%%{endif}");
      const result = applyConfig({ output: Object.fromEntries(Object.entries(written).map(([k, v]) => [k, { value: v }])) });
      expect(result.ok).toBe(true);
      expect(result.outputs).toEqual({ app: displayName, certificate: `CN=${displayName}`, policy: `${displayName} - userUID from objectid`, group });
    });

    it("GIVEN a display name that is a reference THEN it is left for Terraform to resolve", () => {
      const t = synthEntra((stack, grafana) => {
        const name = new TerraformVariable(stack, "app_name", { type: "string" }).stringValue;
        new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: name });
      });
      expect(t.resource("azuread_application_from_template").display_name).toBe("${var.app_name}");
    });
  });

  it("GIVEN a tenant id that is a Terraform reference THEN it is not validated here and synthesizes", () => {
    const t = synthEntra((stack, grafana) => {
      const tenantId = new TerraformVariable(stack, "tenant_id", { type: "string" }).stringValue;
      new EntraScim(stack, "e", { grafana, tenantId, displayName: "G", singleSignOn: {} });
    });
    expect(t.count("azuread_synchronization_job")).toBe(1);
  });

  it("exposes the ids a stack outputs as typed attributes, not through its internals", () => {
    const { t, entra } = synth();
    expect(entra.synchronizationJobId).toBeDefined();
    for (const value of [entra.applicationObjectId, entra.clientId, entra.servicePrincipalObjectId, entra.synchronizationJobId, entra.provisioningPortalUrl]) {
      expect(typeof value).toBe("string");
    }
    expect(t.count("azuread_synchronization_job")).toBe(1);
  });

  describe("adopt: importing a setup made by hand is a method of the construct", () => {
    const SP = "22222222-0000-4000-8000-000000000002";
    const APP = "11111111-0000-4000-8000-000000000001";
    const JOB = "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003";
    const groups = [{ displayName: "Grafana Users" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }];

    it("GIVEN the ids THEN import blocks for the app, the job and the named assignments, at the resources they name", () => {
      const t = synthEntra((stack, grafana) => {
        const entra = new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", groups });
        entra.adopt({ applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, groupAssignmentIds: { "Grafana Users": "assignment-1" } });
      });
      const imports = (t.json.import ?? []) as Array<{ to: string; id: string }>;
      expect(imports.map((i) => [i.to.split(".")[0], i.id])).toEqual([
        ["azuread_application_from_template", `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`],
        ["azuread_app_role_assignment", `/servicePrincipals/${SP}/appRoleAssignedTo/assignment-1`],
        ["azuread_synchronization_job", `/servicePrincipals/${SP}/synchronization/jobs/${JOB}`],
      ]);
      expect([imports[0]!.to, imports[2]!.to]).toEqual([t.address("azuread_application_from_template"), t.address("azuread_synchronization_job")]);
      // The assignment imported is the named group's (looked up by display name), not the other one.
      const named = Object.entries(t.resources("azuread_app_role_assignment")).find(([, body]) => String(body.principal_object_id).includes("data.azuread_group."))![0];
      expect(imports[1]!.to).toBe(`azuread_app_role_assignment.${named}`);
    });

    it("GIVEN single sign-on THEN the identifier URI and reply URLs are imported (azuread refuses to create them when they exist), and the signing certificate by its key id", () => {
      const KEY = "44444444-0000-4000-8000-000000000004";
      const t = synthEntra((stack, grafana) => {
        const entra = new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: { entityId: "urn:grafana:prod" } });
        entra.adopt({ applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB, singleSignOn: { signingCertificateKeyId: KEY } });
      });
      const imports = (t.json.import ?? []) as Array<{ to: string; id: string }>;
      expect(imports.filter((i) => !/^azuread_(application_from_template|synchronization_job)\./.test(i.to))).toEqual([
        { to: t.address("azuread_application_identifier_uri"), id: `/applications/${APP}/identifierUris/${Buffer.from("urn:grafana:prod").toString("base64")}` },
        { to: t.address("azuread_application_redirect_uris"), id: `/applications/${APP}/redirectUris/Web` },
        { to: t.address("azuread_service_principal_token_signing_certificate"), id: `${SP}/tokenSigningCertificate/${KEY}` },
      ]);
    });

    it("GIVEN an entity id that is a reference THEN Terraform encodes it in the import id (an expression there needs Terraform 1.6; the stack already needs 1.7)", () => {
      const t = synthEntra((stack, grafana) => {
        const entityId = new TerraformVariable(stack, "entity_id", { type: "string" }).stringValue;
        new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: { entityId } }).adopt({ applicationObjectId: APP, servicePrincipalObjectId: SP, synchronizationJobId: JOB });
      });
      const imported = (t.json.import as Array<{ to: string; id: string }>).find((i) => i.to === t.address("azuread_application_identifier_uri"))!;
      expect(imported.id).toBe(`/applications/${APP}/identifierUris/\${base64encode(var.entity_id)}`);
      expect(Number(t.json.terraform?.required_version?.replace(">= ", ""))).toBeGreaterThanOrEqual(1.6);
    });

    it("GIVEN single sign-on set up never THEN basicSamlConfiguration false imports none of it", () => {
      const t = synthEntra((stack, grafana) => {
        new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: {} }).adopt({
          applicationObjectId: APP,
          servicePrincipalObjectId: SP,
          synchronizationJobId: JOB,
          singleSignOn: { basicSamlConfiguration: false },
        });
      });
      expect((t.json.import as Array<{ to: string }>).map((i) => i.to.split(".")[0]).sort()).toEqual(["azuread_application_from_template", "azuread_synchronization_job"]);
    });

    it.each<[string, object, RegExp]>([
      ["a non-UUID application", { applicationObjectId: "grafana" }, /^adopt\.applicationObjectId: must be a UUID/],
      ["single sign-on to import without singleSignOn", { singleSignOn: {} }, /^adopt\.singleSignOn: needs singleSignOn/],
      ["a job id without its template prefix", { synchronizationJobId: "33333333-0000-4000-8000-000000000003" }, /^adopt\.synchronizationJobId: must be the provisioning job id/],
      ["an assignment of a group not in groups", { groupAssignmentIds: { Admins: "x" } }, /^adopt\.groupAssignmentIds\.Admins: names no group of groups \(use its objectId or displayName as written there\)$/],
      ["a template sequence in an assignment id", { groupAssignmentIds: { "Grafana Users": "%{x}" } }, /^adopt\.groupAssignmentIds\.Grafana Users: must not contain "%\{"/],
    ])("GIVEN %s THEN refused, naming the field of adopt", (_name, override, message) => {
      expect(() =>
        synthEntra((stack, grafana) => {
          new EntraScim(stack, "e", { grafana, tenantId: TENANT_ID, displayName: "G", groups }).adopt({
            applicationObjectId: APP,
            servicePrincipalObjectId: SP,
            synchronizationJobId: JOB,
            ...override,
          });
        }),
      ).toThrow(message);
    });
  });

  it("says which claims carry the object id when it manages single sign-on, so Grafana's SAML settings can be checked against them", () => {
    expect(synth().entra.externalUidClaims).toBeUndefined();
    expect(synth({ singleSignOn: {} }).entra.externalUidClaims).toEqual(["http://schemas.microsoft.com/identity/claims/objectidentifier"]);
    expect(synth({ singleSignOn: { externalUidClaim: "userUID" } }).entra.externalUidClaims).toEqual(["userUID", "http://schemas.microsoft.com/identity/claims/objectidentifier"]);
    expect(() =>
      synthEntra((stack, grafana) => {
        const entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: {} });
        new GrafanaSamlSettings(stack, "saml", { ...entra.grafanaSamlSettings, assertionAttributeExternalUid: "userUID", grafanaUrl: grafana.grafanaUrl, signing: "managed-elsewhere" });
      }),
    ).toThrow(/^assertionAttributeExternalUid: "userUID" is not a claim EntraScim "test\/entra" sends the user's id in/);
    // The spread carries the construct: that is what turned the check on above.
    expect(synth({ singleSignOn: {} }).entra.grafanaSamlSettings.identityProvider).toBeInstanceOf(EntraScim);
  });
});

describe("EntraScim group claims: Grafana's role sync follows the groups claim the app is set to send", () => {
  const GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
  /** The Graph calls on the application (the group claims PATCH); the others are on the service principal and its job. */
  const applicationPatches = (t: ReturnType<typeof synthEntra>) =>
    Object.values(t.resources("msgraph_resource_action")).filter((a) => String(a.resource_url).startsWith("applications/"));

  it("GIVEN groupClaims ApplicationGroup THEN the application is PATCHed and Grafana's groups attribute, and with it role sync, is Entra's groups claim", () => {
    let entra!: EntraScim;
    let saml!: GrafanaSamlSettings;
    const t = synthEntra((stack, grafana) => {
      entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", groups: [{ displayName: "Admins" }], singleSignOn: { groupClaims: "ApplicationGroup" } });
      saml = new GrafanaSamlSettings(stack, "saml", {
        ...entra.grafanaSamlSettings,
        grafanaUrl: grafana.grafanaUrl,
        signing: "managed-elsewhere",
        roleValues: { admin: ["11111111-2222-3333-4444-555555555555"] },
      });
    });
    expect(applicationPatches(t)).toEqual([
      expect.objectContaining({
        method: "PATCH",
        resource_url: `applications/\${${t.address("azuread_application_from_template")}.application_object_id}`,
        body: { groupMembershipClaims: "ApplicationGroup" },
        depends_on: [t.address("azuread_service_principal")],
      }),
    ]);
    expect(entra.grafanaSamlSettings.assertionAttributeGroups).toBe(GROUPS);
    expect(entra.groupsClaim).toEqual({
      name: GROUPS,
      sent: true,
      sentWith: 'singleSignOn.groupClaims "ApplicationGroup" or "SecurityGroup"',
      values: "object-ids",
      managedWith: "singleSignOn.groupClaims",
    });
    expect(t.resource("grafana_sso_settings").saml_settings).toEqual(
      expect.objectContaining({ assertion_attribute_groups: GROUPS, assertion_attribute_role: GROUPS, role_values_admin: "11111111-2222-3333-4444-555555555555" }),
    );
    expect(saml.settings).toBeDefined();
  });

  it("GIVEN groupClaims None THEN the PATCH sends None and Grafana reads no groups claim by default; without the option nothing is PATCHed", () => {
    const none = synth({ singleSignOn: { groupClaims: "None" } });
    expect(applicationPatches(none.t).map((a) => a.body)).toEqual([{ groupMembershipClaims: "None" }]);
    expect(none.entra.grafanaSamlSettings.assertionAttributeGroups).toBeUndefined();
    expect(none.entra.groupsClaim?.sent).toBe(false);
    const unmanaged = synth({ singleSignOn: {} });
    expect(applicationPatches(unmanaged.t)).toEqual([]);
    expect(unmanaged.entra.grafanaSamlSettings.assertionAttributeGroups).toBeUndefined();
    expect(unmanaged.entra.groupsClaim).toEqual({ name: GROUPS, sentWith: 'singleSignOn.groupClaims "ApplicationGroup" or "SecurityGroup"', managedWith: "singleSignOn.groupClaims" });
    expect(none.entra.groupsClaim?.values).toBeUndefined();
    expect(synth().entra.groupsClaim).toBeUndefined();
  });

  it("GIVEN role sync without a groups claim THEN refused, naming the prop and the option that sends the claim", () => {
    for (const groupClaims of [undefined, "None"] as const) {
      expect(() =>
        synthEntra((stack, grafana) => {
          const entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: groupClaims === undefined ? {} : { groupClaims } });
          new GrafanaSamlSettings(stack, "saml", { ...entra.grafanaSamlSettings, grafanaUrl: grafana.grafanaUrl, signing: "managed-elsewhere", roleValues: { editor: ["x"] } });
        }),
      ).toThrow(/^assertionAttributeRole: is needed with roleValues.*EntraScim "test\/entra" sends groups in "http:\/\/schemas\.microsoft\.com\/ws\/2008\/06\/identity\/claims\/groups" only with singleSignOn\.groupClaims "ApplicationGroup" or "SecurityGroup"$/);
    }
  });

  it("GIVEN groupClaims None and Grafana reading Entra's groups claim THEN refused: role sync would find no groups", () => {
    const build = (extra: Record<string, unknown>) => () =>
      synthEntra((stack, grafana) => {
        const entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: { groupClaims: "None" } });
        new GrafanaSamlSettings(stack, "saml", { ...entra.grafanaSamlSettings, grafanaUrl: grafana.grafanaUrl, signing: "managed-elsewhere", ...extra });
      });
    expect(build({ assertionAttributeGroups: GROUPS })).toThrow(/^assertionAttributeGroups: reads "http:.*groups", which EntraScim "test\/entra" is set not to send/);
    expect(build({ assertionAttributeOrg: GROUPS, orgMapping: [{ value: "x", orgId: 1 }] })).toThrow(/^assertionAttributeOrg: reads .* is set not to send/);
    // Another claim (app roles set up by hand) is not Entra's groups claim: accepted.
    expect(build({ assertionAttributeRole: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", roleValues: { viewer: ["v"] } })).not.toThrow();
  });

  it.each([["ApplicationGroup"], ["SecurityGroup"]] as const)("GIVEN groupClaims %s and role or org values that are group names THEN refused: Entra sends object ids, so they would never match", (groupClaims) => {
    const build = (extra: Record<string, unknown>) => () =>
      synthEntra((stack, grafana) => {
        const entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", singleSignOn: { groupClaims } });
        new GrafanaSamlSettings(stack, "saml", { ...entra.grafanaSamlSettings, grafanaUrl: grafana.grafanaUrl, signing: "managed-elsewhere", ...extra });
      });
    expect(build({ roleValues: { admin: ["GrafanaAdmins"] } })).toThrow(
      new RegExp(
        '^roleValues\\.admin\\[0\\]: "GrafanaAdmins" is not a group object id, and EntraScim "test/entra" sends group object ids \\(UUIDs\\) in "http://schemas\\.microsoft\\.com/ws/2008/06/identity/claims/groups": ' +
          "this value would never match, so its users would get Grafana's default role \\(auto_assign_org_role\\) at their next login\\. Use the group's object id; " +
          "or, if the app's group claims were customized by hand to send names, leave singleSignOn\\.groupClaims unset so this package does not manage them, and set assertionAttributeGroups yourself$",
      ),
    );
    expect(build({ orgMapping: [{ value: "*", orgId: 1 }, { value: "Engineering", orgId: 2 }] })).toThrow(/^orgMapping\[1\]\.value: "Engineering" is not a group object id/);
    expect(build({ allowedOrganizations: ["Engineering"] })).toThrow(/^allowedOrganizations\[0\]: "Engineering" is not a group object id/);
    expect(build({ roleValues: { admin: ["6d5f1a3c-0000-4000-8000-0000000000bb"] }, orgMapping: [{ value: "*", orgId: 1 }] })).not.toThrow();
    expect(build({ roleValues: { admin: ["6D5F1A3C-0000-4000-8000-0000000000BB"] } })).toThrow(/^roleValues\.admin\[0\]: "6D5F1A3C-0000-4000-8000-0000000000BB" has upper-case letters/);
  });

  it("GIVEN group claims left unmanaged (set up by hand, maybe to send names) THEN group names are accepted with the groups claim named by hand", () => {
    for (const singleSignOn of [{}, undefined]) {
      expect(() =>
        synthEntra((stack, grafana) => {
          const entra = new EntraScim(stack, "entra", { grafana, tenantId: TENANT_ID, displayName: "G", ...(singleSignOn ? { singleSignOn } : {}) });
          new GrafanaSamlSettings(stack, "saml", { ...entra.grafanaSamlSettings, grafanaUrl: grafana.grafanaUrl, signing: "managed-elsewhere", assertionAttributeGroups: GROUPS, roleValues: { admin: ["GrafanaAdmins"] } });
        }),
      ).not.toThrow();
    }
  });

  it("GIVEN group claims with the userUID claim THEN refused, naming singleSignOn.groupClaims", () => {
    expect(() => synth({ singleSignOn: { externalUidClaim: "userUID", groupClaims: "SecurityGroup" } })).toThrow(/^singleSignOn\.groupClaims: cannot be combined with externalUidClaim "userUID"/);
    expect(() => synth({ singleSignOn: { externalUidClaim: "userUID", groupClaims: "None" } })).not.toThrow();
    expect(() => synth({ singleSignOn: { groupClaims: "All" as never } })).toThrow(/^singleSignOn\.groupClaims: must be one of ApplicationGroup, SecurityGroup, None \(got "All"\)/);
  });
});
