import { Testing } from "cdktf";
import { DataGrafanaRole } from "../../../.gen/providers/grafana/data-grafana-role";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { Role } from "../../../.gen/providers/grafana/role";
import { RoleAssignmentItem } from "../../../.gen/providers/grafana/role-assignment-item";
import { ServiceAccount } from "../../../.gen/providers/grafana/service-account";
import { ScimServiceAccount, type ScimServiceAccountProps } from "../../../constructs/grafana/scim-service-account";
import { Template } from "../../support/template";

const synth = (props: ScimServiceAccountProps) => Template.synth((stack) => new ScimServiceAccount(stack, "sa", props));

describe("ScimServiceAccount", () => {
  it("GIVEN defaults WHEN synthesized THEN a role-None service account gets a least-privilege custom role", () => {
    const synthesized = Testing.synthScope((stack) => {
      new GrafanaProvider(stack, "grafana", {});
      new ScimServiceAccount(stack, "sa", { userSync: true, groupSync: true });
    });
    expect(synthesized).toHaveResourceWithProperties(ServiceAccount, { name: "scim-provisioner", role: "None", is_disabled: false });
    expect(synthesized).toHaveResourceWithProperties(Role, {
      name: "custom:scim:provisioner",
      global: false,
      permissions: expect.arrayContaining([
        { action: "teams:create", scope: "" },
        { action: "org.users:remove", scope: "users:*" },
        { action: "teams.permissions:write", scope: "teams:*" },
      ]),
    });
    expect(synthesized).not.toHaveDataSource(DataGrafanaRole);
  });

  it("assigns the custom role to the service account by reference", () => {
    const t = synth({ userSync: true, groupSync: true });
    expect(t.count("grafana_role_assignment_item")).toBe(1);
    expect(t.resource("grafana_role_assignment_item")).toEqual(
      expect.objectContaining({
        role_uid: `\${${t.address("grafana_role")}.uid}`,
        service_account_id: `\${${t.address("grafana_service_account")}.id}`,
      }),
    );
  });

  it("GIVEN user sync only THEN the role has no team permissions", () => {
    const permissions = synth({ userSync: true, groupSync: false }).resource("grafana_role").permissions as Array<{ action: string }>;
    expect(permissions.map((p) => p.action).sort()).toEqual(["org.users:add", "org.users:read", "org.users:remove", "org.users:write"]);
  });

  it("GIVEN the fixed-roles model THEN fixed roles are looked up by name and assigned", () => {
    const t = synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" });
    expect(t.count("grafana_role")).toBe(0);
    const names = Object.values(t.dataSources("grafana_role")).map((d) => d.name);
    expect(names).toEqual(["fixed:org.users:writer", "fixed:teams:writer"]);
    const assignments = Object.values(t.resources("grafana_role_assignment_item")).map((a) => a.role_uid);
    expect(assignments).toEqual(Object.keys(t.dataSources("grafana_role")).map((id) => `\${data.grafana_role.${id}.uid}`));
    expect(t.synthesized).toHaveResourceWithProperties(RoleAssignmentItem, { service_account_id: expect.stringMatching(/^\$\{grafana_service_account\..+\.id\}$/) });
  });

  it("GIVEN the fixed-roles model with group sync only THEN only the Teams writer is assigned", () => {
    const t = synth({ userSync: false, groupSync: true, permissionModel: "fixed-roles" });
    expect(Object.values(t.dataSources("grafana_role")).map((d) => d.name)).toEqual(["fixed:teams:writer"]);
  });

  it("uses the given names", () => {
    const t = synth({ userSync: true, groupSync: false, name: "entra-scim", roleName: "custom:entra:scim" });
    expect(t.resource("grafana_service_account").name).toBe("entra-scim");
    expect(t.resource("grafana_role").name).toBe("custom:entra:scim");
  });

  it.each<[string, ScimServiceAccountProps, RegExp]>([
    ["no sync", { userSync: false, groupSync: false }, /^userSync: enable userSync or groupSync/],
    ["empty name", { userSync: true, groupSync: false, name: " " }, /^name: must not be empty/],
    ["reserved role prefix", { userSync: true, groupSync: false, roleName: "fixed:mine" }, /^roleName: .*reserves/],
  ])("rejects %s before synthesis, naming its own prop", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
