/**
 * Field builders shared by the environment-file schemas, so each rule reads the same in every
 * section and its message comes from the package's own pure validators.
 */
import { z } from "zod";
import { uuidProblem } from "../constructs/entra/entra-ids";

/** Adapts a pure `(value) => problem | undefined` validator to a zod refinement. */
export function fromProblem<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message });
  };
}

/** A non-empty (after trimming) string with a description for editors. */
export function nonEmpty(description: string) {
  return z.string().trim().min(1, "must not be empty").meta({ description });
}

/** An Entra object id (UUID) with a description for editors. */
export function uuid(description: string) {
  return z.string().superRefine(fromProblem(uuidProblem)).meta({ description, format: "uuid" });
}
