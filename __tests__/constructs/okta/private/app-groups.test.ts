import { AppGroupAssignments } from "@cdktf/provider-okta/lib/app-group-assignments";
import { DataOktaGroup } from "@cdktf/provider-okta/lib/data-okta-group";
import { Group } from "@cdktf/provider-okta/lib/group";
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { GrafanaScim } from "../../../../constructs/grafana/grafana-scim";
import { OktaAppGroups } from "../../../../constructs/okta/private/app-groups";
import { exactGroupNameCondition, exactGroupNameMessage, hclStringLiteral, type OktaGroupRef } from "../../../../constructs/okta/groups";
import { escapeTemplate } from "../../../../constructs/template-escape";
import { applyConfig } from "../../../support/terraform";
import { OktaSamlApp } from "../../../../constructs/okta/private/saml-app";
import { Template } from "../../../support/template";

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

describe("a group named in an environment is that group: exact-name postcondition on each lookup", () => {
  it("GIVEN a group by name THEN its lookup has a postcondition comparing the found name with the configured one", () => {
    const t = synth([{ name: "Grafana Users" }, { id: ID }, { name: "Admins", create: true }]);
    const lookups = Object.values(t.dataSources("okta_group"));
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.lifecycle).toEqual({
      postcondition: [{ condition: `\${${exactGroupNameCondition("Grafana Users")}}`, error_message: exactGroupNameMessage("Grafana Users") }],
    });
    expect(exactGroupNameCondition("Grafana Users")).toBe('self.name == "Grafana Users"');
  });

  it("hclStringLiteral escapes quotes, backslashes, control characters and template sequences", () => {
    expect(hclStringLiteral('a "b" \\ ${c} %{d}\n')).toBe('"a \\"b\\" \\\\ $${c} %%{d}\\n"');
  });

  // The postcondition exactly as synthesized, on terraform_data (built into Terraform, no provider)
  // standing in for the data source: `self.` becomes `self.output.`, whose value is what
  // data.okta_group would have found (its name and id).
  function evaluate(configured: string, found: string) {
    const t = synth([{ name: configured }]);
    const [lookup] = Object.values(t.dataSources("okta_group")) as Array<{ lifecycle: { postcondition: Array<{ condition: string; error_message: string }> } }>;
    const postcondition = lookup!.lifecycle.postcondition.map((p) => JSON.parse(JSON.stringify(p).split("self.").join("self.output.")) as Record<string, string>);
    // The fixture value is literal text, escaped so Terraform reads it as written.
    return applyConfig({ resource: { terraform_data: { group: { input: { name: escapeTemplate(found), id: "00g1a2b3c4d5e6f7g8h9" }, lifecycle: { postcondition } } } } });
  }

  it.each<[string, string, string]>([
    ["a longer name with the same prefix", "Grafana Users", "Grafana Users (contractors)"],
    ["another case", "Grafana Users", "grafana users"],
    ["a name with quotes and a template sequence, found with a suffix", 'Team "${x}"', 'Team "${x}" old'],
  ])("GIVEN %s THEN the plan fails, naming the configured and the found group", (_name, configured, found) => {
    const result = evaluate(configured, found);
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail).toContain(`The Okta group looked up by the name "${configured}" is "${found}" (id 00g1a2b3c4d5e6f7g8h9)`);
    expect(errors[0]!.detail).toContain("Give the group's exact name, or its id.");
  });

  it.each(["Grafana Users", 'Team "${x}" %{y} \\ end'])("GIVEN exactly %s THEN it passes", (name) => {
    const result = evaluate(name, name);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
