/**
 * The type-check of `npm test`: tsc on tsconfig.json (the library, scripts and tests; jest only
 * transpiles). It runs as a suite so that it shares the CPUs with the other suites instead of
 * running before all of them; `npm run typecheck` is the same command.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

it("tsc -p . reports nothing", () => {
  const result = spawnSync(process.execPath, [TSC, "-p", ROOT, "--pretty", "false"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: "" });
}, 300_000);
