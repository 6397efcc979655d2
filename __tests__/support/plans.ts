/**
 * The Terraform plan fixtures in __tests__/fixtures/plans/: real Terraform 1.11 output for
 * provider-free configurations (sources/*.tf, made by generate.sh).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { changeReviewMarkers, type ChangeReviewMarker } from "../../scripts/delivery/critical";
import type { PlanJson } from "../../scripts/delivery/plan-json";

/** The fixture folder. */
export const PLAN_FIXTURES = path.resolve(__dirname, "..", "fixtures", "plans");

/** Every scenario with a JSON plan. */
export const SCENARIOS = ["create", "update", "replace", "destroy", "no-changes", "mixed", "checks", "check-unknown", "moved", "sensitive-shapes", "purposes"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The JSON plan of a scenario (`terraform show -json tfplan`). */
export const planJson = (name: string): PlanJson => JSON.parse(fs.readFileSync(path.join(PLAN_FIXTURES, `${name}.json`), "utf8")) as PlanJson;
/** The text plan of a scenario (`terraform show -no-color tfplan`), or a failed plan's output. */
export const planText = (name: string): string => fs.readFileSync(path.join(PLAN_FIXTURES, `${name}.txt`), "utf8");
/** `terraform plan -detailed-exitcode`'s exit code for a scenario. */
export const exitCode = (name: string): number => Number(fs.readFileSync(path.join(PLAN_FIXTURES, `${name}.exitcode`), "utf8").trim());
/** The file of a scenario, e.g. `planFile("mixed", "json")`. */
export const planFile = (name: string, ext: "json" | "txt" | "exitcode"): string => path.join(PLAN_FIXTURES, `${name}.${ext}`);

/** Values the fixtures' configurations mark sensitive (generate.sh sets them). */
export const CANARIES = ["fixture-sensitive-canary-before", "fixture-sensitive-canary-after"];
/** A credential-shaped value that no fixture marks sensitive. */
export const LEAKY_TOKEN = "glsa_FixtureNotARealToken0123456789_0a1b2c3d";

/**
 * The environment generate.sh planned a scenario with (`sources/<name>.env`, read by bash exactly
 * as generate.sh sources it), so a test can give the scripts the same TF_VAR_* values.
 */
export function scenarioEnv(name: string): Record<string, string> {
  const file = path.join(PLAN_FIXTURES, "sources", `${name}.env`);
  const result = spawnSync("bash", ["-c", 'set -a; source "$1"; set +a; env -0', "bash", file], { encoding: "utf8", env: {} });
  if (result.status !== 0) throw new Error(`cannot read ${file}: ${result.stderr}`);
  const env: Record<string, string> = {};
  for (const entry of result.stdout.split("\0").filter(Boolean)) {
    const eq = entry.indexOf("=");
    const key = entry.slice(0, eq);
    if (key.startsWith("TF_VAR_")) env[key] = entry.slice(eq + 1);
  }
  return env;
}

/**
 * `plan` with stand-ins retyped: each `terraform_data.<name>` listed in `types` becomes
 * `<type>.<name>`, and its `input` becomes its attributes (before, after, unknown and sensitivity
 * marks), in `resource_changes` and in the configuration's addresses and references. No provider
 * binary can run here, so this is how real plans of terraform_data exercise rules written for
 * grafana_*, azuread_* and okta_* resources: the actions, values and references stay Terraform's.
 */
export function standIn(plan: PlanJson, types: Readonly<Record<string, string>>): PlanJson {
  const renamed = new Map(Object.entries(types).map(([name, type]) => [`terraform_data.${name}`, `${type}.${name}`]));
  const rename = (ref: string): string => {
    for (const [from, to] of renamed) if (ref === from || ref.startsWith(`${from}.`)) return `${to}${ref.slice(from.length)}`.replace(/\.(input|output)(?=\.|$)/, "");
    return ref;
  };
  const input = (value: unknown): unknown => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).input : value);
  const renameRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(renameRefs);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "references" && Array.isArray(v) ? v.map((r) => (typeof r === "string" ? rename(r) : r)) : renameRefs(v)]));
  };
  const root = plan.configuration?.root_module;
  return {
    ...plan,
    resource_changes: (plan.resource_changes ?? []).map((rc) => {
      const to = renamed.get(rc.address);
      if (!to) return rc;
      const c = rc.change;
      return {
        ...rc,
        address: to,
        type: to.split(".")[0]!,
        change: {
          ...c,
          before: input(c.before) ?? null,
          after: input(c.after) ?? null,
          after_unknown: input(c.after_unknown) ?? {},
          before_sensitive: input(c.before_sensitive) ?? false,
          after_sensitive: input(c.after_sensitive) ?? false,
        },
      };
    }),
    configuration: {
      ...plan.configuration,
      root_module: {
        ...root,
        resources: (root?.resources ?? []).map((r) => {
          const to = renamed.get(r.address);
          return { ...r, ...(to ? { address: to, type: to.split(".")[0]! } : {}), expressions: renameRefs(r.expressions) as Record<string, unknown> };
        }),
      },
    },
  };
}

/**
 * The change-review markers of a scenario's planned configuration (`sources/<name>.after.tf.json`,
 * read as the gate reads cdk.tf.json), with the stand-ins of `types` retyped as {@link standIn}
 * retypes them in the plan.
 */
export function scenarioMarkers(name: string, types: Readonly<Record<string, string>> = {}): Map<string, ChangeReviewMarker> {
  const markers = changeReviewMarkers(JSON.parse(fs.readFileSync(path.join(PLAN_FIXTURES, "sources", `${name}.after.tf.json`), "utf8")));
  return new Map([...markers].map(([address, marker]) => {
    const name = address.replace(/^terraform_data\./, "");
    return [types[name] && address.startsWith("terraform_data.") ? `${types[name]}.${name}` : address, marker];
  }));
}
