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
    type Constructs = typeof import("constructs");
    const load = (): { constructs: Constructs; file: string } => {
      let loaded!: { constructs: Constructs; file: string };
      jest.isolateModules(() => {
        loaded = { constructs: require("constructs") as Constructs, file: require.resolve("constructs") };
      });
      return loaded;
    };
    const first = load();
    const second = load();
    expect(first.file).toContain(`${path.sep}node_modules${path.sep}`);
    // State set on one instance is not seen by the other.
    (first.constructs as unknown as Record<string, unknown>).marker = 1;
    expect({
      sameExports: second.constructs === first.constructs,
      sameClass: second.constructs.Construct === first.constructs.Construct,
      markerSeen: (second.constructs as unknown as Record<string, unknown>).marker,
    }).toEqual({ sameExports: false, sameClass: false, markerSeen: undefined });
    // A construct of one instance is not a construct of the other's class.
    const root = new first.constructs.RootConstruct("root");
    expect({ ownClass: root instanceof first.constructs.Construct, otherClass: root instanceof second.constructs.Construct }).toEqual({ ownClass: true, otherClass: false });
  });
});
