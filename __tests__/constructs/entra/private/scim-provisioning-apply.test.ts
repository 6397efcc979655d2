/**
 * The ordering of the provisioning job's Graph calls, applied by the real Terraform CLI on
 * provider-free stand-ins of the synthesized stack. "Graph" is a local state file that
 * `terraform_remote_state` reads (the schema GET, before the PUT and, scoped to the check, after
 * it) and that the PUT's stand-in rewrites with the body it was given, as JSON text. The locals,
 * the drift check and the postcondition are the synthesized ones; only addresses are rewritten,
 * and each expression decodes Graph's JSON text once (decodeOnce).
 *
 * Proves: an apply that sets the mappings ends without a drift warning (and the old check, which
 * read the pre-PUT schema, would warn); a portal edit warns on the next plan; a document that is
 * not a synchronization schema fails before the secret is written; the start action starts only
 * a job that was not running when it was created, and never turns into a start later.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EntraEnterpriseApp } from "../../../../constructs/entra/private/enterprise-app";
import { EntraScimProvisioning } from "../../../../constructs/entra/private/scim-provisioning";
import { addressOf } from "../../../../constructs/private/terraform/address";
import { synthEntra } from "../../../support/entra";
import { interpolationEnd } from "../../../support/interpolation";
import type { Template } from "../../../support/template";
import { mapStrings, TerraformSession, type Diagnostic } from "../../../support/terraform";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURE: Json = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "fixtures", "entra", "scim-job-schema.json"), "utf8"));
const ACTIVE_TREE = FIXTURE.synchronizationRules[0].objectMappings[0].attributeMappings.find((m: Json) => m.targetAttributeName === "active").source;

let p!: EntraScimProvisioning;
const t: Template = synthEntra((stack, grafana) => {
  const app = new EntraEnterpriseApp(stack, "app", { displayName: "Grafana" });
  p = new EntraScimProvisioning(stack, "provisioning", { app, grafana });
});

/** A local state file whose output `schema` is `schema`, as a JSON string. */
function graphState(schema: unknown): string {
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "graph", outputs: { schema: { type: "string", value: JSON.stringify(schema) } }, resources: [] });
}

/** Replaces every occurrence of each `from` in every string of `value`. */
function rewrite<T>(value: T, pairs: ReadonlyArray<readonly [string, string]>): T {
  return mapStrings(value, (text) => pairs.reduce((acc, [from, to]) => acc.split(from).join(to), text));
}

/**
 * Every interpolation of every string in `value` that decodes `document` (a JSON string, e.g.
 * `self.outputs.schema`) decodes it once: `${E}` becomes `${[for name in [jsondecode(document)] : E'][0]}`,
 * with E' = E reading `name` instead. The stand-in of Graph keeps the schema as JSON text, and the
 * emitted expressions read it many times (the shape postcondition eight times in its condition
 * and message): decoding it once each is the same value for a fraction of the work.
 */
function decodeOnce<T>(value: T, document: string, name: string): T {
  const decoded = `jsondecode(${document})`;
  const rewriteText = (text: string): string => {
    let out = "";
    let at = 0;
    for (let i = text.indexOf("${"); i >= 0; i = text.indexOf("${", at)) {
      if (text[i - 1] === "$") {
        out += text.slice(at, i + 2);
        at = i + 2;
        continue;
      }
      const end = interpolationEnd(text, i + 2);
      if (end === -1) throw new Error(`unbalanced interpolation in ${text.slice(0, 80)}…`);
      const expression = text.slice(i + 2, end);
      out += text.slice(at, i) + (expression.includes(decoded) ? `\${[for ${name} in [${decoded}] : ${expression.split(decoded).join(name)}][0]}` : `\${${expression}}`);
      at = end + 1;
    }
    return out + text.slice(at);
  };
  return mapStrings(value, rewriteText);
}

/**
 * The provider-free configuration. `checkReadsBeforePut` builds the previous design instead: the
 * drift check reading the schema fetched before the PUT.
 */
