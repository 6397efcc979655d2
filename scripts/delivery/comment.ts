/**
 * The Markdown a reviewer reads: one pull-request comment (or job summary, or drift issue) per
 * stack, with the summary, the warnings and the redacted plan, cut to fit GitHub's limit.
 */
import type { ChangeKind } from "./plan-json";
import { countsLine, type PlanSummary } from "./summary";

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** Size of `text` as GitHub may count it: UTF-8 bytes, never less than characters. */
export function commentSize(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * The longest prefix of `text` that ends at a line break and is at most `maxSize` (see
 * {@link commentSize}); `text` itself when it fits.
 */
export function truncateLines(text: string, maxSize: number): { readonly text: string; readonly truncated: boolean } {
  if (commentSize(text) <= maxSize) return { text, truncated: false };
  const lines = text.split("\n");
  let size = 0;
  let kept = 0;
  for (const line of lines) {
    const next = size + commentSize(line) + 1;
    if (next > maxSize) break;
    size = next;
    kept += 1;
  }
  return { text: lines.slice(0, kept).join("\n"), truncated: true };
}

/** A Markdown code fence that `text` cannot close early. */
export function fenced(text: string, info = "text"): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, "")}\n${fence}`;
}

/** The hidden marker that identifies a stack's comment, so each run updates it. */
export function commentMarker(stack: string): string {
  return `<!-- grafana-scim-cdktf plan: ${stack} -->`;
}

const KIND_LABEL: Readonly<Record<ChangeKind, string>> = {
  create: "create",
  update: "update in place",
  replace: "**replace**",
  delete: "**destroy**",
  forget: "forget (remove from state)",
  read: "read",
  "no-op": "no change",
};

/** Props of {@link renderComment}. */
export interface CommentInput {
  /** Stack (= environment) name. */
  readonly stack: string;
  /** The summary, its check messages already redacted; `undefined` when the plan failed and there is no JSON plan. */
  readonly summary?: PlanSummary;
  /** The plan text (or, when the plan failed, Terraform's error output), already redacted. */
  readonly planText: string;
  /**
   * Set for a speculative plan (HCP Terraform remote execution on a pull request): there is no
   * JSON plan, only Terraform's text and exit code.
   */
  readonly speculative?: { readonly hasChanges: boolean; readonly checksFail: boolean };
  /** The plan's digest (see `approval.ts`), shown so a reviewer can approve exactly this plan. */
  readonly digest?: string;
  /** Link to the job log, which holds the full output. */
  readonly logUrl?: string;
  /** Heading; default "Terraform plan". */
  readonly title?: string;
  /**
   * Largest comment to produce.
   * @default GITHUB_COMMENT_LIMIT
   */
  readonly maxSize?: number;
  /**
   * Most resource rows listed in the summary table.
   * @default 50
   */
  readonly maxRows?: number;
}

/** The Markdown comment for one stack, at most `maxSize`, starting with the stack's marker. */
export function renderComment(input: CommentInput): string {
  const { stack, summary, logUrl } = input;
  const maxSize = input.maxSize ?? GITHUB_COMMENT_LIMIT;
  const maxRows = input.maxRows ?? 50;
  const head: string[] = [commentMarker(stack), `### ${input.title ?? "Terraform plan"}: \`${stack}\``, ""];
  if (input.speculative) {
    head.push(
      "> [!NOTE]",
      "> A **speculative plan** (HCP Terraform): there is no machine-readable plan, so this summary has no resource table, no critical-change check and no digest. Read the plan below; Terraform's own warnings (failing checks) are part of it.",
      "",
      input.speculative.hasChanges ? "**Plan:** see below." : "**No changes.**" + (input.speculative.checksFail ? " But a check fails: see the warnings below." : ""),
      "",
    );
  } else if (!summary) {
    head.push("> [!WARNING]", "> The plan **failed**. Terraform's output is below" + (logUrl ? `; the [job log](${logUrl}) has all of it.` : "."), "");
  } else {
    if (summary.critical.length > 0) {
      head.push("> [!CAUTION]", "> This plan has **changes that break SCIM provisioning or SAML login**:");
      for (const c of summary.critical) head.push(`> - \`${c.address}\` (${c.kind === "delete" ? "destroy" : c.kind}): ${c.critical}`);
      head.push("");
    }
    const failing = summary.checks.filter((c) => c.status !== "unknown");
    if (failing.length > 0) {
      head.push("> [!WARNING]", `> **${failing.length === 1 ? "A check fails" : `${failing.length} checks fail`}.** Terraform only warns about these and would apply anyway:`);
      for (const c of failing) head.push(`> - \`${c.address}\`${c.status === "error" ? " (error)" : ""}: ${c.messages.map((m) => inlineText(cutMessage(m))).join(" / ") || "no message"}`);
      head.push("");
    }
    const unknown = summary.checks.filter((c) => c.status === "unknown");
    if (unknown.length > 0) {
      head.push("> [!NOTE]", `> Known only after apply (not evaluated by this plan): ${unknown.map((c) => `\`${c.address}\``).join(", ")}.`, "");
    }
    if (summary.errored) head.push("> [!WARNING]", "> Terraform marked this plan as errored: it is incomplete.", "");
    head.push(
      summary.hasChanges
        ? `**Plan:** ${countsLine(summary.counts)}.`
        : `**No changes.** The infrastructure matches the configuration${failing.length > 0 ? ", but the checks above fail" : ""}.`,
    );
    if (summary.outputsChanged.length > 0) head.push("", `Outputs that change: ${summary.outputsChanged.map((o) => `\`${o}\``).join(", ")}.`);
    if (summary.drifted.length > 0) head.push("", `Changed outside Terraform since the last apply: ${summary.drifted.map((d) => `\`${d}\``).join(", ")}.`);
    if (summary.changes.length > 0) {
      head.push("", "| resource | action |", "|---|---|");
      for (const c of summary.changes.slice(0, maxRows)) {
        const moved = c.movedFrom === undefined ? "" : c.kind === "no-op" ? `moved from \`${c.movedFrom}\`` : ` (moved from \`${c.movedFrom}\`)`;
        const label = c.kind === "no-op" && c.movedFrom !== undefined ? "" : KIND_LABEL[c.kind];
        const action = `${label}${moved}${c.importing ? " (import)" : ""}${c.critical ? " :warning:" : ""}`;
        head.push(`| \`${c.address}\` | ${action} |`);
      }
      if (summary.changes.length > maxRows) head.push(`| … ${summary.changes.length - maxRows} more | see the plan |`);
    }
    if (input.digest) head.push("", `Plan digest: \`${input.digest}\``);
    head.push("");
  }
  const top = head.join("\n");
  const quiet = (summary && !summary.hasChanges) || (input.speculative && !input.speculative.hasChanges && !input.speculative.checksFail);
  const open = `<details${quiet ? "" : " open"}><summary>${summary || input.speculative ? "Plan" : "Output"}</summary>\n\n`;
  const close = "\n</details>\n";
  const notice = (shown: number, total: number) =>
    `\n\n**Truncated**: ${shown} of ${total} bytes shown.` + (logUrl ? ` The [job log](${logUrl}) has the full plan.` : " The job log has the full plan.");
  const planText = visibleControls(input.planText);
  const whole = `${top}\n${open}${fenced(planText)}${close}`;
  if (commentSize(whole) <= maxSize) return whole;
  // Make room for the fence, the notice and the wrapper; numbers in the notice are at most 20 digits.
  const overhead = commentSize(`${top}\n${open}${fenced("", "text")}${close}${notice(0, 0)}`) + 40 + longestBacktickRun(planText);
  const budget = maxSize - overhead;
  if (budget <= 0) throw new Error(`comment limit ${maxSize} is too small for the summary of ${stack}`);
  const cut = truncateLines(planText, budget);
  return `${top}\n${open}${fenced(cut.text)}${notice(commentSize(cut.text), commentSize(planText))}${close}`;
}

/**
 * `text` as one line of Markdown that renders as written: line breaks become spaces, and HTML and
 * Markdown syntax characters are escaped, so a check message cannot open a tag, a link or a table.
 */
export function inlineText(text: string): string {
  return visibleControls(text.replace(/\s*\n\s*/g, " "))
    .trim()
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#@!~])/g, "\\$1");
}

/** Longest check message shown: a message can quote live values (the Entra mapping drift check), and the summary must fit GitHub's limit. */
export const MAX_MESSAGE_LENGTH = 2000;

/** `message`, at most {@link MAX_MESSAGE_LENGTH} characters, saying when it was cut. */
function cutMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)} … (cut at ${MAX_MESSAGE_LENGTH} characters)`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
}

/**
 * `text` with terminal and bidirectional controls shown escaped (`\x1b`, `\u202e`), as Terraform
 * shows them in quoted strings but not in heredoc lines: a log viewer would otherwise run them
 * (colours that conceal text, links), and a browser reorders text around them, in a code block
 * too. Tabs and line breaks stay.
 */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
