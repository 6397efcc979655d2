/**
 * The comment/issue upserts against a fake GitHub REST API on 127.0.0.1: which requests they
 * send (method, path, body, auth) for a missing and an existing marked item, across pages.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import {
  GitHub,
  driftMarker,
  environmentProblems,
  findMarked,
  main,
  nextPage,
  overlappingApply,
  withMarker,
  type BranchPolicyJson,
  type EnvironmentFacts,
  type EnvironmentJson,
  type GitHubItem,
} from "../../scripts/github-comment";
import { commentMarker } from "../../scripts/delivery/comment";

const MARKER = "<!-- grafana-scim-cdktf plan: prod -->";
/** Items written with the workflow's GITHUB_TOKEN. */
const BOT = { user: { login: "github-actions[bot]" } };

describe("pure helpers", () => {
  it("GIVEN items THEN findMarked returns the first carrying the marker", () => {
    const items: GitHubItem[] = [{ ...BOT, id: 1, body: "hello" }, { ...BOT, id: 2, body: `${MARKER}\nplan` }, { ...BOT, id: 3, body: MARKER }, { ...BOT, id: 4, body: null }];
    expect(findMarked(items, MARKER)?.id).toBe(2);
    expect(findMarked(items, "<!-- other -->")).toBeUndefined();
  });

  it("GIVEN a marked item written by someone else THEN it is not ours to edit", () => {
    const items: GitHubItem[] = [{ id: 1, body: MARKER, user: { login: "mallory" } }, { id: 2, body: MARKER, user: null }, { ...BOT, id: 3, body: MARKER }];
    expect(findMarked(items, MARKER)?.id).toBe(3);
    expect(findMarked(items, MARKER, "mallory")?.id).toBe(1);
  });

  it("GIVEN a marker that is not an HTML comment THEN it refuses (it would show up in the comment)", () => {
    expect(() => findMarked([], "plan: prod")).toThrow("marker must be an HTML comment");
  });

  it("GIVEN a Link header THEN nextPage finds rel=next", () => {
    expect(nextPage('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe("https://api.github.com/x?page=2");
    expect(nextPage('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });

  it("GIVEN a body without the marker THEN withMarker prepends it, once", () => {
    expect(withMarker("plan", MARKER)).toBe(`${MARKER}\nplan`);
    expect(withMarker(`${MARKER}\nplan`, MARKER)).toBe(`${MARKER}\nplan`);
  });

  it("GIVEN no token or a bad repository THEN the client refuses to start", () => {
    expect(() => new GitHub("", "acme/scim")).toThrow("GITHUB_TOKEN is not set");
    expect(() => new GitHub("t", "acme")).toThrow("GITHUB_REPOSITORY must be owner/name");
  });
});

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly auth: string | undefined;
  readonly body?: unknown;
}

/** A fake API: `routes` maps "METHOD path" (query included) to [status, json, headers]. */
function fakeGitHub(routes: Record<string, [number, unknown, Record<string, string>?]>) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, ...(data ? { body: JSON.parse(data) as unknown } : {}) });
      const route = routes[`${req.method} ${req.url}`];
      const [status, json, headers] = route ?? [404, { message: "Not Found" }];
      const resolved = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, v.replace("BASE", base())]));
      res.writeHead(status, { "content-type": "application/json", ...resolved });
      res.end(JSON.stringify(json));
    });
  });
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    requests,
    base,
    start: () => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("GitHub client against a fake API", () => {
  it("GIVEN no marked comment on any page THEN it creates one, after reading every page", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/7/comments?per_page=100": [200, [{ ...BOT, id: 1, body: "LGTM" }], { link: '<BASE/repos/acme/scim/issues/7/comments?per_page=100&page=2>; rel="next"' }],
      "GET /repos/acme/scim/issues/7/comments?per_page=100&page=2": [200, [{ ...BOT, id: 2, body: "<!-- grafana-scim-cdktf plan: dev -->" }]],
      "POST /repos/acme/scim/issues/7/comments": [201, { id: 3 }],
    });
    await api.start();
    try {
      expect(await new GitHub("tok", "acme/scim", api.base()).upsertPrComment(7, MARKER, "the plan")).toBe("created");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /repos/acme/scim/issues/7/comments?per_page=100",
      "GET /repos/acme/scim/issues/7/comments?per_page=100&page=2",
      "POST /repos/acme/scim/issues/7/comments",
    ]);
    expect(api.requests.every((r) => r.auth === "Bearer tok")).toBe(true);
    expect(api.requests[2]!.body).toEqual({ body: `${MARKER}\nthe plan` });
  });

  it("GIVEN a marked comment on page two THEN it updates that comment and creates none", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/7/comments?per_page=100": [200, [{ ...BOT, id: 1, body: "LGTM" }], { link: '<BASE/repos/acme/scim/issues/7/comments?per_page=100&page=2>; rel="next"' }],
      "GET /repos/acme/scim/issues/7/comments?per_page=100&page=2": [200, [{ ...BOT, id: 42, body: `${MARKER}\nold plan` }]],
      "PATCH /repos/acme/scim/issues/comments/42": [200, { id: 42 }],
    });
    await api.start();
    try {
      expect(await new GitHub("tok", "acme/scim", api.base()).upsertPrComment(7, MARKER, `${MARKER}\nnew plan`)).toBe("updated");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => r.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(api.requests[2]!.body).toEqual({ body: `${MARKER}\nnew plan` });
  });

  it("GIVEN an open drift issue (and a pull request carrying the marker) THEN it updates the issue; closeIssue comments and closes it", async () => {
    const list = "GET /repos/acme/scim/issues?state=open&per_page=100&labels=drift";
    const api = fakeGitHub({
      [list]: [200, [{ ...BOT, id: 9, number: 5, body: MARKER, pull_request: {} }, { ...BOT, id: 10, number: 6, body: `${MARKER}\nold` }]],
      "PATCH /repos/acme/scim/issues/6": [200, { number: 6 }],
      "POST /repos/acme/scim/issues/6/comments": [201, { id: 11 }],
    });
    await api.start();
    try {
      const github = new GitHub("tok", "acme/scim", api.base());
      expect(await github.upsertIssue("Drift in prod", MARKER, "new", "drift")).toBe("updated");
      expect(await github.closeIssue(MARKER, "No drift any more.", "drift")).toBe("closed");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["GET", "/repos/acme/scim/issues?state=open&per_page=100&labels=drift", undefined],
      ["PATCH", "/repos/acme/scim/issues/6", { title: "Drift in prod", body: `${MARKER}\nnew` }],
      ["GET", "/repos/acme/scim/issues?state=open&per_page=100&labels=drift", undefined],
      ["POST", "/repos/acme/scim/issues/6/comments", { body: "No drift any more." }],
      ["PATCH", "/repos/acme/scim/issues/6", { state: "closed", state_reason: "completed" }],
    ]);
  });

  it("GIVEN no open drift issue THEN upsertIssue opens one with the label, and closeIssue does nothing", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues?state=open&per_page=100&labels=drift": [200, []],
      "POST /repos/acme/scim/issues": [201, { number: 8 }],
    });
    await api.start();
    try {
      const github = new GitHub("tok", "acme/scim", api.base());
      expect(await github.upsertIssue("Drift in prod", MARKER, "drift!", "drift")).toBe("created");
      expect(await github.closeIssue(MARKER, "ok", "drift")).toBe("none open");
    } finally {
      await api.stop();
    }
    expect(api.requests[1]!.body).toEqual({ title: "Drift in prod", body: `${MARKER}\ndrift!`, labels: ["drift"] });
    expect(api.requests).toHaveLength(3);
  });

  it("GIVEN an API error THEN it fails with the status and the message", async () => {
    const api = fakeGitHub({ "GET /repos/acme/scim/issues/7/comments?per_page=100": [403, { message: "Resource not accessible by integration" }] });
    await api.start();
    try {
      await expect(new GitHub("tok", "acme/scim", api.base()).upsertPrComment(7, MARKER, "x")).rejects.toThrow(
        /GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/scim\/issues\/7\/comments: 403 .*Resource not accessible by integration/,
      );
    } finally {
      await api.stop();
    }
  });

  it("GIVEN the CLI with environment variables THEN it posts the body file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ghc-"));
    fs.writeFileSync(path.join(dir, "c.md"), `${MARKER}\nplan`);
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/3/comments?per_page=100": [200, []],
      "POST /repos/acme/scim/issues/3/comments": [201, { id: 1 }],
    });
    await api.start();
    try {
      const env = { GITHUB_TOKEN: "tok", GITHUB_REPOSITORY: "acme/scim", GITHUB_API_URL: api.base() };
      expect(await main(["pr-comment", "--pr", "3", "--marker", MARKER, "--body-file", path.join(dir, "c.md")], env)).toBe("created");
      await expect(main(["pr-comment", "--pr", "x", "--marker", MARKER, "--body-file", path.join(dir, "c.md")], env)).rejects.toThrow("--pr must be a pull request number");
    } finally {
      await api.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(api.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  });
});

