/**
 * Limits and rules every environment file and every value in it follows, whatever its field:
 * how large a file may be, how deep it may nest, how long a value may be, which characters it
 * may hold, no key written twice. They bound the work of reading a file (a hostile or broken file
 * is refused in milliseconds, never hangs the app or overflows its stack) and keep what a message
 * quotes printable. Pure functions, except where a name says it reads.
 */
import { textCharacterProblem } from "../constructs/plain-text";
import { cdktfTokenProblem } from "./cdktf-tokens";
import type { FieldProblem } from "./fields";

/**
 * The largest environment file read, in bytes. The examples are about 2 KB and a file with every
 * section filled in stays under 20 KB; anything much larger is a mistake (or a hostile file), and
 * refusing it before parsing bounds the time and memory of everything after.
 */
export const MAX_FILE_BYTES = 256 * 1024;

/**
 * How deep a file may nest (objects and arrays). The format's deepest field,
 * `identityProvider.mappings.user[0].source.attribute`, sits at depth 6; JSON nested thousands of
 * levels deep would otherwise overflow the validator's stack.
 */
export const MAX_DEPTH = 16;

/**
 * The longest string value or key, in characters. No field needs more: names, labels and claim
 * names are far shorter in every provider (Entra display names 256, Okta labels 100), URLs stay
 * under 2,048 in practice, Entra mapping expressions under a few hundred.
 */
export const MAX_STRING_LENGTH = 4096;

/** How many problems of one file a message lists; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 25;

/** The longest problem line a message shows (a problem may quote a long value). */
export const MAX_PROBLEM_LENGTH = 600;

/**
 * Characters a message must not print raw: controls, line and paragraph separators, and the
 * bidirectional overrides that make text read differently than it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character a terminal or CI log would not show as itself written as `\uXXXX`. Pure. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` cut to `max` characters, saying so. Pure. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The problem with one string value (or key) of a file, or `undefined`: too long, a control
 * character, a bidirectional control, a lone surrogate, or one of cdktf's token encodings (see cdktf-tokens.ts). Pure.
 */
export function stringProblem(value: string): string | undefined {
  if (value.length > MAX_STRING_LENGTH) {
    return `is ${value.length} characters long; a value in an environment file is at most ${MAX_STRING_LENGTH}`;
  }
  return textCharacterProblem(value) ?? cdktfTokenProblem(value);
}

/**
 * The problems every value of a parsed document is checked for, whatever its field: nesting
 * deeper than {@link MAX_DEPTH} (then nothing else is looked at: other checks recurse), and
 * every string value or key that is too long, holds a control character or a cdktf token
 * encoding, and every number that is a cdktf token encoding. Walks the document without recursion. Pure.
 */
export function documentValueProblems(document: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: document, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) problems.push({ path, problem });
      continue;
    }
    if (typeof value === "number") {
      const problem = cdktfTokenProblem(value);
      if (problem) problems.push({ path, problem });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_DEPTH) {
      return [{ path: path.slice(0, 1), problem: nestingProblem() }];
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (typeof key === "string") {
        const problem = stringProblem(key);
        // The key's own problem is reported at its path; its value is still checked.
        if (problem) problems.push({ path: [...path, key], problem: `(the field name) ${problem}` });
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

/** The problem of a document that nests too deep (the only one reported for it). */
export function nestingProblem(): string {
  return `nests more than ${MAX_DEPTH} levels deep; no field of the format nests more than 6`;
}

/**
 * What is wrong with the structure of `text`, valid JSON (it has been parsed): nesting deeper than
 * {@link MAX_DEPTH}, and keys written twice in one object (JSON.parse keeps the last silently, so
 * the first, perhaps the one meant, would be ignored). Scans the text once, without recursion. Pure.
 */
export function jsonStructureProblems(text: string): FieldProblem[] {
  type Level = { keys?: Set<string>; key?: string; index: number };
  const levels: Level[] = [];
  const problems: FieldProblem[] = [];
  const pathOf = () => levels.map((l) => (l.keys ? l.key ?? "" : l.index));
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") {
      levels.push(c === "{" ? { keys: new Set(), index: 0 } : { index: 0 });
      if (levels.length > MAX_DEPTH) return [{ path: pathOf().slice(0, 1), problem: nestingProblem() }];
    } else if (c === "}" || c === "]") {
      levels.pop();
    } else if (c === ",") {
      const top = levels.at(-1);
      if (top && !top.keys) top.index++;
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (next < text.length && " \t\r\n".includes(text[next]!)) next++;
      const top = levels.at(-1);
      if (text[next] === ":" && top?.keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          problems.push({ path: [...pathOf().slice(0, -1), key], problem: "is written twice in the same object: JSON keeps only the last, so the first would be ignored silently; keep one" });
        }
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    }
  }
  return problems;
}
