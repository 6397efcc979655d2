/**
 * The commands and documentation that messages point to, for the way this package runs:
 *
 * - `repository`: from its own repository (this one), with its npm scripts (`npm run runbook --
 *   <env>`, `npm run diff/deploy -- <env>`) and its `docs/`;
 * - `package`: installed in a configuration repository that holds environment files
 *   ("environments only"), which has the package's `grafana-scim` command, the cdktf CLI if it
 *   installed it (`npx cdktf diff/deploy <env>`), and the package's documentation under
 *   `node_modules/grafana-scim-cdktf/docs/` (the tarball ships `docs/`).
 *
 * Messages of the environment-file format, the wiring (the Okta runbook and the gate's warning) and
 * `verify` use it, so a configuration repository is never told to run a script it does not have or
 * read a file it does not hold. Paths are relative to the repository's root, never absolute: the
 * runbook is part of the synthesized configuration, which must not depend on the machine.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** How this package runs: from its own repository, or installed as a dependency. */
export type DeploymentMode = "repository" | "package";

/** The package's name, as a configuration repository installs it. */
export const PACKAGE_NAME = "grafana-scim-cdktf";

/** The commands and documentation a message names, for one {@link DeploymentMode}. */
export interface DeploymentCommands {
  readonly mode: DeploymentMode;
  /** The command that prints an Okta environment's manual steps. */
  runbook(environment: string): string;
  /** The command that plans an environment's stack. */
  diff(environment: string): string;
  /** The command that applies an environment's stack. */
  deploy(environment: string): string;
  /** Where a page of the package's documentation is (`page`: e.g. `okta.md` or `delivery.md#state-backends`). */
  documentation(page: string): string;
}

/** The commands and documentation of `mode` (by default, the mode this copy of the package runs in). Pure for a given mode. */
export function deploymentCommands(mode: DeploymentMode = deploymentMode()): DeploymentCommands {
  if (mode === "repository") {
    return {
      mode,
      runbook: (env) => `npm run runbook -- ${env}`,
      diff: (env) => `npm run diff -- ${env}`,
      deploy: (env) => `npm run deploy -- ${env}`,
      documentation: (page) => `docs/${page}`,
    };
  }
  return {
    mode,
    runbook: (env) => `npx grafana-scim runbook ${env}`,
    diff: (env) => `npx cdktf diff ${env}`,
    deploy: (env) => `npx cdktf deploy ${env}`,
    documentation: (page) => `node_modules/${PACKAGE_NAME}/docs/${page}`,
  };
}

let detected: DeploymentMode | undefined;

/**
 * The mode this copy of the package runs in: `package` when its root (the folder of its
 * package.json, above this module in the sources and in the compiled `lib/`) sits in a
 * `node_modules` folder, else `repository`. Read once.
 */
export function deploymentMode(): DeploymentMode {
  return (detected ??= deploymentModeOf(packageRoot(__dirname)));
}

/** The mode of a package whose root is `root`. Pure. */
export function deploymentModeOf(root: string): DeploymentMode {
  return path.basename(path.dirname(root)) === "node_modules" ? "package" : "repository";
}

/** The nearest folder at or above `from` whose package.json names this package (else `from`). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    } catch {
      // no package.json here, or not JSON: look further up
    }
    if (path.dirname(dir) === dir) return from;
  }
}
