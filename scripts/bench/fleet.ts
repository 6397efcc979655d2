/**
 * `npm run bench` - what synthesizing a fleet of environments costs, in process and through the
 * commands users run, with the floor measured in the same run, and a CPU profile of one
 * in-process run. Prints Markdown for the README and the machine it ran on. Not a test: these
 * machines are shared, so compare ratios from one run, not absolute times across runs.
 *
 *   npm run bench                              sizes 1,10,100,500; 5 runs each up to 10, 3 at 100, 1 at 500
 *   npm run bench -- --sizes 1,10 --runs 5     other sizes / runs (median reported)
 *   npm run bench -- --modes in-process,app    some of the modes only (ids in MODES)
 *   npm run bench -- --profile-only            only the CPU profile (100 environments)
 *   npm run bench -- --no-profile              skip the CPU profile
 *
 * Environments come from scripts/generated-environments.ts (valid and varied: Grafana Cloud and
 * self-hosted, Entra ID, Okta and none). Each measurement is a fresh process run under
 * /usr/bin/time (wall, user+system CPU including child processes, peak RSS of the largest
 * process). The in-process rows also report the synthEnvironments call alone, measured inside
 * the process (scripts/bench/driver.ts).
 *
 * The "as before" and "what if" rows run the same in-process synthesis with every frame of cdktf's
 * token stack traces formatted through source maps (as before stacks/synthesis.ts) or none captured
 * (which only a change to cdktf could give), inside the measured process (scripts/bench/driver.ts,
 * BENCH_WITH, BENCH_WITHOUT): what the fix gained and what remains. The package is unchanged.
 * The table ends with the targets of issue 14, met or not, on this run's medians.
 *
 * The app's previous benchmark of app-command candidates is `npm run bench:app-command`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generatedEnvironments, writeEnvironments } from "../generated-environments";

const ROOT = path.resolve(__dirname, "..", "..");
const TIME = "/usr/bin/time";

/** One measured process. */
interface Sample {
  /** Whole process: wall seconds, CPU seconds (user + system, children included), peak RSS in MB. */
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  /** The synth call alone, when the driver reported it (ms), and the child processes it started. */
  readonly callWallMs?: number;
  readonly callCpuMs?: number;
  readonly children?: number;
}

/** A way of synthesizing: how to run it for `n` environments in `dir`, writing to `out`. */
interface Mode {
  readonly id: string;
  readonly label: string;
  /** Whether it is run once per size (false: once, the row shows n = "-"). */
  readonly perSize: boolean;
  readonly command: (n: number, dir: string, out: string) => { argv: string[]; env?: NodeJS.ProcessEnv };
}

const driver = (...args: string[]) => ["node", "--import", "tsx", path.join("scripts", "bench", "driver.ts"), ...args];