describe("markers by stack", () => {
  it("GIVEN a stack THEN plan comments and drift issues have different markers", () => {
    expect(driftMarker("prod")).toBe("<!-- grafana-scim-cdktf drift: prod -->");
    expect(driftMarker("prod")).not.toBe(commentMarker("prod"));
  });

  it("GIVEN --stack THEN the CLI uses the stack's plan marker for PR comments", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ghc-"));
    fs.writeFileSync(path.join(dir, "c.md"), "plan");
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/3/comments?per_page=100": [200, [{ ...BOT, id: 5, body: `${commentMarker("prod")}\nold` }]],
      "PATCH /repos/acme/scim/issues/comments/5": [200, { id: 5 }],
    });
    await api.start();
    try {
      const env = { GITHUB_TOKEN: "tok", GITHUB_REPOSITORY: "acme/scim", GITHUB_API_URL: api.base() };
      expect(await main(["pr-comment", "--pr", "3", "--stack", "prod", "--body-file", path.join(dir, "c.md")], env)).toBe("updated");
      await expect(main(["pr-comment", "--pr", "3", "--body-file", path.join(dir, "c.md")], env)).rejects.toThrow("--stack or --marker is required");
    } finally {
      await api.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(api.requests[1]!.body).toEqual({ body: `${commentMarker("prod")}\nplan` });
  });
});

