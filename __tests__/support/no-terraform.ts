/**
 * Synthesis must never need the Terraform CLI: cdktf's version validations (DataResource,
 * importFrom, CloudBackend) run `terraform version` in a subprocess. In jest, PATH cannot be
 * changed for Node's own child_process (the test's process.env is a copy), so in-process tests
 * count the subprocesses started instead; a subprocess test runs the app with a PATH without
 * terraform (__tests__/stacks/no-terraform.test.ts).
 */
import childProcess = require("node:child_process");
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const STARTERS = ["execSync", "execFileSync", "spawnSync", "spawn", "exec", "execFile", "fork"] as const;

/** Runs `fn` and returns how many child processes it asked child_process to start (none are started). */
export function childProcessesStartedBy(fn: () => void): number {
  const spies = STARTERS.map((name) =>
    jest.spyOn(childProcess, name).mockImplementation((() => {
      throw new Error(`child_process.${name} called`);
    }) as never),
  );
  try {
    try {
      fn();
    } catch (error) {
      // cdktf's validation catches the failed execSync and reports it as a validation error.
      if (!spies.some((spy) => spy.mock.calls.length > 0)) throw error;
    }
    return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** A fresh folder holding only a link to this Node binary: as PATH, it has no terraform. */
export function pathWithoutTerraform(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-terraform-path-"));
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  return dir;
}
