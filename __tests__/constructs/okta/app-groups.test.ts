import { AppGroupAssignments } from "@cdktf/provider-okta/lib/app-group-assignments";
import { DataOktaGroup } from "@cdktf/provider-okta/lib/data-okta-group";
import { Group } from "@cdktf/provider-okta/lib/group";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { GrafanaScim } from "../../../constructs/grafana/grafana-scim";
import { OktaAppGroups } from "../../../constructs/okta/app-groups";
import type { OktaGroupRef } from "../../../constructs/okta/groups";
import { OktaSamlApp } from "../../../constructs/okta/saml-app";
import { Template } from "../../support/template";

const ID = "00g1a2b3c4d5e6f7g8h9";

function synth(groups: readonly OktaGroupRef[]) {
  return Template.synth((stack) => {
    new OktaProvider(stack, "okta", { orgName: "acme", baseUrl: "okta.com" });
    const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
    const app = new OktaSamlApp(stack, "app", { grafana });
    new OktaAppGroups(stack, "groups", { app, groups });
  });
}

describe("OktaAppGroups", () => {
  it("GIVEN groups by id, by name and to create THEN one okta_app_group_assignments assigns them all, in order", () => {
    const t = synth([{ name: "Grafana Users" }, { id: ID }, { name: "Grafana Admins", create: true, description: "admins" }]);
    expect(t.count("okta_app_group_assignments")).toBe(1);
    expect(t.synthesized).toHaveDataSourceWithProperties(DataOktaGroup, { name: "Grafana Users" });
    expect(t.synthesized).toHaveResourceWithProperties(Group, { name: "Grafana Admins", description: "admins" });
    const lookup = `data.okta_group.${Object.keys(t.dataSources("okta_group"))[0]}`;
    expect(t.resource("okta_app_group_assignments")).toEqual(
      expect.objectContaining({
        app_id: `\${${t.address("okta_app_saml")}.id}`,
        group: [{ id: `\${${lookup}.id}` }, { id: ID }, { id: `\${${t.address("okta_group")}.id}` }],
      }),
    );
  });

  it("GIVEN only existing groups by id THEN no group resource or lookup, just the assignment", () => {
    const t = synth([{ id: ID }]);
    expect(t.types()).toEqual(expect.arrayContaining(["okta_app_group_assignments", "okta_app_saml"]));
    expect(t.synthesized).not.toHaveResource(Group);
    expect(t.synthesized).not.toHaveDataSource(DataOktaGroup);
    expect(t.synthesized).toHaveResourceWithProperties(AppGroupAssignments, { group: [{ id: ID }] });
  });

  it("GIVEN a reordered list THEN the same logical ids (ids come from the group, not its position)", () => {
    const ids = (tpl: Template) => [...Object.keys(tpl.dataSources("okta_group")), ...Object.keys(tpl.resources("okta_group"))].sort();
    const before = synth([{ name: "Grafana Users" }, { name: "Grafana Admins", create: true }, { id: ID }]);
    const after = synth([{ id: ID }, { name: "Grafana Admins", create: true }, { name: "Grafana Users" }, { name: "Other" }]);
    expect(ids(after)).toEqual(expect.arrayContaining(ids(before)));
  });

  it("GIVEN names that slug alike THEN each gets its own construct", () => {
    const t = synth([{ name: "Grafana Users" }, { name: "Grafana-Users" }]);
    expect(Object.values(t.dataSources("okta_group")).map((d) => d.name).sort()).toEqual(["Grafana Users", "Grafana-Users"]);
  });

  it("escapes group names for Terraform", () => {
    const t = synth([{ name: "team-${x}", create: true }]);
    expect(t.resource("okta_group").name).toBe("team-$${x}");
  });

  it.each<[string, readonly OktaGroupRef[], RegExp]>([
    ["no groups", [], /^groups: must list at least one group/],
    ["a malformed id", [{ id: "abc" }], /^groups\[0\]\.id: must be an Okta group id/],
    ["the same group twice", [{ name: "a" }, { name: "A" }], /^groups\[1\]: names the same group as item 0/],
  ])("rejects %s", (_name, groups, message) => expect(() => synth(groups)).toThrow(message));
});
