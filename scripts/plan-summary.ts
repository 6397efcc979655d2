/**
 * Turns a Terraform plan into the pull-request comment reviewers read: a summary (adds,
 * changes, replaces, destroys), a warning when a resource whose loss breaks SCIM provisioning
 * would be replaced or destroyed, and the plan text with secrets scrubbed, cut to fit GitHub's
 * comment limit.
 *
 * Inputs are what the workflows produce in a stack directory:
 * `terraform show -json tfplan` (holds sensitive values in clear: read here, never posted) and
 * `terraform show -no-color tfplan` (Terraform already prints `(sensitive value)`).
 *
 * ```sh
 * npm run plan-summary -- --stack prod --plan-json plan.json --plan-text plan.txt \
 *   [--log-url URL] [--output comment.md] [--redacted-output plan.redacted.txt] \
 *   [--fail-on-critical] [--critical-types a,b]
 * ```
 */
import * as fs from "node:fs";
import { SECRET_PATTERNS } from "../stacks/secrets";

/** The parts of Terraform's JSON plan format (format_version 1.x) this module reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly resource_changes?: readonly ResourceChangeJson[];
  readonly resource_drift?: readonly ResourceChangeJson[];
  readonly output_changes?: Readonly<Record<string, ChangeJson>>;
  readonly configuration?: {
    readonly root_module?: {
      readonly variables?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
      readonly outputs?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
    };
  };
  readonly errored?: boolean;
}

/** One entry of `resource_changes` / `resource_drift`. */
export interface ResourceChangeJson {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly action_reason?: string;
  readonly change: ChangeJson;
}

/** A `change` object: actions plus before/after values and their sensitivity marks. */
export interface ChangeJson {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly importing?: unknown;
}

/** What happens to a resource. A replace is one kind, not an add plus a destroy. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "forget" | "read" | "no-op";

/**
 * Resource types whose replacement or destruction breaks provisioning, with the reason shown
 * to reviewers. A parameter of {@link summarizePlan}; this is its default.
 */
export const DEFAULT_CRITICAL_RESOURCES: Readonly<Record<string, string>> = {
  azuread_application_from_template: "the Entra enterprise app: a new one has new ids, so SSO and provisioning must be set up again",
  azuread_application: "the Entra app registration: a new one has a new client id and loses its provisioning setup",
  azuread_service_principal: "the Entra service principal: user and group assignments and the provisioning job belong to it",
  azuread_synchronization_job: "the Entra provisioning job: a new one starts from scratch (initial cycle, lost quarantine state and history)",
  grafana_service_account: "the Grafana SCIM service account: its tokens go with it and provisioning stops until the identity provider gets a new one",
  okta_app_saml: "the Okta app: a new one loses its assignments, SCIM connection and push groups",
};

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

