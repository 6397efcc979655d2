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
  /**
   * On a skip: the credential whose absence skipped it (an environment variable's name, or a list
   * of them). `verify --require-credentials` turns such a skip into a failure.
   */
  readonly missingCredential?: string;
}

/** Builders, so every check reads the same. */
export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "pass", detail });
export const skip = (id: string, title: string, detail: string, missingCredential?: string): CheckResult => ({
  id,
  title,
  status: "skip",
  detail,
  ...(missingCredential === undefined ? {} : { missingCredential }),
});
export const fail = (id: string, title: string, detail: string, cause: string, fix: string): CheckResult => ({ id, title, status: "fail", detail, cause, fix });
export const warn = (id: string, title: string, detail: string, cause: string, fix: string): CheckResult => ({ id, title, status: "warn", detail, cause, fix });

/** The process exit code for a set of results: 1 when any failed, else 0. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

/**
 * `--require-credentials`: every check skipped for want of a credential fails instead. In a
 * pipeline a missing credential is a misconfigured environment, not a check that passed; skips for
 * other reasons (Grafana does not report a token's last use) stay skips.
 */
export function requiringCredentials(results: readonly CheckResult[]): CheckResult[] {
  return results.map((r) =>
    r.status === "skip" && r.missingCredential !== undefined
      ? fail(r.id, r.title, r.detail, `--require-credentials: ${r.missingCredential} is not set where verify runs`, `set ${r.missingCredential} for this job (the plan identity's, as for a plan), or drop --require-credentials`)
      : r,
  );
}

/** How many results have each status. */
export function countByStatus(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}
