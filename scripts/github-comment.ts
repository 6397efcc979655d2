/**
 * Keeps ONE GitHub comment or issue per stack up to date, found by a hidden marker, and checks
 * that a stack's GitHub environments protect it, through GitHub's REST API with the workflow's
 * `GITHUB_TOKEN` (no third-party action).
 *
 * ```sh
 * npm run github-comment -- pr-comment  --pr 12 --stack prod --body-file comment.md [--update-only]
 * npm run github-comment -- issue       --stack prod --title "Drift: prod" --body-file drift.md [--label drift]
 * npm run github-comment -- close-issue --stack prod --body-file resolved.md [--label drift]
 * npm run github-comment -- environments --stacks '["prod"]' [--review-stacks '["prod"]'] [--branch main]
 * npm run github-comment -- deploy-overlap --stack prod --since 2026-06-01T03:17:00Z
 * ```
 * `--stack` picks the stack's marker (plan comments: {@link commentMarker}; drift issues:
 * {@link driftMarker}); `--marker "<!-- … -->"` sets one explicitly. Only comments and issues
 * written by `--author` (default `github-actions[bot]`, the `GITHUB_TOKEN`'s identity) are ever
 * edited or closed: a marker pasted into someone else's comment does not make it ours.
 * Needs `GITHUB_TOKEN` and `GITHUB_REPOSITORY` (`owner/name`); `GITHUB_API_URL` defaults to
 * https://api.github.com (GitHub sets it on GitHub Enterprise Server).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { commentMarker } from "./delivery/comment";

/** The identity `GITHUB_TOKEN` writes as. */
export const DEFAULT_AUTHOR = "github-actions[bot]";

/** The hidden marker of a stack's drift issue. */
export function driftMarker(stack: string): string {
  return `<!-- grafana-scim-cdktf drift: ${stack} -->`;
}

/** A comment or issue as the API returns it (the fields used here). */
export interface GitHubItem {
  readonly id: number;
  readonly number?: number;
  readonly body?: string | null;
  readonly pull_request?: unknown;
  readonly html_url?: string;
  readonly user?: { readonly login?: string } | null;
}

/**
 * The first item written by `author` whose body STARTS with `marker` (as {@link withMarker} writes
 * it), or `undefined`. Not anywhere in the body: a comment or issue quotes plan text, which holds
 * values from the tenants (a group description changed in a console), so another stack's item
 * can contain this stack's marker.
 */
export function findMarked<T extends GitHubItem>(items: readonly T[], marker: string, author: string = DEFAULT_AUTHOR): T | undefined {
  if (!/^<!--[\s\S]+-->$/.test(marker)) throw new Error(`marker must be an HTML comment, got ${JSON.stringify(marker)}`);
  return items.find((item) => item.user?.login === author && (item.body ?? "").startsWith(marker));
}

/** The `rel="next"` URL of a `Link` header, or `undefined`. */
export function nextPage(link: string | null | undefined): string | undefined {
  return link
    ?.split(",")
    .map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1])
    .find((url) => url !== undefined);
}

/** `body`, guaranteed to start with `marker` (prepended otherwise) so the next run finds it. */
export function withMarker(body: string, marker: string): string {
  return body.startsWith(marker) ? body : `${marker}\n${body}`;
}

/**
 * A GitHub environment as `GET /repos/{owner}/{repo}/environments/{name}` returns it (the fields
 * used here). Reference: https://docs.github.com/en/rest/deployments/environments#get-an-environment
 * (`can_admins_bypass`: "Whether or not administrators can bypass protection rules"; a
 * `required_reviewers` rule's `prevent_self_review`: "Whether deployments to this environment can
 * be approved by the user who created the deployment"; `deployment_branch_policy`:
 * `protected_branches` (any protected branch) or `custom_branch_policies` (a list of names or
 * patterns), `null` for any branch).
 */
