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
import { ENVIRONMENT_NAME, environmentJsonSchema, environmentSchema, type Environment, type EnvironmentConfig } from "./environment";
import { fieldName } from "./fields";
import { findSecrets, maskSecrets } from "./secrets";
import { sharedStateProblems } from "./shared-state";

/**
 * Fields earlier versions of the format had, with what to do instead: a file that still has one
 * is told why it goes, not only that it is unknown.
 */
export const REMOVED_FIELDS: Readonly<Record<string, string>> = {
  "identityProvider.preventDestroy":
    "is no longer part of the format: the Entra app, its service principal, the provisioning job and its secret always carry prevent_destroy. " +
    "Remove the field; to destroy this environment on purpose, run the destroy workflow, which synthesizes this one stack with SCIM_ALLOW_DESTROY=<environment> (docs/delivery.md)",
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

/** An environment file (or several) that cannot be used; the message lists every problem. */
export class EnvironmentError extends Error {
  constructor(readonly problems: ReadonlyArray<EnvironmentProblem & { readonly file: string }>) {
    const byFile = new Map<string, string[]>();
    // A problem may quote the value it rejects: anything credential-shaped in it is masked.
    for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), maskSecrets(`  - ${p.field}: ${p.problem}`)]);
    super([...byFile].map(([file, lines]) => `${file} is not a valid environment:\n${lines.join("\n")}`).join("\n"));
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
        const removed = REMOVED_FIELDS[field];
        return { field, problem: removed ?? `unknown field${allowed.length ? `; allowed here: ${allowed.join(", ")}` : ""}` };
      });
    }
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        const got = (input as Record<string, unknown> | undefined)?.[String(issue.path.at(-1) ?? "kind")];
        return [{ field, problem: `must be one of ${options.map((o) => JSON.stringify(o)).join(", ")} (got ${describe(got)})` }];
      }
      return [{ field, problem: `${issue.message} (got ${describe(input)})` }];
    }
    case "invalid_value":
      return [{ field, problem: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describe(input)})` }];
    default:
      return [{ field, problem: issue.message }];
  }
}

/** Validates a parsed environment document; returns the config or every problem found. */
export function validateEnvironment(document: unknown): { config: EnvironmentConfig; problems: [] } | { config?: undefined; problems: EnvironmentProblem[] } {
  const secrets = findSecrets(document).map((s) => ({
    field: fieldName(s.path),
    problem:
      `looks like a ${s.kind}. Environment files are committed and must not hold credentials: ` +
      `the providers read theirs from GRAFANA_AUTH, ARM_* and OKTA_* environment variables`,
  }));
  const result = environmentSchema.safeParse(document, { reportInput: true });
  if (result.success && secrets.length === 0) return { config: result.data, problems: [] };
  const problems = [...secrets, ...(result.success ? [] : result.error.issues.flatMap((i) => issueProblems(i, document)))];
  return { problems };
}

/** Reads and validates one environment file; throws {@link EnvironmentError} listing every problem. */
export function loadEnvironment(file: string): Environment {
  const name = path.basename(file, ".json");
  const problems: EnvironmentProblem[] = [];
  if (!ENVIRONMENT_NAME.test(name)) {
    problems.push({
      field: "(file name)",
      problem: `"${name}" cannot name a stack: use lowercase letters, digits and hyphens, starting with a letter (max 40)`,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    // V8 quotes the text around the error ('Unexpected token 'x', "…glsa_AbCd"… is not valid JSON'),
    // which may be part of a credential too short to recognize: keep only what is wrong.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "");
    throw new EnvironmentError([{ file, field: "(file)", problem: `is not valid JSON: ${reason}` }]);
  }
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
 * Loads every environment in `dir`, sorted by name. All files are validated before any is
 * used: one bad file fails the whole load with one message listing every problem.
 */
export function loadEnvironments(dir: string): Environment[] {
  const files = fs
    .readdirSync(dir)
    .filter(isEnvironmentFile)
    .sort()
    .map((f) => path.join(dir, f));
  const environments: Environment[] = [];
  const problems: Array<EnvironmentProblem & { file: string }> = [];
  for (const file of files) {
    try {
      environments.push(loadEnvironment(file));
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  if (environments.length === 0) throw new EnvironmentError([{ file: dir, field: "(folder)", problem: "holds no environment files (*.json)" }]);
  const shared = sharedStateProblems(environments);
  if (shared.length > 0) throw new EnvironmentError(shared);
  return environments;
}
