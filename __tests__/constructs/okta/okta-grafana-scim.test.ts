import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { GrafanaScim, type GrafanaScimProps } from "../../../constructs/grafana/grafana-scim";
import { OktaGrafanaScim, oktaRunbookInput, type OktaGrafanaScimProps } from "../../../constructs/okta/okta-grafana-scim";
import { oktaScimRunbook } from "../../../constructs/okta/runbook";
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
  it("GIVEN a GrafanaScim THEN the SAML app, one assignment, the gate, all on the given provider", () => {
    const { template } = synth();
    expect(template.types()).toEqual(expect.arrayContaining(["data.okta_group", "okta_app_group_assignments", "okta_app_saml"]));
    expect(Object.keys(template.json.check ?? {}).filter((id) => id.includes("scim-gate"))).toHaveLength(1);
    for (const type of ["okta_app_saml", "okta_app_group_assignments"]) expect(template.resource(type).provider).toBe("okta");
    expect(template.resource("okta_app_saml").sso_url).toBe("https://grafana.example.com/saml/acs");
  });

  it("takes group sync and token options from the Grafana side unless given", () => {
    const { okta } = synth({}, { groupSync: false, token: { lifetimeDays: 90 } });
    expect(okta.runbookInput).toEqual(
      expect.objectContaining({
        environment: "test",
        groupSync: false,
        token: { lifetimeDays: 90 },
        tenantUrl: "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default",
        tokenOutput: "scim_token",
      }),
    );
    expect(synth({ groupSync: true, token: {}, environment: "prod" }, { groupSync: false }).okta.runbookInput).toEqual(
      expect.objectContaining({ environment: "prod", groupSync: true, token: {} }),
    );
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
      tokenOutput: "scim_token",
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
});
