import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
import { TerraformVariable } from "cdktf";
import { EntraEnterpriseApp } from "../../../../constructs/entra/private/enterprise-app";
import { type EntraGroupRef } from "../../../../constructs/entra/groups";
import { EntraGroupAssignments } from "../../../../constructs/entra/private/group-assignments";
import { synthEntra } from "../../../support/entra";

const synth = (groups: EntraGroupRef[]) =>
  synthEntra((stack) => new EntraGroupAssignments(stack, "assign", { app: new EntraEnterpriseApp(stack, "app", { displayName: "G" }), groups }));

describe("EntraGroupAssignments", () => {
  it("assigns groups by id and by looked-up name to the app's User role", () => {
    const t = synth([{ objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }, { displayName: "Grafana Users" }]);
    expect(t.synthesized).toHaveDataSourceWithProperties(DataAzureadGroup, { display_name: "Grafana Users" });
    const assignments = Object.values(t.resources("azuread_app_role_assignment"));
    expect(assignments.map((a) => a.principal_object_id).sort()).toEqual(
      ["6d5f1a3c-0000-4000-8000-0000000000bb", `\${data.azuread_group.${Object.keys(t.dataSources("azuread_group"))[0]}.object_id}`].sort(),
    );
    expect(t.synthesized).toHaveResourceWithProperties(AppRoleAssignment, {
      app_role_id: "18d14569-c3bd-439b-9a66-3a2aee01d14f",
      // After the service principal's replication wait: azuread looks the resource service principal up without retrying a 404.
      resource_object_id: `\${${t.address("time_sleep")}.triggers.service_principal_object_id}`,
    });
  });

  it("keeps an assignment's address when the list is reordered", () => {
    const a = synth([{ objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }, { displayName: "G1" }]);
    const b = synth([{ displayName: "G1" }, { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }]);
    expect(Object.keys(a.resources("azuread_app_role_assignment")).sort()).toEqual(Object.keys(b.resources("azuread_app_role_assignment")).sort());
  });

  it("GIVEN groups from Terraform references THEN they synthesize, named by index; literal groups keep their addresses (before: cdktf refused a token as a construct id)", () => {
    const literal = synth([{ objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }, { displayName: "G1" }]);
    const t = synthEntra((stack) => {
      const name = new TerraformVariable(stack, "group_name", { type: "string" }).stringValue;
      const id = new TerraformVariable(stack, "group_id", { type: "string" }).stringValue;
      const groups: EntraGroupRef[] = [{ objectId: "6d5f1a3c-0000-4000-8000-0000000000bb" }, { displayName: name }, { displayName: "G1" }, { objectId: id }];
      new EntraGroupAssignments(stack, "assign", { app: new EntraEnterpriseApp(stack, "app", { displayName: "G" }), groups });
    });
    const addresses = Object.keys(t.resources("azuread_app_role_assignment")).sort();
    // The literal groups' addresses are the ones they have without references around them.
    expect(addresses.filter((a) => Object.keys(literal.resources("azuread_app_role_assignment")).includes(a))).toHaveLength(2);
    expect(addresses.filter((a) => /reference-[13]/.test(a))).toHaveLength(2);
    expect(Object.values(t.dataSources("azuread_group")).map((d) => d.display_name).sort()).toEqual(["${var.group_name}", "G1"]);
    expect(Object.values(t.resources("azuread_app_role_assignment")).map((a) => a.principal_object_id)).toContain("${var.group_id}");
  });

  it.each<[string, EntraGroupRef[], RegExp]>([
    ["a non-UUID object id", [{ objectId: "grafana-users" }], /^groups\[0\]\.objectId: must be a UUID/],
    ["an empty name", [{ displayName: "" }], /^groups\[0\]\.displayName: must not be empty/],
    ["a duplicate", [{ displayName: "A" }, { displayName: "A" }], /^groups\[1\]: is listed twice/],
  ])("rejects %s", (_n, groups, message) => expect(() => synth(groups)).toThrow(message));
});
