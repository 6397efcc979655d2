/**
 * Building and synthesizing the app's stacks with Node's source-map formatting of stack traces
 * switched off for the duration.
 *
 * cdktf captures a full stack trace for every token it creates (`Lazy` values, references,
 * intrinsic values: node_modules/cdktf/lib/tokens/private/stack-trace.js, with
 * `Error.stackTraceLimit` raised to its maximum) and reads it at once, so each capture is
 * formatted. Run through tsx (which switches source maps on), Node maps every frame of every
 * capture through the source maps: measured with `npm run bench`, it made synthesis take about
 * twice the CPU. With the mapping off, only cdktf's creation stacks (shown in cdktf's own token
 * resolution errors) name JavaScript positions instead of TypeScript lines. An error thrown out of
 * `fn` keeps its TypeScript lines: V8 formats a stack trace when it is first read, which is when
 * the error is printed, after the mapping is back on. Compiled JavaScript (`grafana-scim synth`
 * from the package) runs without source maps anyway.
 */

/** Runs `fn` (building and synthesizing stacks) with source-mapped stack traces off meanwhile. */
export function withPlainStackTraces<T>(fn: () => T): T {
  const mapped = process.sourceMapsEnabled;
  if (mapped) process.setSourceMapsEnabled(false);
  try {
    return fn();
  } finally {
    if (mapped) process.setSourceMapsEnabled(true);
  }
}
