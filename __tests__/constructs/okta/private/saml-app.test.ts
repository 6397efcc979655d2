import { AppSaml } from "@cdktf/provider-okta/lib/app-saml";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { GrafanaScim } from "../../../../constructs/grafana/grafana-scim";
import { OktaSamlApp, type OktaSamlAppProps } from "../../../../constructs/okta/private/saml-app";
import { applyConfig } from "../../../support/terraform";
import { Template } from "../../../support/template";

function build(stack: TerraformStack, props: Omit<OktaSamlAppProps, "grafana"> = {}): OktaSamlApp {
  new OktaProvider(stack, "okta", { orgName: "acme", baseUrl: "okta.com" });
  const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
  return new OktaSamlApp(stack, "app", { ...props, grafana });
}

function synth(props: Omit<OktaSamlAppProps, "grafana"> = {}) {
  let app!: OktaSamlApp;
  const template = Template.synth((stack) => (app = build(stack, props)));
  return { app, template, saml: template.resource("okta_app_saml") };
}

describe("OktaSamlApp", () => {
  it("GIVEN defaults THEN a custom SAML app posting signed responses and assertions to Grafana's ACS, audience Grafana's entity id", () => {
    const { template } = synth();
    expect(template.synthesized).toHaveResourceWithProperties(AppSaml, {
      label: "Grafana",
      status: "ACTIVE",
      sso_url: "https://grafana.example.com/saml/acs",
      recipient: "https://grafana.example.com/saml/acs",
      destination: "https://grafana.example.com/saml/acs",
      audience: "https://grafana.example.com/saml/metadata",
      response_signed: true,
      assertion_signed: true,
      signature_algorithm: "RSA_SHA256",
      digest_algorithm: "SHA256",
      implicit_assignment: false,
      subject_name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
      subject_name_id_template: "$${user.userName}",
      authn_context_class_ref: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    });
  });

  it("sets every field okta 4.20 requires of a custom SAML app (no preconfigured_app)", () => {
    const { saml } = synth();
    expect(saml.preconfigured_app).toBeUndefined();
    for (const field of ["sso_url", "recipient", "destination", "audience", "subject_name_id_template", "subject_name_id_format", "signature_algorithm", "digest_algorithm", "authn_context_class_ref"]) {
      expect({ field, set: typeof saml[field] === "string" && saml[field] !== "" }).toEqual({ field, set: true });
    }
    expect(saml.response_signed === true || saml.assertion_signed === true).toBe(true);
  });

  it("GIVEN defaults THEN the attribute statements send userUID = the Okta user id, Login, Email, DisplayName and no groups", () => {
    const { app, saml } = synth();
    expect(saml.attribute_statements).toEqual([
      { name: "userUID", type: "EXPRESSION", values: ['user.getInternalProperty("id")'] },
      { name: "Login", type: "EXPRESSION", values: ["user.login"] },
      { name: "Email", type: "EXPRESSION", values: ["user.email"] },
      { name: "DisplayName", type: "EXPRESSION", values: ['user.firstName + " " + user.lastName'] },
    ]);
    expect(app.groupsAttribute).toBeUndefined();
  });

  it("GIVEN options THEN label, NameID, audience, claim names and a GROUP statement follow them", () => {
    let app!: OktaSamlApp;
    const template = Template.synth((stack) => {
      app = build(stack, {
        label: "Grafana (prod)",
        nameIdFormat: "emailAddress",
        audience: "https://grafana.example.com/custom-entity",
        attributeNames: { login: "login", email: "mail" },
        groupsStatement: { name: "groups", filterType: "STARTS_WITH", filterValue: "grafana-" },
        authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:X509",
      });
      new TerraformOutput(stack, "idp_metadata_url", { value: app.grafanaSamlSettings.idpMetadataUrl });
    });
    const saml = template.resource("okta_app_saml");
    expect(saml).toEqual(
      expect.objectContaining({
        label: "Grafana (prod)",
        subject_name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        subject_name_id_template: "$${user.email}",
        audience: "https://grafana.example.com/custom-entity",
        authn_context_class_ref: "urn:oasis:names:tc:SAML:2.0:ac:classes:X509",
      }),
    );
    expect((saml.attribute_statements as Array<{ name: string }>).map((s) => s.name)).toEqual(["userUID", "login", "mail", "DisplayName", "groups"]);
    expect((saml.attribute_statements as unknown[]).at(-1)).toEqual({ name: "groups", type: "GROUP", filter_type: "STARTS_WITH", filter_value: "grafana-" });
    expect(template.output("idp_metadata_url").value).toBe(`\${${template.address("okta_app_saml")}.metadata_url}`);
    expect(app.grafanaSamlSettings).toEqual({
      idpMetadataUrl: expect.any(String),
      entityId: "https://grafana.example.com/custom-entity",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      assertionAttributeExternalUid: "userUID",
      assertionAttributeLogin: "login",
      assertionAttributeEmail: "mail",
      assertionAttributeName: "DisplayName",
      assertionAttributeGroups: "groups",
    });
  });

  it("exposes id and metadata URL as references to the app", () => {
    const template = Template.synth((stack) => {
      const app = build(stack);
      new TerraformOutput(stack, "id", { value: app.appId });
      new TerraformOutput(stack, "metadata", { value: app.metadataUrl });
    });
    const address = template.address("okta_app_saml");
    expect(template.output("id").value).toBe(`\${${address}.id}`);
    expect(template.output("metadata").value).toBe(`\${${address}.metadata_url}`);
  });

  it.each<[string, Omit<OktaSamlAppProps, "grafana">, RegExp]>([
    ["an empty label", { label: " " }, /^label: must not be empty$/],
    ["two claims with one name", { attributeNames: { login: "mail", email: "mail" } }, /^attributeNames\.email: "mail" is also the login attribute/],
    ["a groups claim named like another claim", { groupsStatement: { name: "Email" } }, /^groupsStatement\.name: "Email" is also the email attribute/],
    ["an empty group filter", { groupsStatement: { filterValue: "" } }, /^groupsStatement\.filterValue: must not be empty/],
    ["an unknown NameID format", { nameIdFormat: "email" as never }, /^nameIdFormat: must be one of unspecified, emailAddress, persistent, transient, x509SubjectName \(got "email"\)$/],
    ["an empty NameID template", { nameIdTemplate: "" }, /^nameIdTemplate: must not be empty$/],
  ])("rejects %s", (_name, props, message) => expect(() => synth(props)).toThrow(message));
});

