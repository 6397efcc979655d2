/**
 * What a plan does, without any attribute value: counts, the changed resources, the changes
 * that break provisioning (see `critical.ts`), drift and changed outputs.
 */
import { criticalReason, DEFAULT_CRITICAL_POLICY, type CriticalPolicy } from "./critical";
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
  /** Resources Terraform found changed outside Terraform while refreshing. */
  readonly drifted: readonly string[];
  /** Whether the plan changes anything (resources or outputs). */
  readonly hasChanges: boolean;
  /** Whether Terraform reported the plan as errored (incomplete). */
  readonly errored: boolean;
}

/** Summarizes a JSON plan; `policy` decides which changes are critical. */
export function summarizePlan(plan: PlanJson, policy: CriticalPolicy = DEFAULT_CRITICAL_POLICY): PlanSummary {
  const changes: ResourceChangeSummary[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const kind = changeKind(rc.change.actions);
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    if ((kind === "no-op" || kind === "read") && !importing) continue;
    const critical = criticalReason(rc, kind, plan, policy);
    changes.push({
      address: rc.address,
      type: rc.type,
      kind,
      importing,
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(critical ? { critical } : {}),
    });
  }
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
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
    },
    changes,
    critical: changes.filter((c) => c.critical !== undefined),
    outputsChanged,
    drifted: (plan.resource_drift ?? []).filter((d) => d.mode !== "data").map((d) => d.address),
    hasChanges: changes.length > 0 || outputsChanged.length > 0,
    errored: plan.errored === true,
  };
}

/** "1 to add, 2 to change, …" with Terraform's wording; replaces counted on their own. */
export function countsLine(counts: ChangeCounts): string {
  const parts = [`${counts.add} to add`, `${counts.change} to change`, `${counts.replace} to replace`, `${counts.destroy} to destroy`];
  if (counts.import > 0) parts.push(`${counts.import} to import`);
  if (counts.forget > 0) parts.push(`${counts.forget} to forget`);
  return parts.join(", ");
}
