import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import { GrafanaProvider } from "../../../../.gen/providers/grafana/provider";
import { ScimConfig } from "../../../../.gen/providers/grafana/scim-config";
import { Team } from "../../../../.gen/providers/grafana/team";
import { TeamExternalGroup } from "../../../../.gen/providers/grafana/team-external-group";
import { ScimSettings } from "../../../../constructs/grafana/private/scim-settings";
import { findTeamSync } from "../../../../constructs/grafana/private/team-sync-guard";

function stackWith(build: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new GrafanaProvider(stack, "grafana", {});
  build(stack);
  return stack;
}

describe("ScimSettings", () => {
  it("sets the three switches, rejecting non-provisioned users only when asked", () => {
    const synthesized = Testing.synthScope((stack) => new ScimSettings(stack, "scim", { userSync: true, groupSync: false }));
    expect(synthesized).toHaveResourceWithProperties(ScimConfig, { enable_user_sync: true, enable_group_sync: false, reject_non_provisioned_users: false });
    const strict = Testing.synthScope((stack) => new ScimSettings(stack, "scim", { userSync: true, groupSync: true, rejectNonProvisionedUsers: true }));
    expect(strict).toHaveResourceWithProperties(ScimConfig, { enable_group_sync: true, reject_non_provisioned_users: true });
  });
});

describe("the provider settings grafana_scim_config ignores are named at synthesis", () => {
  const warningsOf = (providerConfig: ConstructorParameters<typeof GrafanaProvider>[2]) => {
    const stack = new TerraformStack(Testing.app(), "test");
    new GrafanaProvider(stack, "grafana", providerConfig);
    const scim = new ScimSettings(stack, "scim", { userSync: true, groupSync: false });
    Testing.synth(stack);
    return scim.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
  };

  it("GIVEN a private CA and extra headers on the provider THEN a warning says the SCIM config calls use neither", () => {
    const warnings = warningsOf({ url: "https://grafana.internal.example", caCert: "/etc/ssl/internal-ca.pem", httpHeaders: { "X-Proxy": "1" } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^grafana_scim_config ignores the grafana provider's ca_cert, http_headers: .*resource_scim_config\.go.*SSL_CERT_FILE/);
  });

  it("GIVEN a plain provider THEN no warning", () => {
    expect(warningsOf({ url: "https://grafana.example.com" })).toEqual([]);
  });
});

describe("Team Sync guardrail", () => {
  const teamSyncByExternalGroup = (stack: TerraformStack) =>
    new TeamExternalGroup(stack, "platform-sync", { teamId: "1:7", groups: ["platform"] });
  const teamSyncInline = (stack: TerraformStack) => new Team(stack, "platform", { name: "Platform", teamSync: [{ groups: ["platform"] }] });

  it.each([
    ["grafana_team_external_group", teamSyncByExternalGroup, "test/platform-sync (grafana_team_external_group)"],
    ["grafana_team with team_sync", teamSyncInline, "test/platform (grafana_team)"],
  ])("GIVEN group sync and a %s WHEN synthesized THEN synthesis fails and says why", (_name, addTeamSync, culprit) => {
    const stack = stackWith((s) => {
      new ScimSettings(s, "scim", { userSync: true, groupSync: true });
      addTeamSync(s);
    });
    expect(() => Testing.synth(stack, true)).toThrow(culprit);
    expect(() => Testing.synth(stack, true)).toThrow(/SCIM group sync is enabled by test\/scim.*undo each other's changes.*does not refuse the combination itself.*groupSync false.*This check sees only this stack/s);
  });

  it("GIVEN user sync only THEN Team Sync is allowed", () => {
    const stack = stackWith((s) => {
      new ScimSettings(s, "scim", { userSync: true, groupSync: false });
      teamSyncByExternalGroup(s);
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("GIVEN group sync and a team without team_sync THEN synthesis succeeds", () => {
    const stack = stackWith((s) => {
      new ScimSettings(s, "scim", { userSync: true, groupSync: true });
      new Team(s, "plain", { name: "Plain" });
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(findTeamSync(stack)).toEqual([]);
  });

  it("finds Team Sync added through an escape hatch", () => {
    const stack = stackWith((s) => new Team(s, "hatch", { name: "Hatch" }).addOverride("team_sync", { groups: ["x"] }));
    expect(findTeamSync(stack)).toEqual(["test/hatch (grafana_team)"]);
  });
});
