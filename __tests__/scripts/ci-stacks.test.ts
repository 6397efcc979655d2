import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isNullSha, main, stackNames, stacksToDeploy, type CdktfManifest } from "../../scripts/ci-stacks";

const manifest: CdktfManifest = {
  stacks: {
    prod: { name: "prod", workingDirectory: "stacks/prod" },
    "example-cloud": { name: "example-cloud", workingDirectory: "stacks/example-cloud" },
    dev: { name: "dev", workingDirectory: "stacks/dev" },
  },
};
const STACKS = ["dev", "prod"];

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
    ["docs, tests, other workflows and tooling only", ["docs/delivery.md", "README.md", "__tests__/x.test.ts", ".github/workflows/plan.yml", "scripts/delivery/summary.ts", "environments/environment.schema.json"], []],
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

describe("CLI", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-stacks-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN `all` THEN it prints and outputs the matrix", () => {
    const file = path.join(dir, "manifest.json");
    fs.writeFileSync(file, JSON.stringify(manifest));
    const out = path.join(dir, "out");
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(main(["all", "--manifest", file], { GITHUB_OUTPUT: out })).toEqual(["dev", "prod"]);
    } finally {
      log.mockRestore();
    }
    expect(fs.readFileSync(out, "utf8")).toBe('stacks=["dev","prod"]\n');
  });

  it("GIVEN `changed` in a git repository THEN it diffs the two commits, and selects everything without a known base", () => {
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" }).trim();
    git("init", "-q");
    fs.mkdirSync(path.join(dir, "environments"));
    fs.writeFileSync(path.join(dir, "environments", "prod.json"), "{}");
    git("add", ".");
    git("commit", "-qm", "one");
    const base = git("rev-parse", "HEAD");
    fs.writeFileSync(path.join(dir, "environments", "prod.json"), '{"x":1}');
    git("commit", "-qam", "two");
    const file = path.join(dir, "manifest.json");
    fs.writeFileSync(file, JSON.stringify(manifest));
    const cwd = process.cwd();
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      process.chdir(dir);
      expect(main(["changed", "--base", base, "--head", "HEAD", "--manifest", file], {})).toEqual(["prod"]);
      const warn = jest.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        expect(main(["changed", "--base", "0".repeat(40), "--head", "HEAD", "--manifest", file], {})).toEqual(["dev", "prod"]);
        // A force-push: the old head is not in the repository.
        expect(main(["changed", "--base", "1234567890abcdef1234567890abcdef12345678", "--head", "HEAD", "--manifest", file], {})).toEqual(["dev", "prod"]);
        expect(warn).toHaveBeenCalledWith(expect.stringContaining("no base commit to compare with"));
      } finally {
        warn.mockRestore();
      }
    } finally {
      process.chdir(cwd);
      log.mockRestore();
    }
  });

  it("GIVEN no manifest THEN it says to synthesize first", () => {
    expect(() => main(["all", "--manifest", path.join(dir, "none.json")], {})).toThrow(/not found: run `npm run synth` first/);
  });
});

describe("CLI: one stack (workflow_dispatch)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-stacks-"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN a stack in the manifest THEN it is the matrix; GIVEN another or an example THEN it is refused with the list", () => {
    const file = path.join(dir, "manifest.json");
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(main(["one", "--stack", "prod", "--manifest", file], {})).toEqual(["prod"]);
      expect(() => main(["one", "--stack", "staging", "--manifest", file], {})).toThrow('no deployable stack "staging"; the stacks are: dev, prod');
      expect(() => main(["one", "--stack", "example-cloud", "--manifest", file], {})).toThrow(/no deployable stack "example-cloud"/);
    } finally {
      log.mockRestore();
    }
  });
});
