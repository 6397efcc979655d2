import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { AnnotationMetadataEntryType, TerraformOutput, TerraformVariable, type TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { GrafanaScim, type GrafanaScimProps, type IGrafanaScim } from "../../../constructs/grafana/grafana-scim";
import { OktaGrafanaScim, oktaRunbookInput, type OktaGrafanaScimProps } from "../../../constructs/okta/okta-grafana-scim";
import { oktaScimRunbook } from "../../../constructs/okta/runbook";
import { requiredScimFeatures } from "../../../constructs/okta/scim-gate-expressions";
import { applyConfig, replaceReferences } from "../../support/terraform";
import { Template } from "../../support/template";

const org = { orgName: "acme", baseUrl: "okta.com" } as const;

function synth(props: Partial<Omit<OktaGrafanaScimProps, "grafana">> = {}, grafanaProps: Partial<GrafanaScimProps> = {}) {
  let okta!: OktaGrafanaScim;
  const template = Template.synth((stack: TerraformStack) => {
    const provider = new OktaProvider(stack, "okta", org);
    const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" }, ...grafanaProps });
    okta = new OktaGrafanaScim(stack, "okta-scim", { grafana, org, groups: [{ name: "Grafana Users" }], provider, ...props });
    new TerraformOutput(stack, "runbook", { value: okta.runbook });
  });
  return { okta, template };
}

describe("OktaGrafanaScim", () => {
  it("GIVEN a GrafanaScim that another OktaGrafanaScim already takes THEN it refuses the grafana prop, naming both (one identity provider per Grafana)", () => {
    expect(() =>
      Template.synth((stack: TerraformStack) => {
        const provider = new OktaProvider(stack, "okta", org);
        const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
        new OktaGrafanaScim(stack, "okta-scim", { grafana, org, groups: [{ name: "Grafana Users" }], provider });
        new OktaGrafanaScim(stack, "okta-scim-2", { grafana, org, groups: [{ name: "Other" }], provider });
      }),
    ).toThrow('grafana: GrafanaScim "test/grafana-scim" already provisions from OktaGrafanaScim "test/okta-scim": one identity provider per Grafana');
  });

  it("GIVEN a GrafanaScim THEN the SAML app, one assignment, the gate, all on the given provider", () => {
    const { template } = synth();
    expect(template.types()).toEqual(expect.arrayContaining(["data.okta_group", "okta_app_group_assignments", "okta_app_saml"]));
    expect(Object.keys(template.json.check ?? {}).filter((id) => id.includes("scim-gate"))).toHaveLength(1);
    for (const type of ["okta_app_saml", "okta_app_group_assignments"]) expect(template.resource(type).provider).toBe("okta");
    expect(template.resource("okta_app_saml").sso_url).toBe("https://grafana.example.com/saml/acs");
  });

  it("takes group sync, the token's lifetime and its output from the Grafana side", () => {
    const { okta } = synth({}, { groupSync: false, token: { lifetimeDays: 90 }, tokenOutput: "scim_token" });
    expect(okta.runbookInput).toEqual(
      expect.objectContaining({
        environment: "test",
        groupSync: false,
        token: { lifetimeDays: 90 },
        tenantUrl: "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default",
        links: { tokenOutput: "scim_token" },
      }),
    );
    expect(synth({ environment: "prod" }, { groupSync: true }).okta.runbookInput).toEqual(expect.objectContaining({ environment: "prod", groupSync: true, token: {} }));
  });

  it("GIVEN runbook links THEN the runbook and the gate's warning use them; a token output given there wins over the Grafana side's", () => {
    const links = { tokenOutput: "grafana_token", appIdOutput: "app_id", runbookOutput: "okta_runbook", planCommand: "make plan", documentation: "wiki/okta" };
    const { okta, template } = synth({ runbookLinks: links }, { tokenOutput: "scim_token" });
    expect(okta.runbookInput.links).toEqual(links);
    const text = oktaScimRunbook(okta.runbookInput);
    expect(text).toContain("terraform output -raw grafana_token");
    expect(text).toContain("terraform output -raw app_id");
    expect(text).toContain("Check: make plan (or terraform plan in cdktf.out/stacks/test).");
    expect(text).toContain("Why, and what is automated: wiki/okta.");
    const gate = Object.values(template.json.check ?? {}).find((c) => c.assert[0]!.error_message.includes("SCIM provisioning"))!.assert[0]!.error_message;
    expect(gate).toContain("see the okta_runbook output (terraform output -raw okta_runbook) and wiki/okta.");
  });

  it("GIVEN no links THEN no output, command or document of any deployment is named but cdktf's own", () => {
    const { okta, template } = synth();
    const text = oktaScimRunbook(okta.runbookInput);
    expect(text).not.toMatch(/npm run|docs\/okta\.md|scim_token|okta_app_id|okta_scim/);
    expect(text).toContain("Its id is known after the first deploy (cdktf deploy test).");
    expect(text).toContain("the Grafana SCIM token (this stack names no output for it; this runbook never prints it)");
    const gate = Object.values(template.json.check ?? {}).find((c) => c.assert[0]!.error_message.includes("SCIM provisioning"))!.assert[0]!.error_message;
    expect(gate).toContain('see the runbook of OktaGrafanaScim "test/okta-scim" (its runbook attribute).');
  });

  it("GIVEN the synthesized runbook output WHEN Terraform renders it for a deployed app THEN it is the plain runbook with that app", () => {
    const { okta, template } = synth({ label: "Grafana ${x}" });
    const app = { id: "0oa1a2b3c4d5e6f7g8h9", name: "acme_grafana_1" };
    const config = replaceReferences({ output: { runbook: template.output("runbook") } }, { [template.address("okta_app_saml")]: "app" });
    const result = applyConfig({ ...config, locals: { app } });
    expect(result.ok).toBe(true);
    expect(result.outputs.runbook).toBe(oktaScimRunbook({ ...okta.runbookInput, app }));
    expect(result.outputs.runbook).toContain('"Grafana ${x}"');
  });

  it("GIVEN group sync THEN the gate also waits for GROUP_PUSH and says why; without it, not", () => {
    const gateOf = (groupSync: boolean) => {
      const { okta, template } = synth({}, { groupSync });
      return { required: okta.gate.requiredFeatures, message: Object.values(template.json.check ?? {}).find((c) => c.assert[0]!.error_message.includes("SCIM provisioning"))!.assert[0]!.error_message };
    };
    const on = gateOf(true);
    expect(on.required).toEqual(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "GROUP_PUSH"]);
    expect(on.message).toContain('GROUP_PUSH (the "Push Groups" action, then the groups on the Push Groups tab) is needed too: without it users are provisioned and no team is.');
    const off = gateOf(false);
    expect(off.required).not.toContain("GROUP_PUSH");
    expect(off.message).not.toContain("GROUP_PUSH");
  });

  it("oktaRunbookInput applies the construct's defaults", () => {
    expect(oktaRunbookInput({ environment: "e", org, tenantUrl: "https://t", groupSync: true, groups: [{ name: "g" }] })).toEqual({
      environment: "e",
      org,
      appLabel: "Grafana",
      tenantUrl: "https://t",
      groupSync: true,
      groups: [{ name: "g" }],
      requiredFeatures: ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "GROUP_PUSH"],
      token: {},
    });
  });

  describe("the token is pasted by hand, so the constructs refuse to rotate it", () => {
    it("declares manual delivery on the Grafana side", () => {
      const { okta } = synth({}, { token: { lifetimeDays: 90 } });
      expect(okta.node.scope).toBeDefined();
      const grafana = okta.node.scope!.node.findChild("grafana-scim") as GrafanaScim;
      expect(grafana.tokenDelivery).toBe("manual");
    });

    it("GIVEN GrafanaScim with token.rotationDays THEN refused, naming token.rotationDays and tokenDelivery", () => {
      expect(() => synth({}, { token: { lifetimeDays: 90, rotationDays: 30 } })).toThrow(
        /^token\.rotationDays: rotates the token every 30 days, but tokenDelivery is "manual", as OktaGrafanaScim "test\/okta-scim" declares \(Okta cannot receive the SCIM token through any API/,
      );
    });

    it("GIVEN GrafanaScim told the token is delivered automatically THEN refused, naming tokenDelivery", () => {
      expect(() => synth({}, { tokenDelivery: "automatic" })).toThrow(
        /^tokenDelivery: is "automatic", set by the tokenDelivery prop; it cannot also be "manual", as OktaGrafanaScim "test\/okta-scim" declares/,
      );
    });
  });

  it("rejects a malformed org before building anything", () => {
    expect(() => synth({ org: { orgName: "https://acme.okta.com", baseUrl: "okta.com" } })).toThrow(/^org\.orgName: expected the org name only/);
  });

  describe("adopt: importing a setup made by hand is a method of the construct", () => {
    it("GIVEN the app id THEN import blocks for the app and its group assignments", () => {
      let okta!: OktaGrafanaScim;
      const template = Template.synth((stack: TerraformStack) => {
        const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
        okta = new OktaGrafanaScim(stack, "okta-scim", { grafana, org, groups: [{ name: "Grafana Users" }], provider: new OktaProvider(stack, "okta", org) });
        okta.adopt({ appId: "0oa1a2b3c4d5e6f7g8h9" });
      });
      expect(template.json.import).toEqual([
        { to: template.address("okta_app_saml"), id: "0oa1a2b3c4d5e6f7g8h9" },
        { to: template.address("okta_app_group_assignments"), id: "0oa1a2b3c4d5e6f7g8h9" },
      ]);
    });

    it("GIVEN an app id of the wrong shape THEN refused, naming adopt.appId", () => {
      expect(() =>
        Template.synth((stack: TerraformStack) => {
          const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
          new OktaGrafanaScim(stack, "okta-scim", { grafana, org, groups: [{ name: "G" }], provider: new OktaProvider(stack, "okta", org) }).adopt({ appId: "grafana" });
        }),
      ).toThrow(/^adopt\.appId: must be the Okta app id, 0oa followed by 17 letters or digits$/);
    });
  });

  it("takes any IGrafanaScim, not only GrafanaScim: it reads the interface's attributes and declares the delivery through it", () => {
    const declared: string[] = [];
    class OtherGrafana extends Construct implements IGrafanaScim {
      readonly grafanaUrl = "https://grafana.example.com";
      readonly tenantUrl = "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default";
      readonly tokenValue = "${var.token}";
      readonly userSync = true;
      readonly groupSync = false;
      readonly tokenLifetime = { lifetimeDays: 30 };
      readonly tokenOutput = "other_token";
      readonly tokenDelivery = "manual" as const;
      declareTokenDelivery(delivery: "automatic" | "manual", by: IConstruct): void {
        declared.push(`${delivery} by ${by.node.path}`);
      }
    }
    let okta!: OktaGrafanaScim;
    Template.synth((stack: TerraformStack) => {
      okta = new OktaGrafanaScim(stack, "okta-scim", { grafana: new OtherGrafana(stack, "other"), org, groups: [{ name: "G" }], provider: new OktaProvider(stack, "okta", org) });
    });
    expect(declared).toEqual(["manual by test/okta-scim"]);
    expect(okta.runbookInput).toEqual(expect.objectContaining({ groupSync: false, token: { lifetimeDays: 30 }, links: { tokenOutput: "other_token" } }));
    expect(okta.gate.requiredFeatures).not.toContain("GROUP_PUSH");
  });

  it("GIVEN the org name and a group id from TerraformVariables THEN they are not validated here and it synthesizes", () => {
    const template = Template.synth((stack: TerraformStack) => {
      const orgName = new TerraformVariable(stack, "okta_org", { type: "string" }).stringValue;
      const groupId = new TerraformVariable(stack, "group_id", { type: "string" }).stringValue;
      const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
      new OktaGrafanaScim(stack, "okta-scim", { grafana, org: { orgName, baseUrl: "okta.com" }, groups: [{ id: groupId }], provider: new OktaProvider(stack, "okta", { orgName, baseUrl: "okta.com" }) });
    });
    expect(template.resource("okta_app_group_assignments").group).toEqual([{ id: "${var.group_id}" }]);
  });

  it("says which claim carries the Okta user id, the one its attribute names give", () => {
    expect(synth().okta.externalUidClaims).toEqual(["userUID"]);
    expect(synth({ attributeNames: { externalUid: "oktaId" } }).okta.externalUidClaims).toEqual(["oktaId"]);
    // Its grafanaSamlSettings carry the construct, so spreading them turns GrafanaSamlSettings' claim check on.
    const { okta } = synth();
    expect(okta.grafanaSamlSettings.identityProvider).toBe(okta);
  });
});

