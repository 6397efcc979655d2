/** Helpers to build stacks from environment files or inline configs. */
import * as path from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments, validateEnvironment, type Environment } from "../../environment-format";
import { ScimStack } from "../../stacks/scim-stack";
import { Template } from "./template";

/** The project's environments folder. */
export const ENVIRONMENTS_DIR = path.resolve(__dirname, "..", "..", "environments");

/** The shipped example environments. */
export function exampleEnvironments(): Environment[] {
  return loadEnvironments(ENVIRONMENTS_DIR);
}

/** An environment from an inline document; fails the test on validation problems. */
export function environment(name: string, document: unknown): Environment {
  const result = validateEnvironment(document);
  if (!result.config) throw new Error(`invalid test environment: ${JSON.stringify(result.problems)}`);
  return { name, file: `${name}.json`, config: result.config };
}

/** Synthesizes the stack of `env` (validations included). */
export function synthEnvironment(env: Environment): Template {
  const stack = new ScimStack(Testing.app(), { environment: env });
  return Template.fromStack(stack);
}
