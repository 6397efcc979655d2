import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformOutput } from "cdktf";
import { GrafanaScim } from "../../../../constructs/grafana/grafana-scim";
import { OktaSamlApp } from "../../../../constructs/okta/private/saml-app";
import { OktaScimGate, type OktaScimGateProps } from "../../../../constructs/okta/private/scim-gate";
import {
  REQUIRED_SCIM_FEATURES,
  requiredFeaturesProblem,
  requiredScimFeatures,
  scimEnabledCondition,
  scimGateMessage,
  scimMissingFeaturesExpression,
} from "../../../../constructs/okta/scim-gate-expressions";
import { applyConfig, replaceReferences, TerraformSession, type Diagnostic } from "../../../support/terraform";
import { Template } from "../../../support/template";

const HINT = "see the runbook output and the team's wiki.";

function synth(props: Partial<Omit<OktaScimGateProps, "app">> = {}) {
  return Template.synth((stack) => {
    new OktaProvider(stack, "okta", { orgName: "acme", baseUrl: "okta.com" });
    const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
    const app = new OktaSamlApp(stack, "app", { grafana, label: "Grafana (test)" });
    const gate = new OktaScimGate(stack, "gate", { runbookHint: HINT, ...props, app });
    new TerraformOutput(stack, "enabled", { value: gate.enabled });
    new TerraformOutput(stack, "missing", { value: gate.missingFeatures });
  });
}

describe("SCIM gate expressions (pure)", () => {
  const app = "okta_app_saml.app";

  it("read the app's features and wrap everything that could error in try()", () => {
    expect(scimEnabledCondition(app)).toBe(
      'try(length(setsubtract(["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"], okta_app_saml.app.features)) == 0, false)',
    );
    expect(scimMissingFeaturesExpression(app, ["B_FEATURE", "A_FEATURE"])).toBe(
      'try(sort(setsubtract(["B_FEATURE", "A_FEATURE"], okta_app_saml.app.features)), ["A_FEATURE", "B_FEATURE"])',
    );
  });

  it("say which app, what is missing, that it is manual and where the runbook is; literal text is escaped", () => {
    const message = scimGateMessage(app, "Grafana ${env}", "run npm run runbook -- prod.");
    expect(message).toContain('Okta app "Grafana $${env}" (id ${okta_app_saml.app.id})');
    expect(message).toContain(`\${join(", ", ${scimMissingFeaturesExpression(app)})}`);
    expect(message).toContain("Okta has no public API that enables SCIM on a custom SAML app, so these steps are manual: run npm run runbook -- prod.");
    expect(message).toContain("it never blocks plan or apply");
  });

  it.each<[readonly string[], string | undefined]>([
    [REQUIRED_SCIM_FEATURES, undefined],
    [[], "must name at least one feature, or the gate could never warn"],
    [["scim"], 'must be Okta feature names such as SCIM_PROVISIONING (got "scim")'],
    [['X"]'], 'must be Okta feature names such as SCIM_PROVISIONING (got "X"]")'],
    [["GROUP_PUSH", "GROUP_PUSH"], "must not repeat a feature"],
  ])("requiredFeaturesProblem(%j)", (features, problem) => expect(requiredFeaturesProblem(features)).toBe(problem));
});

describe("OktaScimGate", () => {
  it("GIVEN an app THEN one check block whose condition is the pure expression of the app's address", () => {
    const t = synth();
    const checks = Object.values(t.json.check ?? {});
    expect(checks).toHaveLength(1);
    const address = t.address("okta_app_saml");
    expect(checks[0]!.assert).toHaveLength(1);
    expect(checks[0]!.assert[0]!.condition).toBe(`\${${scimEnabledCondition(address)}}`);
    expect(checks[0]!.assert[0]!.error_message).toBe(scimGateMessage(address, "Grafana (test)", HINT));
    expect(t.output("enabled").value).toBe(`\${${scimEnabledCondition(address)}}`);
    expect(t.output("missing").value).toBe(`\${${scimMissingFeaturesExpression(address)}}`);
  });

  it("GIVEN other required features and a hint THEN the check uses them", () => {
    const t = synth({ requiredFeatures: ["SCIM_PROVISIONING", "GROUP_PUSH"], runbookHint: "see the wiki." });
    const [check] = Object.values(t.json.check ?? {});
    expect(check!.assert[0]!.condition).toContain('["SCIM_PROVISIONING", "GROUP_PUSH"]');
    expect(check!.assert[0]!.error_message).toContain("so these steps are manual: see the wiki.");
  });

  it("rejects required features that could never be checked", () => {
    expect(() => synth({ requiredFeatures: [] })).toThrow(/^requiredFeatures: must name at least one feature/);
  });
});