export interface EnvironmentJson {
  readonly name: string;
  readonly can_admins_bypass?: boolean;
  readonly protection_rules?: ReadonlyArray<{ readonly type: string; readonly reviewers?: readonly unknown[]; readonly prevent_self_review?: boolean }>;
  readonly deployment_branch_policy?: { readonly protected_branches: boolean; readonly custom_branch_policies: boolean } | null;
}

/**
 * One custom deployment branch policy, as
 * `GET /repos/{owner}/{repo}/environments/{name}/deployment-branch-policies` lists them
 * (https://docs.github.com/en/rest/deployments/branch-policies#list-deployment-branch-policies):
 * a branch or tag name pattern.
 */
export interface BranchPolicyJson {
  readonly name: string;
  /** `branch` or `tag` (absent on older API versions: a branch). */
  readonly type?: string;
}

/** An environment and, when it has custom ones, its deployment branch policies. */
export interface EnvironmentFacts {
  readonly environment: EnvironmentJson | undefined;
  readonly branchPolicies?: readonly BranchPolicyJson[];
}

/**
 * What lets `environment` (named `label`) run a job from another branch than `branch`, or an
 * administrator around its rules: it must have a custom deployment branch policy of exactly
 * `branch` (a branch, not a tag, not a pattern: "protected branches" admits any protected branch,
 * which anyone allowed to create one can use) and `can_admins_bypass: false`.
 */
export function mainOnlyProblems(label: string, facts: EnvironmentFacts, branch: string): string[] {
  const env = facts.environment;
  if (!env) return [];
  const problems: string[] = [];
  const fix = `choose "Selected branches and tags" with exactly the branch ${branch} (Settings › Environments › ${env.name} › Deployment branches and tags)`;
  const policy = env.deployment_branch_policy;
  if (!policy) problems.push(`${label} accepts deployments from any branch: ${fix}`);
  else if (!policy.custom_branch_policies) {
    problems.push(`${label} accepts deployments from every protected branch (deployment_branch_policy.protected_branches), not only ${branch}: ${fix}`);
  } else {
    const policies = facts.branchPolicies ?? [];
    const exact = policies.length === 1 && policies[0]!.name === branch && (policies[0]!.type ?? "branch") === "branch";
    if (!exact) {
      const listed = policies.map((p) => `${JSON.stringify(p.name)}${(p.type ?? "branch") === "branch" ? "" : ` (${p.type})`}`).join(", ");
      problems.push(`${label} accepts deployments from ${listed || "no branch at all"}: ${fix}`);
    }
  }
  if (env.can_admins_bypass !== false) {
    problems.push(`${label} lets repository administrators bypass its protection rules (can_admins_bypass is ${String(env.can_admins_bypass)}): turn off "Allow administrators to bypass configured protection rules"`);
  }
  return problems;
}

/**
 * What is wrong with the GitHub environments of `stack` for the deploy workflow, or `[]`:
 * `<stack>` must exist (a job that names a missing environment makes GitHub create it,
 * unprotected, and the apply would run unreviewed), require a reviewer other than the person who
 * started the deploy (`prevent_self_review`), and run jobs from `branch` only with no
 * administrator bypass ({@link mainOnlyProblems}); `<stack>-plan` must exist (it holds the
 * read-only identity). With `review` (a stack whose state is in HCP Terraform: its deploy and
 * destroy plans run as `<stack>-review`), `<stack>-review` must exist and run jobs from `branch`
 * only, with no administrator bypass: it holds a token that can read a saved plan's JSON, which
 * pull-request branches must not reach.
 */
