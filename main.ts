/**
 * The cdktf app: one stack per environment file in `environments/` (or `$SCIM_ENVIRONMENTS_DIR`). Every file is validated
 * first; a bad one stops the app with one message naming each bad field, before anything is
 * synthesized.
 */
import { App } from "cdktf";
import * as path from "node:path";
import { ConfigurationError } from "./constructs/errors";
import { ALLOW_DESTROY_VARIABLE, environmentToDestroy } from "./stacks/destroy";
import { EnvironmentError, loadEnvironments } from "./stacks/environment";
import { addScimStacks } from "./stacks/scim-stack";

function main(): void {
  // SCIM_ENVIRONMENTS_DIR lets the environment files live elsewhere (e.g. a config repository).
  const dir = process.env.SCIM_ENVIRONMENTS_DIR ?? path.join(__dirname, "environments");
  // Relative, so that error messages name files as the user sees them.
  const environments = loadEnvironments(path.relative(process.cwd(), dir) || ".");
  const app = new App();
  // Only the destroy workflow sets this: see stacks/destroy.ts.
  const allowDestroy = environmentToDestroy(process.env[ALLOW_DESTROY_VARIABLE], environments.map((e) => e.name));
  addScimStacks(app, environments, allowDestroy ? { allowDestroy } : {});
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof EnvironmentError || error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