function standIn(graphFile: string, options: { checkReadsBeforePut?: boolean; withStart?: boolean } = {}): Record<string, unknown> {
  const json = t.json;
  const schemaData = addressOf(p.schema);
  const check = JSON.parse(JSON.stringify(json.check)) as Record<string, Json>;
  const [checkName, checkBody] = Object.entries(check)[0]!;
  const scopedName = Object.keys(checkBody.data.msgraph_resource)[0]!;
  const scoped = `data.msgraph_resource.${scopedName}`;
  const read = (name: string) => `jsondecode(data.terraform_remote_state.${name}.outputs.schema)`;
  const pairs: Array<[string, string]> = [
    [`${schemaData}.output.schema`, read("graph")],
    [`${scoped}.output.schema`, options.checkReadsBeforePut ? read("graph") : read(scopedName)],
    [`${addressOf(p.parseExpressions[0]!.action)}.output.tree`, "local.parse_tree"],
    [`${addressOf(p.job)}.`, "terraform_data.job.output."],
    ["self.output.schema", "jsondecode(self.outputs.schema)"],
  ];
  const remote = (extra: Record<string, unknown>) => ({ backend: "local", config: { path: graphFile }, ...extra });
  const postcondition = (json.data!.msgraph_resource![schemaData.split(".")[2]!]!.lifecycle as Json).postcondition;
  delete checkBody.data;
  if (!options.checkReadsBeforePut) {
    checkBody.data = { terraform_remote_state: { [scopedName]: remote({ depends_on: ["terraform_data.put"] }) } };
  }
  const start = json.resource!.msgraph_resource_action![addressOf(p.startJob!).split(".")[1]!]!;
  const config = rewrite(
    {
      variable: { job_enabled: { type: "bool", default: false } },
      locals: { ...(json.locals as Record<string, unknown>), parse_tree: ACTIVE_TREE },
      // Read during the apply, after the job exists, like the real data source whose URL needs the job id.
      data: { terraform_remote_state: { graph: remote({ defaults: { job: "${terraform_data.job.output.id}" }, lifecycle: { postcondition } }) } },
      resource: {
        terraform_data: {
          job: { input: { id: "/servicePrincipals/sp-1/synchronization/jobs/scim.1", enabled: "${var.job_enabled}" } },
          secret: { input: "secret", depends_on: ["terraform_data.job", "data.terraform_remote_state.graph"] },
          put: {
            // The body as JSON text: a string in the state, where the object itself would be stored
            // with its whole type (half a megabyte that every later run reads and writes).
            input: `\${jsonencode(${addressOf(p.desiredSchema)})}`,
            lifecycle: { ignore_changes: ["input"] },
            depends_on: ["terraform_data.secret"],
            provisioner: [
              {
                "local-exec": {
                  command: `printf '%s' "$STATE" > '${graphFile}'`,
                  environment: { STATE: '${jsonencode({ version = 4, terraform_version = "1.11.4", serial = 2, lineage = "graph", outputs = { schema = { type = "string", value = self.input } }, resources = [] })}' },
                },
              },
            ],
          },
          ...(options.withStart === false ? {} : { start: { input: { action: start.action, method: start.method }, lifecycle: { ignore_changes: ["input"] }, depends_on: ["terraform_data.put"] } }),
        },
      },
      check: { [checkName]: checkBody },
      ...(options.withStart === false ? {} : { output: { start: { value: "${terraform_data.start.output}" } } }),
    },
    pairs,
  );
  const documents = ["self.outputs.schema", ...["graph", scopedName].map((name) => `data.terraform_remote_state.${name}.outputs.schema`)];
  return documents.reduce((c, document, i) => decodeOnce(c, document, `graph_schema_${i}`), config);
}

const failedChecks = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.summary === "Check block assertion failed").map((d) => d.detail);

