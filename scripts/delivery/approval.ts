/**
 * "Apply exactly what was approved": a digest of a plan's changes, computed by the plan job and
 * shown to the reviewers, and checked again by the apply job on its own plan, which it applies
 * only when both digests are equal.
 *
 * The digest covers what a reviewer sees: per changed resource its address (and the address it
 * moves from), its actions and reason, the import id, and every attribute that changes with its
 * value before and after (or "known after apply"); per changed output the same. Attributes that
 * do not change are left out, so a refresh that updates some unrelated computed value does not
 * count as a change. A sensitive value enters only as `(sensitive)` (or `(sensitive, changed)`),
 * and every string is redacted as the plan text is: the digest covers what the reviewer saw, says
 * that a secret changes but not to what, and no secret enters it, not even hashed.
 */
import { createHash } from "node:crypto";
import { changeKind, type ChangeJson, type PlanJson } from "./plan-json";
import { Redactor, sensitiveValues } from "./redaction";

/** Identifies the digest algorithm; a new one gets a new name, so old approvals never match. */
export const DIGEST_FORMAT = "grafana-scim-cdktf/plan-digest/v1";

/** What an approval file (`approval.json`) holds: the digest and one hash per changed item. */
export interface Approval {
  readonly format: typeof DIGEST_FORMAT;
  readonly stack: string;
  /** `sha256:<64 hex>` over every entry. */
  readonly digest: string;
  /** Address → hash of its entry, to say which ones changed since approval. */
  readonly entries: Readonly<Record<string, string>>;
}

const SENSITIVE = "(sensitive)";
const SENSITIVE_CHANGED = "(sensitive, changed)";
const UNKNOWN = "(known after apply)";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `value` with every part `marks` says is sensitive replaced by `(sensitive)`. */
export function masked(value: unknown, marks: unknown): Json {
  if (marks === true) return value === null || value === undefined ? null : SENSITIVE;
  if (Array.isArray(value)) return value.map((v, i) => masked(v, Array.isArray(marks) ? marks[i] : undefined));
  if (value !== null && typeof value === "object") {
    const m = marks !== null && typeof marks === "object" ? (marks as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, m[k])]));
  }
  return value === undefined ? null : (value as Json);
}

/**
 * `before` and `after` masked (see {@link masked}); where a sensitive value differs between the
 * two, the after side says `(sensitive, changed)`, so the change stays visible in the digest.
 */
export function maskedPair(before: unknown, after: unknown, beforeMarks: unknown, afterMarks: unknown): [Json, Json] {
  if (beforeMarks === true || afterMarks === true) {
    const absent = (v: unknown) => v === null || v === undefined;
    const b: Json = absent(before) ? null : SENSITIVE;
    const a: Json = absent(after) ? null : absent(before) || canonical(before) === canonical(after) ? SENSITIVE : SENSITIVE_CHANGED;
    return [b, a];
  }
  const marksAt = (marks: unknown, key: string | number): unknown => (marks !== null && typeof marks === "object" ? (marks as Record<string, unknown>)[key] : undefined);
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const pairs = before.map((b, i) => maskedPair(b, after[i], marksAt(beforeMarks, i), marksAt(afterMarks, i)));
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  }
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const b: Record<string, Json> = {};
    const a: Record<string, Json> = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [mb, ma] = maskedPair(before[key], after[key], marksAt(beforeMarks, key), marksAt(afterMarks, key));
      if (key in before) b[key] = mb;
      if (key in after) a[key] = ma;
    }
    return [b, a];
  }
  return [masked(before, beforeMarks), masked(after, afterMarks)];
}

/** `after` with the parts `unknown` marks replaced by "(known after apply)". */
function withUnknown(after: Json, unknown: unknown): Json {
  if (unknown === true) return UNKNOWN;
  if (unknown === null || typeof unknown !== "object") return after;
  if (Array.isArray(after)) return after.map((v, i) => withUnknown(v, (unknown as unknown[])[i]));
  const base: Record<string, Json> = after !== null && typeof after === "object" ? { ...(after as Record<string, Json>) } : {};
  for (const [k, u] of Object.entries(unknown as Record<string, unknown>)) base[k] = withUnknown(base[k] ?? null, u);
  return base;
}

/**
 * The attributes that differ between `before` and `after`, as `path → [before, after]`. Objects
 * are compared key by key; a list that changes is one entry (its elements have no stable identity).
 */
export function changedAttributes(before: Json, after: Json, path = ""): Record<string, [Json, Json]> {
  const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const out: Record<string, [Json, Json]> = {};
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      Object.assign(out, changedAttributes(before[key] ?? null, after[key] ?? null, path ? `${path}.${key}` : key));
    }
    return out;
  }
  return canonical(before) === canonical(after) ? {} : { [path || "(value)"]: [before, after] };
}

