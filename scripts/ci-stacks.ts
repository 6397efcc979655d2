/**
 * Which stacks a workflow runs, and what a change to the environment files means, for the
 * workflows (pull request, deploy, drift, destroy). The matrix comes from
 * `cdktf.out/manifest.json` (what `npm run synth` actually produced), not from a hand-kept list.
 *
 * ```sh
 * npm run ci-stacks -- all     [--manifest cdktf.out/manifest.json] [--include-examples]
 * npm run ci-stacks -- changed --base <sha> --head <sha> [--merge-base] [--manifest …] [--include-examples]
 * npm run ci-stacks -- one     --stack <name>             [--manifest …] [--include-examples]
 * npm run ci-stacks -- environment-changes --base <sha> --head <sha> [--report FILE]
 * ```
 * `all`, `changed` and `one` print a JSON array of stack names and, when `$GITHUB_OUTPUT` is set,
 * write `stacks=<json>` and `cloud=<json>` (those of them whose state is in HCP Terraform, see
 * {@link cloudStacks}). They refuse a selected stack whose state would live on the runner (a
 * `local` backend), and any two stacks that share a state location. `environment-changes` fails when an environment file was renamed without
 * keeping its state, had its backend pointed at another state without saying the state was copied
 * there, was pointed at another Grafana, Entra tenant or Okta org with the same state, or was deleted without its resources being destroyed or deliberately left.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { grafanaOrganizationKeys } from "../constructs/grafana/organization";
import type { GrafanaInstance } from "../constructs/grafana/tenant-url";
import { stateLocation } from "../environment-format/backend";
import { changedFiles, commitExists, environmentOf, git, isNullSha, stacksToDeploy } from "./delivery/changes";

export { isNullSha, stacksToDeploy } from "./delivery/changes";

/** Stacks named like this point at placeholder tenants: synthesized and tested, never planned or deployed by CI. */
export const EXAMPLE_PREFIX = "example-";

/** Where deleting an environment on purpose is acknowledged: `environments/retired/<name>.md`. */
export const RETIRED_DIR = "environments/retired";

/** Where a change that moves an environment's state to another backend location says it copied the state there. */
export const STATE_MOVES_DIR = "environments/state-moves";

/** The part of cdktf's `manifest.json` read here. */
export interface CdktfManifest {
  readonly stacks: Readonly<Record<string, { readonly name: string; readonly workingDirectory: string; readonly synthesizedStackPath?: string }>>;
}

/** Stack names in the manifest, sorted; without `example-*` unless `includeExamples`. */
export function stackNames(manifest: CdktfManifest, includeExamples = false): string[] {
  return Object.values(manifest.stacks)
    .map((s) => s.name)
    .filter((name) => includeExamples || !name.startsWith(EXAMPLE_PREFIX))
    .sort();
}

/** The `terraform` block of a synthesized stack, as far as backends go. */
export interface TerraformBlock {
  readonly backend?: Readonly<Record<string, unknown>>;
  readonly cloud?: unknown;
}

/**
 * The problem with a synthesized stack's backend for CI, or `undefined`: a local (or missing)
 * backend keeps state on the runner, which is gone when the job ends, so every run would plan
 * from empty state and the deploy would create everything again.
 */
export function ciBackendProblem(stack: string, terraform: TerraformBlock | undefined): string | undefined {
  if (terraform?.cloud !== undefined) return undefined;
  const kinds = Object.keys(terraform?.backend ?? {});
  if (kinds.length > 0 && !kinds.includes("local")) return undefined;
  return (
    `environments/${stack}.json: the state would live on the CI runner (backend ${kinds.length ? `"${kinds.join(", ")}"` : "local, the default"}) and be lost when the job ends, ` +
    `so every run would start from empty state and create a second copy of everything. Set "backend" to s3, azurerm or cloud (docs/delivery.md#state-backends) before CI plans or deploys it`
  );
}

