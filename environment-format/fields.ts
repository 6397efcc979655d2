/**
 * Field builders shared by the environment-file schemas, so each rule reads the same in every
 * section and its message comes from the package's own pure validators.
 */
import { z } from "zod";
import { uuidProblem } from "../constructs/entra/entra-ids";
import { templateSequenceProblem } from "../constructs/template-escape";

/** Adapts a pure `(value) => problem | undefined` validator to a zod refinement. */
export function fromProblem<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  };
}

/**
 * A non-empty (after trimming) plain-text string with a description for editors: a name, label,
 * id, path or claim. `${` and `%{` are rejected: most such values reach the configuration as they
 * are, and Terraform would evaluate them. The rule is the same in every section, also where a
 * construct happens to escape the value (see {@link expressionText} for fields that are
 * expressions of an identity provider).
 */
export function nonEmpty(description: string) {
  return z.string().trim().min(1, "must not be empty").superRefine(fromProblem(templateSequenceProblem)).meta({ description });
}

/**
 * A non-empty string that is an identity provider's own expression (an Okta `${user.login}`, an
 * Entra mapping): kept as written, and escaped by the constructs so the provider receives it so.
 */
export function expressionText(description: string) {
  return z.string().trim().min(1, "must not be empty").meta({ description });
}

/** An Entra object id (UUID) with a description for editors. */
export function uuid(description: string) {
  return z.string().superRefine(fromProblem(uuidProblem)).meta({ description, format: "uuid" });
}

/**
 * A problem a cross-section rule finds: where in the file (the path of the field, from the root;
 * array indexes as numbers) and what is wrong.
 */
export interface FieldProblem {
  readonly path: readonly (string | number)[];
  readonly problem: string;
}

/** A dotted field (`orgMapping[0].value`) as a path (`["orgMapping", 0, "value"]`). Pure. */
export function fieldPath(field: string): Array<string | number> {
  return field.split(/\.|(?=\[)/).map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p));
}

/** A path (`["groups", 0, "name"]`) as a dotted field (`groups[0].name`), as messages name it. Pure. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}