/** JSON with object keys sorted, so equal values serialize equally. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Every string in `value` passed through `redactor`. */
function redacted(value: Json, redactor: Redactor): Json {
  if (typeof value === "string") return redactor.text(value);
  if (typeof value === "number") return redactor.number(value);
  if (Array.isArray(value)) return value.map((v) => redacted(v, redactor));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactor.text(k), redacted(v, redactor)]));
  return value;
}

function changeEntry(change: ChangeJson, extra: Record<string, Json>, redactor: Redactor): Record<string, Json> {
  const kind = changeKind(change.actions);
  const [maskedBefore, maskedAfter] = maskedPair(change.before, change.after, change.before_sensitive, change.after_sensitive);
  const before = redacted(maskedBefore, redactor);
  const after = redacted(withUnknown(maskedAfter, change.after_unknown), redactor);
  // A destroyed object is gone whatever it held; a created one is all new.
  const attributes = kind === "delete" || kind === "forget" ? {} : changedAttributes(before, after);
  return { ...(redacted(extra, redactor) as Record<string, Json>), actions: [...change.actions], attributes };
}

/**
 * The entries the digest covers, by address (`output.<name>` for outputs). `critical` (address →
 * reason, the critical-change gate's verdicts) enters each entry too: a verdict can hang on a value
 * the entry leaves out (a destroyed object's `before`), and two plans with the same digest must
 * get the same verdict, or the apply could run a critical change the gate never saw.
 */
export function digestEntries(plan: PlanJson, critical: ReadonlyMap<string, string> = new Map()): Record<string, Record<string, Json>> {
  const redactor = new Redactor(sensitiveValues(plan));
  const entries: Record<string, Record<string, Json>> = {};
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const kind = changeKind(rc.change.actions);
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
    if ((kind === "no-op" || kind === "read") && !importing && !moved) continue;
    entries[rc.address] = changeEntry(rc.change, {
      ...(moved ? { moved_from: rc.previous_address! } : {}),
      ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      ...(importing ? { importing: masked(rc.change.importing, undefined) } : {}),
      ...(critical.has(rc.address) ? { critical: critical.get(rc.address)! } : {}),
    }, redactor);
  }
  const sensitiveOutputs = plan.configuration?.root_module?.outputs ?? {};
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    if (change.actions.every((a) => a === "no-op")) continue;
    const all = sensitiveOutputs[name]?.sensitive === true;
    entries[`output.${name}`] = changeEntry(all ? { ...change, before_sensitive: true, after_sensitive: true } : change, {}, redactor);
  }
  return entries;
}

const sha256 = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** The approval of `plan` for `stack`: its digest and one hash per entry (`critical`: see {@link digestEntries}). */
export function approvalOf(stack: string, plan: PlanJson, critical: ReadonlyMap<string, string> = new Map()): Approval {
  const entries = digestEntries(plan, critical);
  return {
    format: DIGEST_FORMAT,
    stack,
    digest: sha256(canonical({ format: DIGEST_FORMAT, entries })),
    entries: Object.fromEntries(Object.entries(entries).map(([address, entry]) => [address, sha256(canonical(entry))])),
  };
}

/** Whether `text` is a plan digest as {@link approvalOf} writes it. */
export function isDigest(text: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(text);
}

/**
 * `undefined` when `current` is the plan that was approved, else the message the apply job fails
 * with: "plan changed since approval", the two digests, and what differs.
 */
export function approvalMismatch(approved: Approval, current: Approval): string | undefined {
  if (approved.format !== DIGEST_FORMAT) return `the approval uses ${JSON.stringify(approved.format)}, not ${DIGEST_FORMAT}: plan again and approve the new plan`;
  if (approved.stack !== current.stack) return `the approval is for stack ${approved.stack}, not ${current.stack}`;
  if (approved.digest === current.digest) return undefined;
  const differences: string[] = [];
  for (const address of [...new Set([...Object.keys(approved.entries), ...Object.keys(current.entries)])].sort()) {
    const before = approved.entries[address];
    const now = current.entries[address];
    if (before === now) continue;
    differences.push(`${address} (${before === undefined ? "new in this plan" : now === undefined ? "no longer in this plan" : "changes differently"})`);
  }
  return (
    `plan changed since approval: approved ${approved.digest}, this plan is ${current.digest}. ` +
    `Differences: ${differences.join(", ") || "(none by address: the digest format or the entries' order)"}. ` +
    "Someone changed the state, the tenants or the configuration after the plan was reviewed; nothing was applied. Plan again and review the new plan."
  );
}
