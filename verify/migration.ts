/**
 * `migration-check`: before anyone is assigned in the identity provider, each existing Grafana
 * user is looked up through Grafana's SCIM API by the identifier the identity provider will use
 * (`userName`), as Grafana's migration guide does with curl ("This should return exactly one user
 * record for each existing user"; grafana/grafana docs/sources/setup-grafana/configure-access/
 * configure-scim-provisioning/manage-users-teams/_index.md, "Migrating existing users to SCIM
 * provisioning" and "How SCIM identifies users"). Read-only, paginated, bounded.
 */
import { fail, pass, warn, type CheckResult } from "./check";
import type { GrafanaApi, OrgUser } from "./grafana/api";
import { answerFailure } from "./grafana/checks";
import { equalsFilter, type GrafanaScimClient, type ScimList } from "./grafana/scim-client";
import { errorResult } from "./http";

/** What assigning the user in the identity provider will do. */
export type MigrationOutcome = "linked" | "created" | "conflict";

/** One Grafana user's outcome. */
export interface MigrationRow {
  readonly login: string;
  readonly email?: string;
  /** The value looked up as `userName`. */
  readonly identifier?: string;
  readonly outcome: MigrationOutcome;
  readonly reason: string;
}

/** Which Grafana field holds the value the identity provider sends as `userName`. */
export type MatchField = "email" | "login";

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The outcome for one user, from the SCIM answer to `userName eq "<identifier>"`. Pure. */
export function classifyUser(user: OrgUser, match: MatchField, list: ScimList | undefined): MigrationRow {
  const email = user.email || undefined;
  const identifier = match === "email" ? email : user.login;
  const base = { login: user.login, ...(email ? { email } : {}), ...(identifier ? { identifier } : {}) };
  if (!email) {
    return { ...base, outcome: "conflict", reason: "no email: Grafana cannot link an identity-provider user to this account by email, and SCIM emails are work emails" };
  }
  if (!identifier || !list) return { ...base, outcome: "conflict", reason: `no ${match} to look up` };
  if (list.totalResults > 1) return { ...base, outcome: "conflict", reason: `${list.totalResults} SCIM users answer userName eq "${identifier}": the identity provider expects exactly one` };
  if (list.totalResults === 1 && list.resources[0]) {
    const r = list.resources[0];
    const isThisUser = (user.uid !== undefined && r.id === user.uid) || same(r.userName, user.login) || (r.emails ?? []).some((e) => same(e.value, email));
    if (!isThisUser) return { ...base, outcome: "conflict", reason: `identifier mismatch: userName eq "${identifier}" finds another Grafana user (${r.userName ?? r.id})` };
    return { ...base, outcome: "linked", reason: `exactly one SCIM user (${r.userName ?? r.id}): the identity provider links to it` };
  }
  return { ...base, outcome: "created", reason: `no SCIM user answers userName eq "${identifier}": the identity provider creates one, and Grafana links it to this account by email if it sends ${email}` };
}

/** Counts per outcome. */
export function migrationCounts(rows: readonly MigrationRow[]): Record<MigrationOutcome, number> {
  const counts: Record<MigrationOutcome, number> = { linked: 0, created: 0, conflict: 0 };
  for (const r of rows) counts[r.outcome] += 1;
  return counts;
}

/** Options of {@link runMigrationCheck}. */
export interface MigrationOptions {
  readonly api: GrafanaApi;
  readonly scim: GrafanaScimClient;
  readonly match: MatchField;
  /** Users per Grafana page. @default 100 */
  readonly pageSize?: number;
  /** Stop after this many users (bounded on large instances). */
  readonly maxUsers: number;
  /** SCIM lookups in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Called after each page: users checked so far, and Grafana's total. */
  readonly progress?: (checked: number, total: number) => void;
}

/** The result: per-user rows, and check lines for the run itself (listing, SCIM access, limits). */
export interface MigrationReport {
  readonly rows: MigrationRow[];
  readonly total: number;
  readonly results: CheckResult[];
}

