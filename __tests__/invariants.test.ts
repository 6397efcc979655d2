/**
 * Invariants over every example and 180 generated environments (issue 14, point 4), synthesized
 * together by the app's own entry (synthEnvironments), as one fleet. 180 is every combination the
 * generator makes (scripts/generated-environments.ts varies environment i by i mod 3, 4 and its
 * variant mod 2, 3, 4 and 5: the pattern repeats after 180). Each check is a small function of
 * a stack's JSON (support/invariants.ts); the controls show each one catches a violation. The
 * generator writes no `adopt` section, so adopted copies of three examples join the fleet.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthEnvironments } from "../main";
import { generatedEnvironments, writeEnvironments } from "../scripts/generated-environments";
import { ENVIRONMENTS_DIR } from "./support/environments";
import {
  entraStartOrderProblems,
  LIFECYCLE_ALLOWLIST,
  lifecycleProblems,
  permissionProblems,
  singletonProblems,
  tokenFlowProblems,
  transitiveDependencies,
} from "./support/invariants";
import { checkConformance } from "./support/provider-schema";
import type { TerraformJson } from "./support/terraform-json";

const GENERATED = 180;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "invariants-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const environmentsDir = path.join(tmp, "environments");
writeEnvironments(environmentsDir, generatedEnvironments(GENERATED));
for (const file of fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.startsWith("example-") && f.endsWith(".json"))) {
  fs.copyFileSync(path.join(ENVIRONMENTS_DIR, file), path.join(environmentsDir, file));
}
// The generator makes no `adopt` section (a setup made by hand, imported): three adopted copies
// of the examples, each with a Grafana of its own, bring import blocks into the fleet.
const ADOPTED: Record<string, { example: string; adopt: Record<string, unknown> }> = {
  "adopted-cloud": { example: "example-cloud", adopt: { grafana: { serviceAccountId: "1:42", customRoleUid: "scimrole" } } },
  "adopted-okta": { example: "example-okta", adopt: { grafana: { serviceAccountId: "42" }, okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } } },
  "adopted-entra": {
    example: "example-entra",
    adopt: {
      grafana: { serviceAccountId: "42" },
      entra: {
        applicationObjectId: "11111111-0000-4000-8000-000000000001",
        servicePrincipalObjectId: "22222222-0000-4000-8000-000000000002",
        synchronizationJobId: "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003",
        groupAssignmentIds: { "Grafana Users": "aBc-123_x" },
      },
    },
  },
};
for (const [name, { example, adopt }] of Object.entries(ADOPTED)) {
  const document = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, `${example}.json`), "utf8")) as { grafana: { stackSlug: string; stackId: number } };
  const grafana = { ...document.grafana, stackSlug: `${document.grafana.stackSlug}-adopted`, stackId: document.grafana.stackId + 1 };
  fs.writeFileSync(path.join(environmentsDir, `${name}.json`), JSON.stringify({ ...document, grafana, adopt, backend: { kind: "local" } }));
}
const outdir = path.join(tmp, "cdktf.out");
const names = synthEnvironments({ environmentsDir, outdir });
const FLEET: Record<string, TerraformJson> = Object.fromEntries(
  names.map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson]),
);
const copy = (name: string): TerraformJson => structuredClone(FLEET[name]!);
const everywhere = (check: (stack: TerraformJson) => string[]) => Object.entries(FLEET).flatMap(([name, stack]) => check(stack).map((p) => `${name}: ${p}`));
const count = (predicate: (stack: TerraformJson) => boolean) => Object.values(FLEET).filter(predicate).length;

it(`synthesizes the examples, ${GENERATED} generated environments and adopted copies of three examples`, () => {
  expect(names).toHaveLength(GENERATED + 4 + Object.keys(ADOPTED).length);
  for (const name of Object.keys(ADOPTED)) expect({ name, imports: (FLEET[name]!.import ?? []).length > 0 }).toEqual({ name, imports: true });
});

it("every stack of the fleet conforms to its providers' schemas (the generated-environments suite synthesizes only the first 36)", () => {
  expect(everywhere((stack) => {
    const { problems, unchecked } = checkConformance(stack);
    return [...problems, ...unchecked.map((u) => `${u}: no schema`)];
  })).toEqual([]);
});

describe("the Entra job starts only after its secret and its mappings", () => {
  it("in every stack with a job", () => {
    expect(everywhere(entraStartOrderProblems)).toEqual([]);
    expect(count((s) => Object.keys(s.resource?.azuread_synchronization_job ?? {}).length > 0)).toBeGreaterThan(50);
  });

  it("a control: a start that no longer waits for the credentials check is caught", () => {
    const stack = copy("example-entra");
    const [start] = Object.entries(stack.resource!.msgraph_resource_action!).find(([, b]) => /"start"/.test(String(b.action)))!;
    expect(transitiveDependencies(stack, `msgraph_resource_action.${start}`)).toContain(`azuread_synchronization_secret.${Object.keys(stack.resource!.azuread_synchronization_secret!)[0]}`);
    stack.resource!.msgraph_resource_action![start]!.depends_on = [];
    expect(entraStartOrderProblems(stack)).toEqual([
      expect.stringMatching(/does not wait for azuread_synchronization_secret\./),
      expect.stringMatching(/does not wait for msgraph_resource_action\..*put-schema/),
    ]);
    const withoutMappings = copy("example-entra");
    for (const [name, block] of Object.entries(withoutMappings.resource!.msgraph_resource_action!)) if (block.method === "PUT") delete withoutMappings.resource!.msgraph_resource_action![name];
    expect(entraStartOrderProblems(withoutMappings)).toContain("a provisioning job without a schema PUT (its mappings)");
  });

  it("a control: a job created enabled (the provider starts it at create, before its secret) and a provision on demand that no longer waits are caught", () => {
    const stack = copy("example-entra");
    const [job, block] = Object.entries(stack.resource!.azuread_synchronization_job!)[0]!;
    block.enabled = true;
    expect(entraStartOrderProblems(stack)).toEqual([`azuread_synchronization_job.${job}: enabled is true, not false: the provider starts the job when it creates it, before its secret and mappings`]);
    delete block.enabled;
    expect(entraStartOrderProblems(stack)).toEqual([`azuread_synchronization_job.${job}: enabled is undefined, not false: the provider starts the job when it creates it, before its secret and mappings`]);
    const restart = copy("example-entra");
    const actions = restart.resource!.msgraph_resource_action!;
    const [validate] = Object.entries(actions).find(([, b]) => b.action === "validateCredentials")!;
    actions[validate]!.action = "restart";
    actions[validate]!.depends_on = [];
    expect(entraStartOrderProblems(restart)).toEqual(expect.arrayContaining([`msgraph_resource_action.${validate} does not wait for azuread_synchronization_secret.${Object.keys(restart.resource!.azuread_synchronization_secret!)[0]}`]));
    const name = Object.keys(FLEET).find((n) => Object.keys(FLEET[n]!.resource?.azuread_synchronization_job_provision_on_demand ?? {}).length > 0)!;
    const onDemand = copy(name);
    for (const b of Object.values(onDemand.resource!.azuread_synchronization_job_provision_on_demand!)) b.depends_on = [];
    expect(entraStartOrderProblems(onDemand)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^azuread_synchronization_job_provision_on_demand\..* does not wait for azuread_synchronization_secret\./)]),
    );
  });
});

describe("the token flows only by reference", () => {
  it("in every stack: no literal credential, its key read only by sensitive outputs and the Entra secret", () => {
    expect(everywhere(tokenFlowProblems)).toEqual([]);
  });

  it("a control: a token output without sensitive, a token read elsewhere, and a literal token are caught", () => {
    const stack = copy("example-okta");
    const token = Object.keys(stack.resource!.grafana_service_account_token!)[0];
    stack.output!.leak = { value: `\${grafana_service_account_token.${token}.key}` };
    stack.resource!.grafana_service_account![Object.keys(stack.resource!.grafana_service_account!)[0]!]!.name = `scim \${grafana_service_account_token.${token}.key}`;
    stack.resource!.okta_app_saml![Object.keys(stack.resource!.okta_app_saml!)[0]!]!.label = "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d";
    expect(tokenFlowProblems(stack).sort()).toEqual([
      "output.leak.value: reads the token's key",
      expect.stringMatching(/^resource\.grafana_service_account\..*\.name: reads the token's key$/),
      expect.stringMatching(/^resource\.okta_app_saml\..*\.label: a literal Grafana service account token$/),
    ]);
  });
});

it("a control: the token read whole, by index or through a function, outside the allowed places, is caught; its address in literal text is not a read", () => {
  const stack = copy("example-entra");
  const token = Object.keys(stack.resource!.grafana_service_account_token!)[0];
  Object.values(stack.resource!.grafana_service_account!)[0]!.name = `\${jsonencode(grafana_service_account_token.${token})}`;
  (Object.values(stack.resource!.grafana_sso_settings!)[0]!.saml_settings as Record<string, unknown>).name = `\${grafana_service_account_token.${token}["key"]}`;
  stack.output!.leak = { value: `\${lookup(grafana_service_account_token.${token}, "key")}` };
  stack.output!.fine = { value: `grafana_service_account_token.${token} expires at \${grafana_service_account_token.${token}.expiration}` };
  expect(tokenFlowProblems(stack).sort()).toEqual([
    "output.leak.value: reads the token's key",
    expect.stringMatching(/^resource\.grafana_service_account\..*\.name: reads the token's key$/),
    expect.stringMatching(/^resource\.grafana_sso_settings\..*\.saml_settings\.name: reads the token's key$/),
  ]);
});

describe("the service account has exactly the least-privilege permissions, or exactly the fixed roles", () => {
  it("in every stack, both models and every sync combination present", () => {
    expect(everywhere(permissionProblems)).toEqual([]);
    const role = (s: TerraformJson) => Object.values(s.resource?.grafana_role ?? {})[0] ?? {};
    expect(count((s) => Array.isArray(role(s).permissions))).toBeGreaterThan(20);
    expect(count((s) => role(s).dynamic !== undefined)).toBeGreaterThan(20);
    expect(count((s) => Object.values(s.resource?.grafana_scim_config ?? {}).some((c) => c.enable_group_sync === false))).toBeGreaterThan(5);
  });

  it("a control: an extra permission, a missing one, a role other than None, another fixed role are caught", () => {
    const custom = copy("example-entra");
    const role = Object.values(custom.resource!.grafana_role!)[0]! as { permissions: Array<{ action: string; scope: string }> };
    role.permissions = [...role.permissions.filter((p) => p.action !== "teams:delete"), { action: "users:write", scope: "global.users:*" }];
    Object.values(custom.resource!.grafana_service_account!)[0]!.role = "Viewer";
    expect(permissionProblems(custom)).toEqual([
      'the service account\'s role is "Viewer", not "None"',
      "the role grants users:write global.users:*, which SCIM does not need",
      "the role lacks teams:delete teams:*",
    ]);
    const fixed = copy("example-self-hosted");
    Object.values(fixed.data!.grafana_role!)[0]!.name = "fixed:users:writer";
    expect(permissionProblems(fixed)).toEqual(['the role copies ["fixed:users:writer"], not ["fixed:org.users:writer"]']);
  });

  it("a control: a fixed-roles copy that adds a literal permission or rewrites the copied scope is caught", () => {
    const stack = copy("example-self-hosted");
    const dynamic = (Object.values(stack.resource!.grafana_role!)[0]!.dynamic as { permissions: { for_each: string; content: Record<string, string> } }).permissions;
    const copied = dynamic.for_each.slice(2, -1);
    dynamic.for_each = `\${concat(${copied}, [{action = "users:write", scope = "global.users:*"}])}`;
    expect(permissionProblems(stack)).toEqual([`the role's permissions are ${dynamic.for_each}, not exactly the union of the fixed roles' permissions`]);
    dynamic.for_each = `\${${copied}}`;
    dynamic.content.scope = "*";
    expect(permissionProblems(stack)).toEqual(['each copied permission is {"action":"${each.value.action}","scope":"*"}, not the fixed role\'s action and scope']);
  });
});

describe("every resource whose loss breaks provisioning has an explicit lifecycle decision", () => {
  it("in every stack: prevent_destroy, create_before_destroy, or the allowlist with its reason", () => {
    expect(everywhere(lifecycleProblems)).toEqual([]);
    for (const [type, { reason }] of Object.entries(LIFECYCLE_ALLOWLIST)) expect({ type, reason: reason.length > 40 }).toEqual({ type, reason: true });
  });

  it("a control: a job without prevent_destroy, a role set to replace, an empty allowlist are caught", () => {
    const stack = copy("example-entra");
    const job = Object.values(stack.resource!.azuread_synchronization_job!)[0]!;
    job.lifecycle = { ignore_changes: ["enabled"] };
    Object.values(stack.resource!.grafana_role!)[0]!.global = true;
    expect(lifecycleProblems(stack)).toEqual([
      expect.stringMatching(/^azuread_synchronization_job\..*: no lifecycle decision/),
      expect.stringMatching(/^grafana_role\..*: sets global to true, which replaces it$/),
    ]);
    const otherOrg = copy("example-cloud");
    Object.values(otherOrg.resource!.grafana_role!)[0]!.org_id = "2";
    Object.values(otherOrg.resource!.grafana_scim_config!)[0]!.org_id = "2";
    expect(lifecycleProblems(otherOrg)).toEqual([
      expect.stringMatching(/^grafana_scim_config\..*: sets org_id to "2", which replaces it$/),
      expect.stringMatching(/^grafana_role\..*: sets org_id to "2", which replaces it$/),
    ]);
    const forgotten = copy("example-cloud");
    const removed = forgotten.removed as Array<{ from: string; lifecycle: { destroy: boolean } }>;
    removed[0]!.lifecycle.destroy = true;
    expect(lifecycleProblems(forgotten)).toEqual([`removed ${removed[0]!.from}: destroys it (lifecycle.destroy is not false)`]);
    expect(lifecycleProblems(copy("example-cloud"), {})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^grafana_service_account\..*: no lifecycle decision/), expect.stringMatching(/^grafana_scim_config\..*: no lifecycle decision/)]),
    );
  });
});

describe("no two stacks manage the same Grafana singleton", () => {
  it("across the whole fleet", () => {
    expect(singletonProblems(FLEET)).toEqual([]);
    expect(count((s) => Object.keys(s.resource?.grafana_sso_settings ?? {}).length > 0)).toBeGreaterThan(50);
  });

  it("a control: the same Cloud stack under another URL, and the same self-hosted Grafana with another provider alias, are caught", () => {
    const cloud = copy("example-cloud");
    const other = copy("example-entra");
    (other.provider!.grafana![0] as Record<string, unknown>).stack_id = (cloud.provider!.grafana![0] as Record<string, unknown>).stack_id;
    expect(singletonProblems({ a: cloud, b: other })).toEqual([expect.stringMatching(/^grafana_scim_config of stack 123456 is managed by a and b$/)]);
    const selfHosted = copy("example-self-hosted");
    const aliased = copy("example-self-hosted");
    aliased.provider!.grafana = [{ ...(aliased.provider!.grafana![0] as object), alias: "other", url: "https://GRAFANA.example.com:443" }];
    for (const type of ["grafana_scim_config", "grafana_sso_settings"]) for (const block of Object.values(aliased.resource![type]!)) block.provider = "grafana.other";
    expect(singletonProblems({ a: selfHosted, b: aliased })).toEqual([
      "grafana_scim_config of https://grafana.example.com org 1 is managed by a and b",
      "grafana_sso_settings of https://grafana.example.com org 1 is managed by a and b",
    ]);
  });
});
