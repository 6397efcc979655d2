import {
  oktaScimRunbook,
  oktaScimRunbookTemplate,
  scimProvisioningActions,
  type OktaScimRunbookInput,
} from "../../../constructs/okta/runbook";
import { requiredScimFeatures } from "../../../constructs/okta/scim-gate-expressions";
import { applyConfig } from "../../support/terraform";

const input: Omit<OktaScimRunbookInput, "app"> = {
  environment: "prod",
  org: { orgName: "acme", baseUrl: "okta.com" },
  appLabel: "Grafana",
  tenantUrl: "https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456",
  groupSync: true,
  groups: [{ name: "Grafana Users" }, { id: "00g1a2b3c4d5e6f7g8h9" }],
  requiredFeatures: requiredScimFeatures(true),
  // What an app of environment files passes (stacks/identity-providers/okta.ts).
  links: {
    stackDirectory: "cdktf.out/stacks/prod",
    deployCommand: "npm run deploy -- prod",
    planCommand: "npm run diff -- prod",
    documentation: "docs/okta.md",
    tokenOutput: "scim_token",
    appIdOutput: "okta_app_id",
    scimEnabledOutput: "okta_scim_enabled",
  },
};
const app = { id: "0oa1a2b3c4d5e6f7g8h9", name: "acme_grafana_1" };

describe("oktaScimRunbook", () => {
  it("GIVEN a deployed app THEN every manual step with its exact value, in order", () => {
    const text = oktaScimRunbook({ ...input, app });
    const steps = [
      "Open https://acme-admin.okta.com/admin/app/acme_grafana_1/instance/0oa1a2b3c4d5e6f7g8h9/#tab-general",
      '1. General tab > App Settings > Edit: under Provisioning, select "SCIM". Save.',
      "2. Provisioning tab > Settings > Integration > Edit:",
      "SCIM connector base URL:           https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456",
      "Unique identifier field for users: userName",
      "Supported provisioning actions:    Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups",
      "Authentication Mode:               HTTP Header",
      "cd cdktf.out/stacks/prod && terraform output -raw scim_token",
      "(scim_token is a sensitive output: plan, apply and this runbook never print it)",
      'Click "Test Connector Configuration"; it must succeed. Save.',
      "3. Provisioning tab > Settings > To App > Edit: enable Create Users, Update User Attributes, Deactivate Users. Save.",
      "4. Push Groups tab > Push Groups > Find groups by name",
      "- Grafana Users",
      "- the group with id 00g1a2b3c4d5e6f7g8h9",
      "not which groups are pushed",
      "5. Check: npm run diff -- prod (or terraform plan in cdktf.out/stacks/prod).",
      "include SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, GROUP_PUSH",
      "terraform output okta_scim_enabled is true",
    ];
    let from = 0;
    for (const step of steps) {
      const at = text.indexOf(step, from);
      expect({ step, found: at >= 0 }).toEqual({ step, found: true });
      from = at + step.length;
    }
    expect(text).toContain("Okta has no public API that enables SCIM provisioning on a custom SAML app");
    expect(text).not.toContain("Token:");
  });

  it.each<[string, boolean | undefined, RegExp]>([
    ["Grafana refuses IdP-initiated logins", false, /^Dashboard tile: clicking the app on an Okta dashboard starts an IdP-initiated login, which Grafana refuses \(saml\.allowIdpInitiated is false/m],
    ["Grafana accepts them", true, /^Dashboard tile: .*only if Grafana's relay_state equals the app's Default RelayState/m],
    ["Grafana's SAML is not managed here", undefined, /^Dashboard tile: whether clicking the app on an Okta dashboard works depends on Grafana's allow_idp_initiated/m],
  ])("says what the Okta dashboard tile does when %s", (_name, idpInitiatedLogin, note) => {
    expect(oktaScimRunbook({ ...input, app, ...(idpInitiatedLogin === undefined ? {} : { idpInitiatedLogin }) })).toMatch(note);
  });

  it("GIVEN no deployed app THEN it says where the app id is found after the deploy", () => {
    const text = oktaScimRunbook(input);
    expect(text).toContain("cd cdktf.out/stacks/prod && terraform output -raw okta_app_id");
    expect(text).toContain('Open https://acme-admin.okta.com/admin/apps/active and select "Grafana".');
    expect(text).not.toContain("/instance/");
  });

  it("GIVEN group sync off THEN no Push Groups action and no Push Groups step", () => {
    const text = oktaScimRunbook({ ...input, groupSync: false });
    expect(scimProvisioningActions(false)).not.toContain("Push Groups");
    expect(text).not.toContain("Push Groups");
    expect(text).toContain("4. Check: npm run diff -- prod");
  });

  it("GIVEN a token lifetime or rotation THEN it says each replaced token must be pasted again", () => {
    const text = oktaScimRunbook({ ...input, token: { lifetimeDays: 90, rotationDays: 60 } });
    expect(text).toContain("Token: it is replaced every 60 days (token.rotationDays) and it expires 90 days after it is created (token.lifetimeDays).");
    expect(text).toContain("repeat step 2's Authorization and Test Connector with the new token");
  });

  it("GIVEN another token output name or required features THEN it names them", () => {
    const text = oktaScimRunbook({ ...input, links: { ...input.links, tokenOutput: "okta_token" }, requiredFeatures: ["SCIM_PROVISIONING"] });
    expect(text).toContain("terraform output -raw okta_token");
    expect(text).toContain("features include SCIM_PROVISIONING;");
  });

  it("GIVEN no links THEN cdktf's commands and layout, and no output, command or document of a deployment it cannot know", () => {
    const { links: _links, ...bare } = input;
    const text = oktaScimRunbook(bare);
    expect(text).toContain("  Its id is known after the first deploy (cdktf deploy prod).");
    expect(text).toContain("Check: cdktf diff prod (or terraform plan in cdktf.out/stacks/prod).");
    expect(text).toContain("include SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, GROUP_PUSH.");
    expect(text).toContain("the Grafana SCIM token (this stack names no output for it; this runbook never prints it)");
    expect(text).not.toMatch(/npm run|docs\/okta|terraform output|Why, and what is automated/);
  });
});

describe("oktaScimRunbookTemplate, rendered by the Terraform CLI", () => {
  it("GIVEN the app as references THEN Terraform renders exactly the plain runbook of the deployed app, tricky labels included", () => {
    const tricky = { ...input, appLabel: "Grafana ${env} %{x} $${y}", groups: [{ name: "team-${a}" }] };
    const template = oktaScimRunbookTemplate(tricky, { id: "${local.app.id}", name: "${local.app.name}" });
    const result = applyConfig({ locals: { app }, output: { runbook: { value: template } } });
    expect(result.ok).toBe(true);
    expect(result.outputs.runbook).toBe(oktaScimRunbook({ ...tricky, app }));
  });
});
