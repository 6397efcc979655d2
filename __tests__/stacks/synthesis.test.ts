import { Lazy } from "cdktf";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { CREATION_STACK_FRAMES, withPlainStackTraces } from "../../stacks/synthesis";

const ROOT = path.resolve(__dirname, "..", "..");

describe("withPlainStackTraces", () => {
  it("GIVEN source maps on THEN they are off inside and on again after, also when it throws", () => {
    const before = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true);
    try {
      expect(withPlainStackTraces(() => process.sourceMapsEnabled)).toBe(false);
      expect(process.sourceMapsEnabled).toBe(true);
      expect(() =>
        withPlainStackTraces(() => {
          throw new Error("x");
        }),
      ).toThrow("x");
      expect(process.sourceMapsEnabled).toBe(true);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  it("GIVEN source maps off THEN they stay off", () => {
    const before = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(false);
    try {
      withPlainStackTraces(() => undefined);
      expect(process.sourceMapsEnabled).toBe(false);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  /** The creation stack cdktf captures for a token made `depth` calls deep. */
  function creationStack(depth: number): string[] {
    return depth > 0 ? creationStack(depth - 1) : Lazy.anyValue({ produce: () => 1 }).creationStack;
  }

  it("GIVEN a token made inside THEN its creation stack keeps its first frames; outside, all of them", () => {
    const outside = creationStack(30);
    expect(outside.length).toBeGreaterThan(30);
    const inside = withPlainStackTraces(() => creationStack(30));
    expect(inside).toHaveLength(CREATION_STACK_FRAMES);
    // The top frames, where the token was made, are the ones kept.
    expect(inside.filter((frame) => frame.startsWith("creationStack "))).not.toHaveLength(0);
    expect(creationStack(30)).toHaveLength(outside.length);
  });

  it("GIVEN an Error read inside THEN Node's format and every frame its limit allows, more than a creation stack keeps", () => {
    const read = (depth: number): string[] => (depth > 0 ? read(depth - 1) : new RangeError("bad size").stack!.split("\n"));
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = CREATION_STACK_FRAMES + 5;
    try {
      const outside = read(30);
      const inside = withPlainStackTraces(() => read(30));
      expect(outside).toHaveLength(CREATION_STACK_FRAMES + 6);
      expect(inside).toEqual(outside.map((_line, i) => (i === 0 ? "RangeError: bad size" : expect.stringMatching(/^    at read /))));
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it("GIVEN an Error.prepareStackTrace set before THEN it formats meanwhile, with creation stacks cut, and is restored after", () => {
    const before = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
    const custom = (_error: Error, frames: NodeJS.CallSite[]) => `custom ${frames.length}`;
    Error.prepareStackTrace = custom;
    try {
      const holder = { stack: "" };
      withPlainStackTraces(() => {
        Error.stackTraceLimit = 50;
        try {
          (function deep(n: number): void {
            if (n > 0) return deep(n - 1);
            Error.captureStackTrace(holder);
          })(20);
        } finally {
          Error.stackTraceLimit = 10;
        }
        void holder.stack;
      });
      expect(holder.stack).toBe(`custom ${CREATION_STACK_FRAMES}`);
      expect(Error.prepareStackTrace).toBe(custom);
    } finally {
      if (before) Object.defineProperty(Error, "prepareStackTrace", before);
      else Reflect.deleteProperty(Error, "prepareStackTrace");
    }
  });

  it("GIVEN no Error.prepareStackTrace of its own before THEN none after", () => {
    const before = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
    Reflect.deleteProperty(Error, "prepareStackTrace");
    try {
      withPlainStackTraces(() => expect(typeof Error.prepareStackTrace).toBe("function"));
      expect(Object.prototype.hasOwnProperty.call(Error, "prepareStackTrace")).toBe(false);
    } finally {
      if (before) Object.defineProperty(Error, "prepareStackTrace", before);
    }
  });

  it("GIVEN the app run through tsx WHEN an error escapes THEN its stack trace names the TypeScript line it was thrown at", () => {
    const fixture = path.join("__tests__", "fixtures", "stack-traces", "throw-during-synthesis.ts");
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ before: true }, { inside: false, creationStack: true }, { after: true }]);
    expect(result.stderr).toContain("Error: a defect during synthesis");
    expect(result.stderr).toContain(`at failingStep (${path.join(ROOT, fixture)}:10:9)`);
  });
});
