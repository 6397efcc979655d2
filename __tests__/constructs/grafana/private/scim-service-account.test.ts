import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DataGrafanaRole } from "../../../../.gen/providers/grafana/data-grafana-role";
import { GrafanaProvider } from "../../../../.gen/providers/grafana/provider";
import { Role } from "../../../../.gen/providers/grafana/role";
import { RoleAssignmentItem } from "../../../../.gen/providers/grafana/role-assignment-item";
import { ServiceAccount } from "../../../../.gen/providers/grafana/service-account";
import { ScimServiceAccount, type ScimServiceAccountProps } from "../../../../constructs/grafana/private/scim-service-account";
import { applyConfig, planAfter, replaceReferences } from "../../../support/terraform";
import { Template } from "../../../support/template";

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

  describe("the fixed-roles model touches nothing shared", () => {
    it("GIVEN fixed-roles THEN the fixed roles are looked up by name and only read: no assignment refers to them", () => {
      const t = synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" });
      const names = Object.values(t.dataSources("grafana_role")).map((d) => d.name);
      expect(names).toEqual(["fixed:org.users:writer", "fixed:teams:writer"]);
      expect(t.count("grafana_role_assignment_item")).toBe(1);
      const assignment = t.resource("grafana_role_assignment_item");
      expect(assignment.role_uid).toBe(`\${${t.address("grafana_role")}.uid}`);
      expect(JSON.stringify(t.json.resource)).not.toMatch(/data\.grafana_role\.[^.]+\.uid/);
    });

    it("GIVEN fixed-roles THEN the account's own role gets one permissions block per permission of the fixed roles", () => {
      const t = synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" });
      const role = t.resource("grafana_role");
      expect(role).toEqual(expect.objectContaining({ name: "custom:scim:provisioner", global: false }));
      expect(role.permissions).toBeUndefined();
      const lookups = Object.keys(t.dataSources("grafana_role")).map((id) => `data.grafana_role.${id}.permissions`);
      expect(role.dynamic).toEqual({
        permissions: { for_each: `\${toset(setunion(${lookups.join(", ")}))}`, iterator: "each", content: { action: "${each.value.action}", scope: "${each.value.scope}" } },
      });
    });

    it("GIVEN group sync only THEN only the Teams writer is read", () => {
      const t = synth({ userSync: false, groupSync: true, permissionModel: "fixed-roles" });
      expect(Object.values(t.dataSources("grafana_role")).map((d) => d.name)).toEqual(["fixed:teams:writer"]);
    });

    it("switching model updates the same role in place (same address)", () => {
      expect(synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" }).address("grafana_role")).toBe(synth({ userSync: true, groupSync: true }).address("grafana_role"));
    });

    it("the permission union, evaluated by the Terraform CLI: every permission once, as blocks of action and scope", () => {
      const t = synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" });
      const dynamic = (t.resource("grafana_role").dynamic as { permissions: { for_each: string; content: { action: string; scope: string } } }).permissions;
      const [users, teams] = Object.keys(t.dataSources("grafana_role")).map((id) => `data.grafana_role.${id}`);
      const unwrap = (e: string) => e.replace(/^\$\{/, "").replace(/\}$/, "").replace(/each\.value\./g, "item.");
      // What the dynamic block iterates, with the lookups pointed at fixture permissions.
      const blocks = `\${[for item in ${unwrap(dynamic.for_each)} : { action = ${unwrap(dynamic.content.action)}, scope = ${unwrap(dynamic.content.scope)} }]}`;
      const config = replaceReferences({ output: { blocks: { value: blocks } } }, { [users!]: "users", [teams!]: "teams" });
      const result = applyConfig({
        ...config,
        locals: {
          users: { permissions: [{ action: "org.users:read", scope: "users:*" }, { action: "org.users:add", scope: "users:*" }] },
          teams: { permissions: [{ action: "teams:create", scope: "" }, { action: "org.users:read", scope: "users:*" }] },
        },
      });
      expect(result.ok).toBe(true);
      expect(result.outputs.blocks).toEqual(
        expect.arrayContaining([
          { action: "org.users:read", scope: "users:*" },
          { action: "org.users:add", scope: "users:*" },
          { action: "teams:create", scope: "" },
        ]),
      );
      expect(result.outputs.blocks).toHaveLength(3);
    });
  });

  describe("fixed-role assignments made by earlier versions are forgotten, never deleted", () => {
    // Where the earlier fixed-roles model put its assignments: one grafana_role_assignment_item per fixed role.
    function legacyAddresses(): string[] {
      const stack = new TerraformStack(Testing.app(), "test");
      const scope = new Construct(stack, "sa");
      return ["fixed:org.users:writer", "fixed:teams:writer"].map(
        (role) => `grafana_role_assignment_item.${new RoleAssignmentItem(scope, `assignment-${role}`, { roleUid: "x", serviceAccountId: "1" }).friendlyUniqueId}`,
      );
    }

    it.each(["fixed-roles", "custom-role"] as const)("%s: a removed block with destroy = false for each earlier address", (permissionModel) => {
      const t = synth({ userSync: true, groupSync: true, permissionModel });
      expect(t.json.removed).toEqual(legacyAddresses().map((from) => ({ from, lifecycle: { destroy: false } })));
    });

    it("evaluated by the Terraform CLI: an assignment in state is forgotten, not destroyed; without one the block does nothing", () => {
      const t = synth({ userSync: true, groupSync: true, permissionModel: "fixed-roles" });
      const removed = t.json.removed as Array<{ from: string; lifecycle: unknown }>;
      // terraform_data stands in for the provider's resource type; the logical ids are the real ones.
      const asData = (address: string) => address.replace(/^grafana_role_assignment_item\./, "terraform_data.");
      const before = { resource: { terraform_data: Object.fromEntries(removed.map((r) => [asData(r.from).split(".")[1]!, { input: "assigned by an earlier version" }])) } };
      const after = { removed: removed.map((r) => ({ ...r, from: asData(r.from) })) };
      expect(planAfter(before, after)).toEqual(Object.fromEntries(removed.map((r) => [asData(r.from), ["forget"]])));
      expect(planAfter({}, after)).toEqual({});
    });
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