/** A changed resource as the summary lists it. */
export interface ResourceChangeSummary {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Terraform's reason, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Whether it is imported by this plan. */
  readonly importing: boolean;
  /** Why losing it breaks provisioning, when it is replaced or destroyed and critical. */
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
  /** The replaced or destroyed resources of a critical type. */
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

/**
 * Summarizes a JSON plan. `criticalResources` maps resource types to the reason their loss
 * breaks provisioning (default {@link DEFAULT_CRITICAL_RESOURCES}).
 */
export function summarizePlan(plan: PlanJson, criticalResources: Readonly<Record<string, string>> = DEFAULT_CRITICAL_RESOURCES): PlanSummary {
  const changes: ResourceChangeSummary[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const kind = changeKind(rc.change.actions);
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    if ((kind === "no-op" || kind === "read") && !importing) continue;
    const reason = (kind === "replace" || kind === "delete") && Object.hasOwn(criticalResources, rc.type) ? criticalResources[rc.type] : undefined;
    changes.push({
      address: rc.address,
      type: rc.type,
      kind,
      importing,
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(reason ? { critical: reason } : {}),
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

/** Shortest value collected as a secret: shorter ones (`true`, `1`) would shred the text and cannot be secret. */
export const MIN_SECRET_LENGTH = 6;

/**
 * Every string the plan marks sensitive: values under `before_sensitive`/`after_sensitive`
 * marks of resources and outputs, sensitive root variables, and sensitive outputs. Terraform
 * hides these in the text plan, but a provider may copy one into an unmarked attribute (the
 * fixtures show `terraform_data.output` doing so), so the text is scrubbed of them too.
 */
export function sensitiveValues(plan: PlanJson): string[] {
  const found = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === "string") {
      if (value.length >= MIN_SECRET_LENGTH) found.add(value);
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
  };
  // Walks `value` along the `marks` tree (true = sensitive from here down).
  const marked = (value: unknown, marks: unknown): void => {
    if (marks === true) return collect(value);
    if (marks === null || typeof marks !== "object" || value === null || typeof value !== "object") return;
    for (const [key, mark] of Object.entries(marks as Record<string, unknown>)) {
      marked((value as Record<string, unknown>)[key], mark);
    }
  };
  const changes = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])].map((rc) => rc.change);
  for (const change of [...changes, ...Object.values(plan.output_changes ?? {})]) {
    marked(change.before, change.before_sensitive);
    marked(change.after, change.after_sensitive);
  }
  const root = plan.configuration?.root_module;
  for (const [name, variable] of Object.entries(root?.variables ?? {})) {
    if (variable.sensitive) collect(plan.variables?.[name]?.value);
  }
  for (const [name, output] of Object.entries(root?.outputs ?? {})) {
    if (output.sensitive) {
      const change = plan.output_changes?.[name];
      collect(change?.before);
      collect(change?.after);
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** `pattern` made usable for scrubbing running text: global, without ^/$ anchors. */
export function scrubbingPattern(pattern: RegExp): RegExp {
  let source = pattern.source;
  if (source.startsWith("^")) source = `(?<![A-Za-z0-9_~.-])${source.slice(1)}`;
  if (source.endsWith("$") && !source.endsWith("\\$")) source = `${source.slice(0, -1)}(?![A-Za-z0-9_~.-])`;
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  return new RegExp(source, flags);
}

/** What replaces a scrubbed value. */
export const REDACTED = "(redacted)";

/**
 * Patterns scrubbed from plan text: whole PEM private-key blocks (the project pattern matches
 * only the header line), then every credential pattern of `stacks/secrets.ts`.
 */
export const SCRUB_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/,
  ...SECRET_PATTERNS.map((p) => p.pattern),
];

/**
 * `text` without the given sensitive strings and without anything matching
 * {@link SCRUB_PATTERNS} (the project's credential patterns).
 */
export function redact(text: string, sensitive: readonly string[] = [], patterns: readonly RegExp[] = SCRUB_PATTERNS): string {
  let out = text;
  for (const value of [...sensitive].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
  for (const pattern of patterns) out = out.replace(scrubbingPattern(pattern), REDACTED);
  return out;
}

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

/** "1 to add, 2 to change, …" with Terraform's wording; replaces counted on their own. */
export function countsLine(counts: ChangeCounts): string {
  const parts = [`${counts.add} to add`, `${counts.change} to change`, `${counts.replace} to replace`, `${counts.destroy} to destroy`];
  if (counts.import > 0) parts.push(`${counts.import} to import`);
  if (counts.forget > 0) parts.push(`${counts.forget} to forget`);
  return parts.join(", ");
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
  /** The summary; `undefined` when the plan failed and there is no JSON plan. */
  readonly summary?: PlanSummary;
  /** The plan text (or, when the plan failed, Terraform's error output), already redacted. */
  readonly planText: string;
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
  if (!summary) {
    head.push("> [!WARNING]", "> The plan **failed**. Terraform's output is below" + (logUrl ? `; the [job log](${logUrl}) has all of it.` : "."), "");
  } else {
    if (summary.critical.length > 0) {
      head.push("> [!CAUTION]", "> This plan **replaces or destroys resources whose loss breaks SCIM provisioning**:");
      for (const c of summary.critical) head.push(`> - \`${c.address}\` (${c.kind === "replace" ? "replace" : "destroy"}): ${c.critical}`);
      head.push("");
    }
    if (summary.errored) head.push("> [!WARNING]", "> Terraform marked this plan as errored: it is incomplete.", "");
    head.push(summary.hasChanges ? `**Plan:** ${countsLine(summary.counts)}.` : "**No changes.** The infrastructure matches the configuration.");
    if (summary.outputsChanged.length > 0) head.push("", `Outputs that change: ${summary.outputsChanged.map((o) => `\`${o}\``).join(", ")}.`);
    if (summary.drifted.length > 0) head.push("", `Changed outside Terraform since the last apply: ${summary.drifted.map((d) => `\`${d}\``).join(", ")}.`);
    if (summary.changes.length > 0) {
      head.push("", "| resource | action |", "|---|---|");
      for (const c of summary.changes.slice(0, maxRows)) {
        const action = `${KIND_LABEL[c.kind]}${c.importing ? " (import)" : ""}${c.critical ? " :warning:" : ""}`;
        head.push(`| \`${c.address}\` | ${action} |`);
      }
      if (summary.changes.length > maxRows) head.push(`| … ${summary.changes.length - maxRows} more | see the plan |`);
    }
    head.push("");
  }
  const top = head.join("\n");
  const open = `<details${summary && !summary.hasChanges ? "" : " open"}><summary>${summary ? "Plan" : "Output"}</summary>\n\n`;
  const close = "\n</details>\n";
  const notice = (shown: number, total: number) =>
    `\n\n**Truncated**: ${shown} of ${total} bytes shown.` + (logUrl ? ` The [job log](${logUrl}) has the full plan.` : " The job log has the full plan.");
  const whole = `${top}\n${open}${fenced(input.planText)}${close}`;
  if (commentSize(whole) <= maxSize) return whole;
  // Make room for the fence, the notice and the wrapper; numbers in the notice are at most 20 digits.
  const overhead = commentSize(`${top}\n${open}${fenced("", "text")}${close}${notice(0, 0)}`) + 40 + longestBacktickRun(input.planText);
  const budget = maxSize - overhead;
  if (budget <= 0) throw new Error(`comment limit ${maxSize} is too small for the summary of ${stack}`);
  const cut = truncateLines(input.planText, budget);
  return `${top}\n${open}${fenced(cut.text)}${notice(commentSize(cut.text), commentSize(input.planText))}${close}`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
}

