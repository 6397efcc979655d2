import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { GrafanaScim, type GrafanaScimAdoption, type GrafanaScimProps, type IGrafanaScim } from "../../../constructs/grafana/grafana-scim";
import { grafanaProviderConfig } from "../../../constructs/grafana/provider-config";
import type { GrafanaInstance } from "../../../constructs/grafana/tenant-url";
import { Template } from "../../support/template";

const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
const selfHosted: GrafanaInstance = { kind: "self-hosted", url: "https://grafana.example.com" };

function synth(props: GrafanaScimProps, provider = grafanaProviderConfig(props.instance)) {
  const stack = new TerraformStack(Testing.app(), "test");
  new GrafanaProvider(stack, "grafana", provider);
  const scim = new GrafanaScim(stack, "scim", props);
  return { scim, template: Template.fromStack(stack) };
}

describe("GrafanaScim", () => {
  it("GIVEN a Cloud stack THEN it exposes the stacks-<id> tenant URL and the provider sets stack_id", () => {
    const { scim, template } = synth({ instance: cloud });
    expect(scim.tenantUrl).toBe("https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456");
    expect(scim.grafanaUrl).toBe("https://acme.grafana.net");
    expect(template.json.provider?.grafana).toEqual([{ url: "https://acme.grafana.net", stack_id: 123456 }]);
  });

  it("GIVEN self-hosted THEN the default namespace and no stack_id", () => {
    const { scim, template } = synth({ instance: selfHosted });
    expect(scim.tenantUrl).toBe("https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default");
    expect(template.json.provider?.grafana).toEqual([{ url: "https://grafana.example.com" }]);
  });

  it("GIVEN defaults THEN service account, token and SCIM config with both syncs, and no SAML", () => {
    const { template } = synth({ instance: selfHosted });
    expect(template.types()).toEqual([
      "grafana_role",
      "grafana_role_assignment_item",
      "grafana_scim_config",
      "grafana_service_account",
      "grafana_service_account_token",
    ]);
    expect(template.resource("grafana_scim_config")).toEqual(
      expect.objectContaining({ enable_user_sync: true, enable_group_sync: true, reject_non_provisioned_users: false }),
    );
  });

  it("wires the token to the service account and exposes it as a reference", () => {
    const { scim, template } = synth({ instance: selfHosted });
    expect(template.resource("grafana_service_account_token").service_account_id).toBe(`\${${template.address("grafana_service_account")}.id}`);
    expect(scim.tokenValue).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("passes the same syncs to the permissions and the SCIM switches", () => {
    const { template } = synth({ instance: selfHosted, groupSync: false });
    expect(template.resource("grafana_scim_config").enable_group_sync).toBe(false);
    const actions = (template.resource("grafana_role").permissions as Array<{ action: string }>).map((p) => p.action);
    expect(actions.some((a) => a.startsWith("teams"))).toBe(false);
  });

  describe("GIVEN a Cloud stack whose grafana provider lacks the right stack_id", () => {
    it.each([
      ["no stack_id", { url: "https://acme.grafana.net" }, /must set stack_id = 123456 \(got none\).*authn\.invalid-namespace/],
      ["another stack's id", { url: "https://acme.grafana.net", stackId: 9 }, /must set stack_id = 123456 \(got 9\)/],
    ])("%s: synthesis fails and says why", (_name, providerConfig, message) => {
      expect(() => synth({ instance: cloud }, providerConfig)).toThrow(message);
    });
  });

  it("rejects a malformed instance before creating anything, naming the prop", () => {
    expect(() => synth({ instance: { kind: "cloud", stackSlug: "Acme", stackId: 1 } }, { url: "https://x.example.com" })).toThrow(/^instance\.stackSlug: /);
  });

  it.each<[string, Partial<GrafanaScimProps>, RegExp]>([
    ["an empty service account name", { serviceAccount: { name: " " } }, /^serviceAccount\.name: must not be empty/],
    ["a reserved role name", { serviceAccount: { roleName: "basic:x" } }, /^serviceAccount\.roleName: /],
    ["no sync", { userSync: false, groupSync: false }, /^userSync: enable userSync or groupSync/],
    ["a bad token lifetime", { token: { lifetimeDays: 0 } }, /^token\.lifetimeDays: must be a positive whole number/],
    ["rotation of a token pasted by hand", { token: { rotationDays: 30 }, tokenDelivery: "manual" }, /^token\.rotationDays: rotates the token every 30 days, but tokenDelivery is "manual", set by the tokenDelivery prop\./],
  ])("names its own props when a child construct refuses %s", (_name, props, message) => {
    expect(() => synth({ instance: selfHosted, ...props })).toThrow(message);
  });

  // Gap review: an environment file cannot hold these (its format refuses them), an app passes them straight in.
  it.each<[string, Partial<GrafanaScimProps>, RegExp]>([
    ["a template sequence in the service account name", { serviceAccount: { name: "scim-${var.x}" } }, /^serviceAccount\.name: must not contain "\$\{"/],
    ["a template sequence in the role name", { serviceAccount: { roleName: "custom:%{x}" } }, /^serviceAccount\.roleName: must not contain "%\{"/],
    ["an empty role name", { serviceAccount: { roleName: " " } }, /^serviceAccount\.roleName: must not be empty/],
    ["a template sequence in the token name", { token: { name: "${var.x}" } }, /^token\.name: must not contain "\$\{"/],
    ["a template sequence in tokenOutput", { tokenOutput: "${var.x}", token: { lifetimeDays: 30 } }, /^tokenOutput: must be a Terraform output name/],
    ["a blank tokenOutput", { tokenOutput: " " }, /^tokenOutput: must be a Terraform output name/],
  ])("refuses %s (before: synthesized, a template unescaped)", (_name, props, message) => {
    expect(() => synth({ instance: selfHosted, ...props })).toThrow(message);
  });

  it.each<[string, Partial<GrafanaScimProps>, RegExp]>([
    // Before: "admin" fell through to the fixed-roles model, "email" was kept as a delivery nothing knows.
    ["an unknown permission model", { serviceAccount: { permissionModel: "admin" as never } }, /^serviceAccount\.permissionModel: must be "custom-role" or "fixed-roles" \(got "admin"\)/],
    ["an unknown token delivery", { tokenDelivery: "email" as never }, /^tokenDelivery: must be "automatic" or "manual" \(got "email"\)/],
  ])("refuses %s from a JavaScript caller (before: accepted silently)", (_name, props, message) => {
    expect(() => synth({ instance: selfHosted, ...props })).toThrow(message);
  });

  it("refuses rejecting non-provisioned users with user sync off, naming the prop (every sign-in but a Cloud portal user's would be refused)", () => {
    expect(() => synth({ instance: selfHosted, userSync: false, groupSync: true, rejectNonProvisionedUsers: true })).toThrow(/^rejectNonProvisionedUsers: needs userSync/);
    expect(() => synth({ instance: selfHosted, userSync: true, rejectNonProvisionedUsers: true })).not.toThrow();
  });

  it("refuses an instance of an unknown kind naming instance.kind (before: a TypeError from deep inside)", () => {
    expect(() => synth({ instance: { kind: "Cloud", stackSlug: "acme", stackId: 1 } as unknown as GrafanaInstance }, {})).toThrow(/^instance\.kind: must be "cloud" or "self-hosted" \(got "Cloud"\)/);
    expect(() => synth({ instance: undefined as unknown as GrafanaInstance }, {})).toThrow(/^instance\.kind: must be "cloud" or "self-hosted" \(got no instance\)/);
  });

  describe("token delivery", () => {
    it("GIVEN rotation and nothing that hands the token over THEN synthesis fails", () => {
      expect(() => synth({ instance: selfHosted, token: { rotationDays: 30 } })).toThrow(/rotationDays \(30\) needs delivery "automatic"|token\.rotationDays/);
    });

    it("GIVEN rotation and nothing that hands the token over THEN the message names GrafanaScim's props and path (token.rotationDays, tokenDelivery), not its token's", () => {
      let message = "";
      try {
        synth({ instance: selfHosted, token: { rotationDays: 30 } });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(
        '[test/scim] test/scim: token.rotationDays (30) needs tokenDelivery "automatic", and nothing declared how this token reaches the identity provider: ' +
          "no identity-provider construct that hands it over in the same apply takes this GrafanaScim (such as EntraScim), and tokenDelivery is not set.",
      );
      expect(message).not.toMatch(/scim\/token|the delivery prop|needs delivery/);
    });

    it("GIVEN rotation and tokenDelivery automatic THEN it synthesizes a rotating token", () => {
      const { scim, template } = synth({ instance: selfHosted, token: { rotationDays: 30 }, tokenDelivery: "automatic" });
      expect(scim.tokenDelivery).toBe("automatic");
      expect(template.count("time_rotating")).toBe(1);
    });

    it("defaults to manual, which the expiry warning tells the operator", () => {
      const { scim, template } = synth({ instance: selfHosted, token: { lifetimeDays: 30 } });
      expect(scim.tokenDelivery).toBe("manual");
      expect(Object.values(template.json.check ?? {})[0]!.assert[0]!.error_message).toContain("paste the new token");
    });
  });

  describe("Terraform references as instance values (validated when Terraform runs, not here)", () => {
    it("GIVEN a TerraformVariable as stackId THEN it synthesizes with the reference in the namespace, the provider and the validation", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      const stackId = new TerraformVariable(stack, "stack_id", { type: "number" }).numberValue;
      const instance: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId };
      new GrafanaProvider(stack, "grafana", grafanaProviderConfig(instance));
      const scim = new GrafanaScim(stack, "scim", { instance });
      new TerraformOutput(stack, "tenant_url", { value: scim.tenantUrl });
      const template = Template.fromStack(stack);
      expect(template.output("tenant_url").value).toBe("https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-${var.stack_id}");
      expect(template.json.provider?.grafana).toEqual([{ url: "https://acme.grafana.net", stack_id: "${var.stack_id}" }]);
    });

    it("GIVEN a TerraformVariable as self-hosted url THEN it is used as given", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      const url = new TerraformVariable(stack, "grafana_url", { type: "string" }).stringValue;
      new GrafanaProvider(stack, "grafana", { url });
      const scim = new GrafanaScim(stack, "scim", { instance: { kind: "self-hosted", url } });
      new TerraformOutput(stack, "tenant_url", { value: scim.tenantUrl });
      expect(Template.fromStack(stack).output("tenant_url").value).toBe("${var.grafana_url}/apis/scim.grafana.app/v0alpha1/namespaces/default");
    });
  });

  it("GIVEN a Cloud stack on a custom domain THEN that URL for the tenant URL and provider, the stack's namespace and stack_id", () => {
    const instance: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 123456, url: "https://grafana.acme.com" };
    const { scim, template } = synth({ instance });
    expect(scim.grafanaUrl).toBe("https://grafana.acme.com");
    expect(scim.tenantUrl).toBe("https://grafana.acme.com/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456");
    expect(template.json.provider?.grafana).toEqual([{ url: "https://grafana.acme.com", stack_id: 123456 }]);
  });

  describe("the contract identity-provider constructs read (IGrafanaScim)", () => {
    it("exposes the syncs, the token's lifetime and output, and its delivery as typed attributes", () => {
      const { scim } = synth({ instance: selfHosted, groupSync: false, token: { name: "t", lifetimeDays: 90, expiryWarningDays: 7 }, tokenOutput: "grafana_token" });
      const contract: IGrafanaScim = scim;
      expect({ user: contract.userSync, group: contract.groupSync, lifetime: contract.tokenLifetime, output: contract.tokenOutput, delivery: contract.tokenDelivery }).toEqual({
        user: true,
        group: false,
        lifetime: { lifetimeDays: 90, expiryWarningDays: 7 },
        output: "grafana_token",
        delivery: "manual",
      });
    });

    it("GIVEN tokenOutput THEN the expiry warning says how to read the new token; without it, it names no output", () => {
      const warning = (props: Partial<GrafanaScimProps>) => Object.values(synth({ instance: selfHosted, token: { lifetimeDays: 30 }, ...props }).template.json.check ?? {})[0]!.assert[0]!.error_message;
      expect(warning({ tokenOutput: "grafana_token" })).toContain("then paste the new token (terraform output -raw grafana_token) into");
      expect(warning({})).toContain("then paste the new token into");
      expect(warning({})).not.toContain("terraform output");
    });

    it("GIVEN a token lifetime from a TerraformVariable THEN Terraform computes seconds_to_live", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      new GrafanaProvider(stack, "grafana", grafanaProviderConfig(selfHosted));
      const lifetimeDays = new TerraformVariable(stack, "token_days", { type: "number" }).numberValue;
      new GrafanaScim(stack, "scim", { instance: selfHosted, token: { lifetimeDays } });
      expect(Template.fromStack(stack).resource("grafana_service_account_token").seconds_to_live).toBe("${(var.token_days * 86400)}");
    });

    it("GIVEN expiryWarningDays from a reference THEN refused: the check is written with it at synthesis", () => {
      const stack = new TerraformStack(Testing.app(), "test");
      const days = new TerraformVariable(stack, "warn", { type: "number" }).numberValue;
      expect(() => new GrafanaScim(stack, "scim", { instance: selfHosted, token: { lifetimeDays: 30, expiryWarningDays: days } })).toThrow(/^token\.expiryWarningDays: must be a literal number of days/);
    });
  });

  describe("adopt: importing a setup made by hand is a method of the construct", () => {
    const adopted = (existing: GrafanaScimAdoption) => {
      const stack = new TerraformStack(Testing.app(), "test");
      new GrafanaProvider(stack, "grafana", grafanaProviderConfig(selfHosted));
      new GrafanaScim(stack, "scim", { instance: selfHosted }).adopt(existing);
      const template = Template.fromStack(stack);
      return ((template.json.import ?? []) as Array<{ to: string; id: string }>).map((i) => [i.to.split(".")[0], i.id, i.to === template.address(i.to.split(".")[0]!)]);
    };

    it("GIVEN a service account and its role THEN import blocks at the account, its role, the assignment and the SCIM settings", () => {
      expect(adopted({ serviceAccountId: "1:42", customRoleUid: "scimrole" })).toEqual([
        ["grafana_service_account", "1:42", true],
        ["grafana_role", "1:scimrole", true],
        ["grafana_role_assignment_item", "1:scimrole:service_account:42", true],
        ["grafana_scim_config", "1:scim-config", true],
      ]);
      expect(adopted({ serviceAccountId: "42" })).toEqual([
        ["grafana_service_account", "42", true],
        ["grafana_scim_config", "1:scim-config", true],
      ]);
    });

    it.each<[string, GrafanaScimAdoption, RegExp]>([
      ["a service account of another organization", { serviceAccountId: "2:42" }, /^adopt\.serviceAccountId: is in organization 2; only organization 1 can be set up/],
      ["a name instead of an id", { serviceAccountId: "scim-provisioner" }, /^adopt\.serviceAccountId: must be the service account's id/],
      ["a role uid with a colon", { serviceAccountId: "42", customRoleUid: "custom:scim" }, /^adopt\.customRoleUid: must be a Grafana role uid/],
    ])("GIVEN %s THEN refused, naming the field of adopt", (_name, existing, message) => {
      expect(() => adopted(existing)).toThrow(message);
    });
  });
});

describe("GrafanaScim's names with characters an environment file cannot hold (gap review)", () => {
  it.each<[string, Partial<GrafanaScimProps>, RegExp]>([
    ["a newline in the service account name", { serviceAccount: { name: "scim\nprovisioner" } }, /^serviceAccount\.name: contains a control character \(U\+000A at position 5\)/],
    ["a right-to-left override in the role name", { serviceAccount: { roleName: "custom:scim:\u202eresu" } }, /^serviceAccount\.roleName: contains a bidirectional control character \(U\+202E/],
    ["a lone surrogate in the token name", { token: { name: "scim\ud800" } }, /^token\.name: contains half of a UTF-16 surrogate pair/],
  ])("refuses %s (before: synthesized)", (_name, props, message) => {
    expect(() => synth({ instance: selfHosted, ...props })).toThrow(message);
  });
});
