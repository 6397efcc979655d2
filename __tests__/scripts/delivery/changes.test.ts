/**
 * Deploys run in commit order: `delivery superseded` (the bundle the apply job runs) on a real
 * temporary git repository, where main moves on after the commit being deployed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changedFiles, stacksToDeploy, supersededBy } from "../../../scripts/delivery/changes";
import { DELIVERY_BUNDLE } from "../../../scripts/build-delivery";

describe("superseded: never apply an older commit over a newer one", () => {
  let dir: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd: dir, encoding: "utf8" }).trim();
  const commit = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
    git("add", "-A");
    git("commit", "-qm", `change ${file}`);
    return git("rev-parse", "HEAD");
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "superseded-"));
    git("init", "-q");
    commit("environments/prod.json", "{}");
    commit("environments/dev.json", "{}");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN the commit is the tip of main THEN it is not superseded", () => {
    expect(supersededBy("prod", git("rev-parse", "HEAD"), "main", dir)).toEqual({ superseded: false });
  });

  it("GIVEN main moved on with changes to another stack or to docs only THEN this commit is still the newest for the stack", () => {
    const deploying = commit("environments/prod.json", '{"v":1}');
    commit("environments/dev.json", '{"v":2}');
    commit("docs/x.md", "docs");
    expect(supersededBy("prod", deploying, "main", dir)).toEqual({ superseded: false });
  });

  it("GIVEN main moved on with a change to the stack (its file, or shared code) THEN it is superseded, and the reason says by how much", () => {
    const deploying = commit("environments/prod.json", '{"v":1}');
    commit("environments/prod.json", '{"v":2}');
    const head = git("rev-parse", "HEAD");
    expect(supersededBy("prod", deploying, "main", dir)).toEqual({
      superseded: true,
      by: head,
      reason: expect.stringMatching(/^main is 1 commit\(s\) ahead of [0-9a-f]{12} \(now [0-9a-f]{12}\) with changes to prod\./),
    });
    // It cannot know whether the newer deploy succeeded (it may not have started): no promise, but where to look.
    const { reason } = supersededBy("prod", deploying, "main", dir) as { reason: string };
    expect(reason).toContain(`The deploy of ${head.slice(0, 12)} applies this commit's changes with its own if it succeeds; if it failed, fix or re-run that deploy (re-running this one applies nothing)`);
    expect(reason).not.toContain("applies them, together with this one's");
    const other = commit("environments/dev.json", '{"v":3}');
    commit("stacks/scim-stack.ts", "code");
    expect(supersededBy("dev", other, "main", dir).superseded).toBe(true);
  });

  it("GIVEN app code moved into a folder that affects no stack (git sees a rename) THEN both paths count: the app lost a file", () => {
    const code = Array.from({ length: 40 }, (_, i) => `export const line${i} = ${i};`).join("\n");
    const before = commit("stacks/overrides.ts", code);
    fs.mkdirSync(path.join(dir, "docs"), { recursive: true });
    git("mv", "stacks/overrides.ts", "docs/overrides.ts");
    git("commit", "-qm", "move");
    const after = git("rev-parse", "HEAD");
    expect(changedFiles(before, after, dir).sort()).toEqual(["docs/overrides.ts", "stacks/overrides.ts"]);
    expect(stacksToDeploy(changedFiles(before, after, dir), ["dev", "prod"])).toEqual(["dev", "prod"]);
    expect(supersededBy("prod", before, "main", dir).superseded).toBe(true);
  });

  it("GIVEN a commit that is no longer in main's history (force-push) THEN it is superseded", () => {
    const deploying = commit("environments/prod.json", '{"v":1}');
    git("reset", "-q", "--hard", "HEAD~1");
    commit("environments/prod.json", '{"v":9}');
    expect(supersededBy("prod", deploying, "main", dir)).toEqual({ superseded: true, by: git("rev-parse", "HEAD"), reason: expect.stringContaining("is not in the history of main") });
    expect(supersededBy("prod", "1234567890abcdef1234567890abcdef12345678", "main", dir)).toEqual({ superseded: true, reason: "commit 1234567890abcdef1234567890abcdef12345678 is not in this repository" });
    expect(() => supersededBy("prod", deploying, "origin/main", dir)).toThrow("origin/main is not a commit here: fetch it first");
  });

  it("GIVEN the bundled CLI as the apply job runs it THEN it writes superseded= to GITHUB_OUTPUT and says why", () => {
    const deploying = commit("environments/prod.json", '{"v":1}');
    commit("environments/prod.json", '{"v":2}');
    const output = path.join(dir, "github-output");
    const run = (sha: string) => spawnSync(process.execPath, [DELIVERY_BUNDLE, "superseded", "--stack", "prod", "--commit", sha, "--ref", "main"], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, GITHUB_OUTPUT: output } });
    const old = run(deploying);
    expect(old.status).toBe(0);
    expect(old.stderr).toMatch(new RegExp(`^prod: not applying ${deploying}: main is 1 commit\\(s\\) ahead`));
    const newest = run(git("rev-parse", "HEAD"));
    expect(newest.stderr).toContain("is the newest commit for this stack");
    expect(fs.readFileSync(output, "utf8")).toBe(`superseded=true\nsuperseded_by=${git("rev-parse", "HEAD")}\nsuperseded=false\n`);
  });
});
