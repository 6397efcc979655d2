/**
 * Property assertions on synthesized stacks without hand-written JSON: a small `Template`
 * over `Testing.synth` output (keys are Terraform's snake_case). Every template is checked against
 * the provider schemas when it is made (see provider-schema.ts), so every stack any test
 * synthesizes conforms to them.
 */
import { Testing, TerraformStack } from "cdktf";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { checkConformance } from "./provider-schema";
import type { TerraformJson } from "./terraform-json";

export type { TerraformJson } from "./terraform-json";

export class Template {
  /** Synthesizes `stack`, running cdktf validations (as `cdktf synth` does) unless told not to. */
  static fromStack(stack: TerraformStack, options: { validate?: boolean } = {}): Template {
    return new Template(Testing.synth(stack, options.validate ?? true));
  }

  /** A new app and stack with a default grafana provider, built by `build`, then synthesized. */
  static synth(build: (stack: TerraformStack) => void, options: { grafanaProvider?: boolean; validate?: boolean } = {}): Template {
    const stack = new TerraformStack(Testing.app(), "test");
    if (options.grafanaProvider ?? true) new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
    build(stack);
    return Template.fromStack(stack, options);
  }

  /** The parsed document. */
  readonly json: TerraformJson;

  constructor(
    /** The synthesized JSON string, as cdktf's jest matchers take it. */
    readonly synthesized: string,
  ) {
    this.json = JSON.parse(synthesized) as TerraformJson;
    const { problems, unchecked } = checkConformance(this.json);
    if (problems.length > 0 || unchecked.length > 0) {
      throw new Error(`the synthesized stack does not conform to the provider schemas:\n  ${[...problems, ...unchecked.map((t) => `${t}: no schema`)].join("\n  ")}`);
    }
  }

  /** All resources of `type`, by logical id. */
  resources(type: string): Record<string, Record<string, unknown>> {
    return this.json.resource?.[type] ?? {};
  }

  /** All data sources of `type`, by logical id. */
  dataSources(type: string): Record<string, Record<string, unknown>> {
    return this.json.data?.[type] ?? {};
  }

  /** The only resource of `type`; fails when there are none or several. */
  resource(type: string): Record<string, unknown> {
    return only(this.resources(type), `resource ${type}`)[1];
  }

  /** Logical id of the only resource of `type`. */
  resourceId(type: string): string {
    return only(this.resources(type), `resource ${type}`)[0];
  }

  /** The Terraform address of the only resource of `type`. */
  address(type: string): string {
    return `${type}.${this.resourceId(type)}`;
  }

  /** How many resources of `type` there are. */
  count(type: string): number {
    return Object.keys(this.resources(type)).length;
  }

  /** Every resource and data source type present, `data.`-prefixed for data sources. */
  types(): string[] {
    return [...Object.keys(this.json.resource ?? {}), ...Object.keys(this.json.data ?? {}).map((t) => `data.${t}`)].sort();
  }

  /** The output named `name`; fails when absent. */
  output(name: string): { value: unknown; sensitive?: boolean; description?: string } {
    const output = this.json.output?.[name];
    if (!output) throw new Error(`no output "${name}" (have: ${Object.keys(this.json.output ?? {}).join(", ")})`);
    return output;
  }
}

function only<T>(items: Record<string, T>, what: string): [string, T] {
  const entries = Object.entries(items);
  if (entries.length !== 1) throw new Error(`expected exactly one ${what}, found ${entries.length}`);
  return entries[0] as [string, T];
}