/** A stack's synthesized cdk.tf.json, found through the manifest next to it. */
function synthesizedFile(stack: string, manifest: CdktfManifest, manifestFile: string): string {
  const entry = Object.values(manifest.stacks).find((s) => s.name === stack);
  return path.join(path.dirname(manifestFile), entry?.synthesizedStackPath ?? path.join(entry?.workingDirectory ?? `stacks/${stack}`, "cdk.tf.json"));
}

/** The `terraform` block of a stack's synthesized cdk.tf.json. */
function synthesizedTerraform(stack: string, manifest: CdktfManifest, manifestFile: string): TerraformBlock | undefined {
  const file = synthesizedFile(stack, manifest, manifestFile);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { terraform?: TerraformBlock }).terraform : undefined;
}

/**
 * Where a synthesized stack keeps its state, as the comparable string `stateLocation`
 * (stacks/backend.ts) makes from an environment file, read from what Terraform will use:
 * `s3://bucket/key`, `azurerm://account/container/key`, `cloud://host/organization/workspace`,
 * `local://<absolute path>` (`stackDir`: the stack's folder, which a relative local path starts
 * from). Pure.
 */
export function synthesizedStateLocation(terraform: TerraformBlock | undefined, stackDir: string): string {
  const text = (value: unknown, fallback: string) => (typeof value === "string" && value !== "" ? value : fallback);
  if (terraform?.cloud !== undefined) {
    const cloud = terraform.cloud as { hostname?: unknown; organization?: unknown; workspaces?: { name?: unknown } };
    return `cloud://${text(cloud.hostname, "app.terraform.io")}/${text(cloud.organization, "?")}/${text(cloud.workspaces?.name, "?")}`;
  }
  const [kind, raw] = Object.entries(terraform?.backend ?? {})[0] ?? ["local", {}];
  const b = (raw ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "s3":
      return `s3://${text(b.bucket, "?")}/${text(b.key, "?")}`;
    case "azurerm":
      return `azurerm://${text(b.storage_account_name, "?")}/${text(b.container_name, "?")}/${text(b.key, "?")}`;
    case "local":
      return `local://${path.resolve(stackDir, text(b.path, "terraform.tfstate"))}`;
    default:
      return `${kind}://${JSON.stringify(b)}`;
  }
}

/**
 * Stacks of the manifest (examples included) that share a state location: each would plan
 * against the other's resources. One problem per location, naming the environment files.
 */
export function sharedStateProblemsOf(manifest: CdktfManifest, manifestFile: string): string[] {
  const byLocation = new Map<string, string[]>();
  for (const stack of stackNames(manifest, true)) {
    const file = synthesizedFile(stack, manifest, manifestFile);
    const location = synthesizedStateLocation(synthesizedTerraform(stack, manifest, manifestFile), path.dirname(file));
    byLocation.set(location, [...(byLocation.get(location) ?? []), stack]);
  }
  return [...byLocation]
    .filter(([, stacks]) => stacks.length > 1)
    .map(
      ([location, stacks]) =>
        `${stacks.map((s) => `environments/${s}.json`).join(", ")} share one state (${location}): a deploy of one would plan against the others' resources and destroy or take them over. ` +
        'Give each environment its own state ("key", or "workspace" for cloud)',
    );
}

/** {@link ciBackendProblem} of each stack, read from the synthesized files next to `manifestFile`. */
export function ciBackendProblems(stacks: readonly string[], manifest: CdktfManifest, manifestFile: string): string[] {
  return stacks.flatMap((stack) => {
    const problem = ciBackendProblem(stack, synthesizedTerraform(stack, manifest, manifestFile));
    return problem ? [problem] : [];
  });
}

