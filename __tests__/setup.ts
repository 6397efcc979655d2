// The types of cdktf's Jest matchers (toHaveResource, ...): a type-only import, nothing loaded.
import type {} from "cdktf/lib/testing/adapters/jest";

/**
 * cdktf's Jest matchers (`Testing.setupJest()`), registered lazily: cdktf is loaded by the first
 * call of one of them, not by every suite (a third of the suites never load cdktf: 0.1 CPU-s each).
 * The matchers are cdktf's own, taken from its adapter, which registers them with the global
 * `expect`; they read the global `expect` again when they run.
 */
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toBeValidTerraform",
  "toPlanSuccessfully",
] as const;
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;
let cdktfMatchers: Record<string, Matcher> | undefined;
function cdktfMatcher(name: string): Matcher {
  if (!cdktfMatchers) {
    const global = globalThis as unknown as { expect: unknown };
    const jestExpect = global.expect;
    let registered: Record<string, Matcher> | undefined;
    global.expect = { extend: (matchers: Record<string, Matcher>) => (registered = matchers) };
    try {
      (require("cdktf/lib/testing/adapters/jest") as { setupJest: () => void }).setupJest();
    } finally {
      global.expect = jestExpect;
    }
    cdktfMatchers = registered;
  }
  const matcher = cdktfMatchers?.[name];
  if (!matcher) throw new Error(`cdktf's Jest adapter no longer registers ${name} (__tests__/setup.ts lists the matchers it expects)`);
  return matcher;
}
expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return cdktfMatcher(name).apply(this, args);
      },
    ]),
  ),
);

/**
 * Creation stacks without source maps. cdktf (and constructs) capture a stack trace for every
 * token and construct they create, into a plain object, with `Error.stackTraceLimit` raised to its
 * maximum, and format it at once (node_modules/cdktf/lib/tokens/private/stack-trace.js); the app
 * does that cheaply (stacks/synthesis.ts), but a test builds its constructs outside it, and Jest's
 * `Error.prepareStackTrace` maps every frame of every capture through the source maps of the
 * transformed files. So captures that are not errors are formatted as V8 formats them, every frame
 * kept, at JavaScript positions; errors (`[object Error]`, from any realm: Node's own too) keep
 * Jest's source-mapped format, so a failing test still points at TypeScript lines. Measured on the
 * suites that build the most stacks (invariants, generated environments, adoption, entra-scim,
 * prebuilt schemas, migration-check; -w 1): 15.7 -> 12.5 CPU-s.
 */
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown =>
    Object.prototype.toString.call(error) === "[object Error]" ? mapped(error, frames) : [plainHead(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
}

/** The first line V8 writes for a capture into a plain object. */
function plainHead(capture: Error): string {
  try {
    return Error.prototype.toString.call(capture);
  } catch {
    return "Error";
  }
}
