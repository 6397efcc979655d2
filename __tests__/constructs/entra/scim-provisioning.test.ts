import * as fs from "node:fs";
import * as path from "node:path";
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { EntraEnterpriseApp } from "../../../constructs/entra/enterprise-app";
import { EntraScimProvisioning, type EntraScimProvisioningProps } from "../../../constructs/entra/scim-provisioning";
import { synthEntra } from "../../support/entra";
import type { Template, TerraformJson } from "../../support/template";
import { applyConfig, replaceReferences } from "../../support/terraform";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURE: Json = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "entra", "scim-job-schema.json"), "utf8"));

function synth(props: Omit<EntraScimProvisioningProps, "app" | "grafana"> = {}): Template {
  return synthEntra((stack, grafana) => {
    const app = new EntraEnterpriseApp(stack, "app", { displayName: "Grafana" });
    new EntraScimProvisioning(stack, "provisioning", { ...props, app, grafana });
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
  const actions = t.resources("msgraph_resource_action");
  const actionAddress = (action: string | undefined, method: string) =>
    `msgraph_resource_action.${Object.entries(actions).find(([, a]) => a.action === action && a.method === method)![0]}`;
  const job = t.address("azuread_synchronization_job");
  const secret = t.address("azuread_synchronization_secret");
  const put = actionAddress(undefined, "PUT");
  const validate = actionAddress("validateCredentials", "POST");
  const start = actionAddress("start", "POST");

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

  it("orders job -> secret -> mappings PUT -> validateCredentials -> start", () => {
    expect(t.resource("azuread_synchronization_secret").depends_on).toEqual([job]);
    expect(actions[put.split(".")[1]!]!.depends_on).toEqual([secret]);
    expect(actions[validate.split(".")[1]!]!.depends_on).toEqual([put]);
    expect(actions[start.split(".")[1]!]!.depends_on).toEqual([validate]);
    const before = dependenciesOf(t.json, start);
    for (const earlier of [job, secret, put, validate]) expect(before).toContain(earlier);
    expect([...dependenciesOf(t.json, put)]).toEqual(expect.arrayContaining([job, secret]));
    expect([...dependenciesOf(t.json, put)]).not.toContain(validate);
  });

  it("starts the job in one place only: nothing else calls start or enables the job", () => {
    const starters = Object.values(actions).filter((a) => a.action === "start");
    expect(starters).toHaveLength(1);
    expect(Object.values(t.resources("azuread_synchronization_job")).every((j) => j.enabled === false)).toBe(true);
  });

  it("calls Graph on the job's URL without azuread's leading slash", () => {
    const jobUrl = `\${trimprefix(${job}.id, "/")}`;
    expect(Object.values(t.dataSources("msgraph_resource"))[0]).toEqual(expect.objectContaining({ url: `${jobUrl}/schema`, response_export_values: { schema: "@" } }));
    expect(actions[put.split(".")[1]!]).toEqual(expect.objectContaining({ resource_url: `${jobUrl}/schema`, method: "PUT" }));
    expect(actions[validate.split(".")[1]!]).toEqual(expect.objectContaining({ resource_url: jobUrl, body: { useSavedCredentials: true } }));
    expect(actions[start.split(".")[1]!]).toEqual(expect.objectContaining({ resource_url: jobUrl }));
  });

  it("PUTs on create and when the configured mappings change, not on every change of the live schema", () => {
    const intent = t.address("terraform_data");
    expect(actions[put.split(".")[1]!]!.lifecycle).toEqual({ ignore_changes: ["body"], replace_triggered_by: [intent] });
    expect(t.resource("terraform_data").triggers_replace).toEqual({ mappings: expect.stringMatching(/^\$\{local\.[\w-]+\}$/), mode: "keep-defaults" });
    expect(actions[validate.split(".")[1]!]!.lifecycle).toEqual({ replace_triggered_by: [secret] });
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
      const config = replaceReferences({ locals, check: template.json.check }, { [data]: "schema_data" });
      (config.locals as Record<string, unknown>).schema_data = { output: { schema } };
      return applyConfig({ ...config, output: { desired: { value: `\${local.${desired}}` } } });
    }
    const warnings = (r: ReturnType<typeof applyConfig>) => r.diagnostics.filter((d) => d.severity === "warning").map((d) => d.detail);

    it("GIVEN Microsoft's defaults THEN objectId becomes externalId, and the check warns with the drift and the fix", () => {
      const r = evaluate(t, FIXTURE);
      expect(r.ok).toBe(true);
      const users = (r.outputs.desired as Json).synchronizationRules[0].objectMappings[0];
      expect(users.attributeMappings.find((m: Json) => m.targetAttributeName === "externalId").source.expression).toBe("[objectId]");
      expect(warnings(r)).toEqual([
        `The attribute mappings of the Entra provisioning job differ from what this stack sets: User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0). Re-apply them with: terraform apply -replace=${put}`,
      ]);
    });

    it("GIVEN the schema as this stack sets it THEN the check is silent and the transform changes nothing", () => {
      const first = evaluate(t, FIXTURE).outputs.desired;
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

  it("GIVEN start false THEN the job is set up, validated and left paused", () => {
    const paused = synth({ start: false });
    expect(Object.values(paused.resources("msgraph_resource_action")).map((a) => a.action ?? a.method).sort()).toEqual(["PUT", "validateCredentials"]);
  });

  it("GIVEN users and groups to provision on demand THEN one request after the start, on the users' rule", () => {
    const withOnDemand = synth({ provisionOnDemand: { users: ["6d5f1a3c-0000-4000-8000-0000000000bb"], groups: ["7d5f1a3c-0000-4000-8000-0000000000cc"] } });
    const request = withOnDemand.resource("azuread_synchronization_job_provision_on_demand");
    const startId = Object.entries(withOnDemand.resources("msgraph_resource_action")).find(([, a]) => a.action === "start")![0];
    expect(request.depends_on).toEqual([`msgraph_resource_action.${startId}`]);
    const [parameter] = request.parameter as Json[];
    expect(parameter.rule_id).toMatch(/^\$\{\[for rule in data\.msgraph_resource\.[\w-]+\.output\.schema\.synchronizationRules : rule\.id if anytrue/);
    expect(parameter.subject).toEqual([
      { object_id: "6d5f1a3c-0000-4000-8000-0000000000bb", object_type_name: "User" },
      { object_id: "7d5f1a3c-0000-4000-8000-0000000000cc", object_type_name: "Group" },
    ]);
    expect(request.synchronization_job_id).toBe(`\${${withOnDemand.address("azuread_synchronization_job")}.id}`);
  });

  it("rejects a non-UUID on-demand subject with the field", () => {
    expect(() => synth({ provisionOnDemand: { users: ["alice@example.com"] } })).toThrow(/^identityProvider\.provisioning\.provisionOnDemand\.users\[0\]: must be a UUID/);
  });
});
