/**
 * The Jest runtime (support/jest/runtime.js) keeps node_modules files' text and compiled scripts
 * across suites, never their module instances: a dependency loaded again in a fresh module registry
 * (as the next suite in the worker loads it) is evaluated again, with its own state.
 */
import * as path from "node:path";

describe("GIVEN the project's Jest runtime", () => {
  it("is the one jest.config.js names", () => {
    const config = require(path.join(__dirname, "..", "..", "..", "jest.config.js")) as { runtime?: string };
    expect(config.runtime).toBe("<rootDir>/__tests__/support/jest/runtime.js");
  });

  it("WHEN a dependency is loaded in two module registries THEN each gets its own instance, with its own state", () => {
    const load = (): { semver: typeof import("semver"); file: string } => {
      let loaded!: { semver: typeof import("semver"); file: string };
      jest.isolateModules(() => {
        loaded = { semver: require("semver") as typeof import("semver"), file: require.resolve("semver") };
      });
      return loaded;
    };
    const first = load();
    const second = load();
    expect(first.file).toContain(`${path.sep}node_modules${path.sep}`);
    // State set on one instance is not seen by the other.
    (first.semver as unknown as Record<string, unknown>).marker = 1;
    expect({
      sameExports: second.semver === first.semver,
      sameClass: second.semver.SemVer === first.semver.SemVer,
      markerSeen: (second.semver as unknown as Record<string, unknown>).marker,
    }).toEqual({ sameExports: false, sameClass: false, markerSeen: undefined });
    expect(second.semver.valid("1.2.3")).toBe("1.2.3");
  });
});