describe("only our own comments, and quiet plans", () => {
  it("GIVEN a marked comment by someone else THEN it is left alone and ours is created", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/7/comments?per_page=100": [200, [{ id: 1, body: `${MARKER}\nI pasted the marker`, user: { login: "mallory" } }]],
      "POST /repos/acme/scim/issues/7/comments": [201, { id: 2 }],
    });
    await api.start();
    try {
      expect(await new GitHub("tok", "acme/scim", api.base()).upsertPrComment(7, MARKER, "plan")).toBe("created");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /repos/acme/scim/issues/7/comments?per_page=100", "POST /repos/acme/scim/issues/7/comments"]);
  });

  it("GIVEN another stack's item whose text quotes this stack's marker (a value in its plan) THEN only an item that STARTS with the marker is ours", async () => {
    // A console value (an Okta group description, say) that drifts shows up in dev's plan text,
    // so dev's drift issue quotes it verbatim. Matched anywhere in the body, prod's clean drift
    // check would close dev's issue, and prod's plan would overwrite dev's comment.
    const prodDrift = driftMarker("prod");
    const devIssue = { ...BOT, id: 20, number: 12, body: `${driftMarker("dev")}\n~ description = "x" -> "${prodDrift}"` };
    expect(findMarked([devIssue], prodDrift)).toBeUndefined();
    expect(findMarked([devIssue], driftMarker("dev"))?.id).toBe(20);
    // A body that quotes the marker further down still gets it first, so the next run finds it.
    expect(withMarker(`plan quoting ${MARKER}`, MARKER)).toBe(`${MARKER}\nplan quoting ${MARKER}`);
    const list = "GET /repos/acme/scim/issues?state=open&per_page=100&labels=drift";
    const api = fakeGitHub({ [list]: [200, [devIssue]] });
    await api.start();
    try {
      expect(await new GitHub("tok", "acme/scim", api.base()).closeIssue(prodDrift, "No drift any more.", "drift")).toBe("none open");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("GIVEN --update-only (changes-only mode, a plan with nothing to say) THEN an existing comment is updated and none is created", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/issues/7/comments?per_page=100": [200, []],
      "GET /repos/acme/scim/issues/8/comments?per_page=100": [200, [{ ...BOT, id: 4, body: `${MARKER}\nold plan with changes` }]],
      "PATCH /repos/acme/scim/issues/comments/4": [200, { id: 4 }],
    });
    await api.start();
    try {
      const github = new GitHub("tok", "acme/scim", api.base());
      expect(await github.upsertPrComment(7, MARKER, "no changes", true)).toBe("skipped");
      expect(await github.upsertPrComment(8, MARKER, "no changes", true)).toBe("updated");
    } finally {
      await api.stop();
    }
    expect(api.requests.map((r) => r.method)).toEqual(["GET", "GET", "PATCH"]);
  });
});

