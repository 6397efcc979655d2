/**
 * The test run's scratch folder (support/jest/scratch.js): on /dev/shm only when it has room.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const { scratchBase, MIN_FREE_BYTES } = require("./scratch.js") as {
  scratchBase: (ramDisk: string, fallback: string, minFree?: number) => string;
  MIN_FREE_BYTES: number;
};

describe("scratchBase", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scratch-base-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const free = () => {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  };

  it("GIVEN a writable directory with enough free space THEN it is used", () => {
    expect(scratchBase(dir, "/fallback", 1)).toBe(dir);
  });

  it("GIVEN less free space than a run needs (a container's 64 MB /dev/shm) THEN the usual temporary directory", () => {
    expect(scratchBase(dir, "/fallback", free() + 1024 ** 3)).toBe("/fallback");
    expect(MIN_FREE_BYTES).toBeGreaterThanOrEqual(175 * 1024 ** 2);
  });

  it("GIVEN no such directory, or a file THEN the usual temporary directory", () => {
    expect(scratchBase(path.join(dir, "missing"), "/fallback", 1)).toBe("/fallback");
    const file = path.join(dir, "file");
    fs.writeFileSync(file, "");
    expect(scratchBase(file, "/fallback", 1)).toBe("/fallback");
  });
});