describe("group sync: the gate waits for Push Groups too", () => {
  it("requiredScimFeatures adds GROUP_PUSH with group sync only", () => {
    expect(requiredScimFeatures(false)).toEqual(REQUIRED_SCIM_FEATURES);
    expect(requiredScimFeatures(true)).toEqual([...REQUIRED_SCIM_FEATURES, "GROUP_PUSH"]);
  });

  // Feature lists as Okta returns them; the first is recorded in the okta provider's VCR fixtures
  // (v6.12.0, TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN/oie-00.yaml) for an app with SCIM and group push.
  it.each<[string, string[], string[]]>([
    ["SCIM with group push (as recorded from Okta's API)", ["PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION", "SCIM_PROVISIONING", "GROUP_PUSH", "REACTIVATE_USERS", "PUSH_PROFILE_UPDATES"], []],
    ["users pushed, Push Groups forgotten", ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"], ["GROUP_PUSH"]],
  ])("%s: evaluated by the Terraform CLI", (_name, features, missing) => {
    const t = synth({ requiredFeatures: requiredScimFeatures(true) });
    const config = replaceReferences({ check: t.json.check, output: t.json.output }, { [t.address("okta_app_saml")]: "app" });
    const result = applyConfig({ ...config, locals: { app: { id: "0oa1a2b3c4d5e6f7g8h9", features } } });
    expect(result.ok).toBe(true);
    expect(result.outputs.missing).toEqual(missing);
    const warnings = result.diagnostics.filter((d) => d.severity === "warning" && /SCIM provisioning is not enabled/.test(d.detail));
    expect(warnings).toHaveLength(missing.length === 0 ? 0 : 1);
    if (missing.length > 0) expect(warnings[0]!.detail).toContain("its features lack GROUP_PUSH. With Grafana's group sync on, GROUP_PUSH");
  });
});

describe("the gate, evaluated by the Terraform CLI (provider-free copy of the check and outputs)", () => {
  // The check block and the gate outputs exactly as synthesized, with the app pointed at fixture values.
  function evaluate(features: string[] | null) {
    const t = synth();
    const config = replaceReferences({ check: t.json.check, output: t.json.output }, { [t.address("okta_app_saml")]: "app" });
    return applyConfig({ ...config, locals: { app: { id: "0oa1a2b3c4d5e6f7g8h9", features } } });
  }

  const gateWarnings = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === "warning" && /SCIM provisioning is not enabled/.test(d.detail));

  it.each<[string, string[] | null, string[]]>([
    ["all features present", ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"], []],
    ["all present, with others and in another order", ["GROUP_PUSH", "PUSH_USER_DEACTIVATION", "PUSH_PROFILE_UPDATES", "IMPORT_NEW_USERS", "PUSH_NEW_USERS", "SCIM_PROVISIONING"], []],
    ["no features (SCIM never enabled)", [], ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "SCIM_PROVISIONING"]],
    ["SCIM on, To App switches off", ["SCIM_PROVISIONING", "IMPORT_NEW_USERS"], ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"]],
    ["one push feature missing", ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES"], ["PUSH_USER_DEACTIVATION"]],
    ["features null", null, ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "SCIM_PROVISIONING"]],
  ])("%s: warns with exactly the missing features, never fails the run", (_name, features, missing) => {
    const result = evaluate(features);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.outputs.enabled).toBe(missing.length === 0);
    expect(result.outputs.missing).toEqual(missing);
    const warnings = gateWarnings(result.diagnostics);
    expect(warnings).toHaveLength(missing.length === 0 ? 0 : 1);
    if (missing.length > 0) {
      expect(warnings[0]!.detail).toContain(`Okta app "Grafana (test)" (id 0oa1a2b3c4d5e6f7g8h9): its features lack ${missing.join(", ")}.`);
      expect(warnings[0]!.detail).toContain("these steps are manual");
    }
  });

  // Before the first apply the app's features are unknown. terraform_data (built into Terraform,
  // no provider) stands in for the app: its output is unknown at plan time.
  it("GIVEN features unknown at plan time THEN the plan defers the check with a warning, never an error", () => {
    const t = synth();
    const config = replaceReferences({ check: t.json.check, output: t.json.output }, { [t.address("okta_app_saml")]: "app" });
    const withUnknown = JSON.parse(JSON.stringify(config).split("local.app.").join("terraform_data.app.output.")) as Record<string, unknown>;
    const session = new TerraformSession();
    let plan;
    try {
      plan = session.write({ ...withUnknown, resource: { terraform_data: { app: { input: { id: "0oa1a2b3c4d5e6f7g8h9", features: [] } } } } }).plan();
    } finally {
      session.close();
    }
    expect(plan.ok).toBe(true);
    expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(plan.diagnostics.map((d) => d.summary)).toContain("Check block assertion known after apply");

    // and once applied the same configuration warns about every missing feature
    const applied = applyConfig({ ...withUnknown, resource: { terraform_data: { app: { input: { id: "0oa1a2b3c4d5e6f7g8h9", features: ["SCIM_PROVISIONING"] } } } } });
    expect(applied.ok).toBe(true);
    expect(applied.outputs.missing).toEqual(["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"]);
    expect(gateWarnings(applied.diagnostics)).toHaveLength(1);
  });
});
