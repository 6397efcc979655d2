import * as fs from "node:fs";
import * as path from "node:path";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { EntraEnterpriseApp } from "../../../../constructs/entra/private/enterprise-app";
import { EntraScimProvisioning, type EntraScimProvisioningProps } from "../../../../constructs/entra/private/scim-provisioning";
import { addressOf } from "../../../../constructs/private/terraform/address";
import { synthEntra } from "../../../support/entra";
import type { Template, TerraformJson } from "../../../support/template";
import { planConfig, replaceReferences } from "../../../support/terraform";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v));
const users = (schema: Json) => schema.synchronizationRules[0].objectMappings.find((om: Json) => om.sourceObjectName === "User");
const mapped = (om: Json, target: string): Json => om.attributeMappings.find((m: Json) => m.targetAttributeName === target);
const FIXTURE: Json = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "fixtures", "entra", "scim-job-schema.json"), "utf8"));

let last!: EntraScimProvisioning;
function synth(props: Omit<EntraScimProvisioningProps, "app" | "grafana"> = {}): Template {
  return synthEntra((stack, grafana) => {
    const app = new EntraEnterpriseApp(stack, "app", { displayName: "Grafana" });
    last = new EntraScimProvisioning(stack, "provisioning", { ...props, app, grafana });
  });
}

/** Every resource address `address` depends on, directly or transitively (depends_on and references). */
function dependenciesOf(json: TerraformJson, address: string): Set<string> {
  const bodies = new Map<string, unknown>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, instances] of Object.entries(json[kind] ?? {})) {
      for (const [id, body] of Object.entries(instances as Record<string, unknown>)) bodies.set(`${prefix}${type}.${id}`, body);
    }
  }
  const locals = json.locals as Record<string, unknown> | undefined;
  const direct = (body: unknown): string[] => {
    const text = JSON.stringify(body);
    const refs = [...bodies.keys()].filter((a) => text.includes(`${a}.`) || text.includes(`"${a}"`));
    const localRefs = Object.keys(locals ?? {}).filter((l) => text.includes(`local.${l}`));
    return [...refs, ...localRefs.flatMap((l) => direct(locals![l]))];
  };
  const seen = new Set<string>();
  const visit = (a: string) => {
    for (const d of direct(bodies.get(a))) if (!seen.has(d) && d !== a) (seen.add(d), visit(d));
  };
  visit(address);
  return seen;
}