describe("environments: a new stack's GitHub environments must protect it before the first deploy", () => {
  /** A deploy environment as it should be: reviewers without self-review, main only, no admin bypass. */
  const protectedEnv = (name: string): EnvironmentJson => ({
    name,
    can_admins_bypass: false,
    protection_rules: [{ type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team", reviewer: { slug: "platform" } }] }, { type: "branch_policy" }],
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  });
  const MAIN: BranchPolicyJson[] = [{ name: "main", type: "branch" }];
  const facts = (environment: EnvironmentJson | undefined, branchPolicies: BranchPolicyJson[] | undefined = MAIN): EnvironmentFacts => ({ environment, branchPolicies });
  const reviewers = (prevent: boolean | undefined) => [{ type: "required_reviewers", ...(prevent === undefined ? {} : { prevent_self_review: prevent }), reviewers: [{ type: "User" }] }];
  const label = 'prod: the GitHub environment "prod"';
  const fix = 'choose "Selected branches and tags" with exactly the branch main (Settings › Environments › prod › Deployment branches and tags)';

  it.each<[string, EnvironmentFacts, string[]]>([
    ["protected, main only, no self-review, no admin bypass", facts(protectedEnv("prod")), []],
    ["missing", facts(undefined), [
      `${label} does not exist. Create it with required reviewers, "Prevent self-review" and deployment branch main only (Settings › Environments) before the first deploy; GitHub would otherwise create it unprotected and apply without review`,
    ]],
    ["no reviewers, any branch", facts({ ...protectedEnv("prod"), protection_rules: [], deployment_branch_policy: null }), [
      `${label} has no required reviewers: every apply would run without anyone approving its plan`,
      `${label} accepts deployments from any branch: ${fix}`,
    ]],
    ["every protected branch", facts({ ...protectedEnv("prod"), deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } }, undefined), [
      `${label} accepts deployments from every protected branch (deployment_branch_policy.protected_branches), not only main: ${fix}`,
    ]],
    ["other branches too", facts(protectedEnv("prod"), [...MAIN, { name: "release/*", type: "branch" }]), [`${label} accepts deployments from "main", "release/*": ${fix}`]],
    ["a pattern that matches main", facts(protectedEnv("prod"), [{ name: "ma*", type: "branch" }]), [`${label} accepts deployments from "ma*": ${fix}`]],
    ["a tag named main", facts(protectedEnv("prod"), [{ name: "main", type: "tag" }]), [`${label} accepts deployments from "main" (tag): ${fix}`]],
    ["no branch policy at all", facts(protectedEnv("prod"), []), [`${label} accepts deployments from no branch at all: ${fix}`]],
    ["a policy listed without its type (older API): a branch", facts(protectedEnv("prod"), [{ name: "main" }]), []],
    ["self-review allowed", facts({ ...protectedEnv("prod"), protection_rules: reviewers(false) }), [
      `${label} lets the person who started a deploy (who merged the change) approve it: turn on "Prevent self-review" (prevent_self_review), so a second person reads every plan`,
    ]],
    ["self-review not reported", facts({ ...protectedEnv("prod"), protection_rules: reviewers(undefined) }), [expect.stringContaining('turn on "Prevent self-review"') as unknown as string]],
    ["administrators may bypass", facts({ ...protectedEnv("prod"), can_admins_bypass: true }), [
      `${label} lets repository administrators bypass its protection rules (can_admins_bypass is true): turn off "Allow administrators to bypass configured protection rules"`,
    ]],
    ["bypass not reported (an API without the field)", facts({ ...protectedEnv("prod"), can_admins_bypass: undefined }), [expect.stringContaining("(can_admins_bypass is undefined)") as unknown as string]],
  ])("GIVEN %s THEN each problem is named", (_name, deploy, expected) => {
    expect(environmentProblems("prod", deploy, { name: "prod-plan" }, "main")).toEqual(expected);
  });

  it("GIVEN a stack whose state is in HCP Terraform THEN <env>-review must exist, main only, without administrator bypass", () => {
    const review = (e: Partial<EnvironmentJson> | undefined, policies: BranchPolicyJson[] | undefined = MAIN) =>
      environmentProblems("prod", facts(protectedEnv("prod")), { name: "prod-plan" }, "main", facts(e && { name: "prod-review", can_admins_bypass: false, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, ...e }, policies));
    expect(review({})).toEqual([]);
    expect(review(undefined)).toEqual([expect.stringMatching(/^prod: the GitHub environment "prod-review" does not exist\. The state is in HCP Terraform: the deploy's plan job runs there, with a token that can read a saved plan's JSON\./)]);
    expect(review({ deployment_branch_policy: null })).toEqual([expect.stringContaining('prod: the GitHub environment "prod-review" accepts deployments from any branch')]);
    expect(review({}, [{ name: "*", type: "branch" }])).toEqual([expect.stringContaining('prod: the GitHub environment "prod-review" accepts deployments from "*"')]);
    expect(review({ can_admins_bypass: true })).toEqual([expect.stringContaining('"prod-review" lets repository administrators bypass')]);
  });

  it("GIVEN no plan environment THEN that is named too", () => {
    expect(environmentProblems("prod", facts(protectedEnv("prod")), undefined, "main")).toEqual(['prod: the GitHub environment "prod-plan" (the read-only identity for plans) does not exist']);
  });

  it("GIVEN the CLI against the API THEN it reads both environments and the branch policies, and refuses the unprotected stacks", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/environments/prod": [200, protectedEnv("prod")],
      "GET /repos/acme/scim/environments/prod-plan": [200, { name: "prod-plan" }],
      "GET /repos/acme/scim/environments/prod/deployment-branch-policies?per_page=100": [200, { total_count: 1, branch_policies: MAIN }],
      "GET /repos/acme/scim/environments/loose": [200, { ...protectedEnv("loose"), deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } }],
      "GET /repos/acme/scim/environments/loose-plan": [200, { name: "loose-plan" }],
      "GET /repos/acme/scim/environments/new-env": [404, { message: "Not Found" }],
      "GET /repos/acme/scim/environments/new-env-plan": [200, { name: "new-env-plan" }],
    });
    await api.start();
    const env = { GITHUB_TOKEN: "tok", GITHUB_REPOSITORY: "acme/scim", GITHUB_API_URL: api.base() };
    try {
      expect(await main(["environments", "--stacks", '["prod"]'], env)).toBe("the GitHub environments of 1 stack(s) are protected");
      await expect(main(["environments", "--stacks", '["prod","new-env"]'], env)).rejects.toThrow(/^refused:\n {2}- new-env: the GitHub environment "new-env" does not exist/);
      await expect(main(["environments", "--stacks", '["loose"]'], env)).rejects.toThrow('loose: the GitHub environment "loose" accepts deployments from every protected branch');
      // A stack in HCP Terraform: <env>-review is read too (404 here).
      await expect(main(["environments", "--stacks", '["prod"]', "--review-stacks", '["prod"]'], env)).rejects.toThrow('prod: the GitHub environment "prod-review" does not exist');
      await expect(main(["environments", "--stacks", '["prod"]', "--review-stacks", "prod"], env)).rejects.toThrow("--review-stacks must be a JSON array of stack names");
      await expect(main(["environments", "--stacks", "prod"], env)).rejects.toThrow("--stacks must be a JSON array of stack names");
    } finally {
      await api.stop();
    }
  });
});


