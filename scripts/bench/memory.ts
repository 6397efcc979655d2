/**
 * Memory linearity for `npm run bench` (scripts/bench/fleet.ts): pure functions over the median
 * peak RSS measured at each fleet size.
 *
 * Peak RSS is not a clean per-environment measure: V8 grows its heap in steps and collects garbage
 * when it chooses, so the RSS of a small fleet is mostly Node, the modules and the heap's reserve.
 * The check therefore compares the per-environment marginal memory of the two largest steps, not
 * each size with one environment.
 */

/** The median peak RSS of one fleet size. */
export interface MemoryPoint {
  /** Number of environments synthesized. */
  readonly n: number;
  /** Peak resident set size of the process, MB. */
  readonly mb: number;
}

/** The memory each extra environment cost between two consecutive fleet sizes. */
export interface MemoryStep {
  readonly from: number;
  readonly to: number;
  /** (RSS at `to` - RSS at `from`) / (to - from), MB per environment. */
  readonly mbPerEnvironment: number;
}

/** Marginal memory per environment between consecutive sizes, in the order of `points` (sorted by n first). */
export function marginalMemory(points: readonly MemoryPoint[]): MemoryStep[] {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  return sorted.slice(1).map((p, i) => {
    const a = sorted[i]!;
    return { from: a.n, to: p.n, mbPerEnvironment: (p.mb - a.mb) / (p.n - a.n) };
  });
}

/** The outcome of {@link linearityCheck}. */
export interface LinearityResult {
  /** The step the last one is compared with (e.g. 10→100), and the last step (e.g. 100→500). */
  readonly base: MemoryStep;
  readonly last: MemoryStep;
  /** last / base, undefined when the base step did not grow (no ratio can be taken). */
  readonly ratio: number | undefined;
  readonly factor: number;
  readonly met: boolean;
  /** One line saying what was compared and the outcome. */
  readonly statement: string;
}

/**
 * Memory grows linearly with the fleet when the marginal memory per environment of the last step
 * (e.g. 100→500) is within `factor` of the step before it (e.g. 10→100), either way: larger means
 * each environment costs more as the fleet grows (superlinear), smaller means the earlier step was
 * not a per-environment cost. A base step that did not grow cannot be compared: not met.
 * Undefined with fewer than two steps (three sizes).
 */
export function linearityCheck(steps: readonly MemoryStep[], factor = 2): LinearityResult | undefined {
  if (!(factor >= 1)) throw new Error(`linearityCheck: factor must be at least 1 (got ${factor})`);
  if (steps.length < 2) return undefined;
  const base = steps[steps.length - 2]!;
  const last = steps[steps.length - 1]!;
  const span = (s: MemoryStep) => `${s.from}→${s.to}: ${s.mbPerEnvironment.toFixed(2)} MB/env`;
  if (!(base.mbPerEnvironment > 0) || !Number.isFinite(last.mbPerEnvironment)) {
    return { base, last, ratio: undefined, factor, met: false, statement: `${span(last)} vs ${span(base)}: the base step did not grow, no ratio; not met` };
  }
  const ratio = last.mbPerEnvironment / base.mbPerEnvironment;
  const met = ratio <= factor && ratio >= 1 / factor;
  return {
    base,
    last,
    ratio,
    factor,
    met,
    statement: `${span(last)} is ${ratio.toFixed(2)}x ${span(base)} (linear within a factor of ${factor}: ${(1 / factor).toFixed(2)}x-${factor}x); ${met ? "met" : "not met"}`,
  };
}
