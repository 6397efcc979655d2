/**
 * One line of `verify` or `migration-check`: what was checked, whether it passed, and when it did
 * not, the cause and the fix (from Grafana's troubleshooting guide where it has one). Pure data.
 */

/** `pass` and `fail` are verdicts; `warn` needs a look but fails nothing; `skip` could not run here (the detail says why). */
export type CheckStatus = "pass" | "fail" | "warn" | "skip";

/** The result of one check. */
export interface CheckResult {
  /** Stable id for pipelines (`--json`), e.g. `grafana.scim.users`. */
  readonly id: string;
  /** What was checked, as a person reads it. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was seen. Never a secret. */
  readonly detail: string;
  /** Why it failed (or warns). */
  readonly cause?: string;
  /** What to do about it. */
  readonly fix?: string;
}

/** Builders, so every check reads the same. */
export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "pass", detail });
export const skip = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "skip", detail });
export const fail = (id: string, title: string, detail: string, cause: string, fix: string): CheckResult => ({ id, title, status: "fail", detail, cause, fix });
export const warn = (id: string, title: string, detail: string, cause: string, fix: string): CheckResult => ({ id, title, status: "warn", detail, cause, fix });

/** The process exit code for a set of results: 1 when any failed, else 0. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

/** How many results have each status. */
export function countByStatus(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}
