/**
 * scripts/ci-stacks.ts: the matrix of each workflow, the refusal of state kept on the runner, and
 * what renames and deletions of environment files mean, on real temporary git repositories.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ciBackendProblem,
  environmentChangeFindings,
  environmentFileChanges,
  gitRepositoryView,
  isNullSha,
  main,
  parseNameStatus,
  stackNames,
  stacksToDeploy,
  synthesizedStateLocation,
  type CdktfManifest,
} from "../../scripts/ci-stacks";

const manifest: CdktfManifest = {
  stacks: {
    prod: { name: "prod", workingDirectory: "stacks/prod" },
    "example-cloud": { name: "example-cloud", workingDirectory: "stacks/example-cloud" },
    dev: { name: "dev", workingDirectory: "stacks/dev" },
  },
};
const STACKS = ["dev", "prod"];
const S3 = { kind: "s3", bucket: "acme-tf", region: "eu-west-1" };
const grafana = { kind: "cloud", stackSlug: "acme", stackId: 123456 };

/** A temporary git repository. */
class Repo {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-stacks-git-"));
  git(...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd: this.dir, encoding: "utf8" }).trim();
  }
  write(file: string, content: unknown): void {
    fs.mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, file), typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  commit(message: string): string {
    this.git("add", "-A");
    this.git("commit", "-qm", message);
    return this.git("rev-parse", "HEAD");
  }
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A synthesized `terraform` block: `backend` as given (an s3 backend gets the stack's default key unless it names one), `cloud` at its own place. */
function terraformBlock(name: string, backend: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!backend) return {};
  if ("cloud" in backend) return { cloud: backend.cloud };
  if ("s3" in backend) return { backend: { s3: { key: `grafana-scim/${name}.tfstate`, ...(backend.s3 as object) } } };
  return { backend };
}

/** Synthesized output with the given backend per stack (`undefined`: none, i.e. local). */
function synthesized(dir: string, backends: Record<string, Record<string, unknown> | undefined>): string {
  const stacks: Record<string, { name: string; workingDirectory: string; synthesizedStackPath: string }> = {};
  for (const [name, backend] of Object.entries(backends)) {
    stacks[name] = { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
    fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"), JSON.stringify({ terraform: terraformBlock(name, backend) }));
  }
  fs.writeFileSync(path.join(dir, "cdktf.out", "manifest.json"), JSON.stringify({ stacks }));
  return path.join(dir, "cdktf.out", "manifest.json");
}

const quietLog = () => undefined;
const silenced = <T>(fn: () => T): T => {
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    log.mockRestore();
  }
};

describe("stackNames", () => {
  it("GIVEN a manifest THEN the stacks are sorted and examples left out unless asked for", () => {
    expect(stackNames(manifest)).toEqual(["dev", "prod"]);
    expect(stackNames(manifest, true)).toEqual(["dev", "example-cloud", "prod"]);
  });
});

describe("stacksToDeploy", () => {
  it.each<[string, string[], string[]]>([
    ["one environment file", ["environments/prod.json"], ["prod"]],
    ["two environment files", ["environments/dev.json", "environments/prod.json"], ["dev", "prod"]],
    ["a deleted or unknown environment", ["environments/old.json"], []],
    ["shared code", ["stacks/scim-stack.ts"], ["dev", "prod"]],
    ["a construct and an environment", ["environments/prod.json", "constructs/grafana/scim-token.ts"], ["dev", "prod"]],
    ["the lock file", ["package-lock.json"], ["dev", "prod"]],
    ["the deploy workflow", [".github/workflows/deploy.yml"], ["dev", "prod"]],
    ["a retirement note", ["environments/retired/old.md"], []],
    [
      "docs, tests, other workflows and tooling only",
      ["docs/delivery.md", "README.md", "__tests__/x.test.ts", ".github/workflows/plan.yml", ".github/dependabot.yml", "scripts/delivery/summary.ts", "scripts/ci/delivery.cjs", "environments/environment.schema.json", "LICENSE"],
      [],
    ],
    ["nothing", [], []],
  ])("GIVEN %s changed THEN the stacks it affects deploy", (_name, files, expected) => {
    expect(stacksToDeploy(files, STACKS)).toEqual(expected);
  });

  it("GIVEN a null or missing base THEN isNullSha says there is nothing to compare with", () => {
    expect(isNullSha("0000000000000000000000000000000000000000")).toBe(true);
    expect(isNullSha(undefined)).toBe(true);
    expect(isNullSha("a1b2c3")).toBe(false);
  });
});

