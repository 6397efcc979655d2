/**
 * The generated environments (scripts/generated-environments.ts, used by `npm run bench` and the
 * secret scan) are valid, and their stacks conform to every provider's schema: together they use
 * every resource and data source type whose schema the repository holds, so the conformance check
 * (the offline stand-in for `terraform validate`) sees each of them in a real stack.
 */
import { readBindingsConfig } from "../../scripts/bindings-lib";
import { generatedEnvironments, IDENTITY_PROVIDER_KINDS } from "../../scripts/generated-environments";
import { readPrebuiltConfig } from "../../scripts/prebuilt-schemas-config";
import { missingBackendProblem } from "../../environment-format/backend";
import { validateEnvironment } from "../../environment-format";
import { checkConformance } from "../support/provider-schema";
import { synthEnvironment } from "../support/environments";

const environments = generatedEnvironments(500);

it("all 500 generated environments are valid, each with its own Grafana, and they vary", () => {
  const problems = environments.flatMap((e) => {
    const result = validateEnvironment(e.document);
    const backend = missingBackendProblem(e.name, e.document);
    return [...result.problems.map((p) => `${e.name}: ${p.field}: ${p.problem}`), ...(backend ? [`${e.name}: backend: ${backend}`] : [])];
  });
  expect(problems).toEqual([]);
  const grafanas = environments.map((e) => JSON.stringify(e.document.grafana));
  expect(new Set(grafanas).size).toBe(environments.length);
  const kinds = (f: (d: Record<string, unknown>) => unknown) => new Set(environments.map((e) => JSON.stringify(f(e.document))));
  expect(kinds((d) => (d.identityProvider as { kind?: string } | undefined)?.kind ?? "none")).toEqual(new Set(IDENTITY_PROVIDER_KINDS.map((k) => JSON.stringify(k))));
  expect(kinds((d) => (d.grafana as { kind: string }).kind).size).toBe(2);
  expect(kinds((d) => (d.backend as { kind: string }).kind).size).toBe(4);
});

describe("the first 36 generated environments", () => {
  const templates = environments.slice(0, 36).map((e) => {
    const result = validateEnvironment(e.document);
    if (!result.config) throw new Error(`${e.name} is invalid`);
    return synthEnvironment({ name: e.name, file: `${e.name}.json`, config: result.config });
  });

  it("conform to every provider's schema", () => {
    const problems = templates.flatMap((t) => {
      const report = checkConformance(t.json);
      return [...report.problems, ...report.unchecked.map((u) => `${u}: no schema`)];
    });
    expect(problems).toEqual([]);
  });

  it("use every resource and data source type the repository has a schema for", () => {
    const used = new Set(templates.flatMap((t) => checkConformance(t.json).checked));
    const prebuilt = readPrebuiltConfig();
    const specs = [...Object.values(readBindingsConfig().providers), ...Object.values(prebuilt.providers), ...Object.values(prebuilt.builtin)];
    const all = specs.flatMap((s) => [...s.resources, ...s.dataSources.map((d) => `data.${d}`)]);
    // The package never creates Grafana teams: their bindings exist for the Team Sync guardrail's
    // test (constructs/grafana/team-sync-guard.ts looks for them in a stack).
    const onlyInTests = ["grafana_team", "grafana_team_external_group"];
    expect(all.filter((t) => !used.has(t) && !onlyInTests.includes(t))).toEqual([]);
  });
});