/**
 * The stacks among `stacks` whose state is in HCP Terraform or Terraform Enterprise (a `cloud`
 * block). The deploy and destroy plan jobs save such a stack's plan as a cloud run and read its
 * JSON, which takes a stronger token than a plan: they run in the main-only GitHub environment
 * `<env>-review`, never in `<env>-plan`, which pull-request branches reach (docs/delivery.md#state-backends,
 * "HCP Terraform, honestly").
 */
export function cloudStacks(stacks: readonly string[], manifest: CdktfManifest, manifestFile: string): string[] {
  return stacks.filter((stack) => synthesizedTerraform(stack, manifest, manifestFile)?.cloud !== undefined);
}

/** One line of `git diff --name-status -M` for an environment file. */
export interface EnvironmentFileChange {
  /** `R` renamed (maybe with edits), `D` deleted, `A` added, `M` modified, … */
  readonly status: string;
  readonly file: string;
  /** For a rename: the old path. */
  readonly from?: string;
}

/** Parses `git diff --name-status -z -M` output, keeping environment files only. */
export function parseNameStatus(output: string): EnvironmentFileChange[] {
  const fields = output.split("\0").filter((f) => f !== "");
  const changes: EnvironmentFileChange[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++]!.charAt(0);
    if (status === "R" || status === "C") {
      const from = fields[i++]!;
      const file = fields[i++]!;
      if (environmentOf(from) !== undefined || environmentOf(file) !== undefined) changes.push({ status, file, from });
    } else {
      const file = fields[i++]!;
      if (environmentOf(file) !== undefined) changes.push({ status, file });
    }
  }
  return changes;
}

/** How {@link environmentChangeFindings} reads the repository. */
export interface RepositoryView {
  /** A file's content at a commit, or `undefined`. */
  readonly read: (commit: string, file: string) => string | undefined;
  readonly base: string;
  readonly head: string;
}

/** What a change of environment files means: problems fail the check, notes are shown. */
export interface EnvironmentChangeFindings {
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

const backendOf = (content: string | undefined): unknown => {
  try {
    return content === undefined ? undefined : (JSON.parse(content) as { backend?: unknown }).backend;
  } catch {
    return undefined;
  }
};

/**
 * The Grafana, Entra tenant or Okta org an environment document points at, when an edit changed
 * it: its state's objects are then read (by id) from the new one. The providers forget an object
 * they do not find (grafana v4.45.1 internal/resources/grafana/resource_service_account.go, Read:
 * RemoveResource on not found; azuread v3.7.0 application_from_template_resource.go: MarkAsGone;
 * okta v4.20.0 okta/resource_okta_app_saml.go, resourceAppSamlRead: SetId("")). The same Grafana
 * under another name (a Cloud stack's custom domain) shares an organization key and is no change.
 */
export function targetChanges(before: unknown, after: unknown): Array<{ what: string; was: string; now: string }> {
  const field = (doc: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), doc);
  const keys = (doc: unknown): string[] => {
    try {
      return grafanaOrganizationKeys(field(doc, "grafana") as GrafanaInstance);
    } catch {
      return [];
    }
  };
  const changes: Array<{ what: string; was: string; now: string }> = [];
  const [was, now] = [keys(before), keys(after)];
  if (was.length > 0 && now.length > 0 && !was.some((k) => now.includes(k))) changes.push({ what: "Grafana", was: was[0]!, now: now[0]! });
  const kind = field(before, "identityProvider", "kind");
  if (kind !== field(after, "identityProvider", "kind")) return changes;
  const idp = (doc: unknown): string | undefined => {
    if (kind === "entra") return typeof field(doc, "identityProvider", "tenantId") === "string" ? String(field(doc, "identityProvider", "tenantId")).toLowerCase() : undefined;
    if (kind !== "okta") return undefined;
    const [org, host] = [field(doc, "identityProvider", "orgName"), field(doc, "identityProvider", "baseUrl")];
    return typeof org === "string" ? `${org}.${typeof host === "string" ? host : "okta.com"}`.toLowerCase() : undefined;
  };
  const [from, to] = [idp(before), idp(after)];
  if (from !== undefined && to !== undefined && from !== to) changes.push({ what: kind === "entra" ? "Entra tenant" : "Okta org", was: from, now: to });
  return changes;
}