describe("the provisioning job's Graph calls, applied by the Terraform CLI on stand-ins", () => {
  let session: TerraformSession;
  let graphFile: string;
  beforeEach(() => {
    session = new TerraformSession();
    graphFile = path.join(session.dir, "graph.tfstate");
    fs.writeFileSync(graphFile, graphState(FIXTURE));
  });
  afterEach(() => session.close());

  describe("GIVEN Microsoft's default mappings and a new (paused) job WHEN the apply PUTs Grafana's (one apply serves these cases, in this order)", () => {
    let shared: TerraformSession;
    let sharedGraph: string;
    let applied: ReturnType<TerraformSession["apply"]>;
    beforeAll(() => {
      shared = new TerraformSession();
      sharedGraph = path.join(shared.dir, "graph.tfstate");
      fs.writeFileSync(sharedGraph, graphState(FIXTURE));
      applied = shared.write(standIn(sharedGraph)).apply({ job_enabled: "false" });
    });
    afterAll(() => shared?.close());

    it("THEN it ends clean: the check re-reads after the PUT", () => {
      expect(applied.ok).toBe(true);
      expect(failedChecks(applied.diagnostics)).toEqual([]);
      const users = JSON.parse(JSON.parse(fs.readFileSync(sharedGraph, "utf8")).outputs.schema.value).synchronizationRules[0].objectMappings[0];
      expect(users.attributeMappings.find((m: Json) => m.targetAttributeName === "externalId").source.expression).toBe("[objectId]");
      // The next plan changes nothing and warns about nothing.
      const plan = shared.plan();
      expect(failedChecks(plan.diagnostics)).toEqual([]);
      // (The check's scoped data source is listed as a read: Terraform reads it on every plan and apply.)
      expect(plan.changes.filter((c) => !["no-op", "read"].includes(c.actions.join()))).toEqual([]);
    });

    it("THEN start is POSTed; once the job runs, the start action does not change", () => {
      expect(applied.ok).toBe(true);
      expect(shared.outputs().start).toEqual({ action: "start", method: "POST" });
      const later = shared.plan({ job_enabled: "true" });
      expect(later.changes.find((c) => c.address === "terraform_data.start")?.actions).toEqual(["no-op"]);
    });

    // Last: it changes "Graph".
    it("WHEN someone then edits the mappings in the portal THEN the next plan warns with the drift and the re-apply command", () => {
      expect(applied.ok).toBe(true);
      fs.writeFileSync(sharedGraph, graphState(FIXTURE));
      const plan = shared.plan();
      expect(plan.ok).toBe(true);
      expect(failedChecks(plan.diagnostics)).toEqual([
        `The attribute mappings of the Entra provisioning job differ from what this stack sets: User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0). Re-apply them with: terraform apply -replace=${addressOf(p.putSchema)}`,
      ]);
    });
  });

  it("GIVEN the previous design (the check reads the schema fetched before the PUT) THEN the very apply that fixed the mappings warns", () => {
    const result = session.write(standIn(graphFile, { checkReadsBeforePut: true })).apply();
    expect(result.ok).toBe(true);
    expect(failedChecks(result.diagnostics)).toEqual([expect.stringContaining("User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)")]);
  });

  it("GIVEN Graph returns something that is not a synchronization schema THEN the run fails naming the job and what is missing, before the secret is written", () => {
    fs.writeFileSync(graphFile, graphState({ error: { code: "UnknownError" } }));
    const result = session.write(standIn(graphFile)).apply();
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.detail)).toEqual([
      'The schema Graph returned for the provisioning job /servicePrincipals/sp-1/synchronization/jobs/scim.1 is not a synchronization schema Grafana\'s mappings can be applied to: it has no synchronizationRules list; no object mapping has sourceObjectName "User" (Entra users). Nothing was written to the job; check it in the Entra admin center (Provisioning) or with GET …/schema.',
    ]);
    expect(session.stateList().filter((a) => a.startsWith("terraform_data."))).toEqual(["terraform_data.job"]);
  });

  it("GIVEN an adopted job that already runs THEN the start action only GETs the job", () => {
    expect(session.write(standIn(graphFile, { withStart: false })).apply({ job_enabled: "true" }).ok).toBe(true);
    expect(session.write(standIn(graphFile)).apply({ job_enabled: "true" }).ok).toBe(true);
    expect(session.outputs().start).toEqual({ action: null, method: "GET" });
  });
});
