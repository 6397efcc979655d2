/**
 * The cdktf app: one stack per environment file in `environments/` (or `$SCIM_ENVIRONMENTS_DIR`). Every file is validated
 * first; a bad one stops the app with one message naming each bad field, before anything is
 * synthesized.
 *
 * Run as a file (`node --import tsx main.ts`, this repository's cdktf.json) it reads the
 * repository's `environments/`. The installed package runs the same code through its command
 * line (`grafana-scim synth`, `grafana-scim app`, see cli/), which reads the configuration
 * repository's folder instead.
 */
import { App } from "cdktf";
import * as path from "node:path";
import { ConfigurationError } from "./constructs/errors";
import { ALLOW_DESTROY_VARIABLE, environmentToDestroy } from "./stacks/destroy";
import { EnvironmentError, loadEnvironments, maskSecrets } from "./environment-format";
import { addScimStacks } from "./stacks/scim-stack";
import { withPlainStackTraces } from "./stacks/synthesis";

/** Where {@link synthEnvironments} reads and writes. */
export interface SynthEnvironmentsOptions {
  /** The folder of environment files (`<name>.json`, one stack each). */
  readonly environmentsDir: string;
  /**
   * The output folder.
   * @default cdktf's: `$CDKTF_OUTDIR` (set by the cdktf CLI), else `cdktf.out`
   */
  readonly outdir?: string;
}

/**
 * Validates every environment file of `environmentsDir` and synthesizes one stack per file;
 * returns the stack names. A bad file throws {@link EnvironmentError} (or a construct's
 * {@link ConfigurationError}) naming each bad field, before anything is written.
 */
export function synthEnvironments(options: SynthEnvironmentsOptions): string[] {
  // Relative, so that error messages name files as the user sees them.
  const environments = loadEnvironments(path.relative(process.cwd(), options.environmentsDir) || ".");
  const app = new App(options.outdir === undefined ? {} : { outdir: options.outdir });
  // Only the destroy workflow sets this: see stacks/destroy.ts.
  const allowDestroy = environmentToDestroy(process.env[ALLOW_DESTROY_VARIABLE], environments.map((e) => e.name));
  // Every token cdktf creates captures a stack trace: see stacks/synthesis.ts.
  return withPlainStackTraces(() => {
    const stacks = addScimStacks(app, environments, allowDestroy ? { allowDestroy } : {});
    app.synth();
    return stacks.map((stack) => stack.node.id);
  });
}

/**
 * The environments folder the app reads: `$SCIM_ENVIRONMENTS_DIR` (which lets the environment
 * files live elsewhere, e.g. in a configuration repository) when set and not empty, else this
 * repository's `environments/`. An empty variable is unset: it must not mean the current folder,
 * whose package.json and tsconfig.json would be read as environments.
 */
export function appEnvironmentsDir(env: NodeJS.ProcessEnv = process.env): { dir: string; source: string } {
  const given = env.SCIM_ENVIRONMENTS_DIR;
  return given ? { dir: given, source: "SCIM_ENVIRONMENTS_DIR" } : { dir: path.join(__dirname, "environments"), source: "the default" };
}

/**
 * Runs {@link synthEnvironments} as a process does: a bad environment (or environments folder)
 * prints its message (no stack trace) and exits 1.
 */
export function runApp(environmentsDir: string, source = "the default"): void {
  try {
    synthEnvironments({ environmentsDir });
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof ConfigurationError) {
      const folder = error instanceof EnvironmentError && error.problems.some((p) => p.field === "(folder)");
      console.error(maskSecrets(error.message) + (folder ? `\n(the environments folder comes from ${source}; set SCIM_ENVIRONMENTS_DIR to a folder of <environment>.json files)` : ""));
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) {
  const { dir, source } = appEnvironmentsDir();
  runApp(dir, source);
}