export function environmentProblems(stack: string, deploy: EnvironmentFacts, plan: EnvironmentJson | undefined, branch: string, review?: EnvironmentFacts): string[] {
  const problems: string[] = [];
  const env = deploy.environment;
  const label = `${stack}: the GitHub environment "${stack}"`;
  if (!env) {
    problems.push(`${label} does not exist. Create it with required reviewers, "Prevent self-review" and deployment branch ${branch} only (Settings › Environments) before the first deploy; GitHub would otherwise create it unprotected and apply without review`);
  } else {
    const reviewers = env.protection_rules?.find((r) => r.type === "required_reviewers");
    if (!reviewers || (reviewers.reviewers?.length ?? 0) === 0) problems.push(`${label} has no required reviewers: every apply would run without anyone approving its plan`);
    else if (reviewers.prevent_self_review !== true) {
      problems.push(`${label} lets the person who started a deploy (who merged the change) approve it: turn on "Prevent self-review" (prevent_self_review), so a second person reads every plan`);
    }
    problems.push(...mainOnlyProblems(label, deploy, branch));
  }
  if (!plan) problems.push(`${stack}: the GitHub environment "${stack}-plan" (the read-only identity for plans) does not exist`);
  if (review) {
    const reviewLabel = `${stack}: the GitHub environment "${stack}-review"`;
    if (!review.environment) {
      problems.push(
        `${reviewLabel} does not exist. The state is in HCP Terraform: the deploy's plan job runs there, with a token that can read a saved plan's JSON. ` +
          `Create it with deployment branch ${branch} only and no administrator bypass (no reviewers needed), and keep that token out of "${stack}-plan", which pull requests reach (docs/delivery.md#state-backends, "HCP Terraform, honestly")`,
      );
    } else problems.push(...mainOnlyProblems(reviewLabel, review, branch));
  }
  return problems;
}

/** A workflow job as `GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs` lists it (the fields used here). */
export interface WorkflowJobJson {
  readonly name: string;
  readonly status?: string;
  readonly conclusion?: string | null;
  readonly started_at?: string | null;
  readonly completed_at?: string | null;
  readonly html_url?: string;
}

/** The jobs that write a stack's state: deploy.yml's `apply (<stack>)` and destroy.yml's `destroy (<stack>)`. */
export function stateWritingJobNames(stack: string): string[] {
  return [`apply (${stack})`, `destroy (${stack})`];
}

/**
 * The first of `jobs` that wrote, or may have written, `stack`'s state since `since`: one of
 * {@link stateWritingJobNames} that started and was still running at `since` or later. The drift
 * check plans without the state lock, so such an apply can make it see changes the apply is
 * making (or has just made) as drift. Pure.
 */
export function overlappingApply(jobs: readonly WorkflowJobJson[], stack: string, since: Date): WorkflowJobJson | undefined {
  const names = stateWritingJobNames(stack);
  return jobs.find(
    (j) =>
      names.includes(j.name) &&
      j.conclusion !== "skipped" &&
      typeof j.started_at === "string" &&
      (j.completed_at === null || j.completed_at === undefined || Date.parse(j.completed_at) >= since.getTime()),
  );
}

/** An API error with its status. */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A minimal GitHub REST client. */
export class GitHub {
  constructor(
    private readonly token: string,
    /** `owner/name`. */
    private readonly repository: string,
    private readonly apiUrl = "https://api.github.com",
    /** Whose comments and issues may be edited. */
    private readonly author = DEFAULT_AUTHOR,
  ) {
    if (!token) throw new Error("GITHUB_TOKEN is not set");
    if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new Error(`GITHUB_REPOSITORY must be owner/name, got ${JSON.stringify(repository)}`);
  }

  private url(path: string): string {
    return `${this.apiUrl.replace(/\/$/, "")}/repos/${this.repository}${path}`;
  }

