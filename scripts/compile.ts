/**
 * The type-check, the package build and the API reference, with TypeScript 7 (the native
 * compiler, devDependency `typescript-native`, npm:typescript@7.0.2) doing every type-check:
 *
 *   npm run typecheck   node --import tsx scripts/compile.ts                       the two checks below, nothing written
 *   npm run build       node --import tsx scripts/compile.ts --emit                the same, the second writing a clean lib/
 *   npm run docs:api    node --import tsx scripts/compile.ts --api-docs docs/api   the same, then the API reference
 *
 * `--emit` and `--api-docs <dir>` combine (the package test runs both). Two runs of TypeScript 7's
 * own `tsc`, side by side, each single-threaded (on a busy machine its checker threads cost CPU
 * and gain nothing; the two runs use two cores when there are two):
 * - `tsc -p tsconfig.json`: every file (library, command line, scripts, tests), with jest's types;
 * - `tsc -p tsconfig.build.json`: the package build, its files with its own options: `types:
 *   ["node"]` (a library file that leans on jest's globals, or on anything only a test declares,
 *   fails here), declarations and their errors, stripInternal; with `--emit` it writes lib/, which
 *   is removed first (no stale file survives a renamed source), otherwise `--noEmit` (which still
 *   reports declaration errors).
 * Then, when both are clean, TypeDoc (typedoc.json: tsconfig.build.json's program, its plugins,
 * every warning an error) through its own command line, with `--skipErrorChecking`: the program it
 * documents is the one the second run has just checked, so TypeDoc's own check (TypeScript 6,
 * twice the time of its conversion) would repeat it. TypeDoc still fails on its own warnings.
 * TypeDoc and scripts/prebuilt-schemas-lib.ts use the JavaScript compiler API (devDependency
 * `typescript`, 6.0.x, the last JavaScript line): TypeScript 7 has none. The package test compiles
 * the consumer app with TypeScript 5.9 (`typescript-5`) and 7. The three packages each declare a
 * `tsc` bin and npm links node_modules/.bin/tsc to one of them, so nothing here calls .bin/tsc:
 * each compiler is called by path.
 *
 * Prints the failing runs' messages (tsc's `--pretty false` format, TypeDoc's) on stderr and exits
 * 1; prints nothing otherwise (`npm pack --json` runs the build as prepack: its stdout is the
 * JSON). Tested by __tests__/package/consumer.test.ts, which runs it as npm run build does, with the
 * API reference and `--report-emitted`, and packs and installs lib/ while the rest is checked.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(__dirname, "..");
/** TypeScript 7's command line, by path (node_modules/.bin/tsc is TypeScript 6's). */
const TSC_NATIVE = path.join(ROOT, "node_modules", "typescript-native", "bin", "tsc");
const TYPEDOC = path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc");

interface Run {
  /** What the run is, for its messages. */
  readonly title: string;
  readonly status: number | null;
  readonly output: string;
}

/** Runs `node <args>` in the repository; resolves with its exit status and everything it printed (without colours: it is relayed as text). */
function node(title: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ title, status: null, output: `${error.message}\n` }));
    child.on("close", (status) => resolve({ title, status, output }));
  });
}

/** A run's messages for the report: "" when it passed silently. */
function report(run: Run): string {
  if (run.status === 0 && run.output === "") return "";
  const output = run.output === "" || run.output.endsWith("\n") ? run.output : `${run.output}\n`;
  return `${run.title} ${run.status === 0 ? "printed" : `failed (${run.status ?? "not started"})`}:\n${output}`;
}

/**
 * Type-checks the repository (both runs above); with `emit`, the build writes a clean lib/ and
 * `onEmitted` is called once it has, without errors (the other run may still be checking); with
 * `apiDocs`, the API reference goes to that folder once both are clean. Returns the failing runs'
 * messages ("" when there is none).
 */
export async function compile({ emit, apiDocs, onEmitted }: { emit: boolean; apiDocs?: string; onEmitted?: () => void }): Promise<string> {
  if (emit) fs.rmSync(path.join(ROOT, "lib"), { recursive: true, force: true });
  const common = ["--pretty", "false", "--singleThreaded"];
  const everything = node("tsc -p tsconfig.json (every file)", [TSC_NATIVE, "-p", "tsconfig.json", ...common]);
  const build = node(`tsc -p tsconfig.build.json (the package build${emit ? ", lib/" : ", nothing written"})`, [
    TSC_NATIVE,
    "-p",
    "tsconfig.build.json",
    ...common,
    ...(emit ? [] : ["--noEmit"]),
  ]).then((run) => {
    if (emit && run.status === 0 && run.output === "") onEmitted?.();
    return run;
  });
  const runs = await Promise.all([everything, build]);
  if (apiDocs !== undefined && runs.every((run) => report(run) === "")) {
    // typedoc.json's options, as `typedoc` alone would run them, into `apiDocs`; warnings and errors only.
    runs.push(await node("typedoc (typedoc.json, every warning an error)", [TYPEDOC, "--out", path.resolve(apiDocs), "--logLevel", "Warn", "--skipErrorChecking"]));
  }
  return runs.map(report).join("");
}

if (require.main === module) {
  const { values } = parseArgs({ options: { emit: { type: "boolean", default: false }, "api-docs": { type: "string" }, "report-emitted": { type: "boolean", default: false } } });
  // --report-emitted (the package test): "emitted" on stdout once lib/ is written, while the rest may still be checked.
  const onEmitted = values["report-emitted"] ? () => process.stdout.write("emitted\n") : undefined;
  void compile({ emit: values.emit, apiDocs: values["api-docs"], onEmitted }).then((output) => {
    if (output !== "") {
      process.stderr.write(output);
      process.exit(1);
    }
  });
}
