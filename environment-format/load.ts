/**
 * Reading environment files: each is parsed, checked for credential-shaped values and validated
 * against the environment schema; every problem is reported with the file, the field and what is
 * wrong, never with a stack trace or the offending secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { allowedKeys } from "./allowed-keys";
import { missingBackendProblem } from "./backend";
import { environmentConflicts } from "./conflicts";
import { ENVIRONMENT_NAME, environmentJsonSchema, environmentSchema, type Environment, type EnvironmentConfig } from "./environment";
import { fieldName } from "./fields";
import {
  documentValueProblems,
  jsonStructureProblems,
  MAX_FILE_BYTES,
  MAX_PROBLEM_LENGTH,
  MAX_PROBLEMS_SHOWN,
  nestingProblem,
  printable,
  truncate,
} from "./limits";
import { findSecrets, maskSecrets } from "./secrets";
import { deploymentCommands } from "./deployment";

/**
 * Fields earlier versions of the format had, with what to do instead: a file that still has one
 * is told why it goes, not only that it is unknown.
 */
export const REMOVED_FIELDS: Readonly<Record<string, string>> = {
  "identityProvider.preventDestroy":
    "is no longer part of the format: the Entra app, its service principal, the provisioning job and its secret always carry prevent_destroy. " +
    "Remove the field; to destroy this environment on purpose, run the destroy workflow, which synthesizes this one stack with SCIM_ALLOW_DESTROY=<environment> " +
    `(${deploymentCommands().documentation("delivery.md#destroying-an-environment")})`,
};

let jsonSchema: Record<string, unknown> | undefined;
/** The environment's JSON Schema, generated once (it is only read for messages). */
function environmentJsonSchemaOnce(): Record<string, unknown> {
  return (jsonSchema ??= environmentJsonSchema());
}

/** One problem in an environment file. */
export interface EnvironmentProblem {
  /** Dotted path of the field, or `(file)` for the file as a whole. */
  readonly field: string;
  /** What is wrong. */
  readonly problem: string;
}

/** One line of a message: credential-shaped parts masked, unprintable characters escaped, length bounded. */
function messageLine(text: string): string {
  return truncate(printable(maskSecrets(text)), MAX_PROBLEM_LENGTH);
}

/**
 * An environment file (or several) that cannot be used; the message lists the problems of each
 * file (the first {@link MAX_PROBLEMS_SHOWN}, then how many more), and `problems` holds all.
 */