describe("the synthesized Okta expressions, evaluated by the Terraform CLI", () => {
  it("GIVEN Okta expressions with ${ and %{ WHEN Terraform reads the synthesized values THEN Okta receives exactly the expressions", () => {
    const intended = {
      nameId: "${user.userName}@${org.subdomain}",
      label: "Grafana ${env} %{x}",
      filter: "^grafana-%{team}$",
    };
    const { saml } = synth({ label: intended.label, nameIdTemplate: intended.nameId, groupsStatement: { filterType: "REGEX", filterValue: intended.filter } });
    const statements = saml.attribute_statements as Array<{ name: string; values?: string[]; filter_value?: string }>;
    const result = applyConfig({
      output: {
        subject_name_id_template: { value: saml.subject_name_id_template },
        label: { value: saml.label },
        statement_values: { value: statements.map((s) => s.values ?? []) },
        group_filter: { value: statements.at(-1)!.filter_value },
      },
    });
    expect(result.ok).toBe(true);
    expect(result.outputs).toEqual({
      subject_name_id_template: intended.nameId,
      label: intended.label,
      statement_values: [['user.getInternalProperty("id")'], ["user.login"], ["user.email"], ['user.firstName + " " + user.lastName'], []],
      group_filter: intended.filter,
    });
  });

  it("GIVEN the default NameID template THEN Okta receives ${user.userName}", () => {
    const { saml } = synth();
    const result = applyConfig({ output: { t: { value: saml.subject_name_id_template } } });
    expect(result.outputs.t).toBe("${user.userName}");
  });
});