const MODES: readonly Mode[] = [
  { id: "in-process", label: "in process: `synthEnvironments` (main.ts), fresh `node --import tsx`", perSize: true, command: (_n, dir, out) => ({ argv: driver("app", dir, out) }) },
  {
    id: "what-if-source-maps",
    label: "as before: in process, every frame of cdktf's token stack traces formatted through source maps",
    perSize: true,
    command: (_n, dir, out) => ({ argv: driver("app", dir, out), env: { BENCH_WITH: "full-stack-traces" } }),
  },
  {
    id: "what-if-no-stack-traces",
    label: "what if: in process without cdktf's token stack traces",
    perSize: true,
    command: (_n, dir, out) => ({ argv: driver("app", dir, out), env: { BENCH_WITHOUT: "stack-traces" } }),
  },
  { id: "floor-empty", label: "floor: an empty `App`, same process setup", perSize: false, command: (_n, _dir, out) => ({ argv: driver("empty", "-", out) }) },
  { id: "floor-trivial", label: "floor: N stacks of one resource (grafana provider + service account)", perSize: true, command: (n, _dir, out) => ({ argv: driver("trivial", String(n), out) }) },
  {
    id: "app",
    label: "`node --import tsx main.ts` (the app command of cdktf.json)",
    perSize: true,
    command: (_n, dir, out) => ({ argv: ["node", "--import", "tsx", "main.ts"], env: { SCIM_ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: out } }),
  },
  {
    id: "compiled",
    label: "`grafana-scim synth` (compiled, lib/cli/grafana-scim.js)",
    perSize: true,
    command: (_n, dir, out) => ({ argv: ["node", path.join("lib", "cli", "grafana-scim.js"), "synth", "--environments", dir, "--output", out] }),
  },
  { id: "cdktf", label: "`cdktf synth` (cdktf-cli 0.21.0 running the app)", perSize: true, command: (_n, dir, out) => ({ argv: [path.join("node_modules", ".bin", "cdktf"), "synth", "--output", out], env: { SCIM_ENVIRONMENTS_DIR: dir } }) },
  { id: "npm", label: "`npm run synth` (the README's command: grafana-scim synth through tsx, via npm)", perSize: true, command: (_n, dir, out) => ({ argv: ["npm", "run", "synth", "--", "--output", out], env: { SCIM_ENVIRONMENTS_DIR: dir } }) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(mode: Mode, n: number, dir: string, tmp: string): Sample {
  const out = fs.mkdtempSync(path.join(tmp, `out-${mode.id}-`));
  const timeFile = path.join(tmp, "time.txt");
  const { argv, env } = mode.command(n, dir, out);
  const result = spawnSync(TIME, ["-f", "%e %U %S %M", "-o", timeFile, ...argv], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
  });
  // A run that wrote fewer stacks than asked for measured something else: refuse it.
  const stacks = fs.existsSync(path.join(out, "stacks")) ? fs.readdirSync(path.join(out, "stacks")).length : 0;
  fs.rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${argv.join(" ")} (${n} environments) failed:\n${result.stdout}\n${result.stderr}`);
  const expected = mode.id === "floor-empty" ? 0 : n;
  if (stacks !== expected) throw new Error(`${argv.join(" ")} wrote ${stacks} stacks, expected ${expected}`);
  const [wall, user, system, rssKb] = fs.readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
  const line = result.stdout.split("\n").find((l) => l.startsWith("{\"wallMs\""));
  const call = line ? (JSON.parse(line) as { wallMs: number; cpuMs: number; children: number }) : undefined;
  return { wall, cpu: user + system, rssMb: rssKb / 1024, ...(call ? { callWallMs: call.wallMs, callCpuMs: call.cpuMs, children: call.children } : {}) };
}

function machine(): string[] {
  const cpus = os.cpus();
  const [l1, l5, l15] = os.loadavg();
  return [
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores (os.cpus), ${os.availableParallelism?.() ?? cpus.length} available`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, free ${(os.freemem() / 2 ** 30).toFixed(1)} GiB`,
    `- load average: ${l1!.toFixed(2)} / ${l5!.toFixed(2)} / ${l15!.toFixed(2)} (1/5/15 min)`,
    `- Node ${process.version}, ${os.type()} ${os.release()}`,
  ];
}

const fmt = (x: number | undefined, digits = 2) => (x === undefined ? "-" : x.toFixed(digits));

function benchmark(sizes: readonly number[], runs: (n: number) => number, modes: readonly Mode[], tmp: string): string[] {
  const dirs = new Map(sizes.map((n) => [n, path.join(tmp, `environments-${n}`)] as const));
  for (const [n, dir] of dirs) writeEnvironments(dir, generatedEnvironments(n));
  const samples = new Map<string, Sample[]>();
  const key = (mode: Mode, n: number) => `${mode.id}:${mode.perSize ? n : "-"}`;
  const maxRuns = Math.max(...sizes.map(runs));
  for (let run = 0; run < maxRuns; run++) {
    for (const n of sizes) {
      if (run >= runs(n)) continue;
      for (const mode of MODES) {
        if ((!mode.perSize && n !== sizes[0]) || !modes.includes(mode)) continue;
        const sample = measure(mode, n, dirs.get(n)!, tmp);
        samples.set(key(mode, n), [...(samples.get(key(mode, n)) ?? []), sample]);
        console.error(`run ${run + 1}: ${mode.id} n=${mode.perSize ? n : "-"}: ${sample.wall.toFixed(2)} s wall, ${sample.cpu.toFixed(2)} s CPU, ${sample.rssMb.toFixed(0)} MB`);
      }
    }
  }
  const med = (mode: Mode, n: number, f: (s: Sample) => number | undefined) => {
    const values = (samples.get(key(mode, n)) ?? []).map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const rows = [
    "| what | N | runs | wall s | CPU s | peak RSS MB | synth call wall ms | synth call CPU ms | child processes |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const mode of modes) {
    for (const n of mode.perSize ? sizes : [sizes[0]!]) {
      const s = samples.get(key(mode, n)) ?? [];
      rows.push(
        `| ${mode.label} | ${mode.perSize ? n : "-"} | ${s.length} | ${fmt(med(mode, n, (x) => x.wall))} | ${fmt(med(mode, n, (x) => x.cpu))} | ${fmt(med(mode, n, (x) => x.rssMb), 0)} | ${fmt(med(mode, n, (x) => x.callWallMs), 0)} | ${fmt(med(mode, n, (x) => x.callCpuMs), 0)} | ${fmt(med(mode, n, (x) => x.children), 0)} |`,
      );
    }
  }
  // Marginal cost per environment between consecutive sizes, and ratios to one environment.
  const derived = ["", "| what | per environment, CPU ms (wall ms) | " + sizes.slice(1).map((n, i) => `${sizes[i]}→${n}`).join(" | ") + " |", `|---|---|${sizes.slice(1).map(() => "---:").join("|")}|`];
  const marginal = (label: string, mode: Mode, cpu: (s: Sample) => number | undefined, wall: (s: Sample) => number | undefined, scale: number) => {
    const cells = sizes.slice(1).map((n, i) => {
      const a = sizes[i]!;
      const dc = (med(mode, n, cpu) ?? NaN) - (med(mode, a, cpu) ?? NaN);
      const dw = (med(mode, n, wall) ?? NaN) - (med(mode, a, wall) ?? NaN);
      return `${((dc * scale) / (n - a)).toFixed(1)} (${((dw * scale) / (n - a)).toFixed(1)})`;
    });
    derived.push(`| ${label} | | ${cells.join(" | ")} |`);
  };
  const byId = (id: string) => MODES.find((m) => m.id === id)!;
  const chosen = (id: string) => modes.some((m) => m.id === id);
  if (chosen("in-process")) marginal("synthEnvironments call (this process only)", byId("in-process"), (s) => s.callCpuMs, (s) => s.callWallMs, 1);
  for (const id of ["in-process", "what-if-source-maps", "what-if-no-stack-traces"]) {
    if (chosen(id)) marginal(`${byId(id).label}, whole process with children`, byId(id), (s) => s.cpu, (s) => s.wall, 1000);
  }
  if (chosen("floor-trivial")) marginal("N one-resource stacks (floor), the call", byId("floor-trivial"), (s) => s.callCpuMs, (s) => s.callWallMs, 1);
  for (const id of ["app", "compiled", "cdktf", "npm"]) if (chosen(id)) marginal(byId(id).label, byId(id), (s) => s.cpu, (s) => s.wall, 1000);
  const ratios = ["", "| ratio | " + sizes.map((n) => `N=${n}`).join(" | ") + " |", `|---|${sizes.map(() => "---:").join("|")}|`];
  const one = sizes[0]!;
  const ratio = (label: string, mode: Mode, f: (s: Sample) => number | undefined, base: (n: number) => number | undefined) =>
    ratios.push(`| ${label} | ${sizes.map((n) => fmt((med(mode, n, f) ?? NaN) / (base(n) ?? NaN))).join(" | ")} |`);
  for (const id of ["in-process", "what-if-source-maps", "what-if-no-stack-traces"]) {
    if (!chosen(id)) continue;
    ratio(`${byId(id).label}: synth call wall, vs N=${one}`, byId(id), (s) => s.callWallMs, () => med(byId(id), one, (s) => s.callWallMs));
    ratio(`${byId(id).label}: process CPU, vs N=${one}`, byId(id), (s) => s.cpu, () => med(byId(id), one, (s) => s.cpu));
    ratio(`${byId(id).label}: process wall, vs N=${one}`, byId(id), (s) => s.wall, () => med(byId(id), one, (s) => s.wall));
  }
  for (const id of ["app", "compiled", "cdktf", "npm"]) {
    if (chosen(id) && chosen("in-process")) ratio(`${byId(id).label} wall, vs in-process process wall at same N`, byId(id), (s) => s.wall, (n) => med(byId("in-process"), n, (s) => s.wall));
  }
  const slope = (id: string, f: (s: Sample) => number) => leastSquaresSlope(sizes.flatMap((n) => (samples.get(key(byId(id), n)) ?? []).map((s) => [n, f(s)] as const)));
  return [...rows, ...derived, ...ratios, ...targets(sizes, chosen, (id, n, f) => med(byId(id), n, f), slope)];
}

/** The slope of the least-squares line through `points` (x, y). */
function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/**
 * The targets of issue 14, checked on this run's medians: 100 environments at most 3x one in
 * process (process CPU and wall), the README's command at most 1.5x the in-process app for one
 * environment (wall), at most 20 ms CPU per environment (whole in-process process, between
 * consecutive sizes), and memory linear (peak RSS per environment between consecutive sizes).
 */
function targets(
  sizes: readonly number[],
  chosen: (id: string) => boolean,
  med: (id: string, n: number, f: (s: Sample) => number | undefined) => number | undefined,
  slope: (id: string, f: (s: Sample) => number) => number,
): string[] {
  const rows = ["", "| target | measured | met |", "|---|---|---|"];
  const row = (target: string, measured: string, met: boolean | undefined) => rows.push(`| ${target} | ${measured} | ${met === undefined ? "-" : met ? "yes" : "**no**"} |`);
  const one = sizes[0]!;
  if (chosen("in-process") && one === 1 && sizes.includes(100)) {
    for (const [what, f] of [["process CPU", (s: Sample) => s.cpu], ["process wall", (s: Sample) => s.wall]] as const) {
      const r = (med("in-process", 100, f) ?? NaN) / (med("in-process", 1, f) ?? NaN);
      row(`in process, 100 environments <= 3x one (${what})`, `${r.toFixed(2)}x`, r <= 3);
    }
  }
  if (chosen("in-process") && chosen("npm")) {
    for (const [what, f] of [["wall", (s: Sample) => s.wall], ["CPU", (s: Sample) => s.cpu]] as const) {
      const r = (med("npm", one, f) ?? NaN) / (med("in-process", one, f) ?? NaN);
      row(`\`npm run synth\` <= 1.5x the in-process app, ${one} environment${one === 1 ? "" : "s"} (${what})`, `${r.toFixed(2)}x`, r <= 1.5);
    }
  }
  if (chosen("in-process")) {
    const steps = sizes.slice(1).map((n, i) => {
      const a = sizes[i]!;
      const cpu = (((med("in-process", n, (s) => s.cpu) ?? NaN) - (med("in-process", a, (s) => s.cpu) ?? NaN)) * 1000) / (n - a);
      const rss = ((med("in-process", n, (s) => s.rssMb) ?? NaN) - (med("in-process", a, (s) => s.rssMb) ?? NaN)) / (n - a);
      return { label: `${a}→${n}`, cpu, rss };
    });
    // Judged on the least-squares slope over every run of every size; the steps between sizes show the spread.
    const fitted = slope("in-process", (s) => s.cpu) * 1000;
    row(
      "marginal CPU per environment <= 20 ms (in process, whole process; least-squares slope over all runs)",
      `${fitted.toFixed(1)} ms (between sizes: ${steps.map((x) => `${x.label}: ${x.cpu.toFixed(1)} ms`).join(", ")})`,
      fitted <= 20,
    );
    row("memory linear (peak RSS per environment, in process)", steps.map((x) => `${x.label}: ${x.rss.toFixed(2)} MB`).join(", "), undefined);
  }
  return rows;
}