describe("deploy-overlap: did an apply of the stack run while the drift check planned without the lock?", () => {
  const since = new Date("2026-06-01T03:17:00Z");
  const job = (name: string, started: string | null, completed: string | null, conclusion: string | null = "success") => ({ name, status: completed ? "completed" : "in_progress", conclusion, started_at: started, completed_at: completed, html_url: `https://github.example/${name}` });

  it.each<[string, ReturnType<typeof job>[], string | undefined]>([
    ["an apply of the stack still running", [job("apply (prod)", "2026-06-01T03:10:00Z", null, null)], "apply (prod)"],
    ["an apply that ended after the check started", [job("apply (prod)", "2026-06-01T03:10:00Z", "2026-06-01T03:18:00Z")], "apply (prod)"],
    ["a destroy of the stack", [job("destroy (prod)", "2026-06-01T03:20:00Z", null, null)], "destroy (prod)"],
    ["an apply that ended before", [job("apply (prod)", "2026-06-01T02:00:00Z", "2026-06-01T03:16:59Z")], undefined],
    ["an apply of another stack", [job("apply (dev)", "2026-06-01T03:10:00Z", null, null)], undefined],
    ["a plan of the stack (reads only)", [job("plan (prod)", "2026-06-01T03:10:00Z", null, null)], undefined],
    ["an apply waiting for its reviewers (not started)", [job("apply (prod)", null, null, null)], undefined],
    ["a skipped apply", [job("apply (prod)", "2026-06-01T03:20:00Z", "2026-06-01T03:20:00Z", "skipped")], undefined],
  ])("GIVEN %s THEN the overlap is %s", (_name, jobs, expected) => {
    expect(overlappingApply(jobs, "prod", since)?.name).toBe(expected);
  });

  it("GIVEN the CLI against the API THEN it reads the recent runs of deploy and destroy, the jobs of those active since, and writes overlap=", async () => {
    const api = fakeGitHub({
      "GET /repos/acme/scim/actions/workflows/deploy.yml/runs?per_page=30": [200, { workflow_runs: [{ id: 11, status: "completed", updated_at: "2026-05-31T12:00:00Z" }, { id: 12, status: "in_progress", updated_at: "2026-06-01T03:19:00Z" }] }],
      "GET /repos/acme/scim/actions/runs/12/jobs?per_page=100": [200, { jobs: [job("plan (prod)", "2026-06-01T03:05:00Z", "2026-06-01T03:06:00Z"), job("apply (prod)", "2026-06-01T03:15:00Z", null, null)] }],
      "GET /repos/acme/scim/actions/workflows/destroy.yml/runs?per_page=30": [200, { workflow_runs: [] }],
    });
    await api.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "overlap-"));
    const output = path.join(dir, "github-output");
    const env = { GITHUB_TOKEN: "tok", GITHUB_REPOSITORY: "acme/scim", GITHUB_API_URL: api.base(), GITHUB_OUTPUT: output };
    try {
      expect(await main(["deploy-overlap", "--stack", "prod", "--since", since.toISOString()], env)).toBe('"apply (prod)" ran while the check did (https://github.example/apply (prod))');
      expect(await main(["deploy-overlap", "--stack", "dev", "--since", since.toISOString()], env)).toBe("no apply of dev since 2026-06-01T03:17:00.000Z");
      expect(fs.readFileSync(output, "utf8")).toBe("overlap=true\noverlap_url=https://github.example/apply (prod)\noverlap=false\noverlap_url=\n");
      // Run 11 finished before the check: its jobs are not read.
      expect(api.requests.map((r) => r.url)).not.toContain("/repos/acme/scim/actions/runs/11/jobs?per_page=100");
      await expect(main(["deploy-overlap", "--stack", "prod", "--since", "yesterday"], env)).rejects.toThrow("deploy-overlap needs --stack and --since <ISO 8601 time>");
    } finally {
      await api.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