describe("EntraScimProvisioning", () => {
  const t = synth();
  const p = last;
  const actions = t.resources("msgraph_resource_action");
  const job = t.address("azuread_synchronization_job");
  const secret = t.address("azuread_synchronization_secret");
  const schema = addressOf(p.schema);
  const put = addressOf(p.putSchema);
  const validate = addressOf(p.validateCredentials);
  const start = addressOf(p.startJob!);
  const parse = addressOf(p.parseExpressions[0]!.action);
  const body = (address: string) => actions[address.split(".")[1]!]!;

  it("creates the scim job paused, keeps later plans from pausing it once started, and protects it from destroy", () => {
    expect(t.synthesized).toHaveResourceWithProperties(SynchronizationJob, {
      template_id: "scim",
      enabled: false,
      lifecycle: { ignore_changes: ["enabled"], prevent_destroy: true },
      // After the service principal's replication wait.
      service_principal_id: `\${${t.address("time_sleep")}.triggers.service_principal_id}`,
    });
    expect(t.resource("azuread_synchronization_secret").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("GIVEN preventDestroy false THEN job and secret can be destroyed", () => {
    const unprotected = synth({ preventDestroy: false });
    expect(unprotected.resource("azuread_synchronization_job").lifecycle).toEqual({ ignore_changes: ["enabled"], prevent_destroy: false });
    expect(unprotected.resource("azuread_synchronization_secret").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("saves Grafana's tenant URL and a reference to its token as the job's secret", () => {
    expect(t.synthesized).toHaveResourceWithProperties(SynchronizationSecret, {
      credential: [
        { key: "BaseAddress", value: "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default" },
        { key: "SecretToken", value: expect.stringMatching(/^\$\{grafana_service_account_token\.[\w-]+\.key\}$/) },
      ],
    });
  });

  it("orders job -> schema read (checked) -> secret -> parse -> mappings PUT -> validateCredentials -> start", () => {
    expect(t.resource("azuread_synchronization_secret").depends_on).toEqual([job, schema]);
    expect(body(put).depends_on).toEqual([secret]);
    // The credential test is Entra's first call to Grafana's SCIM API: SCIM switched on and the
    // service account's role assigned (IGrafanaScim.scimReady) come first.
    expect(body(validate).depends_on).toEqual([put, t.address("grafana_scim_config"), t.address("grafana_role_assignment_item")]);
    expect(body(start).depends_on).toEqual([validate]);
    const before = dependenciesOf(t.json, start);
    for (const earlier of [job, secret, schema, parse, put, validate, t.address("grafana_scim_config"), t.address("grafana_role_assignment_item")]) expect(before).toContain(earlier);
    expect([...dependenciesOf(t.json, put)]).toEqual(expect.arrayContaining([job, secret, schema, parse]));
    expect([...dependenciesOf(t.json, put)]).not.toContain(validate);
  });

  it("starts the job in one place only, and only a job that was not running when the action was created", () => {
    const starters = Object.values(actions).filter((a) => JSON.stringify(a).includes('\\"start\\"') || a.action === "start");
    expect(starters).toHaveLength(1);
    expect(body(start)).toEqual(
      expect.objectContaining({
        resource_url: `\${trimprefix(${job}.id, "/")}`,
        action: `\${${job}.enabled ? null : "start"}`,
        method: `\${${job}.enabled ? "GET" : "POST"}`,
        lifecycle: { ignore_changes: ["action", "method"] },
      }),
    );
    expect(Object.values(t.resources("azuread_synchronization_job")).every((j) => j.enabled === false)).toBe(true);
  });

  it("calls Graph on the job's URL without azuread's leading slash", () => {
    const jobUrl = `\${trimprefix(${job}.id, "/")}`;
    expect(Object.values(t.dataSources("msgraph_resource"))[0]).toEqual(expect.objectContaining({ url: `${jobUrl}/schema`, response_export_values: { schema: "@" } }));
    expect(body(put)).toEqual(expect.objectContaining({ resource_url: `${jobUrl}/schema`, method: "PUT" }));
    expect(body(validate)).toEqual(expect.objectContaining({ resource_url: jobUrl, body: { useSavedCredentials: true } }));
    expect(body(start)).toEqual(expect.objectContaining({ resource_url: jobUrl }));
    expect(body(parse)).toEqual(expect.objectContaining({ resource_url: `${jobUrl}/schema`, action: "parseExpression", method: "POST" }));
  });

  it("PUTs on create and when the configured mappings change, not on every change of the live schema", () => {
    const intent = t.address("terraform_data");
    expect(body(put).lifecycle).toEqual({ ignore_changes: ["body"], replace_triggered_by: [intent] });
    expect(t.resource("terraform_data").triggers_replace).toEqual({ mappings: `\${${addressOf(p.managedMappings)}}`, mode: "keep-defaults" });
    expect(body(validate).lifecycle).toEqual({ replace_triggered_by: [secret] });
  });

  it("asks Graph to parse every function expression (Grafana's Switch for active), and PUTs Graph's tree", () => {
    expect(p.parseExpressions.map((e) => [e.object, e.target])).toEqual([["user", "active"]]);
    expect(body(parse)).toEqual(
      expect.objectContaining({
        body: { expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
        response_export_values: { tree: "parsedExpression", parsed: "parsingSucceeded", error: "error" },
        lifecycle: {
          postcondition: [
            {
              condition: "${try(self.output.parsed, false) == true}",
              error_message: 'Graph could not parse the user mapping to active, Switch([IsSoftDeleted], , "False", "True", "True", "False"): ${jsonencode(try(self.output.error, null))}',
            },
          ],
        },
      }),
    );
    const parsed = (t.json.locals as Record<string, Json>)[addressOf(p.parsedMappings).slice("local.".length)];
    expect(parsed.user.find((m: Json) => m.targetAttributeName === "active").source).toBe(`\${${parse}.output.tree}`);
    expect(parsed.user.find((m: Json) => m.targetAttributeName === "externalId").source).toEqual({ expression: "[objectId]", name: "objectId", type: "Attribute", parameters: [] });
    const withJoin = synth({ mappings: { user: [{ target: "nickName", source: { function: "Join", expression: 'Join(" ", [givenName], [surname])' } }] } });
    expect(last.parseExpressions.map((e) => [e.object, e.target])).toEqual([
      ["user", "active"],
      ["user", "nickName"],
    ]);
    expect(withJoin.count("msgraph_resource_action")).toBe(5);
  });

  it("checks the schema Graph returned before anything is written, naming the job", () => {
    const data = Object.values(t.dataSources("msgraph_resource"))[0]!;
    const [postcondition] = (data.lifecycle as { postcondition: Array<{ condition: string; error_message: string }> }).postcondition;
    expect(postcondition!.condition).toMatch(/^\$\{length\(concat\(.*self\.output\.schema\.synchronizationRules.*\) == 0\}$/);
    expect(postcondition!.error_message).toMatch(new RegExp(`^The schema Graph returned for the provisioning job \\$\\{${job.replace(/[.]/g, "\\.")}\\.id\\} is not a synchronization schema`));
  });

  it("re-reads the schema for the drift check inside the check, after the PUT", () => {
    const check = Object.values(t.json.check ?? {})[0] as Json;
    const [[name, scoped]] = Object.entries(check.data.msgraph_resource) as Array<[string, Json]>;
    expect(scoped).toEqual({ url: `\${trimprefix(${job}.id, "/")}/schema`, response_export_values: { schema: "@" }, depends_on: [put] });
    expect(check.assert[0].condition).toContain(`data.msgraph_resource.${name}.output.schema`);
    expect(check.assert[0].condition).not.toContain(schema);
  });

  it("keeps the token out of every Graph call", () => {
    for (const action of Object.values(actions)) expect(JSON.stringify(action)).not.toContain("grafana_service_account_token");
  });

  describe("the emitted transform and drift check, evaluated by the Terraform CLI on the fixture", () => {
    /** The synthesized locals and check, with the schema data source pointed at `schema`. */
    function evaluate(template: Template, schema: Json) {
      const data = `data.msgraph_resource.${Object.keys(template.dataSources("msgraph_resource"))[0]}`;
      const locals = template.json.locals as Record<string, unknown>;
      const desired = Object.keys(locals).find((k) => k.includes("desired-schema"))!;
      // The check's scoped read and Graph's parse trees stand in as locals: the schema read and
      // the fixture's own Switch tree.
      const check = JSON.parse(JSON.stringify(template.json.check)) as Record<string, Json>;
      const scoped = Object.values(check).flatMap((c) => Object.keys(c.data?.msgraph_resource ?? {}).map((n) => `data.msgraph_resource.${n}`));
      for (const c of Object.values(check)) delete c.data;
      const parses = Object.keys(template.resources("msgraph_resource_action"))
        .filter((id) => template.resources("msgraph_resource_action")[id]!.action === "parseExpression")
        .map((id) => `msgraph_resource_action.${id}`);
      const config = replaceReferences({ locals, check }, { [data]: "schema_data", ...Object.fromEntries(scoped.map((a) => [a, "schema_data"])), ...Object.fromEntries(parses.map((a) => [a, "parse_result"])) });
      // The schema is data read from a file, as the data source returns it (support/terraform.ts Documents).
      (config.locals as Record<string, unknown>).schema_data = { output: { schema: "${local.schema_document}" } };
      (config.locals as Record<string, unknown>).parse_result = { output: { tree: clone(mapped(users(FIXTURE), "active").source), parsed: true } };
      return planConfig({ ...config, output: { desired: { value: `\${local.${desired}}` } } }, {}, { schema_document: schema });
    }
    /** `evaluate(t, FIXTURE)`, run once for the two cases that start from it. */
    let onDefaults: ReturnType<typeof evaluate> | undefined;
    const evaluateDefaults = () => (onDefaults ??= evaluate(t, FIXTURE));
    const warnings = (r: ReturnType<typeof planConfig>) => r.diagnostics.filter((d) => d.severity === "warning").map((d) => d.detail);

    it("GIVEN Microsoft's defaults THEN objectId becomes externalId, and the check warns with the drift and the fix", () => {
      const r = evaluateDefaults();
      expect(r.ok).toBe(true);
      const users = (r.outputs.desired as Json).synchronizationRules[0].objectMappings[0];
      expect(users.attributeMappings.find((m: Json) => m.targetAttributeName === "externalId").source.expression).toBe("[objectId]");
      expect(warnings(r)).toEqual([
        `The attribute mappings of the Entra provisioning job differ from what this stack sets: User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0). Re-apply them with: terraform apply -replace=${put}`,
      ]);
    });

    it("GIVEN the schema as this stack sets it THEN the check is silent and the transform changes nothing", () => {
      const first = evaluateDefaults().outputs.desired;
      const second = evaluate(t, first);
      expect(warnings(second)).toEqual([]);
      expect(second.outputs.desired).toEqual(first);
    });

    it("GIVEN strict mode THEN only Grafana's mappings are PUT", () => {
      const r = evaluate(synth({ mappings: { mode: "strict" } }), FIXTURE);
      const [users, groups] = (r.outputs.desired as Json).synchronizationRules[0].objectMappings;
      expect(users.attributeMappings).toHaveLength(5);
      expect(groups.attributeMappings).toHaveLength(3);
      expect(warnings(r)[0]).toContain("User title: unmanaged mapping from [jobTitle]");
    });

    it("GIVEN a mapping expression containing ${ THEN it reaches Graph unchanged (template escaping)", () => {
      const r = evaluate(synth({ mappings: { user: [{ target: "nickName", source: { constant: "${not-a-reference}" } }] } }), FIXTURE);
      const users = (r.outputs.desired as Json).synchronizationRules[0].objectMappings[0];
      expect(users.attributeMappings.find((m: Json) => m.targetAttributeName === "nickName").source.name).toBe("${not-a-reference}");
    });
  });

  it("GIVEN a Grafana side of one's own without scimReady THEN the credential test waits for the PUT only", () => {
    const t2 = synthEntra((stack, grafana) => {
      const app = new EntraEnterpriseApp(stack, "app", { displayName: "Grafana" });
      // An IGrafanaScim of one's own that predates scimReady: the same Grafana side without it.
      const own = Object.defineProperty(Object.create(grafana) as typeof grafana, "scimReady", { value: undefined });
      last = new EntraScimProvisioning(stack, "provisioning", { app, grafana: own });
    });
    expect(t2.resources("msgraph_resource_action")[addressOf(last.validateCredentials).split(".")[1]!]!.depends_on).toEqual([addressOf(last.putSchema)]);
  });

  it("GIVEN users and groups to provision on demand THEN the request comes after Grafana's SCIM switch too (through the start)", () => {
    const withOnDemand = synth({ provisionOnDemand: { users: ["6d5f1a3c-0000-4000-8000-0000000000bb"] } });
    const request = `azuread_synchronization_job_provision_on_demand.${withOnDemand.resourceId("azuread_synchronization_job_provision_on_demand")}`;
    expect([...dependenciesOf(withOnDemand.json, request)]).toEqual(expect.arrayContaining([withOnDemand.address("grafana_scim_config"), withOnDemand.address("grafana_role_assignment_item")]));
  });

  it("GIVEN start false THEN the job is set up, validated and left paused", () => {
    const paused = synth({ start: false });
    expect(Object.values(paused.resources("msgraph_resource_action")).map((a) => a.action ?? a.method).sort()).toEqual(["PUT", "parseExpression", "validateCredentials"]);
    expect(last.startJob).toBeUndefined();
  });

  it("GIVEN users and groups to provision on demand THEN one request after the start, on the users' rule", () => {
    const withOnDemand = synth({ provisionOnDemand: { users: ["6d5f1a3c-0000-4000-8000-0000000000bb"], groups: ["7d5f1a3c-0000-4000-8000-0000000000cc"] } });
    const request = withOnDemand.resource("azuread_synchronization_job_provision_on_demand");
    expect(request.depends_on).toEqual([addressOf(last.startJob!)]);
    const [parameter] = request.parameter as Json[];
    expect(parameter.rule_id).toMatch(/^\$\{\[for rule in data\.msgraph_resource\.[\w-]+\.output\.schema\.synchronizationRules : rule\.id if anytrue/);
    expect(parameter.subject).toEqual([
      { object_id: "6d5f1a3c-0000-4000-8000-0000000000bb", object_type_name: "User" },
      { object_id: "7d5f1a3c-0000-4000-8000-0000000000cc", object_type_name: "Group" },
    ]);
    expect(request.synchronization_job_id).toBe(`\${${withOnDemand.address("azuread_synchronization_job")}.id}`);
  });

  it("rejects a non-UUID on-demand subject with the field", () => {
    expect(() => synth({ provisionOnDemand: { users: ["alice@example.com"] } })).toThrow(/^provisionOnDemand\.users\[0\]: must be a UUID/);
  });
});