export class EnvironmentError extends Error {
  constructor(readonly problems: ReadonlyArray<EnvironmentProblem & { readonly file: string }>) {
    const byFile = new Map<string, Array<EnvironmentProblem & { readonly file: string }>>();
    for (const p of problems) {
      const list = byFile.get(p.file);
      if (list) list.push(p);
      else byFile.set(p.file, [p]);
    }
    const sections = [...byFile].map(([file, list]) => {
      // A problem may quote the value it rejects (or a file name may hold one): anything
      // credential-shaped is masked, control characters are escaped, long quotes cut.
      const lines = list.slice(0, MAX_PROBLEMS_SHOWN).map((p) => messageLine(`  - ${p.field}: ${p.problem}`));
      const more = list.length - MAX_PROBLEMS_SHOWN;
      if (more > 0) lines.push(`  … and ${more} more problem${more === 1 ? "" : "s"} in this file`);
      return `${messageLine(file)} is not a valid environment:\n${lines.join("\n")}`;
    });
    super(sections.join("\n"));
    this.name = "EnvironmentError";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}

function issueProblems(issue: z.core.$ZodIssue, document: unknown): EnvironmentProblem[] {
  const field = fieldName(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return [{ field, problem: `is required (${issue.expected})` }];
      // A message given in the schema (e.g. for .int()) says it better than the generic one.
      if (!issue.message.startsWith("Invalid input")) return [{ field, problem: `${issue.message} (got ${describe(input)})` }];
      return [{ field, problem: `expected ${issue.expected}, got ${describe(input)}` }];
    case "unrecognized_keys": {
      const allowed = allowedKeys(environmentJsonSchemaOnce(), issue.path, document);
      return issue.keys.map((key) => {
        const field = fieldName([...issue.path, key]);
        const removed = Object.prototype.hasOwnProperty.call(REMOVED_FIELDS, field) ? REMOVED_FIELDS[field] : undefined;
        return { field, problem: removed ?? `unknown field${allowed.length ? `; allowed here: ${allowed.join(", ")}` : ""}` };
      });
    }
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        const got = (input as Record<string, unknown> | undefined)?.[String(issue.path.at(-1) ?? "kind")];
        return [{ field, problem: `must be one of ${options.map((o) => JSON.stringify(o)).join(", ")} (got ${describe(got)})` }];
      }
      // A union of different shapes ("variables" or an object): the branch of the value's own
      // shape says what is wrong inside it; with none, say what each branch takes.
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const rejectsShape = (e: z.core.$ZodIssue): e is z.core.$ZodIssueInvalidType | z.core.$ZodIssueInvalidValue =>
        e.path.length === 0 && (e.code === "invalid_type" || e.code === "invalid_value");
      const fitting = branches.filter((errors) => !errors.some(rejectsShape));
      if (fitting.length === 1) {
        return fitting[0]!.flatMap((e) => issueProblems({ ...e, path: [...issue.path, ...e.path] } as z.core.$ZodIssue, document));
      }
      const takes = branches.flatMap((errors) =>
        errors.filter(rejectsShape).map((e) => (e.code === "invalid_value" ? e.values.map((v) => JSON.stringify(v)).join(" or ") : `an ${e.expected}`)),
      );
      return [{ field, problem: takes.length > 0 ? `must be ${takes.join(" or ")} (got ${describe(input)})` : `${issue.message} (got ${describe(input)})` }];
    }
    case "invalid_value":
      return [{ field, problem: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describe(input)})` }];
    default:
      return [{ field, problem: issue.message }];
  }
}

/** Validates a parsed environment document; returns the config or every problem found. */
export function validateEnvironment(document: unknown): { config: EnvironmentConfig; problems: [] } | { config?: undefined; problems: EnvironmentProblem[] } {
  // Nesting, length and control characters first: the checks below recurse through the document.
  const values = documentValueProblems(document).map((p) => ({ field: fieldName(p.path), problem: p.problem }));
  if (values.some((p) => p.problem === nestingProblem())) return { problems: values };
  const found = findSecrets(document);
  const secrets = found.map((s) => ({
    field: fieldName(s.path),
    problem:
      `looks like a ${s.kind}. Environment files are committed and must not hold credentials: ` +
      `the providers read theirs from GRAFANA_AUTH, ARM_* and OKTA_* environment variables`,
  }));
  const result = environmentSchema.safeParse(document, { reportInput: true });
  if (result.success && secrets.length === 0 && values.length === 0) return { config: result.data, problems: [] };
  const quotesSecret = secretQuoter(document, found.map((s) => s.path));
  const schemaProblems = result.success ? [] : result.error.issues.flatMap((i) => issueProblems(i, document)).filter((p) => !quotesSecret(p));
  return { problems: [...values, ...secrets, ...schemaProblems] };
}

/**
 * Whether a problem at a field whose value (or key) looks like a credential quotes a piece of it.
 * Masking finds whole credentials only; a rule that quotes a value in pieces (a list split at
 * spaces) would let a piece through, so such a problem is not reported: the credential's own
 * problem says what to do.
 */
function secretQuoter(document: unknown, secretPaths: ReadonlyArray<ReadonlyArray<string | number>>): (p: EnvironmentProblem) => boolean {
  const texts = new Map<string, string[]>();
  for (const p of secretPaths) {
    let value: unknown = document;
    for (const key of p) value = (value as Record<string | number, unknown> | null | undefined)?.[key];
    const strings = [...(typeof value === "string" ? [value] : []), ...(typeof p.at(-1) === "string" ? [p.at(-1) as string] : [])];
    texts.set(fieldName(p), [...(texts.get(fieldName(p)) ?? []), ...strings]);
  }
  return (problem) =>
    (texts.get(problem.field) ?? []).some((text) => {
      for (let i = 0; i + 10 <= text.length; i++) if (problem.problem.includes(text.slice(i, i + 10))) return true;
      return false;
    });
}

/** What kind of thing `stats` describes, for a message about something that is not a regular file. */
function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** Why `file` (as `fs.lstat` or `fs.fstat` describe it) is not read, or `undefined`. */
function notReadable(stats: fs.Stats): string | undefined {
  if (stats.isSymbolicLink()) {
    return "is a symbolic link: environment files must be regular files in the folder (a link may point outside the repository, to a device or a file nobody reviews with it)";
  }
  if (!stats.isFile()) return `is ${kindOf(stats)}, not a regular file: it was not opened. Environment files are regular <name>.json files`;
  if (stats.size > MAX_FILE_BYTES) {
    return `is ${stats.size} bytes; an environment file is at most ${MAX_FILE_BYTES} bytes (the examples are about 2 KB): it was not read`;
  }
  return undefined;
}

const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NON_BLOCKING = fs.constants.O_NONBLOCK ?? 0;

/**
 * The text of the environment file `file`, or why it cannot be read. Only a regular file is
 * opened, never a symbolic link, pipe, socket or device (a named pipe would block the app
 * forever), and never one larger than {@link MAX_FILE_BYTES}; the opened file is checked again,
 * in case it changed in between. The text must be UTF-8 (a wrong encoding would change names
 * silently); a byte order mark is dropped.
 */
export function readEnvironmentText(file: string): { text: string; problem?: undefined } | { text?: undefined; problem: string } {
  let fd: number | undefined;
  try {
    const problem = notReadable(fs.lstatSync(file));
    if (problem) return { problem };
    fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW | NON_BLOCKING);
    const stats = fs.fstatSync(fd);
    const changed = notReadable(stats);
    if (changed) return { problem: changed };
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES) return { problem: `grew past ${MAX_FILE_BYTES} bytes while it was read: it was not used` };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return { problem: "is not UTF-8 text: save it as UTF-8 (another encoding would change names and labels silently)" };
    }
    return { text: text.startsWith("\uFEFF") ? text.slice(1) : text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot be read (${code ?? (error as Error).message})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The line and column of character `offset` of `text` (1-based). */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

/**
 * Parses `text` as JSON, or says why it is not JSON without quoting it: V8 quotes the text
 * around the error ('Unexpected token 'x', "…glsa_AbCd"… is not valid JSON'), which may be part
 * of a credential too short to recognize; only what is wrong and where is kept.
 */
function parseJson(text: string): { document: unknown; problem?: undefined } | { document?: undefined; problem: string } {
  try {
    return { document: JSON.parse(text) };
  } catch (error) {
    let reason = (error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "");
    const position = /(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(reason);
    if (position) reason = `${reason.slice(0, position.index)} at ${lineAndColumn(text, Number(position[1]))}`;
    return { problem: `is not valid JSON: ${reason}` };
  }
}

/** The problem with an environment's file name (its stack name), or `undefined`. */
function fileNameProblem(name: string): string | undefined {
  if (ENVIRONMENT_NAME.test(name)) return undefined;
  return `"${name}" cannot name a stack: use lowercase letters, digits and hyphens, starting with a letter (max 40)`;
}

/** Reads and validates one environment file; throws {@link EnvironmentError} listing every problem. */
export function loadEnvironment(file: string): Environment {
  const name = path.basename(file, ".json");
  const problems: EnvironmentProblem[] = [];
  const nameProblem = fileNameProblem(name);
  if (nameProblem) problems.push({ field: "(file name)", problem: nameProblem });
  const fail = (problem: string): never => {
    throw new EnvironmentError([...problems, { field: "(file)", problem }].map((p) => ({ ...p, file })));
  };
  const read = readEnvironmentText(file);
  if (read.problem !== undefined) return fail(read.problem);
  const parsed = parseJson(read.text);
  if (parsed.problem !== undefined) return fail(parsed.problem);
  const structure = jsonStructureProblems(read.text).map((p) => ({ field: fieldName(p.path), problem: p.problem }));
  problems.push(...structure);
  if (structure.some((p) => p.problem === nestingProblem())) throw new EnvironmentError(problems.map((p) => ({ ...p, file })));
  const document = parsed.document;
  const result = validateEnvironment(document);
  problems.push(...result.problems);
  const backendProblem = missingBackendProblem(name, document);
  if (backendProblem) problems.push({ field: "backend", problem: backendProblem });
  if (problems.length > 0 || result.config === undefined) throw new EnvironmentError(problems.map((p) => ({ ...p, file })));
  return { name, file, config: result.config };
}

/** Whether `fileName` in the environments folder is an environment (not the JSON Schema). */
export function isEnvironmentFile(fileName: string): boolean {
  return fileName.endsWith(".json") && !fileName.endsWith(".schema.json");
}

/**
 * Whether `fileName` looks like an environment file that {@link isEnvironmentFile} would pass
 * over: `.json` in another case (`prod.JSON`), which some file systems treat as the same.
 */
function isMisnamedEnvironmentFile(fileName: string): boolean {
  return !isEnvironmentFile(fileName) && /\.json$/i.test(fileName) && !/\.schema\.json$/i.test(fileName);
}

/** The names in folder `dir`, or the problem with the folder. */
function listFolder(dir: string): { names: string[]; problem?: undefined } | { names?: undefined; problem: string } {
  try {
    const stats = fs.statSync(dir);
    if (!stats.isDirectory()) return { problem: `is ${stats.isFile() ? "a file" : kindOf(stats)}, not a folder of environment files` };
    return { names: fs.readdirSync(dir) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? (error as Error).message})` };
  }
}