/**
 * The problems of an environment document edited (or renamed) from `before` to `after` whose
 * state, at `location`, stays where it was while it points at another Grafana, Entra tenant or
 * Okta org ({@link targetChanges}); `acknowledgement` is the file that says the state holds nothing
 * of the old one.
 */
function retargetProblems(file: string, location: string, before: string | undefined, after: string | undefined, acknowledgement: string): string[] {
  if (!parses(before) || !parses(after)) return [];
  return targetChanges(JSON.parse(before!), JSON.parse(after!)).map(
    (move) =>
      `${file}: it now points at another ${move.what} (${move.now} instead of ${move.was}), but its state (${location}) holds the objects of the old one. ` +
      "Terraform looks them up by id in the new one: those not found are forgotten and created again, the old ones staying live but unmanaged and unwatched" +
      (move.what === "Grafana"
        ? ", and those found are someone else's (Grafana service account ids are small numbers, counted per instance), which the next apply takes over: renamed, set to role None and given the SCIM permissions. "
        : ". ") +
      "Give the new target an environment file of its own (a new stack with its own state), and retire this one (docs/delivery.md#destroying-an-environment). " +
      `If this state holds nothing of the old one (never deployed, or its resources removed from the state first), add ${acknowledgement} to this change saying so.`,
  );
}

const parses = (content: string | undefined): boolean => {
  try {
    return content !== undefined && (JSON.parse(content), true);
  } catch {
    return false;
  }
};

/** The field that pins `location` (the old state) in a backend of `kind`, as the fix to suggest. */
function keepStateHint(oldName: string, newBackend: unknown, oldLocation: string): string {
  const kind = (newBackend as { kind?: unknown } | undefined)?.kind;
  const key = kind === "s3" ? /^s3:\/\/[^/]+\/(.+)$/.exec(oldLocation)?.[1] : kind === "azurerm" ? /^azurerm:\/\/[^/]+\/[^/]+\/(.+)$/.exec(oldLocation)?.[1] : undefined;
  const workspace = kind === "cloud" ? /^cloud:\/\/[^/]+\/[^/]+\/(.+)$/.exec(oldLocation)?.[1] : undefined;
  if (key) return `set "key": "${key}" in its backend section`;
  if (workspace) return `set "workspace": "${workspace}" in its backend section`;
  return `point its backend at the state of ${oldName} (${oldLocation})`;
}

/**
 * What the renames, backend edits and deletions among `changes` mean. A rename, or a backend
 * edit that points at another state location, starts a new, empty state (the
 * stack is named after the file) unless the new file keeps the old state location, and a
 * deletion leaves live infrastructure unmanaged and unwatched unless it is acknowledged in
 * `environments/retired/<name>.md`.
 */