describe("OktaGrafanaScim's requiredFeatures narrower than the defaults (gap review)", () => {
  const warningsOf = (okta: OktaGrafanaScim) => okta.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));

  it("GIVEN requiredFeatures without PUSH_USER_DEACTIVATION and GROUP_PUSH THEN a synthesis warning names them and what goes unwatched (before: silent)", () => {
    const { okta } = synth({ requiredFeatures: ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES"] });
    const warnings = warningsOf(okta);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^requiredFeatures leaves out GROUP_PUSH, PUSH_USER_DEACTIVATION: the SCIM gate no longer warns while they are off/);
  });

  it("GIVEN the defaults, or more than them, THEN no warning", () => {
    expect(warningsOf(synth().okta)).toEqual([]);
    expect(warningsOf(synth({ requiredFeatures: [...requiredScimFeatures(true), "IMPORT_NEW_USERS"] }).okta)).toEqual([]);
    expect(warningsOf(synth({ requiredFeatures: requiredScimFeatures(false) }, { groupSync: false }).okta)).toEqual([]);
  });
});

describe("OktaGrafanaScim given values of the wrong form by a JavaScript caller (gap review)", () => {
  it.each<[string, Partial<Omit<OktaGrafanaScimProps, "grafana">>, RegExp]>([
    ["no org", { org: undefined as never }, /^org: is required: the Okta org, \{ orgName, baseUrl \}/],
    ["no Grafana side", { grafana: undefined } as never, /^grafana: is required: the Grafana side \(a GrafanaScim\)/],
    ["no groups", { groups: undefined as never }, /^groups: must list at least one group/],
    ["a group that is no object", { groups: [undefined as never] }, /^groups\[0\]: must be a group: \{ id \} or \{ name \}/],
  ])("GIVEN %s THEN refused naming the prop (before: a TypeError)", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it.each<[string, Partial<Omit<OktaGrafanaScimProps, "grafana">>, RegExp]>([
    ["a bidirectional control in the label", { label: "Grafana \u2066x" }, /^label: contains a bidirectional control character \(U\+2066/],
    ["a control character in a group name", { groups: [{ name: "Grafana\u0000" }] }, /^groups\[0\]\.name: contains a control character \(U\+0000/],
    ["a control character in an attribute name", { attributeNames: { login: "login\n" } }, /^attributeNames\.login: contains a control character \(U\+000A/],
  ])("GIVEN %s THEN refused naming the prop (before: synthesized; an environment file cannot hold it)", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