  private async request(method: string, url: string, body?: unknown): Promise<Response> {
    const response = await fetch(url, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.token}`,
        "x-github-api-version": "2022-11-28",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new GitHubError(`${method} ${url.replace(/\?.*/, "")}: ${response.status} ${(await response.text()).slice(0, 500)}`, response.status);
    return response;
  }

  /** Every item of a paginated list. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = this.url(path);
    while (url) {
      const response = await this.request("GET", url);
      items.push(...((await response.json()) as T[]));
      url = nextPage(response.headers.get("link"));
    }
    return items;
  }

  /** One object, or `undefined` on 404. */
  async get<T>(path: string): Promise<T | undefined> {
    try {
      return (await (await this.request("GET", this.url(path))).json()) as T;
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Creates or updates the pull request comment carrying `marker`; returns what it did. With
   * `updateOnly`, a missing comment is not created (a quiet plan in "changes-only" mode).
   */
  async upsertPrComment(pr: number, marker: string, body: string, updateOnly = false): Promise<"created" | "updated" | "skipped"> {
    const existing = findMarked(await this.list<GitHubItem>(`/issues/${pr}/comments?per_page=100`), marker, this.author);
    const text = withMarker(body, marker);
    if (existing) {
      await this.request("PATCH", this.url(`/issues/comments/${existing.id}`), { body: text });
      return "updated";
    }
    if (updateOnly) return "skipped";
    await this.request("POST", this.url(`/issues/${pr}/comments`), { body: text });
    return "created";
  }

  private async openIssues(marker: string, label?: string): Promise<GitHubItem | undefined> {
    const query = `state=open&per_page=100${label ? `&labels=${encodeURIComponent(label)}` : ""}`;
    const issues = (await this.list<GitHubItem>(`/issues?${query}`)).filter((i) => i.pull_request === undefined);
    return findMarked(issues, marker, this.author);
  }

  /** Opens the issue carrying `marker`, or updates its body when one is open; returns what it did. */
  async upsertIssue(title: string, marker: string, body: string, label?: string): Promise<"created" | "updated"> {
    const existing = await this.openIssues(marker, label);
    const text = withMarker(body, marker);
    if (existing) {
      await this.request("PATCH", this.url(`/issues/${existing.number}`), { title, body: text });
      return "updated";
    }
    await this.request("POST", this.url("/issues"), { title, body: text, ...(label ? { labels: [label] } : {}) });
    return "created";
  }

  /** Comments on and closes the open issue carrying `marker`, if any; returns what it did. */
  async closeIssue(marker: string, comment: string, label?: string): Promise<"closed" | "none open"> {
    const existing = await this.openIssues(marker, label);
    if (!existing) return "none open";
    await this.request("POST", this.url(`/issues/${existing.number}/comments`), { body: comment });
    await this.request("PATCH", this.url(`/issues/${existing.number}`), { state: "closed", state_reason: "completed" });
    return "closed";
  }

  /** An environment and, when it has custom ones, its deployment branch policies; `environment` undefined on 404. */
  async environmentFacts(name: string): Promise<EnvironmentFacts> {
    const environment = await this.get<EnvironmentJson>(`/environments/${encodeURIComponent(name)}`);
    if (!environment?.deployment_branch_policy?.custom_branch_policies) return { environment };
    const listed = await this.get<{ total_count?: number; branch_policies: BranchPolicyJson[] }>(`/environments/${encodeURIComponent(name)}/deployment-branch-policies?per_page=100`);
    // More than one page holds more than `branch`: the first page is enough to refuse.
    return { environment, branchPolicies: listed?.branch_policies ?? [] };
  }

  /**
   * The apply or destroy job of `stack` that ran in the deploy or destroy workflow since `since`
   * (see {@link overlappingApply}), from their recent runs (needs `actions: read`).
   * References: https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow,
   * https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run
   */
  async applyOverlap(stack: string, since: Date, workflows: readonly string[] = ["deploy.yml", "destroy.yml"]): Promise<WorkflowJobJson | undefined> {
    for (const workflow of workflows) {
      const runs = (await this.get<{ workflow_runs: Array<{ id: number; status?: string; updated_at?: string }> }>(`/actions/workflows/${encodeURIComponent(workflow)}/runs?per_page=30`))?.workflow_runs ?? [];
      for (const run of runs) {
        if (run.status === "completed" && Date.parse(run.updated_at ?? "") < since.getTime()) continue;
        const jobs = (await this.get<{ jobs: WorkflowJobJson[] }>(`/actions/runs/${run.id}/jobs?per_page=100`))?.jobs ?? [];
        const found = overlappingApply(jobs, stack, since);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** {@link environmentProblems} of `stack` (with `<stack>-review` when `review`), read from the API (needs `actions: read`). */
  async environmentProblems(stack: string, branch: string, review = false): Promise<string[]> {
    const deploy = await this.environmentFacts(stack);
    const plan = await this.get<EnvironmentJson>(`/environments/${encodeURIComponent(`${stack}-plan`)}`);
    return environmentProblems(stack, deploy, plan, branch, review ? await this.environmentFacts(`${stack}-review`) : undefined);
  }
}

const OPTIONS = {
  stack: { type: "string" },
  stacks: { type: "string" },
  "review-stacks": { type: "string", default: "[]" },
  marker: { type: "string" },
  "body-file": { type: "string" },
  label: { type: "string" },
  title: { type: "string" },
  pr: { type: "string" },
  author: { type: "string", default: DEFAULT_AUTHOR },
  "update-only": { type: "boolean", default: false },
  branch: { type: "string", default: "main" },
  since: { type: "string" },
} as const;

const USAGE = "usage: github-comment pr-comment|issue|close-issue|environments|deploy-overlap [--stack S | --marker M] [--body-file F] [...]";

/** The CLI; returns what it did. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command] = positionals;
  const github = new GitHub(env.GITHUB_TOKEN ?? "", env.GITHUB_REPOSITORY ?? "", env.GITHUB_API_URL || undefined, values.author);
  if (command === "environments") {
    const names = (option: string, text: string | undefined): string[] => {
      let list: unknown;
      try {
        list = JSON.parse(text ?? "");
      } catch {
        list = undefined;
      }
      if (!Array.isArray(list) || !list.every((s) => typeof s === "string")) throw new Error(`--${option} must be a JSON array of stack names, e.g. '["prod"]'`);
      return list as string[];
    };
    const stacks = names("stacks", values.stacks);
    // Stacks whose deploy plan runs as <stack>-review (state in HCP Terraform: ci-stacks' `cloud` output).
    const review = names("review-stacks", values["review-stacks"]);
    const problems = (await Promise.all(stacks.map((s) => github.environmentProblems(s, values.branch, review.includes(s))))).flat();
    if (problems.length > 0) throw new Error(`refused:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return `the GitHub environments of ${stacks.length} stack(s) are protected`;
  }
  if (command === "deploy-overlap") {
    const since = new Date(values.since ?? "");
    if (!values.stack || Number.isNaN(since.getTime())) throw new Error("deploy-overlap needs --stack and --since <ISO 8601 time>");
    const job = await github.applyOverlap(values.stack, since);
    if (env.GITHUB_OUTPUT) fs.appendFileSync(env.GITHUB_OUTPUT, `overlap=${job !== undefined}\noverlap_url=${job?.html_url ?? ""}\n`);
    return job ? `"${job.name}" ran while the check did (${job.html_url ?? "no link"})` : `no apply of ${values.stack} since ${since.toISOString()}`;
  }
  const stack = values.stack;
  const marker = values.marker ?? (stack ? (command === "pr-comment" ? commentMarker(stack) : driftMarker(stack)) : undefined);
  if (!marker) throw new Error("--stack or --marker is required");
  if (!values["body-file"]) throw new Error("--body-file is required");
  const body = fs.readFileSync(values["body-file"], "utf8");
  switch (command) {
    case "pr-comment": {
      const pr = Number(values.pr);
      if (!Number.isInteger(pr) || pr <= 0) throw new Error("--pr must be a pull request number");
      return github.upsertPrComment(pr, marker, body, values["update-only"]);
    }
    case "issue":
      if (!values.title) throw new Error("--title is required");
      return github.upsertIssue(values.title, marker, body, values.label);
    case "close-issue":
      return github.closeIssue(marker, body, values.label);
    default:
      throw new Error(USAGE);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (result) => console.log(`github-comment: ${result}`),
    (error: unknown) => {
      console.error(`github-comment: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