export function environmentChangeFindings(changes: readonly EnvironmentFileChange[], repo: RepositoryView): EnvironmentChangeFindings {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const found of changes) {
    // Moved to a path that is no environment file (environments/retired/prod.json, prod.json.disabled):
    // the stack is gone as if the file were deleted.
    const gone = found.status === "R" && found.from !== undefined && environmentOf(found.from) !== undefined && environmentOf(found.file) === undefined;
    const change: EnvironmentFileChange = gone ? { status: "D", file: found.from! } : found;
    if (change.status === "R" && change.from !== undefined) {
      const oldName = environmentOf(change.from);
      const newName = environmentOf(change.file);
      if (oldName === undefined || newName === undefined) continue;
      const oldBackend = backendOf(repo.read(repo.base, change.from));
      const newBackend = backendOf(repo.read(repo.head, change.file));
      const oldLocation = stateLocation(oldName, oldBackend);
      const newLocation = stateLocation(newName, newBackend);
      if (oldLocation === newLocation && !oldLocation.startsWith("local:")) {
        // A rename that keeps the state may still point it at another Grafana, tenant or org.
        const [before, after] = [repo.read(repo.base, change.from), repo.read(repo.head, change.file)];
        const acknowledgement = `${STATE_MOVES_DIR}/${newName}.md`;
        const written = repo.read(repo.head, acknowledgement);
        const retargeted = written !== undefined && written !== repo.read(repo.base, acknowledgement) ? [] : retargetProblems(change.file, oldLocation, before, after, acknowledgement);
        if (retargeted.length > 0) {
          problems.push(...retargeted);
          continue;
        }
        notes.push(`${change.from} → ${change.file}: renamed; the stack ${newName} keeps the state of ${oldName} (${oldLocation}), so nothing is created twice. Create the GitHub environments ${newName} and ${newName}-plan.`);
        continue;
      }
      problems.push(
        `${change.from} → ${change.file}: a renamed environment is a new stack, ${newName}, with its own state (${newLocation}), which is empty. ` +
          `Its first deploy would create a second identity-provider app and Grafana service account next to the ones ${oldName} manages (${oldLocation}), and those would stay live but unmanaged and unwatched. ` +
          `To rename safely keep the old state: in ${change.file}, ${keepStateHint(oldName, newBackend, oldLocation)}. Resource addresses inside a stack do not depend on its name, so the plan then shows no new resources.`,
      );
    } else if (change.status === "M") {
      // An edited backend section moves the state as a rename does: the stack then plans from
      // whatever is at the new location, empty unless someone copied the state there.
      const name = environmentOf(change.file);
      const [before, after] = [repo.read(repo.base, change.file), repo.read(repo.head, change.file)];
      if (name === undefined || !parses(before) || !parses(after)) continue;
      const oldLocation = stateLocation(name, backendOf(before));
      const newLocation = stateLocation(name, backendOf(after));
      const acknowledgement = `${STATE_MOVES_DIR}/${name}.md`;
      const written = repo.read(repo.head, acknowledgement);
      const acknowledged = written !== undefined && written !== repo.read(repo.base, acknowledgement);
      if (oldLocation === newLocation) {
        if (!acknowledged) problems.push(...retargetProblems(change.file, oldLocation, before!, after!, acknowledgement));
        continue;
      }
      const moved = `${change.file}: its backend now points at another state (${newLocation} instead of ${oldLocation})`;
      if (acknowledged) {
        notes.push(`${moved}; ${acknowledgement}, changed here, says the state was copied there.`);
        continue;
      }
      problems.push(
        `${moved}, which is empty unless the state was copied there. ` +
          `Its next deploy would create a second identity-provider app and Grafana service account next to the ones the old state manages, and those would stay live but unmanaged and unwatched. ` +
          `Keep the old state: ${keepStateHint(name, backendOf(after), oldLocation)}. ` +
          `To move the state on purpose, copy it there first (terraform init -migrate-state) and add ${acknowledgement} to this change saying where it was copied from and who checked.`,
      );
    } else if (change.status === "D") {
      const name = environmentOf(change.file)!;
      const acknowledgement = `${RETIRED_DIR}/${name}.md`;
      if (repo.read(repo.head, acknowledgement) !== undefined) {
        notes.push(`${change.file}: deleted; ${acknowledgement} says why its resources are left as they are. No deploy or drift check looks at ${name} any more.`);
        continue;
      }
      const location = stateLocation(name, backendOf(repo.read(repo.base, change.file)));
      problems.push(
        `${change.file} was deleted: the resources of ${name} (its identity-provider app, Grafana service account, token and SCIM settings, state ${location}) stay live, but no deploy or drift check looks at them again. ` +
          `Destroy them first: run the destroy workflow for ${name} while the file still exists (docs/delivery.md#destroying-an-environment). ` +
          `Or leave them running on purpose (handed over, managed elsewhere). Either way, add ${acknowledgement} to this change saying which (with the destroy run's link) and who decided.`,
      );
    }
  }
  return { problems, notes };
}