describe("CLI: matrices", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-stacks-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN `all` THEN it prints and outputs the matrix, and which of its stacks keep state in HCP Terraform", () => {
    const file = synthesized(dir, { prod: { s3: S3 }, dev: { azurerm: {} }, staging: { cloud: { organization: "acme" } }, "example-cloud": undefined });
    const out = path.join(dir, "out");
    expect(silenced(() => main(["all", "--manifest", file], { GITHUB_OUTPUT: out }, quietLog))).toEqual(["dev", "prod", "staging"]);
    expect(fs.readFileSync(out, "utf8")).toBe('stacks=["dev","prod","staging"]\ncloud=["staging"]\n');
    fs.writeFileSync(out, "");
    expect(silenced(() => main(["one", "--stack", "prod", "--manifest", file], { GITHUB_OUTPUT: out }, quietLog))).toEqual(["prod"]);
    expect(fs.readFileSync(out, "utf8")).toBe('stacks=["prod"]\ncloud=[]\n');
  });

  it("GIVEN a deployable stack with local state THEN every matrix refuses it and says which backend to configure", () => {
    const file = synthesized(dir, { prod: { local: { path: "x" } }, dev: undefined, staging: { cloud: {} } });
    expect(() => main(["all", "--manifest", file], {}, quietLog)).toThrow(
      /refused:\n {2}- environments\/dev\.json: the state would live on the CI runner \(backend local, the default\) and be lost when the job ends, so every run would start from empty state and create a second copy of everything\. Set "backend" to s3, azurerm or cloud \(docs\/delivery\.md#state-backends\)/,
    );
    expect(() => main(["one", "--stack", "prod", "--manifest", file], {}, quietLog)).toThrow(/environments\/prod\.json: the state would live on the CI runner \(backend "local"\)/);
    expect(ciBackendProblem("staging", { cloud: { organization: "acme" } })).toBeUndefined();
    expect(ciBackendProblem("staging", { backend: { s3: {} } })).toBeUndefined();
  });

  it("GIVEN two stacks on one state THEN every matrix refuses them, also one that selects only the newcomer", () => {
    const shared = { s3: { ...S3, key: "grafana-scim/prod.tfstate" } };
    const file = synthesized(dir, { prod: { s3: S3 }, "prod-eu": shared, dev: { s3: S3 }, a: { cloud: { organization: "acme", workspaces: { name: "w" } } }, b: { cloud: { organization: "acme", workspaces: { name: "w" } } } });
    const expected = [
      'environments/prod.json, environments/prod-eu.json share one state (s3://acme-tf/grafana-scim/prod.tfstate): a deploy of one would plan against the others\' resources and destroy or take them over. Give each environment its own state ("key", or "workspace" for cloud)',
      "environments/a.json, environments/b.json share one state (cloud://app.terraform.io/acme/w)",
    ];
    for (const argv of [["all"], ["one", "--stack", "prod-eu"], ["one", "--stack", "dev"]]) {
      let message = "";
      try {
        silenced(() => main([...argv, "--manifest", file], {}, quietLog));
      } catch (error) {
        message = (error as Error).message;
      }
      for (const text of expected) expect({ argv, message }).toEqual({ argv, message: expect.stringContaining(text) });
    }
    // Local state files resolve from each stack's folder: the same relative path is another file.
    expect(synthesizedStateLocation({ backend: { local: { path: "../../../state/x.tfstate" } } }, "/r/cdktf.out/stacks/x")).toBe("local:///r/state/x.tfstate");
    expect(synthesizedStateLocation(undefined, "/r/cdktf.out/stacks/y")).toBe("local:///r/cdktf.out/stacks/y/terraform.tfstate");
    expect(synthesizedStateLocation({ backend: { azurerm: { storage_account_name: "st", container_name: "c", key: "k" } } }, "/")).toBe("azurerm://st/c/k");
  });

  it("GIVEN `changed` in a git repository THEN it diffs the two commits (or from the merge base), and selects everything without a known base", () => {
    const repo = new Repo();
    try {
      repo.git("init", "-q");
      repo.write("environments/prod.json", {});
      repo.write("environments/dev.json", {});
      const base = repo.commit("one");
      repo.git("checkout", "-qb", "feature");
      repo.write("environments/prod.json", { x: 1 });
      const head = repo.commit("two");
      repo.git("checkout", "-q", "main");
      repo.write("environments/dev.json", { y: 1 });
      const mainHead = repo.commit("main moves on");
      const file = synthesized(repo.dir, { prod: { s3: S3 }, dev: { s3: S3 } });
      const cwd = process.cwd();
      const log: string[] = [];
      try {
        process.chdir(repo.dir);
        expect(silenced(() => main(["changed", "--base", base, "--head", head, "--manifest", file], {}, quietLog))).toEqual(["prod"]);
        // A pull request against a main that moved on: only what the branch changed.
        expect(silenced(() => main(["changed", "--base", mainHead, "--head", head, "--merge-base", "--manifest", file], {}, quietLog))).toEqual(["prod"]);
        expect(silenced(() => main(["changed", "--base", mainHead, "--head", head, "--manifest", file], {}, quietLog))).toEqual(["dev", "prod"]);
        expect(silenced(() => main(["changed", "--base", "0".repeat(40), "--head", "HEAD", "--manifest", file], {}, (l) => log.push(l)))).toEqual(["dev", "prod"]);
        // A force-push: the old head is not in the repository.
        expect(silenced(() => main(["changed", "--base", "1234567890abcdef1234567890abcdef12345678", "--head", "HEAD", "--manifest", file], {}, (l) => log.push(l)))).toEqual(["dev", "prod"]);
        expect(log).toEqual([expect.stringContaining("no base commit to compare with"), expect.stringContaining("no base commit to compare with")]);
      } finally {
        process.chdir(cwd);
      }
    } finally {
      repo.remove();
    }
  });

  it("GIVEN no manifest THEN it says to synthesize first; GIVEN an unknown stack or an example THEN `one` refuses with the list", () => {
    expect(() => main(["all", "--manifest", path.join(dir, "none.json")], {}, quietLog)).toThrow(/not found: run `npm run synth` first/);
    const file = synthesized(dir, { prod: { s3: S3 }, dev: { s3: S3 }, "example-cloud": undefined });
    expect(silenced(() => main(["one", "--stack", "prod", "--manifest", file], {}, quietLog))).toEqual(["prod"]);
    expect(() => main(["one", "--stack", "staging", "--manifest", file], {}, quietLog)).toThrow('no deployable stack "staging"; the stacks are: dev, prod');
    expect(() => main(["one", "--stack", "example-cloud", "--manifest", file], {}, quietLog)).toThrow(/no deployable stack "example-cloud"/);
    expect(() => main(["nope", "--manifest", file], {}, quietLog)).toThrow(/^usage: ci-stacks/);
  });
});

