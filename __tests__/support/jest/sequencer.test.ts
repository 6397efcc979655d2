/**
 * The test order (support/jest/sequencer.js): the suites it starts first exist, so a renamed or
 * removed suite cannot silently drop out of the order and leave a long suite to the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const { LONGEST } = require("./sequencer.js") as { LONGEST: string[] };
const TESTS = path.resolve(__dirname, "..", "..");

describe("GIVEN the suites the sequencer starts first", () => {
  it("THEN each names a suite of __tests__/, once", () => {
    expect(LONGEST.length).toBeGreaterThan(0);
    expect(LONGEST.filter((suite) => !fs.existsSync(path.join(TESTS, suite)) || !suite.endsWith(".test.ts"))).toEqual([]);
    expect(new Set(LONGEST).size).toBe(LONGEST.length);
  });
});
