/**
 * Building and synthesizing the app's stacks with cheaper stack traces for the duration.
 *
 * cdktf captures a stack trace for every token it creates (`Lazy` values, references, intrinsic
 * values: node_modules/cdktf/lib/tokens/private/stack-trace.js, with `Error.stackTraceLimit`
 * raised to its maximum) and formats it at once; it is shown only in cdktf's own token
 * resolution errors. Measured with `npm run bench`, that was the largest cost of synthesis once the
 * `terraform version` subprocesses were gone: run through tsx, which switches source maps on, Node
 * mapped every frame of every capture through the source maps (about 10 ms of CPU per
 * environment), and formatting some 30 frames per token cost about 3 ms more. So, meanwhile:
 *
 * - source-mapped stack traces are off: frames name JavaScript positions, not TypeScript lines;
 * - a capture that is not an `Error` (cdktf's and constructs' creation stacks are plain objects)
 *   is formatted with its first {@link CREATION_STACK_FRAMES} frames, the depth Node gives every
 *   error by default. `Error` objects keep every frame and Node's format (a Node error first read
 *   during synthesis would lose the `[code]` Node writes after its name).
 *
 * An error thrown out of `fn` is unaffected: V8 formats a stack trace when it is first read, which
 * is when the error is printed, after both are restored. Compiled JavaScript (`grafana-scim synth`
 * from the package) runs without source maps anyway.
 */

/** Frames kept of a creation stack formatted during synthesis: Node's default `Error.stackTraceLimit`. */
export const CREATION_STACK_FRAMES = 10;

type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** Runs `fn` (building and synthesizing stacks) with cheaper stack traces meanwhile; restores them after, also on a throw. */
export function withPlainStackTraces<T>(fn: () => T): T {
  const mapped = process.sourceMapsEnabled;
  const hadOwn = Object.prototype.hasOwnProperty.call(Error, "prepareStackTrace");
  const previous = (Error as { prepareStackTrace?: PrepareStackTrace }).prepareStackTrace;
  if (mapped) process.setSourceMapsEnabled(false);
  Error.prepareStackTrace = (error, frames) => formatStackTrace(error, frames, previous);
  try {
    return fn();
  } finally {
    if (hadOwn) (Error as { prepareStackTrace?: PrepareStackTrace }).prepareStackTrace = previous;
    else Reflect.deleteProperty(Error, "prepareStackTrace");
    if (mapped) process.setSourceMapsEnabled(true);
  }
}

/**
 * The stack trace of `error` as Node writes it (`<name>: <message>` and one `    at <frame>` line
 * per frame), or as `previous` (an `Error.prepareStackTrace` set before) does; a capture that is
 * not an `Error` keeps its first {@link CREATION_STACK_FRAMES} frames.
 */
export function formatStackTrace(error: Error, frames: NodeJS.CallSite[], previous?: PrepareStackTrace): unknown {
  const kept = error instanceof Error ? frames : frames.slice(0, CREATION_STACK_FRAMES);
  if (previous) return previous(error, kept);
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = "Error";
  }
  return kept.length === 0 ? head : `${head}\n    at ${kept.join("\n    at ")}`;
}