/** `git diff --name-status` between two commits with rename detection, for environment files. */
export function environmentFileChanges(base: string, head: string, cwd?: string): EnvironmentFileChange[] {
  return parseNameStatus(git(["diff", "--name-status", "-z", "--find-renames", base, head, "--", "environments/"], cwd));
}

/** Reads files at commits of the repository at `cwd`. */
export function gitRepositoryView(base: string, head: string, cwd?: string): RepositoryView {
  return {
    base,
    head,
    read: (commit, file) => {
      try {
        return git(["show", `${commit}:${file}`], cwd);
      } catch {
        return undefined;
      }
    },
  };
}

const OPTIONS = {
  manifest: { type: "string", default: "cdktf.out/manifest.json" },
  "include-examples": { type: "boolean", default: false },
  base: { type: "string" },
  head: { type: "string", default: "HEAD" },
  "merge-base": { type: "boolean", default: false },
  stack: { type: "string" },
  report: { type: "string" },
} as const;

const USAGE = "usage: ci-stacks all|changed|one|environment-changes [--base SHA --head SHA [--merge-base]] [--stack NAME] [--manifest FILE] [--include-examples] [--report FILE]";

/** The CLI; returns the stacks it printed (`environment-changes`: none). Logs go to `log`. */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.error): string[] {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command] = positionals;
  if (command === "environment-changes") {
    if (!values.base) throw new Error("--base is required");
    const findings = environmentChangeFindings(environmentFileChanges(values.base, values.head), gitRepositoryView(values.base, values.head));
    const report = [
      ...findings.problems.map((p) => `- :x: ${p}`),
      ...findings.notes.map((n) => `- ${n}`),
    ];
    if (values.report) fs.writeFileSync(values.report, report.length ? `### Environment files\n\n${report.join("\n")}\n` : "");
    for (const note of findings.notes) log(`ci-stacks: ${note}`);
    if (findings.problems.length > 0) throw new Error(`refused:\n${findings.problems.map((p) => `  - ${p}`).join("\n")}`);
    return [];
  }
  const manifestFile = values.manifest;
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found: run \`npm run synth\` first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as CdktfManifest;
  const all = stackNames(manifest, values["include-examples"]);
  let stacks: string[];
  if (command === "all") stacks = all;
  else if (command === "changed") {
    const base = values.base;
    const head = values.head;
    if (isNullSha(base) || !commitExists(base!)) {
      // A new branch, or a force-push whose old head is gone: nothing to compare with, so everything.
      log(`ci-stacks: no base commit to compare with (${base ?? "none"}); selecting every stack`);
      stacks = all;
    } else {
      // A pull request compares with where it branched off (base...head), a push with the commit before it.
      const from = values["merge-base"] ? git(["merge-base", base!, head]) : base!;
      stacks = stacksToDeploy(changedFiles(from, head), all);
    }
  } else if (command === "one") {
    const stack = values.stack ?? "";
    if (!all.includes(stack)) throw new Error(`no deployable stack ${JSON.stringify(stack)}; the stacks are: ${all.join(", ") || "(none)"}`);
    stacks = [stack];
  } else throw new Error(USAGE);
  // Shared state is checked across every stack, not only the selected ones: a new environment
  // pointed at an existing one's state is selected alone.
  const problems = [...ciBackendProblems(stacks, manifest, manifestFile), ...sharedStateProblemsOf(manifest, manifestFile)];
  if (problems.length > 0) throw new Error(`refused:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const json = JSON.stringify(stacks);
  console.log(json);
  if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `stacks=${json}\ncloud=${JSON.stringify(cloudStacks(stacks, manifest, manifestFile))}\n`);
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
