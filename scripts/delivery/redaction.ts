/**
 * Scrubs secrets from text that leaves the runner (plan text, Terraform's errors, apply output):
 * every value the JSON plan marks sensitive, and anything shaped like a credential.
 */
import { SECRET_PATTERNS } from "../../stacks/secrets";
import type { PlanJson } from "./plan-json";

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
