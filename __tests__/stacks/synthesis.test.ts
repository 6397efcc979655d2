import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { withPlainStackTraces } from "../../stacks/synthesis";

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

  it("GIVEN the app run through tsx WHEN an error escapes THEN its stack trace names the TypeScript line it was thrown at", () => {
    const fixture = path.join("__tests__", "fixtures", "stack-traces", "throw-during-synthesis.ts");
    const result = spawnSync(process.execPath, ["--import", "tsx", fixture], { cwd: ROOT, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ before: true }, { inside: false, creationStack: true }, { after: true }]);
    expect(result.stderr).toContain("Error: a defect during synthesis");
    expect(result.stderr).toContain(`at failingStep (${path.join(ROOT, fixture)}:10:9)`);
  });
});
