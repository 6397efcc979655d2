/**
 * One measured synthesis, run in a fresh Node process by `npm run bench` (scripts/bench/fleet.ts):
 *
 *   node --import tsx scripts/bench/driver.ts app <environments-dir> <outdir>   the app's synthEnvironments
 *   node --import tsx scripts/bench/driver.ts empty - <outdir>                   an App with no stack
 *   node --import tsx scripts/bench/driver.ts trivial <count> <outdir>           <count> stacks of one resource
 *
 * Prints one JSON line: the synthesis call's wall and CPU time (this process only), the process's
 * peak RSS so far, and how many child processes the call started (cdktf's DataResource, importFrom
 * and CloudBackend run `terraform version` at synthesis; the package emits those blocks itself, so
 * it should be none).
 */
import { App, TerraformStack } from "cdktf";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { ServiceAccount } from "../../.gen/providers/grafana/service-account";
import { synthEnvironments } from "../../main";

/** Counts child processes started through child_process (cdktf uses execSync): patched on the module object cdktf requires. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require("node:child_process") as Record<string, unknown>;
let children = 0;
for (const name of ["execSync", "spawnSync", "execFileSync", "spawn", "exec", "execFile"] as const) {
  const original = childProcess[name] as (...args: unknown[]) => unknown;
  childProcess[name] = (...args: unknown[]) => {
    children++;
    return original.apply(childProcess, args);
  };
}

/**
 * What-if experiments, to size what remains and what was fixed, inside the measured process only
 * (synthesis output is unchanged by either):
 * - `BENCH_WITHOUT=stack-traces`: tokens capture no creation stack trace (cdktf captures one per
 *   token; what a change to cdktf itself could gain);
 * - `BENCH_WITH=full-stack-traces`: synthesis as before stacks/synthesis.ts, with every frame of
 *   the stack traces cdktf captures formatted through tsx's source maps (its switches are made
 *   no-ops).
 */
for (const without of (process.env.BENCH_WITHOUT ?? "").split(",").filter(Boolean)) {
  if (without === "stack-traces") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
  } else throw new Error(`BENCH_WITHOUT: unknown experiment ${without}`);
}
for (const withIt of (process.env.BENCH_WITH ?? "").split(",").filter(Boolean)) {
  if (withIt === "full-stack-traces") {
    if (!process.sourceMapsEnabled) throw new Error("BENCH_WITH=full-stack-traces needs source maps on (run through tsx)");
    process.setSourceMapsEnabled = () => undefined;
    Object.defineProperty(Error, "prepareStackTrace", { get: () => undefined, set: () => undefined, configurable: true });
  } else throw new Error(`BENCH_WITH: unknown experiment ${withIt}`);
}

function trivial(count: number, outdir: string): void {
  const app = new App({ outdir });
  for (let i = 0; i < count; i++) {
    const stack = new TerraformStack(app, `trivial-${i}`);
    new GrafanaProvider(stack, "grafana", { url: `https://grafana-${i}.example.com` });
    new ServiceAccount(stack, "sa", { name: `sa-${i}`, role: "None" });
  }
  app.synth();
}

function main(): void {
  const [mode, arg, outdir] = process.argv.slice(2);
  if (!mode || !arg || !outdir) throw new Error("usage: driver.ts <app|empty|trivial> <dir|count|-> <outdir>");
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  if (mode === "app") synthEnvironments({ environmentsDir: arg, outdir });
  else if (mode === "empty") new App({ outdir }).synth();
  else if (mode === "trivial") trivial(Number(arg), outdir);
  else throw new Error(`unknown mode ${mode}`);
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, children })}\n`,
  );
}

main();