/** Self and inclusive time by function of a `.cpuprofile`, the top entries and the suspects of issue 14. */
function profileSummary(file: string): string[] {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (url: string) => {
    const p = url.replace(/^file:\/\//, "");
    const nm = p.lastIndexOf("node_modules/");
    if (nm >= 0) return p.slice(nm + "node_modules/".length).replace(/\/dist\/|\/lib\//, "/…/");
    if (p.startsWith(ROOT)) return path.relative(ROOT, p);
    return p || "(native)";
  };
  const name = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
  const pkg = (n: Node) => {
    const p = n.callFrame.url.replace(/^file:\/\//, "");
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    if (m) return m[1]!;
    if (p.startsWith("node:")) return "node (built-in modules)";
    if (p.startsWith(ROOT)) return "this package";
    return n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : "(native / V8)";
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    packages.set(pkg(node), (packages.get(pkg(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (!seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
      }
    }
  });
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1)}%`;
  const top = (m: Map<string, number>, count: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count);
  const suspects: Array<[string, RegExp]> = [
    ["synthEnvironments (the whole synthesis)", /^synthEnvironments /],
    ["cdktf validations: ValidateBinaryVersion.validate (`terraform version`)", /^validate .*validate-binary-version/],
    ["child_process.execSync", /^execSync node:child_process/],
    ["cdktf stack-trace capture (captureStackTrace)", /^captureStackTrace .*stack-trace/],
    ["stack formatting (Node's prepareStackTrace, source maps)", /[pP]repareStackTrace|retrieveSourceMap|mapSourcePosition|SourceMap/],
    ["cdktf token resolution (resolve)", /^resolve .*cdktf.*tokens/],
    ["JSON.stringify / writing cdk.tf.json", /^(stringify|writeFileSync) /],
  ];
  const largest = (re: RegExp) => [...inclusive].filter(([k]) => re.test(k)).reduce((a, [, v]) => Math.max(a, v), 0);
  const suspectRows = suspects.map(([label, re]) => `| ${label} | ${largest(re).toFixed(0)} | ${pct(largest(re))} |`);
  // The driver runs inside module loading, so "outside the synthesis" is the rest: process start,
  // loading and transpiling modules (tsx's esbuild runs in its own process, not sampled here).
  const outside = total - largest(suspects[0]![1]);
  suspectRows.push(`| everything outside synthEnvironments (start-up, module loading) | ${outside.toFixed(0)} | ${pct(outside)} |`);
  return [
    `Profile of one in-process run (\`node --cpu-prof\`, whole process: ${total.toFixed(0)} ms sampled).`,
    "",
    "| suspect (inclusive time, largest matching frame) | ms | share |",
    "|---|---:|---:|",
    ...suspectRows,
    "",
    "| package (self time) | ms | share |",
    "|---|---:|---:|",
    ...top(packages, 10).map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${pct(v)} |`),
    "",
    "| function (self time) | ms | share |",
    "|---|---:|---:|",
    ...top(self, 15).map(([k, v]) => `| \`${k.replace(/\|/g, "\\|")}\` | ${v.toFixed(0)} | ${pct(v)} |`),
  ];
}

function profile(n: number, tmp: string): string[] {
  const dir = path.join(tmp, `profile-environments-${n}`);
  writeEnvironments(dir, generatedEnvironments(n));
  const profDir = path.join(tmp, "cpu-prof");
  const out = path.join(tmp, "profile-out");
  const stdout = execFileSync("node", ["--cpu-prof", "--cpu-prof-dir", profDir, "--import", "tsx", path.join("scripts", "bench", "driver.ts"), "app", dir, out], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  const call = JSON.parse(stdout.trim().split("\n").at(-1)!) as { wallMs: number; cpuMs: number; children: number };
  const file = fs.readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("node --cpu-prof wrote no profile");
  return [
    `### CPU profile: ${n} environments in process`,
    "",
    `The synthesis call took ${call.wallMs.toFixed(0)} ms wall, ${call.cpuMs.toFixed(0)} ms CPU in this process, and started ${call.children} child processes (cdktf's \`terraform version\` checks would show here).`,
    "",
    ...profileSummary(path.join(profDir, file)),
  ];
}

function main(argv: readonly string[]): void {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for CPU and peak memory; install the "time" package`);
  const sizes = (option("--sizes") ?? "1,10,100,500").split(",").map(Number);
  const runsOption = option("--runs");
  // Small sizes differ by less than a shared machine's noise: more runs there.
  const runs = (n: number) => (runsOption ? Number(runsOption) : n >= 500 ? 1 : n >= 100 ? 3 : 5);
  const modeIds = option("--modes")?.split(",");
  const unknown = modeIds?.filter((id) => !MODES.some((m) => m.id === id)) ?? [];
  if (unknown.length) throw new Error(`--modes: unknown ${unknown.join(", ")} (known: ${MODES.map((m) => m.id).join(", ")})`);
  const modes = modeIds ? MODES.filter((m) => modeIds.includes(m.id)) : MODES;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-fleet-"));
  const started = Date.now();
  const before = machine();
  try {
    const output: string[] = [];
    if (!argv.includes("--profile-only")) {
      if (modes.some((m) => m.id === "compiled")) {
        console.error("npm run build (the compiled grafana-scim)…");
        execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
      }
      output.push(`### Synthesis of N generated environments`, "", ...benchmark(sizes, runs, modes, tmp), "");
    }
    if (!argv.includes("--no-profile")) output.push(...profile(100, tmp), "");
    console.log(
      [
        `Machine at the start:`,
        ...before,
        `Machine at the end (${((Date.now() - started) / 60000).toFixed(1)} min later):`,
        ...machine().slice(2, 3),
        "",
        ...output,
      ].join("\n"),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
