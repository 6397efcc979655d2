/**
 * Renders check results: a table for people (colour only on a terminal that wants it), JSON for
 * pipelines, Markdown for a GitHub job summary. Every rendering passes through {@link scrub}, so a
 * known secret value (the SCIM token, the deploying identity's credentials) can never be printed,
 * even if an upstream error message carried it.
 *
 * What a check says comes partly from servers (user names, emails and error bodies from Grafana,
 * Graph and Okta: anyone who can create a user there writes it), so every text is also passed
 * through {@link safeText}: secret-shaped values masked, and control characters, line separators
 * and bidi overrides escaped, so no escape sequence reaches a terminal raw and no newline or CR
 * forges a result line; the Markdown summary escapes what would open a link, image or HTML tag.
 */
import { maskSecrets, printable } from "../environment-format";
import { countByStatus, type CheckResult, type CheckStatus } from "./check";

const LABEL: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };
const COLOUR: Record<CheckStatus, string> = { pass: "\u001b[32m", fail: "\u001b[31m", warn: "\u001b[33m", skip: "\u001b[90m" };
const RESET = "\u001b[0m";

/** Whether to colour output: a TTY, `NO_COLOR` unset, `FORCE_COLOR` forcing it. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/** Replaces each of `secrets` (6 characters or longer) in `text` with `<redacted>`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join("<redacted>");
  return out;
}

/** `text` (from a check, maybe from a server) as it may be printed: {@link scrub}bed, secret shapes masked, one printable line. Pure. */
export function safeText(text: string, secrets: readonly string[]): string {
  return printable(maskSecrets(scrub(text, secrets)));
}

/** The one-line summary: `3 passed, 1 failed, 0 warnings, 2 skipped`. */
export function summaryLine(results: readonly CheckResult[]): string {
  const c = countByStatus(results);
  return `${c.pass} passed, ${c.fail} failed, ${c.warn} warnings, ${c.skip} skipped`;
}

/** A plain-text table: status, check, detail; cause and fix below each failure or warning. */
export function renderTable(heading: string, results: readonly CheckResult[], options: { colour: boolean; secrets: readonly string[] }): string {
  const safe = (text: string) => safeText(text, options.secrets);
  const titles = results.map((r) => safe(r.title));
  // At most 80: one long title (a user's login, from Grafana) would otherwise pad every line to its width.
  const width = Math.min(80, Math.max(5, ...titles.map((t) => t.length)));
  const lines = [safe(heading), ""];
  for (const [i, r] of results.entries()) {
    const label = options.colour ? `${COLOUR[r.status]}${LABEL[r.status]}${RESET}` : LABEL[r.status];
    lines.push(`${label}  ${titles[i]!.padEnd(width)}  ${safe(r.detail)}`);
    if (r.cause) lines.push(`${" ".repeat(6 + width)}  cause: ${safe(r.cause)}`);
    if (r.fix) lines.push(`${" ".repeat(6 + width)}  fix:   ${safe(r.fix)}`);
  }
  lines.push("", summaryLine(results));
  return scrub(lines.join("\n"), options.secrets);
}

/** JSON for pipelines: `{ environment, ok, summary, checks }`. */
export function renderJson(environment: string, results: readonly CheckResult[], secrets: readonly string[], extra: Record<string, unknown> = {}): string {
  const document = { environment, ok: !results.some((r) => r.status === "fail"), summary: countByStatus(results), ...extra, checks: results };
  return scrub(JSON.stringify(document, (_key, value: unknown) => (typeof value === "string" ? safeText(value, secrets) : value), 2), secrets);
}

/**
 * A table cell: {@link safeText}, then a backslash before each character that would open a link
 * or image (`[`), an HTML tag or autolink (`<`), an entity (`&`) or a code span, end the cell
 * (`|`), or mention a user or team (`@`: the summary also goes into the drift issue, where a
 * mention notifies), as the pull-request comment's `inlineText` (scripts/delivery/comment.ts)
 * does; CommonMark and GFM read `\x` as the character itself (CommonMark 0.31 §2.4 Backslash
 * escapes, any ASCII punctuation).
 */
const cell = (text: string, secrets: readonly string[]): string => safeText(text, secrets).replace(/[\\`[\]<&|@]/g, (c) => `\\${c}`);

/** A Markdown table for a job summary. */
export function renderMarkdown(heading: string, results: readonly CheckResult[], secrets: readonly string[]): string {
  const icon: Record<CheckStatus, string> = { pass: "✅ pass", fail: "❌ fail", warn: "⚠️ warn", skip: "⏭️ skip" };
  const rows = results.map((r) => `| ${icon[r.status]} | ${cell(r.title, secrets)} | ${cell(r.detail, secrets)} | ${[r.cause ? `**cause:** ${cell(r.cause, secrets)}` : "", r.fix ? `**fix:** ${cell(r.fix, secrets)}` : ""].filter(Boolean).join("<br>")} |`);
  return scrub([`### ${cell(heading, secrets)}`, "", "| status | check | detail | cause and fix |", "|---|---|---|---|", ...rows, "", summaryLine(results), ""].join("\n"), secrets);
}
