/**
 * Which stacks a workflow runs: the matrix comes from `cdktf.out/manifest.json` (what
 * `npm run synth` actually produced), not from a hand-kept list.
 *
 * ```sh
 * npm run ci-stacks -- all     [--manifest cdktf.out/manifest.json] [--include-examples]
 * npm run ci-stacks -- changed --base <sha> --head <sha> [--manifest …] [--include-examples]
 * npm run ci-stacks -- one     --stack <name>             [--manifest …] [--include-examples]
 * ```
 * Prints a JSON array of stack names and, when `$GITHUB_OUTPUT` is set, writes `stacks=<json>`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";

/** Stacks named like this point at placeholder tenants: synthesized and tested, never planned or deployed by CI. */
export const EXAMPLE_PREFIX = "example-";

/** The part of cdktf's `manifest.json` read here. */
export interface CdktfManifest {
  readonly stacks: Readonly<Record<string, { readonly name: string; readonly workingDirectory: string }>>;
}

/** Stack names in the manifest, sorted; without `example-*` unless `includeExamples`. */
export function stackNames(manifest: CdktfManifest, includeExamples = false): string[] {
  return Object.values(manifest.stacks)
    .map((s) => s.name)
    .filter((name) => includeExamples || !name.startsWith(EXAMPLE_PREFIX))
    .sort();
}

/** Paths whose change cannot change any stack's plan. */
const NO_EFFECT: readonly RegExp[] = [
  /^docs\//,
  /\.md$/,
  /^__tests__\//,
  /^\.github\/(?!workflows\/deploy\.ya?ml$)/, // a change to the deploy workflow itself redeploys everything
  /^\.ci\//,
  /^environments\/environment\.schema\.json$/, // generated from the code, whose change is seen on its own
  /^scripts\/(?!ci-stacks\.ts$)/, // tooling (plan summary, comments, fixtures), not the app
  /^\.gitignore$/,
  /^LICENSE/,
];

/** `environments/<name>.json` → `<name>`. */
function environmentOf(file: string): string | undefined {
  return /^environments\/([^/]+)\.json$/.exec(file)?.[1];
}

/**
 * The stacks to deploy after `changedFiles` (paths relative to the repository root) landed:
 * an environment file deploys its own stack; anything else that the app is built from
 * (stacks/, constructs/, main.ts, .gen/, package*.json, cdktf.json, …) deploys every stack;
 * docs, tests and CI tooling deploy nothing. Only stacks in `stacks` (the manifest) are
 * returned, so a deleted environment is never deployed (its resources stay until destroyed by hand).
 */
export function stacksToDeploy(changedFiles: readonly string[], stacks: readonly string[]): string[] {
  const selected = new Set<string>();
  for (const file of changedFiles) {
    const environment = environmentOf(file);
    if (environment !== undefined && environment !== "environment.schema") {
      selected.add(environment);
      continue;
    }
    if (NO_EFFECT.some((re) => re.test(file))) continue;
    return [...stacks];
  }
  return stacks.filter((s) => selected.has(s));
}

/** Whether `sha` names no commit to compare with (a new branch's `before` is all zeros). */
export function isNullSha(sha: string | undefined): boolean {
  return sha === undefined || sha === "" || /^0+$/.test(sha);
}

/** Whether `sha` is a commit in the current repository. */
function commitExists(sha: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${sha}^{commit}`], { stdio: "ignore" }).status === 0;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The CLI; returns the stacks it printed. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const [command] = argv;
  const manifestFile = flag(argv, "manifest") ?? "cdktf.out/manifest.json";
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found: run \`npm run synth\` first`);
  const all = stackNames(JSON.parse(fs.readFileSync(manifestFile, "utf8")) as CdktfManifest, argv.includes("--include-examples"));
  let stacks: string[];
  if (command === "all") stacks = all;
  else if (command === "changed") {
    const base = flag(argv, "base");
    const head = flag(argv, "head") ?? "HEAD";
    if (isNullSha(base) || !commitExists(base!)) {
      // A new branch, or a force-push whose old head is gone: nothing to compare with, so everything.
      console.error(`ci-stacks: no base commit to compare with (${base ?? "none"}); selecting every stack`);
      stacks = all;
    } else {
      stacks = stacksToDeploy(execFileSync("git", ["diff", "--name-only", base!, head], { encoding: "utf8" }).split("\n").filter(Boolean), all);
    }
  } else if (command === "one") {
    const stack = flag(argv, "stack") ?? "";
    if (!all.includes(stack)) throw new Error(`no deployable stack ${JSON.stringify(stack)}; the stacks are: ${all.join(", ") || "(none)"}`);
    stacks = [stack];
  } else throw new Error(`usage: ci-stacks all|changed|one [--base SHA --head SHA] [--stack NAME] [--manifest FILE] [--include-examples]`);
  const json = JSON.stringify(stacks);
  console.log(json);
  if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `stacks=${json}\n`);
  return stacks;
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`ci-stacks: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
