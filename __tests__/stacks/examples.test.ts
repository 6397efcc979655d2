/**
 * Every shipped example environment: a regression snapshot of its synthesized stack (review a
 * snapshot diff as you would a plan), conformance to the provider schemas the bindings were
 * generated from, a parse by the real Terraform CLI, and no credential anywhere.
 */
import { secretKind } from "../../environment-format/secrets";
import { checkConformance } from "../support/provider-schema";
import { exampleEnvironments, synthEnvironment } from "../support/environments";
import { parseStack } from "../support/terraform";

const examples = exampleEnvironments();

describe.each(examples.map((e) => [e.name, e] as const))("example environment %s", (_name, env) => {
  const template = synthEnvironment(env);

  it("matches its snapshot", () => {
    expect(template.json).toMatchSnapshot();
  });

  it("conforms to every provider's schema (grafana, msgraph, azuread, okta, time, terraform_data): types, attributes, blocks, required and read-only flags, value types", () => {
    const report = checkConformance(template.json);
    expect(report.problems).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(report.checked).toEqual(expect.arrayContaining(template.types()));
  });

  it("pins the provider versions the bindings were generated from", () => {
    expect(template.json.terraform?.required_providers?.grafana).toEqual({ source: "grafana/grafana", version: "4.45.1" });
  });

  it("is accepted by the Terraform CLI (offline parse of the whole configuration)", () => {
    expect(parseStack(template.json)).toContain("provider[registry.terraform.io/grafana/grafana] 4.45.1");
  });

  it("holds no credential: every string is a literal without secret shape or a reference", () => {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(template.json);
    expect(strings.filter((s) => secretKind(s) !== undefined)).toEqual([]);
    expect(template.json.provider?.grafana?.[0]).not.toHaveProperty("auth");
  });
});

it("ships Grafana Cloud and self-hosted examples", () => {
  expect(new Set(examples.map((e) => e.config.grafana.kind))).toEqual(new Set(["cloud", "self-hosted"]));
});
