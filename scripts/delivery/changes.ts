/**
 * Which stacks a set of changed files affects, and whether a commit is still the newest one for
 * a stack. Pure functions plus thin `git` calls; used by `ci-stacks` (pull requests, deploy
 * selection) and by `delivery superseded` (the deploy's apply job).
 */
import { execFileSync, spawnSync } from "node:child_process";

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

/** `environments/<name>.json` → `<name>` (not the JSON Schema). */
export function environmentOf(file: string): string | undefined {
  const name = /^environments\/([^/]+)\.json$/.exec(file)?.[1];
  return name === undefined || name.endsWith(".schema") ? undefined : name;
}

/**
 * The stacks affected by `changedFiles` (paths relative to the repository root): an environment
 * file affects its own stack; anything else that the app is built from (stacks/, constructs/,
 * main.ts, .gen/, package*.json, cdktf.json, …) affects every stack; docs, tests and CI tooling
 * affect none. Only stacks in `stacks` (the manifest) are returned, so a deleted environment is
 * never deployed (see `environment-changes` for what happens to it instead).
 */
export function stacksToDeploy(changedFiles: readonly string[], stacks: readonly string[]): string[] {
  const selected = new Set<string>();
  for (const file of changedFiles) {
    const environment = environmentOf(file);
    if (environment !== undefined) {
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

/** Runs git in `cwd`; returns its trimmed stdout. */
export function git(args: readonly string[], cwd?: string): string {
  return execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Whether `ref` names a commit in the repository at `cwd`. */
export function commitExists(ref: string, cwd?: string): boolean {
  return spawnSync("git", ["cat-file", "-e", `${ref}^{commit}`], { cwd, stdio: "ignore" }).status === 0;
}

/**
 * Files changed between two commits (`git diff --name-only --no-renames`): a renamed file counts
 * with both paths, since git's rename detection would list only the new one and a file moved out
 * of the app (into docs/, say) would look like a change of docs only.
 */
export function changedFiles(base: string, head: string, cwd?: string): string[] {
  return git(["diff", "--name-only", "--no-renames", base, head], cwd).split("\n").filter(Boolean);
}

/** What {@link supersededBy} found; `by` is the tip of `ref`, whose deploy is the one to watch. */
export type Superseded = { readonly superseded: false } | { readonly superseded: true; readonly reason: string; readonly by?: string };

/**
 * Whether applying `stack` from `commit` would apply an older commit over a newer one: `ref`
 * (the tip of main) has moved on since `commit` with changes that affect `stack`, or `commit` is
 * not in `ref`'s history at all (it was force-pushed away). Commits after `commit` that do not
 * affect the stack do not supersede it. The newer commit's deploy applies this commit's changes
 * with its own only if it succeeds: this cannot know whether it did (it may not have started),
 * so the reason says where to look instead of promising it.
 */
export function supersededBy(stack: string, commit: string, ref: string, cwd?: string): Superseded {
  if (!commitExists(commit, cwd)) return { superseded: true, reason: `commit ${commit} is not in this repository` };
  if (!commitExists(ref, cwd)) throw new Error(`${ref} is not a commit here: fetch it first (actions/checkout with fetch-depth: 0)`);
  const head = git(["rev-parse", `${ref}^{commit}`], cwd);
  const self = git(["rev-parse", `${commit}^{commit}`], cwd);
  if (head === self) return { superseded: false };
  if (spawnSync("git", ["merge-base", "--is-ancestor", self, head], { cwd, stdio: "ignore" }).status !== 0) {
    return { superseded: true, by: head, reason: `${self.slice(0, 12)} is not in the history of ${ref} (${head.slice(0, 12)}): it was rewritten; deploy ${ref} instead` };
  }
  const newer = git(["rev-list", "--count", `${self}..${head}`], cwd);
  if (stacksToDeploy(changedFiles(self, head, cwd), [stack]).length === 0) return { superseded: false };
  return {
    superseded: true,
    by: head,
    reason:
      `${ref} is ${newer} commit(s) ahead of ${self.slice(0, 12)} (now ${head.slice(0, 12)}) with changes to ${stack}. ` +
      `The deploy of ${head.slice(0, 12)} applies this commit's changes with its own if it succeeds; if it failed, fix or re-run that deploy (re-running this one applies nothing)`,
  };
}
