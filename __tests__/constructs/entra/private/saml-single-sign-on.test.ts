import { TerraformVariable } from "cdktf";
import { ClaimsMappingPolicy } from "@cdktf/provider-azuread/lib/claims-mapping-policy";
import { EntraEnterpriseApp } from "../../../../constructs/entra/private/enterprise-app";
import type { EntraExternalUidClaim, EntraSamlClaimNames } from "../../../../constructs/entra/saml-claims";
import { EntraSamlSingleSignOn } from "../../../../constructs/entra/private/saml-single-sign-on";
import { synthEntra, TENANT_ID } from "../../../support/entra";

function synth(claim?: EntraExternalUidClaim, entityId?: string, claimNames?: EntraSamlClaimNames) {
  let sso!: EntraSamlSingleSignOn;
  const t = synthEntra((stack, grafana) => {
    const app = new EntraEnterpriseApp(stack, "app", { displayName: "Grafana (prod)", servicePrincipal: { preferredSingleSignOnMode: "saml" } });
    sso = new EntraSamlSingleSignOn(stack, "sso", { app, grafana, tenantId: TENANT_ID, externalUidClaim: claim, entityId, claimNames });
  });
  return { t, sso };
}

describe("EntraSamlSingleSignOn", () => {
  it("points the app at Grafana's SP endpoints and adds a signing certificate", () => {
    const { t } = synth();
    expect(t.resource("azuread_application_identifier_uri")).toEqual(
      expect.objectContaining({ identifier_uri: "https://grafana.example.com/saml/metadata", application_id: `\${${t.address("azuread_application_from_template")}.application_id}` }),
    );
    expect(t.resource("azuread_application_redirect_uris")).toEqual(expect.objectContaining({ type: "Web", redirect_uris: ["https://grafana.example.com/saml/acs"] }));
    expect(t.resource("azuread_service_principal_token_signing_certificate")).toEqual(expect.objectContaining({ display_name: "CN=Grafana (prod)" }));
  });

  it("makes the signing certificate the one Entra signs with; a replacement is created first and its new thumbprint re-runs the PATCH", () => {
    const { t } = synth();
    const cert = t.address("azuread_service_principal_token_signing_certificate");
    // display_name forces a new certificate in azuread: a renamed app (or an imported certificate
    // with the name Entra gave it) must not change the signing key.
    expect(t.resource("azuread_service_principal_token_signing_certificate").lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ["display_name"] });
    const patches = Object.values(t.resources("msgraph_resource_action"));
    expect(patches).toEqual([
      expect.objectContaining({
        method: "PATCH",
        resource_url: `servicePrincipals/\${${t.address("time_sleep")}.triggers.service_principal_object_id}`,
        // A new certificate has a new thumbprint: the changed body re-runs the PATCH in the same apply.
        body: { preferredTokenSigningKeyThumbprint: `\${${cert}.thumbprint}` },
      }),
    ]);
  });

  it("never makes an empty thumbprint the active key: the PATCH's precondition fails with what to give instead", () => {
    const { t } = synth();
    const cert = t.address("azuread_service_principal_token_signing_certificate");
    const [patch] = Object.values(t.resources("msgraph_resource_action"));
    expect((patch!.lifecycle as { precondition: unknown[] }).precondition).toEqual([
      { condition: `\${${cert}.thumbprint != ""}`, error_message: expect.stringMatching(/no thumbprint.*keyId of its Verify key credential/) },
    ]);
  });

  it("rejects an entity id whose base64 holds a \"/\": azuread 3.7.0 could create it but never read its id back", () => {
    expect(() => synth(undefined, "https://x.example.com/saml/metadata?x=1")).toThrow(/^entityId: cannot be an identifier URI azuread 3\.7\.0 manages/);
    // The same "?" one character further on gives no "/" in base64.
    expect(synth(undefined, "https://x.example.com/saml/metadata/?x=1").sso.entityId).toBe("https://x.example.com/saml/metadata/?x=1");
  });

  it("orders every SAML piece after the service principal is in SAML mode", () => {
    const { t } = synth("userUID");
    const sp = t.address("azuread_service_principal");
    expect(t.resource("azuread_service_principal").preferred_single_sign_on_mode).toBe("saml");
    for (const type of [
      "azuread_application_identifier_uri",
      "azuread_application_redirect_uris",
      "azuread_service_principal_token_signing_certificate",
      "azuread_service_principal_claims_mapping_policy_assignment",
      "msgraph_resource_action",
    ]) {
      expect([type, t.resource(type).depends_on]).toEqual([type, [sp]]);
    }
  });

  it("GIVEN an entity id THEN it is the app's identifier URI", () => {
    const { t, sso } = synth(undefined, "urn:grafana:prod");
    expect(t.resource("azuread_application_identifier_uri").identifier_uri).toBe("urn:grafana:prod");
    expect(sso.entityId).toBe("urn:grafana:prod");
  });

  it("GIVEN an entity id that is a reference THEN it is not checked as a literal", () => {
    const t = synthEntra((stack, grafana) => {
      const app = new EntraEnterpriseApp(stack, "app", { displayName: "G", servicePrincipal: { preferredSingleSignOnMode: "saml" } });
      const entityId = new TerraformVariable(stack, "entity_id", { type: "string" });
      new EntraSamlSingleSignOn(stack, "sso", { app, grafana, tenantId: TENANT_ID, entityId: entityId.stringValue });
    });
    expect(t.resource("azuread_application_identifier_uri").identifier_uri).toBe("${var.entity_id}");
  });

  it("rejects an entity id Entra cannot take as identifier URI, naming entityId", () => {
    expect(() => synth(undefined, "grafana prod")).toThrow(/^entityId: must be an absolute URI/);
  });

  it("GIVEN the userUID claim THEN a claims mapping policy sends objectid as userUID, and every claim Grafana reads, explicitly", () => {
    const { t, sso } = synth("userUID");
    const policy = t.resource("azuread_claims_mapping_policy");
    expect(JSON.parse((policy.definition as string[])[0]!)).toEqual({
      ClaimsMappingPolicy: {
        Version: 1,
        IncludeBasicClaimSet: "true",
        ClaimsSchema: [
          { Source: "user", ID: "userprincipalname", SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name" },
          { Source: "user", ID: "mail", SamlClaimType: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
          { Source: "user", ID: "displayname", SamlClaimType: "http://schemas.microsoft.com/identity/claims/displayname" },
          { Source: "user", ID: "objectid", SamlClaimType: "userUID" },
        ],
      },
    });
    // Each claim in the policy is one Grafana's SAML settings read.
    expect(JSON.parse((policy.definition as string[])[0]!).ClaimsMappingPolicy.ClaimsSchema.map((c: { SamlClaimType: string }) => c.SamlClaimType).sort()).toEqual(
      [sso.grafanaSamlSettings.assertionAttributeLogin, sso.grafanaSamlSettings.assertionAttributeEmail, sso.grafanaSamlSettings.assertionAttributeName, sso.grafanaSamlSettings.assertionAttributeExternalUid].sort(),
    );
    expect(t.resource("azuread_service_principal_claims_mapping_policy_assignment")).toEqual(
      expect.objectContaining({ claims_mapping_policy_id: `\${${t.address("azuread_claims_mapping_policy")}.id}` }),
    );
    expect(sso.grafanaSamlSettings.assertionAttributeExternalUid).toBe("userUID");
    expect(sso.grafanaSamlSettings.idpMetadataUrl).toMatch(
      new RegExp(`^https://login\\.microsoftonline\\.com/${TENANT_ID}/federationmetadata/2007-06/federationmetadata\\.xml\\?appid=\\$\\{TfToken`),
    );
  });

  describe("claimNames: the names Grafana reads the login, email and name from", () => {
    const withNames = (claim: EntraExternalUidClaim, claimNames: EntraSamlClaimNames) => synth(claim, undefined, claimNames);

    it("GIVEN userUID THEN the policy sends each user property under the given name, and Grafana's settings carry the same names", () => {
      const { t, sso } = withNames("userUID", { login: "login", email: "email", name: "name" });
      const schema = JSON.parse((t.resource("azuread_claims_mapping_policy").definition as string[])[0]!).ClaimsMappingPolicy.ClaimsSchema;
      expect(schema).toEqual([
        { Source: "user", ID: "userprincipalname", SamlClaimType: "login" },
        { Source: "user", ID: "mail", SamlClaimType: "email" },
        { Source: "user", ID: "displayname", SamlClaimType: "name" },
        { Source: "user", ID: "objectid", SamlClaimType: "userUID" },
      ]);
      expect(sso.grafanaSamlSettings).toEqual(expect.objectContaining({ assertionAttributeLogin: "login", assertionAttributeEmail: "email", assertionAttributeName: "name" }));
    });

    it("GIVEN no policy THEN the names only tell Grafana what the app's Attributes & Claims send", () => {
      const { t, sso } = withNames("objectidentifier", { email: "email" });
      expect(t.count("azuread_claims_mapping_policy")).toBe(0);
      expect(sso.grafanaSamlSettings.assertionAttributeEmail).toBe("email");
    });

    it.each<[string, EntraExternalUidClaim, object, RegExp]>([
      ["two properties under one name", "userUID", { login: "mail", email: "mail" }, /^claimNames\.email: "mail" is also the login claim; the claims mapping policy sends one user property per claim name/],
      ["a property under the object id's claim", "userUID", { name: "userUID" }, /^claimNames\.name: "userUID" is also the object id claim/],
      ["an empty name", "userUID", { login: " " }, /^claimNames\.login: must not be empty/],
      ["a template sequence with the policy", "userUID", { email: "${path.cwd}" }, /^claimNames\.email: must not contain "\$\{"/],
      ["a template sequence without it", "objectidentifier", { name: "%{x}" }, /^claimNames\.name: must not contain "%\{"/],
    ])("refuses %s, naming the prop", (_name, claim, names, error) => {
      expect(() => withNames(claim, names)).toThrow(error);
    });
  });

  it.each([["the default", undefined], ["the built-in objectidentifier claim", "objectidentifier" as const]])("GIVEN %s THEN no policy (guests get the claim too), and Grafana reads Entra's objectidentifier claim", (_name, claim) => {
    const { t, sso } = synth(claim);
    expect(t.synthesized).not.toHaveResource(ClaimsMappingPolicy);
    expect(sso.grafanaSamlSettings.assertionAttributeExternalUid).toBe("http://schemas.microsoft.com/identity/claims/objectidentifier");
  });

  it("needs the service principal managed in SAML mode", () => {
    expect(() =>
      synthEntra((stack, grafana) => {
        const app = new EntraEnterpriseApp(stack, "app", { displayName: "G" });
        new EntraSamlSingleSignOn(stack, "sso", { app, grafana, tenantId: TENANT_ID });
      }),
    ).toThrow(/^app: needs the enterprise app's service principal managed/);
  });
});