/** Lists Grafana's users page by page and classifies each. */
export async function runMigrationCheck(options: MigrationOptions): Promise<MigrationReport> {
  const pageSize = options.pageSize ?? 100;
  const concurrency = options.concurrency ?? 4;
  const rows: MigrationRow[] = [];
  const results: CheckResult[] = [];
  let total = 0;
  for (let page = 1; rows.length < options.maxUsers; page++) {
    let read: Awaited<ReturnType<GrafanaApi["orgUsersPage"]>>;
    try {
      read = await options.api.orgUsersPage(page, pageSize);
    } catch (error) {
      // No answer (dropped, timed out, refused URL): a failed line, as verify has, not an exception.
      results.push(errorResult("grafana.users.list", "List Grafana's users (GRAFANA_AUTH)", "Grafana's HTTP API", error));
      return { rows, total, results };
    }
    if (!read.ok) {
      results.push(answerFailure("grafana.users.list", "List Grafana's users (GRAFANA_AUTH)", read.answer, read.problem));
      return { rows, total, results };
    }
    total = read.value.totalCount;
    const users = read.value.users.slice(0, options.maxUsers - rows.length);
    for (let i = 0; i < users.length; i += concurrency) {
      const batch = users.slice(i, i + concurrency);
      let answers;
      try {
        answers = await Promise.all(
          batch.map(async (user) => {
            const identifier = options.match === "email" ? user.email : user.login;
            return { user, result: identifier ? await options.scim.list("Users", { filter: equalsFilter("userName", identifier), count: 2 }) : undefined };
          }),
        );
      } catch (error) {
        results.push(errorResult("grafana.scim.lookup", "Look users up through SCIM (the SCIM token)", "Grafana's SCIM API", error));
        return { rows, total, results };
      }
      const refused = answers.find((a) => a.result && !a.result.ok)?.result;
      if (refused && !refused.ok) {
        results.push(answerFailure("grafana.scim.lookup", "Look users up through SCIM (the SCIM token)", refused.answer, refused.problem));
        return { rows, total, results };
      }
      for (const a of answers) rows.push(classifyUser(a.user, options.match, a.result?.ok ? a.result.list : undefined));
    }
    options.progress?.(rows.length, total);
    if (read.value.users.length < pageSize || page * pageSize >= total) break;
  }
  results.push(pass("grafana.users.list", "List Grafana's users (GRAFANA_AUTH)", `${total} users in the organization`));
  if (rows.length < total) {
    results.push(warn("migration.limit", "Users checked", `${rows.length} of ${total} (--max-users)`, "the run stopped at --max-users", "raise --max-users to check everyone"));
  }
  const counts = migrationCounts(rows);
  const summary = `${counts.linked} will be linked, ${counts.created} will be created, ${counts.conflict} conflict`;
  results.push(counts.conflict > 0 ? fail("migration.conflicts", "Users resolve to exactly one SCIM record", summary, "some users would not link cleanly (listed below)", "fix each conflict before assigning users in the identity provider: see Grafana's migration guide, Troubleshooting migration issues") : pass("migration.conflicts", "Users resolve to exactly one SCIM record", summary));
  return { rows, total, results };
}

/** The user rows as check lines: conflicts fail, creations warn, links pass. */
export function rowResults(rows: readonly MigrationRow[], includeLinked: boolean): CheckResult[] {
  return rows
    .filter((r) => includeLinked || r.outcome !== "linked")
    .map((r) => {
      const title = r.email ? `${r.login} <${r.email}>` : r.login;
      if (r.outcome === "linked") return pass(`user:${r.login}`, title, r.reason);
      if (r.outcome === "created") return warn(`user:${r.login}`, title, "will be created", r.reason, "nothing to do if the identity provider sends the same email; otherwise align the identifiers first");
      return fail(`user:${r.login}`, title, "conflict", r.reason, "merge or remove duplicate accounts, add the missing email, or match on a more specific identifier (Grafana's migration guide)");
    });
}