/**
 * Loads every environment in `dir`, sorted by name. All files are validated before any is
 * used, and then against each other (no two own the same Grafana or share a state location):
 * one bad file fails the whole load with one message listing every problem.
 */
export function loadEnvironments(dir: string): Environment[] {
  const listing = listFolder(dir);
  if (listing.problem !== undefined) throw new EnvironmentError([{ file: dir, field: "(folder)", problem: listing.problem }]);
  const problems: Array<EnvironmentProblem & { file: string }> = [];
  for (const misnamed of listing.names.filter(isMisnamedEnvironmentFile).sort()) {
    problems.push({
      file: path.join(dir, misnamed),
      field: "(file name)",
      problem: 'ends in a ".json" of another case: environment files end in ".json" (lower case), or they are not read',
    });
  }
  const files = listing.names
    .filter(isEnvironmentFile)
    .sort()
    .map((f) => path.join(dir, f));
  const environments: Environment[] = [];
  for (const file of files) {
    try {
      environments.push(loadEnvironment(file));
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...environmentConflicts(environments));
  if (problems.length > 0) throw new EnvironmentError(problems);
  if (environments.length === 0) throw new EnvironmentError([{ file: dir, field: "(folder)", problem: "holds no environment files (*.json)" }]);
  return environments;
}