describe("environment-changes: renames and deletions, from a real git diff with rename detection", () => {
  let repo: Repo;
  let base: string;
  beforeEach(() => {
    repo = new Repo();
    repo.git("init", "-q");
    repo.write("environments/prod.json", { description: "Production", grafana, backend: S3 });
    repo.write("environments/local-dev.json", { grafana, backend: { kind: "local" } });
    repo.write("environments/staging.json", { grafana, backend: { kind: "cloud", organization: "acme" } });
    base = repo.commit("environments");
  });
  afterEach(() => repo.remove());
  const findings = () => {
    const head = repo.commit("change");
    return environmentChangeFindings(environmentFileChanges(base, head, repo.dir), gitRepositoryView(base, head, repo.dir));
  };
  const move = (from: string, to: string, content?: unknown) => {
    repo.git("mv", `environments/${from}.json`, `environments/${to}.json`);
    if (content !== undefined) repo.write(`environments/${to}.json`, content);
  };

  it("GIVEN a rename that keeps the default state key THEN it is refused: the new stack would start from empty state; the fix names the key to set", () => {
    move("prod", "prod-eu");
    const { problems } = findings();
    expect(problems).toEqual([
      "environments/prod.json → environments/prod-eu.json: a renamed environment is a new stack, prod-eu, with its own state (s3://acme-tf/grafana-scim/prod-eu.tfstate), which is empty. " +
        "Its first deploy would create a second identity-provider app and Grafana service account next to the ones prod manages (s3://acme-tf/grafana-scim/prod.tfstate), and those would stay live but unmanaged and unwatched. " +
        'To rename safely keep the old state: in environments/prod-eu.json, set "key": "grafana-scim/prod.tfstate" in its backend section. Resource addresses inside a stack do not depend on its name, so the plan then shows no new resources.',
    ]);
  });

  it("GIVEN a rename (with edits) that pins the old state key THEN it passes with a note", () => {
    move("prod", "prod-eu", { description: "Production, EU", grafana, backend: { ...S3, key: "grafana-scim/prod.tfstate" } });
    const result = findings();
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual([
      "environments/prod.json → environments/prod-eu.json: renamed; the stack prod-eu keeps the state of prod (s3://acme-tf/grafana-scim/prod.tfstate), so nothing is created twice. Create the GitHub environments prod-eu and prod-eu-plan.",
    ]);
  });

  it("GIVEN a renamed cloud environment THEN the fix names the workspace; GIVEN a renamed local one THEN it is refused whatever its content", () => {
    move("staging", "stage");
    move("local-dev", "dev");
    const { problems } = findings();
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.startsWith("environments/staging.json"))).toContain('set "workspace": "grafana-scim-staging" in its backend section');
    expect(problems.find((p) => p.startsWith("environments/local-dev.json"))).toContain("point its backend at the state of local-dev (local://state/local-dev.tfstate)");
  });

  it("GIVEN a deleted environment THEN it is refused: destroy first or leave on purpose, and record it in environments/retired/<name>.md", () => {
    repo.git("rm", "-q", "environments/prod.json");
    expect(findings().problems).toEqual([
      "environments/prod.json was deleted: the resources of prod (its identity-provider app, Grafana service account, token and SCIM settings, state s3://acme-tf/grafana-scim/prod.tfstate) stay live, but no deploy or drift check looks at them again. " +
        "Destroy them first: run the destroy workflow for prod while the file still exists (docs/delivery.md#destroying-an-environment). " +
        "Or leave them running on purpose (handed over, managed elsewhere). Either way, add environments/retired/prod.md to this change saying which (with the destroy run's link) and who decided.",
    ]);
  });

  it.each(["environments/retired/prod.json", "environments/prod.json.disabled", "environments/prod.md", "docs/prod.json"])(
    "GIVEN an environment file moved to %s (no longer an environment: the stack disappears) THEN it is refused as the deletion it is",
    (to) => {
      fs.mkdirSync(path.dirname(path.join(repo.dir, to)), { recursive: true });
      repo.git("mv", "environments/prod.json", to);
      expect(findings().problems).toEqual([expect.stringMatching(/^environments\/prod\.json was deleted: the resources of prod .* add environments\/retired\/prod\.md to this change/)]);
    },
  );

  it("GIVEN a deletion with its acknowledgement THEN it passes with a note", () => {
    repo.git("rm", "-q", "environments/prod.json");
    repo.write("environments/retired/prod.md", "Destroyed with the destroy workflow, run 42.\n");
    expect(findings()).toEqual({
      problems: [],
      notes: ["environments/prod.json: deleted; environments/retired/prod.md says why its resources are left as they are. No deploy or drift check looks at prod any more."],
    });
  });

  it("GIVEN edits and a new environment THEN there is nothing to say", () => {
    repo.write("environments/prod.json", { description: "Production (edited)", grafana, backend: S3 });
    repo.write("environments/new.json", { grafana, backend: S3 });
    expect(findings()).toEqual({ problems: [], notes: [] });
  });

  it("GIVEN an edited environment whose backend now points at another state (a new key, another bucket, a workspace) THEN it is refused as a rename is: the stack would start from empty state", () => {
    repo.write("environments/prod.json", { description: "Production", grafana, backend: { ...S3, key: "grafana-scim/prod-v2.tfstate" } });
    repo.write("environments/staging.json", { grafana, backend: { kind: "cloud", organization: "acme", workspace: "staging-new" } });
    const { problems } = findings();
    expect(problems).toEqual([
      "environments/prod.json: its backend now points at another state (s3://acme-tf/grafana-scim/prod-v2.tfstate instead of s3://acme-tf/grafana-scim/prod.tfstate), which is empty unless the state was copied there. " +
        "Its next deploy would create a second identity-provider app and Grafana service account next to the ones the old state manages, and those would stay live but unmanaged and unwatched. " +
        'Keep the old state: set "key": "grafana-scim/prod.tfstate" in its backend section. To move the state on purpose, copy it there first (terraform init -migrate-state) and add environments/state-moves/prod.md to this change saying where it was copied from and who checked.',
      expect.stringMatching(/^environments\/staging\.json: its backend now points at another state \(cloud:\/\/app\.terraform\.io\/acme\/staging-new instead of cloud:\/\/app\.terraform\.io\/acme\/grafana-scim-staging\).* set "workspace": "grafana-scim-staging" in its backend section/),
    ]);
  });

  it("GIVEN a backend change with its acknowledgement added in the same change THEN it passes with a note; GIVEN an old acknowledgement only THEN it is refused", () => {
    repo.write("environments/state-moves/prod.md", "Copied to prod-v2 with terraform init -migrate-state, checked by A.\n");
    base = repo.commit("an earlier move");
    repo.write("environments/prod.json", { description: "Production", grafana, backend: { ...S3, key: "grafana-scim/prod-v3.tfstate" } });
    expect(findings().problems).toEqual([expect.stringMatching(/^environments\/prod\.json: its backend now points at another state/)]);
    repo.write("environments/state-moves/prod.md", "Copied to prod-v3 with terraform init -migrate-state, checked by B.\n");
    expect(findings()).toEqual({
      problems: [],
      notes: [
        "environments/prod.json: its backend now points at another state (s3://acme-tf/grafana-scim/prod-v3.tfstate instead of s3://acme-tf/grafana-scim/prod.tfstate); environments/state-moves/prod.md, changed here, says the state was copied there.",
      ],
    });
  });

  it("GIVEN an edit that points the environment at another Grafana, Entra tenant or Okta org THEN it is refused: the state's objects would be looked up there; GIVEN the same Grafana under another name (a custom domain) THEN it passes", () => {
    const entra = { kind: "entra", tenantId: "72f988bf-0000-4000-8000-0000000000aa", appDisplayName: "Grafana", groups: [{ displayName: "Grafana Users" }] };
    const okta = { kind: "okta", orgName: "acme", baseUrl: "okta.com", groups: [{ name: "Grafana Users" }] };
    repo.write("environments/entra.json", { grafana, backend: S3, identityProvider: entra });
    repo.write("environments/okta.json", { grafana: { kind: "cloud", stackSlug: "acme-okta", stackId: 234567 }, backend: S3, identityProvider: okta });
    base = repo.commit("identity providers");
    repo.write("environments/prod.json", { description: "Production", grafana: { kind: "cloud", stackSlug: "acme-two", stackId: 999999 }, backend: S3 });
    repo.write("environments/entra.json", { grafana, backend: S3, identityProvider: { ...entra, tenantId: "72f988bf-0000-4000-8000-0000000000ab" } });
    repo.write("environments/okta.json", { grafana: { kind: "cloud", stackSlug: "acme-okta", stackId: 234567, url: "https://grafana.acme.example" }, backend: S3, identityProvider: { ...okta, orgName: "acme-new" } });
    const { problems } = findings();
    expect(problems).toEqual([
      expect.stringMatching(/^environments\/entra\.json: it now points at another Entra tenant \(72f988bf-0000-4000-8000-0000000000ab instead of 72f988bf-0000-4000-8000-0000000000aa\)/),
      expect.stringMatching(/^environments\/okta\.json: it now points at another Okta org \(acme-new\.okta\.com instead of acme\.okta\.com\)/),
      "environments/prod.json: it now points at another Grafana (Grafana Cloud stack 999999 instead of Grafana Cloud stack 123456), but its state (s3://acme-tf/grafana-scim/prod.tfstate) holds the objects of the old one. " +
        "Terraform looks them up by id in the new one: those not found are forgotten and created again, the old ones staying live but unmanaged and unwatched, " +
        "and those found are someone else's (Grafana service account ids are small numbers, counted per instance), which the next apply takes over: renamed, set to role None and given the SCIM permissions. " +
        "Give the new target an environment file of its own (a new stack with its own state), and retire this one (docs/delivery.md#destroying-an-environment). " +
        "If this state holds nothing of the old one (never deployed, or its resources removed from the state first), add environments/state-moves/prod.md to this change saying so.",
    ]);
    expect(problems[0]).toContain("Terraform looks them up by id in the new one");
  });

  it("GIVEN a rename that keeps the state but points it at another Grafana THEN it is refused as the edit is; GIVEN its acknowledgement under the new name THEN it passes with the rename's note", () => {
    move("prod", "prod-eu", { description: "Production", grafana: { ...grafana, stackSlug: "acme-eu", stackId: 999999 }, backend: { ...S3, key: "grafana-scim/prod.tfstate" } });
    expect(findings().problems).toEqual([
      expect.stringMatching(
        /^environments\/prod-eu\.json: it now points at another Grafana \(Grafana Cloud stack 999999 instead of Grafana Cloud stack 123456\), but its state \(s3:\/\/acme-tf\/grafana-scim\/prod\.tfstate\) holds the objects of the old one\..* add environments\/state-moves\/prod-eu\.md to this change saying so\.$/,
      ),
    ]);
    repo.write("environments/state-moves/prod-eu.md", "Never deployed: the old stack's resources were removed from the state first, checked by A.\n");
    expect(findings()).toEqual({ problems: [], notes: [expect.stringMatching(/^environments\/prod\.json → environments\/prod-eu\.json: renamed; the stack prod-eu keeps the state of prod/)] });
  });

  it("GIVEN the CLI THEN it fails with the problems and writes a Markdown report", () => {
    repo.git("rm", "-q", "environments/prod.json");
    const head = repo.commit("delete");
    const report = path.join(repo.dir, "report.md");
    const cwd = process.cwd();
    try {
      process.chdir(repo.dir);
      expect(() => main(["environment-changes", "--base", base, "--head", head, "--report", report], {}, quietLog)).toThrow(/^refused:\n {2}- environments\/prod\.json was deleted/);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readFileSync(report, "utf8")).toMatch(/^### Environment files\n\n- :x: environments\/prod\.json was deleted/);
  });
});

describe("parseNameStatus", () => {
  it("GIVEN git's -z output THEN it keeps environment files, with both paths of a rename", () => {
    const output = ["R087", "environments/a.json", "environments/b.json", "M", "README.md", "D", "environments/c.json", "A", "environments/environment.schema.json", ""].join("\0");
    expect(parseNameStatus(output)).toEqual([
      { status: "R", from: "environments/a.json", file: "environments/b.json" },
      { status: "D", file: "environments/c.json" },
    ]);
  });
});
