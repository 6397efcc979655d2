/**
 * A rule across environment files: no two may keep their state in the same place. Two stacks
 * on one state would each plan against the other's resources, so a deploy of one destroys or
 * takes over what the other created. Checked when the environments are loaded together
 * (`loadEnvironments`), and again by the CI matrices on what was synthesized (scripts/ci-stacks.ts).
 */
import { stateLocation } from "./backend";
import type { Environment } from "./environment";

/**
 * One problem per environment whose state location (see {@link stateLocation}) another
 * environment shares, naming the others and the location; `[]` when every location is its own.
 * Pure.
 */
export function sharedStateProblems(environments: ReadonlyArray<Pick<Environment, "name" | "file"> & { readonly config: { readonly backend?: unknown } }>): Array<{ readonly file: string; readonly field: string; readonly problem: string }> {
  const byLocation = new Map<string, Array<(typeof environments)[number]>>();
  for (const environment of environments) {
    const location = stateLocation(environment.name, environment.config.backend);
    byLocation.set(location, [...(byLocation.get(location) ?? []), environment]);
  }
  return [...byLocation].flatMap(([location, sharing]) =>
    sharing.length < 2
      ? []
      : sharing.map((environment) => ({
          file: environment.file,
          field: "backend",
          problem:
            `shares its state (${location}) with ${sharing.filter((e) => e !== environment).map((e) => e.file).join(" and ")}: ` +
            "a deploy of either would plan against the other's resources and destroy or take them over. Give each environment its own state (\"key\", or \"workspace\" for cloud)",
        })),
  );
}
