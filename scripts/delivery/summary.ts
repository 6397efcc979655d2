/**
 * What a plan does, without any attribute value: counts, the changed and moved resources, the
 * changes that break provisioning (see `critical.ts`), the checks that fail, drift and changed
 * outputs.
 */
import { criticalReason, DEFAULT_CRITICAL_POLICY, type ChangeReviewMarkers, type CriticalPolicy } from "./critical";
import { changeKind, type ChangeKind, type PlanJson } from "./plan-json";

/** A changed resource as the summary lists it. */
export interface ResourceChangeSummary {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Terraform's reason, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Whether it is imported by this plan. */
  readonly importing: boolean;
  /** The address it had before a `moved` block gave it this one. */
  readonly movedFrom?: string;
  /** Why this change breaks provisioning, when it does (see {@link CriticalPolicy}). */
  readonly critical?: string;
}

/** Counts in the summary line. */
export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly forget: number;
  readonly import: number;
  /** Resources that get a new address (`moved`), whether or not they change otherwise. */
  readonly move: number;
}

/**
 * A check that did not pass: a `check` block (Terraform reports a failing one as a warning and
 * applies anyway) or a resource/output condition.
 */
export interface CheckSummary {
  /** e.g. `check.token_expiry`. */
  readonly address: string;
  /** `fail` or `error`: something is wrong now. `unknown`: it can only be evaluated after apply. */
  readonly status: "fail" | "error" | "unknown";
  /** The error messages of the failing instances, as Terraform gives them (NOT redacted). */
  readonly messages: readonly string[];
}

/** What a plan does, without any attribute value. */
export interface PlanSummary {
  readonly counts: ChangeCounts;
  /** Every managed resource that changes or is imported, in plan order. */
  readonly changes: readonly ResourceChangeSummary[];
  /** The changes that break provisioning. */
  readonly critical: readonly ResourceChangeSummary[];
  /** Root outputs that change. */
  readonly outputsChanged: readonly string[];
  /** Checks that fail or cannot be evaluated yet, failing ones first. */
  readonly checks: readonly CheckSummary[];
  /** Resources Terraform found changed outside Terraform while refreshing. */
  readonly drifted: readonly string[];
  /** Whether the plan changes anything (resources, addresses or outputs). */
  readonly hasChanges: boolean;
  /** Whether a check fails (a finding even when nothing changes). */
  readonly checksFail: boolean;
  /** Whether Terraform reported the plan as errored (incomplete). */
  readonly errored: boolean;
}

/**
 * Summarizes a JSON plan; `policy` decides which changes are critical, with the purposes the
 * constructs marked in the stack's cdk.tf.json (`markers`, see `changeReviewMarkers`).
 */
export function summarizePlan(plan: PlanJson, policy: CriticalPolicy = DEFAULT_CRITICAL_POLICY, markers: ChangeReviewMarkers = new Map()): PlanSummary {
  const changes: ResourceChangeSummary[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const kind = changeKind(rc.change.actions);
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    const movedFrom = rc.previous_address !== undefined && rc.previous_address !== rc.address ? rc.previous_address : undefined;
    if ((kind === "no-op" || kind === "read") && !importing && movedFrom === undefined) continue;
    const critical = criticalReason(rc, kind, plan, policy, markers);
    changes.push({
      address: rc.address,
      type: rc.type,
      kind,
      importing,
      ...(movedFrom !== undefined ? { movedFrom } : {}),
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(critical ? { critical } : {}),
    });
  }
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  const checks = checkResults(plan);
  const outputsChanged = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => !change.actions.every((a) => a === "no-op"))
    .map(([name]) => name);
  return {
    counts: {
      add: count("create"),
      change: count("update"),
      replace: count("replace"),
      destroy: count("delete"),
      forget: count("forget"),
      import: changes.filter((c) => c.importing).length,
      move: changes.filter((c) => c.movedFrom !== undefined).length,
    },
    changes,
    critical: changes.filter((c) => c.critical !== undefined),
    outputsChanged,
    checks,
    drifted: (plan.resource_drift ?? []).filter((d) => d.mode !== "data").map((d) => d.address),
    hasChanges: changes.length > 0 || outputsChanged.length > 0,
    checksFail: checks.some((c) => c.status !== "unknown"),
    errored: plan.errored === true,
  };
}

/** The checks of `plan` that did not pass, failing (and erroring) ones first, each in plan order. */
export function checkResults(plan: PlanJson): CheckSummary[] {
  const results: CheckSummary[] = [];
  for (const check of plan.checks ?? []) {
    if (check.status !== "fail" && check.status !== "error" && check.status !== "unknown") continue;
    const messages = (check.instances ?? []).flatMap((i) => (i.problems ?? []).map((p) => p.message ?? "").filter(Boolean));
    results.push({ address: check.address.to_display, status: check.status, messages });
  }
  const rank = (c: CheckSummary) => (c.status === "unknown" ? 1 : 0);
  return results.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/** "1 to add, 2 to change, …" with Terraform's wording; replaces counted on their own. */
export function countsLine(counts: ChangeCounts): string {
  const parts = [`${counts.add} to add`, `${counts.change} to change`, `${counts.replace} to replace`, `${counts.destroy} to destroy`];
  if (counts.import > 0) parts.push(`${counts.import} to import`);
  if (counts.forget > 0) parts.push(`${counts.forget} to forget`);
  if (counts.move > 0) parts.push(`${counts.move} to move`);
  return parts.join(", ");
}