/** Parsed command line of the CLI. */
export interface CliOptions {
  readonly stack: string;
  readonly planJson: string;
  readonly planText: string;
  readonly output?: string;
  /** Where to write the whole redacted plan text (for the job log). */
  readonly redactedOutput?: string;
  readonly logUrl?: string;
  readonly title?: string;
  readonly failOnCritical: boolean;
  readonly criticalTypes?: readonly string[];
}

/** Parses `--name value` flags; throws on unknown or missing ones. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const known = new Set(["stack", "plan-json", "plan-text", "output", "redacted-output", "log-url", "title", "critical-types"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--fail-on-critical") {
      flags.add("fail-on-critical");
      continue;
    }
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (!name || !known.has(name)) throw new Error(`unknown argument: ${arg}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
    values.set(name, value);
    i++;
  }
  for (const required of ["stack", "plan-json", "plan-text"]) if (!values.has(required)) throw new Error(`--${required} is required`);
  const critical = values.get("critical-types");
  return {
    stack: values.get("stack")!,
    planJson: values.get("plan-json")!,
    planText: values.get("plan-text")!,
    failOnCritical: flags.has("fail-on-critical"),
    ...(values.has("output") ? { output: values.get("output")! } : {}),
    ...(values.has("redacted-output") ? { redactedOutput: values.get("redacted-output")! } : {}),
    ...(values.has("log-url") ? { logUrl: values.get("log-url")! } : {}),
    ...(values.has("title") ? { title: values.get("title")! } : {}),
    ...(critical !== undefined ? { criticalTypes: critical.split(",").map((t) => t.trim()).filter(Boolean) } : {}),
  };
}

/** Exit code of the CLI when `--fail-on-critical` is given and the plan has a critical change. */
export const EXIT_CRITICAL = 3;

/**
 * The CLI: reads the plan files, writes the comment (to `--output` or stdout), and reports
 * `has_changes`, `critical` and `failed` to `$GITHUB_OUTPUT` when set. Returns the exit code:
 * 0, or {@link EXIT_CRITICAL} with `--fail-on-critical` and a critical change.
 * A missing or empty `--plan-json` means the plan failed: the comment then shows `--plan-text`
 * as Terraform's (redacted) error output.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.error): number {
  const options = parseArgs(argv);
  const text = fs.existsSync(options.planText) ? fs.readFileSync(options.planText, "utf8") : "";
  const jsonText = fs.existsSync(options.planJson) ? fs.readFileSync(options.planJson, "utf8") : "";
  const plan = jsonText.trim() ? (JSON.parse(jsonText) as PlanJson) : undefined;
  const critical = options.criticalTypes
    ? Object.fromEntries(options.criticalTypes.map((t) => [t, DEFAULT_CRITICAL_RESOURCES[t] ?? "listed as critical (--critical-types)"]))
    : DEFAULT_CRITICAL_RESOURCES;
  const summary = plan ? summarizePlan(plan, critical) : undefined;
  const redacted = redact(text, plan ? sensitiveValues(plan) : []);
  if (options.redactedOutput) fs.writeFileSync(options.redactedOutput, redacted);
  const comment = renderComment({
    stack: options.stack,
    planText: redacted,
    ...(summary ? { summary } : {}),
    ...(options.logUrl ? { logUrl: options.logUrl } : {}),
    ...(options.title ? { title: options.title } : {}),
  });
  if (options.output) fs.writeFileSync(options.output, comment);
  else process.stdout.write(comment);
  const isCritical = (summary?.critical.length ?? 0) > 0;
  if (env.GITHUB_OUTPUT) {
    fs.appendFileSync(env.GITHUB_OUTPUT, `has_changes=${summary?.hasChanges ?? false}\ncritical=${isCritical}\nfailed=${summary === undefined}\n`);
  }
  log(summary ? `${options.stack}: ${summary.hasChanges ? countsLine(summary.counts) : "no changes"}${isCritical ? `; CRITICAL: ${summary.critical.map((c) => c.address).join(", ")}` : ""}` : `${options.stack}: plan failed`);
  return options.failOnCritical && isCritical ? EXIT_CRITICAL : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`plan-summary: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
