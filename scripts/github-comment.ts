/**
 * Keeps ONE GitHub comment or issue per stack up to date, found by a hidden marker, through
 * GitHub's REST API with the workflow's `GITHUB_TOKEN` (no third-party action).
 *
 * ```sh
 * npm run github-comment -- pr-comment  --pr 12 --stack prod --body-file comment.md
 * npm run github-comment -- issue       --stack prod --title "Drift: prod" --body-file drift.md [--label drift]
 * npm run github-comment -- close-issue --stack prod --body-file resolved.md [--label drift]
 * ```
 * `--stack` picks the stack's marker (plan comments: {@link commentMarker}; drift issues:
 * {@link driftMarker}); `--marker "<!-- … -->"` sets one explicitly.
 * Needs `GITHUB_TOKEN` and `GITHUB_REPOSITORY` (`owner/name`); `GITHUB_API_URL` defaults to
 * https://api.github.com (GitHub sets it on GitHub Enterprise Server).
 */
import * as fs from "node:fs";
import { commentMarker } from "./delivery/comment";

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
}

/** The first item whose body contains `marker`, or `undefined`. */
export function findMarked<T extends GitHubItem>(items: readonly T[], marker: string): T | undefined {
  if (!/^<!--[\s\S]+-->$/.test(marker)) throw new Error(`marker must be an HTML comment, got ${JSON.stringify(marker)}`);
  return items.find((item) => (item.body ?? "").includes(marker));
}

/** The `rel="next"` URL of a `Link` header, or `undefined`. */
export function nextPage(link: string | null | undefined): string | undefined {
  return link
    ?.split(",")
    .map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1])
    .find((url) => url !== undefined);
}

/** `body`, guaranteed to carry `marker` (prepended when missing) so the next run finds it. */
export function withMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

/** A minimal GitHub REST client. */
export class GitHub {
  constructor(
    private readonly token: string,
    /** `owner/name`. */
    private readonly repository: string,
    private readonly apiUrl = "https://api.github.com",
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
    if (!response.ok) throw new Error(`${method} ${url.replace(/\?.*/, "")}: ${response.status} ${(await response.text()).slice(0, 500)}`);
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

  /** Creates or updates the pull request comment carrying `marker`; returns what it did. */
  async upsertPrComment(pr: number, marker: string, body: string): Promise<"created" | "updated"> {
    const existing = findMarked(await this.list<GitHubItem>(`/issues/${pr}/comments?per_page=100`), marker);
    const text = withMarker(body, marker);
    if (existing) {
      await this.request("PATCH", this.url(`/issues/comments/${existing.id}`), { body: text });
      return "updated";
    }
    await this.request("POST", this.url(`/issues/${pr}/comments`), { body: text });
    return "created";
  }

  private async openIssues(marker: string, label?: string): Promise<GitHubItem | undefined> {
    const query = `state=open&per_page=100${label ? `&labels=${encodeURIComponent(label)}` : ""}`;
    const issues = (await this.list<GitHubItem>(`/issues?${query}`)).filter((i) => i.pull_request === undefined);
    return findMarked(issues, marker);
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
}

function flag(argv: readonly string[], name: string, required = true): string | undefined {
  const i = argv.indexOf(`--${name}`);
  const value = i >= 0 ? argv[i + 1] : undefined;
  if (required && (value === undefined || value.startsWith("--"))) throw new Error(`--${name} is required`);
  return value;
}

/** The CLI; returns what it did. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const github = new GitHub(env.GITHUB_TOKEN ?? "", env.GITHUB_REPOSITORY ?? "", env.GITHUB_API_URL || undefined);
  const stack = flag(argv, "stack", false);
  const marker = flag(argv, "marker", false) ?? (stack ? (argv[0] === "pr-comment" ? commentMarker(stack) : driftMarker(stack)) : undefined);
  if (!marker) throw new Error("--stack or --marker is required");
  const body = fs.readFileSync(flag(argv, "body-file")!, "utf8");
  const label = flag(argv, "label", false);
  switch (argv[0]) {
    case "pr-comment": {
      const pr = Number(flag(argv, "pr"));
      if (!Number.isInteger(pr) || pr <= 0) throw new Error("--pr must be a pull request number");
      return github.upsertPrComment(pr, marker, body);
    }
    case "issue":
      return github.upsertIssue(flag(argv, "title")!, marker, body, label);
    case "close-issue":
      return github.closeIssue(marker, body, label);
    default:
      throw new Error("usage: github-comment pr-comment|issue|close-issue --marker M --body-file F [...]");
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
