/**
 * `npm run bench:app-command` - measures the candidate cdktf app commands (what `cdktf synth` runs) and the
 * separate type-check, and prints a Markdown table for docs/performance.md.
 *
 * ts-node is not a project dependency; it is installed into a temporary folder for the
 * comparison only (needs the npm registry).
 *
 *   npm run bench:app-command -- [runs=5]
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.argv[2] ?? 5);
const TS_NODE_VERSION = "10.9.2";

function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

function measure(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  timeOnce(command, args, env); // warm the file cache
  const samples = Array.from({ length: RUNS }, () => timeOnce(command, args, env)).sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const row = `| ${label} | ${(median / 1000).toFixed(2)} s | ${(samples[0]! / 1000).toFixed(2)}-${(samples.at(-1)! / 1000).toFixed(2)} s |`;
  console.error(row);
  return row;
}

function main(): void {
  const tsNodeDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-"));
  try {
    execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", tsNodeDir, `ts-node@${TS_NODE_VERSION}`], { stdio: "ignore" });
    const tsNode = path.join(tsNodeDir, "node_modules", ".bin", "ts-node");
    const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
    const rows = [
      "| command | median | range |",
      "|---|---|---|",
      measure("`node --import tsx main.ts` (chosen app)", "node", ["--import", "tsx", "main.ts"]),
      measure("`npx tsx main.ts`", "npx", ["tsx", "main.ts"]),
      measure(`\`ts-node main.ts\` (${TS_NODE_VERSION}, type-checks)`, tsNode, ["main.ts"]),
      measure(`\`ts-node --transpile-only main.ts\``, tsNode, ["--transpile-only", "main.ts"]),
      // TypeScript 7's tsc, by path, as scripts/compile.ts runs it (node_modules/.bin/tsc is TypeScript 6's).
      measure("`tsc -p .` (TypeScript 7, type-check, part of `npm test`)", process.execPath, [path.join(ROOT, "node_modules", "typescript-native", "bin", "tsc"), "-p", "."]),
      measure("`cdktf synth` (CLI 0.21.0 + chosen app)", bin("cdktf"), ["synth"]),
    ];
    console.log(`${RUNS} runs each after one warm-up, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}):\n`);
    console.log(rows.join("\n"));
  } finally {
    fs.rmSync(tsNodeDir, { recursive: true, force: true });
  }
}

main();
