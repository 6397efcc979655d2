/**
 * The parts of Terraform's machine-readable plan (`terraform show -json tfplan`, format 1.x)
 * that the delivery scripts read. Reference: https://developer.hashicorp.com/terraform/internals/json-format
 *
 * A JSON plan holds sensitive values IN CLEAR (`variables`, `before`/`after` under the
 * `*_sensitive` marks): it is read on the runner that made it and never posted or uploaded.
 */

/** A JSON plan. */
export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly resource_changes?: readonly ResourceChangeJson[];
  readonly resource_drift?: readonly ResourceChangeJson[];
  readonly output_changes?: Readonly<Record<string, ChangeJson>>;
  /** Results of `check` blocks and conditions (format 1.2+). */
  readonly checks?: readonly CheckResultJson[];
  readonly configuration?: ConfigurationJson;
  readonly errored?: boolean;
  readonly applyable?: boolean;
  readonly complete?: boolean;
  readonly timestamp?: string;
}

/** One entry of `resource_changes` / `resource_drift`. */
export interface ResourceChangeJson {
  readonly address: string;
  /** Set when a `moved` block (or a refactoring) gave the resource a new address. */
  readonly previous_address?: string;
  readonly mode?: string;
  readonly type: string;
  readonly name?: string;
  readonly action_reason?: string;
  readonly change: ChangeJson;
}

/** A `change` object: actions plus before/after values and their sensitivity marks. */
export interface ChangeJson {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly importing?: unknown;
}

/** One checkable object (a `check` block, a resource's conditions, an output's precondition). */
export interface CheckResultJson {
  readonly address: { readonly kind?: string; readonly to_display: string; readonly name?: string };
  /** `pass`, `fail`, `error` or `unknown`. */
  readonly status: string;
  readonly instances?: ReadonlyArray<{
    readonly address?: { readonly to_display?: string };
    readonly status: string;
    readonly problems?: ReadonlyArray<{ readonly message?: string }>;
  }>;
}

/** An expression in `configuration`: a constant or the references it makes. */
export interface ExpressionJson {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

/** The root module of `configuration` (cdktf stacks have no child modules). */
export interface ConfigurationJson {
  readonly root_module?: {
    readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean; readonly default?: unknown }>>;
    readonly outputs?: Readonly<Record<string, { readonly sensitive?: boolean; readonly expression?: ExpressionJson }>>;
    readonly resources?: ReadonlyArray<{
      readonly address: string;
      readonly mode?: string;
      readonly type: string;
      /** Attribute name → expression; nested blocks are arrays of such maps. */
      readonly expressions?: Readonly<Record<string, unknown>>;
    }>;
  };
}

/** What happens to a resource. A replace is one kind, not an add plus a destroy. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "forget" | "read" | "no-op";

/** The kind of change `actions` (from the JSON plan) describe. */
export function changeKind(actions: readonly string[]): ChangeKind {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "delete":
    case "forget":
    case "read":
    case "no-op":
      return key;
    case "delete,create":
    case "create,delete":
      return "replace";
    default:
      throw new Error(`unknown plan actions: [${actions.join(", ")}]`);
  }
}

/** Parses a JSON plan, with a message naming the file when it is not one. */
export function parsePlan(text: string, file = "the plan"): PlanJson {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (plan === null || typeof plan !== "object" || typeof (plan as PlanJson).format_version !== "string") {
    throw new Error(`${file} is not a Terraform JSON plan (no format_version)`);
  }
  return plan as PlanJson;
}
