/**
 * The package as another team gets it: `npm run build`, then `npm pack`, then the tarball installed
 * into a fresh cdktf app with `npm ci --offline` (from the npm cache that this repository's own
 * `npm ci` filled; see support/offline-install.ts), with constructs at this repository's pin, the
 * newest 10.x. One pack and one install serve every case:
 *
 * - the type-check of the whole repository: `npm run build` (scripts/compile.ts, what `npm pack`
 *   runs as prepack) runs TypeScript 7's tsc on every file (tsconfig.json: library, scripts,
 *   tests) and, beside it, on the package build (tsconfig.build.json, its own types ["node"]),
 *   which writes a clean lib/; any type or declaration error fails this suite with tsc's
 *   messages. The suite runs it itself, with `--api-docs` (as `npm run docs:api`: TypeDoc once
 *   both are clean), and packs and installs lib/ as soon as the build has written it, while the
 *   rest is checked, without running the build a second time;
 * - docs/api is what `npm run docs:api` generates;
 * - the tarball ships what the package needs and nothing else;
 * - one copy each of constructs, cdktf and the provider packages (`instanceof` and the types of
 *   the constructs' props break with two), and `npm ls` finds no problem;
 * - library: an app of its own (consumer-app/main.ts, plus the README's snippet) compiles with a
 *   strict tsconfig and no skipLibCheck, and synthesizes. Its compiler is TypeScript 5.9
 *   (devDependency `typescript-5`, npm:typescript@5.9.3, what the package was compiled with before
 *   TypeScript 7 and what many consuming apps still run), and the same app is checked by
 *   TypeScript 7 (`typescript-native`, the compiler that emitted the declarations) too: the
 *   declarations type-check under the oldest and the newest compiler this repository has;
 *   then again with constructs at the lowest version the peer range claims;
 * - environments only: the installed `grafana-scim` bin synthesizes a folder of environment files
 *   to the same stacks as this repository's app, as the cdktf.json app command too, and refuses a
 *   bad file with a field-named message; its `verify` and `migration-check` answer `--help`, and
 *   `verify` loads its clients and reads a stack's (missing) state.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COMMANDS } from "../../cli/grafana-scim";
import { synthEnvironments } from "../../main";
import { listFiles } from "../../scripts/bindings-lib";
import { runbookFor } from "../../scripts/runbook";
import { installedPackages, lockSubset, moduleReferences, packageOf, type LockEntry, type Lockfile } from "../support/offline-install";
import { ENVIRONMENTS_DIR } from "../support/environments";

const ROOT = path.resolve(__dirname, "..", "..");
/** The consumer app's compiler, by path: TypeScript 5.9 (npm:typescript@5.9.3), as consuming apps made before TypeScript 7 run it. */
const TSC = path.join(ROOT, "node_modules", "typescript-5", "bin", "tsc");
/** TypeScript 7, the build's compiler, by path: the consumer app is also checked by it (`--noEmit`). */
const TSC_NATIVE = path.join(ROOT, "node_modules", "typescript-native", "bin", "tsc");
const FIXTURE = path.join(__dirname, "consumer-app");
const README_MARKER = "<!-- type-checked by __tests__/package/consumer.test.ts -->";
/** `npm run build`'s command (package.json), which `npm pack` runs as prepack. */
const BUILD = ["--import", "tsx", "scripts/compile.ts", "--emit"];

interface PackageJson {
  name: string;
  scripts: Record<string, string>;
  version: string;
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
const repoLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
/** Packages whose second copy breaks a consumer: `instanceof` checks and class types in props. */
const SINGLETONS = ["constructs", "cdktf", ...Object.keys(manifest.dependencies).filter((d) => d.startsWith("@cdktf/provider-"))];
/** The lowest constructs the peer range claims, and where the repository's lock has it (the cdktf CLI's copy). */
const CONSTRUCTS_FLOOR = manifest.peerDependencies.constructs!.replace(/^\^/, "");

/** The environment for child npm/node processes: none of the npm_* variables of the `npm test` that runs jest (npm_config_local_prefix would point npm at this repository). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(?!config_(cache|userconfig|globalconfig|registry)$)/i.test(k) && k !== "INIT_CWD"));
  return { ...env, CHECKPOINT_DISABLE: "1", NO_UPDATE_NOTIFIER: "1", ...extra };
}

/** Runs a command; fails with its output when it exits non-zero. */
function run(command: string, args: readonly string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: "utf8", env: childEnv(), maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return { stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The `ts` block after the README's marker. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const at = readme.indexOf(README_MARKER);
  const block = at === -1 ? null : /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`README.md has no \`\`\`ts block after ${README_MARKER}`);
  return block[1]!;
}

let work: string;
let apiDocs: string;
let app: string;
let tarballFiles: string[];
let installed: string;

/** The consumer's package.json and lock file, with `constructs` at `constructsAt` (a lock path of this repository). */
function writeConsumerManifests(tarball: string, constructsAt: string): void {
  const constructs = repoLock.packages[constructsAt]!;
  const dependencies = { "grafana-scim-cdktf": `file:${tarball}`, cdktf: manifest.devDependencies.cdktf!, constructs: constructs.version! };
  const self: LockEntry = {
    version: manifest.version,
    resolved: `file:${tarball}`,
    dependencies: manifest.dependencies,
    peerDependencies: manifest.peerDependencies,
    bin: manifest.bin,
  };
  const subset = lockSubset(repoLock, [
    { location: "", needs: ["cdktf", "constructs"] },
    { location: "node_modules/grafana-scim-cdktf", needs: [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)] },
  ]);
  const { dev: _dev, ...constructsEntry } = constructs;
  const packages = { "": { name: "consumer-app", version: "1.0.0", dependencies }, "node_modules/grafana-scim-cdktf": self, ...subset, "node_modules/constructs": constructsEntry };
  fs.writeFileSync(path.join(app, "package.json"), `${JSON.stringify({ name: "consumer-app", version: "1.0.0", private: true, dependencies }, null, 2)}\n`);
  fs.writeFileSync(path.join(app, "package-lock.json"), `${JSON.stringify({ name: "consumer-app", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

function npmInstall(command: "ci" | "install"): void {
  try {
    run("npm", [command, "--offline", "--no-audit", "--no-fund"], { cwd: app });
  } catch (error) {
    const message = (error as Error).message;
    const hint = message.includes("ENOTCACHED")
      ? "It installs from the npm cache that `npm ci` of this repository fills: run `npm ci` first (the CI does)."
      : "npm refused the packed package's dependencies as this repository's package-lock.json has them.";
    throw new Error(`the offline install of the packed package failed. ${hint}\n${message}`);
  }
}

/** tsc on the consumer app with its strict tsconfig (and `extra` options); fails with tsc's messages. */
function typecheck(extra: readonly string[] = [], compiler: string = TSC): void {
  run(process.execPath, [compiler, "-p", app, ...extra], { cwd: app });
}

/** Runs the compiled consumer app as `cdktf synth` would; returns its platform stack. */
function synthConsumer(): {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output: Record<string, { value: unknown; sensitive?: boolean }>;
  terraform: { required_providers: Record<string, unknown>; required_version?: string };
} {
  const outdir = path.join(work, `consumer-out-${Date.now()}`);
  run(process.execPath, ["dist/main.js"], { cwd: app, env: childEnv({ CDKTF_OUTDIR: outdir }) });
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8"));
}

/**
 * npm run build's command with the API reference (`--api-docs`) in the background: `emitted`
 * resolves true once lib/ is written (the rest of the repository is type-checked after it), false
 * when the build ended without writing it; `done` with the exit status and output.
 */
function startBuild(apiDocsDir: string): { emitted: Promise<boolean>; done: Promise<{ status: number | null; output: string }> } {
  const child = spawn(process.execPath, [...BUILD, "--api-docs", apiDocsDir, "--report-emitted"], { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let reportEmitted: (written: boolean) => void = () => {};
  const emitted = new Promise<boolean>((resolve) => (reportEmitted = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("emitted\n")) reportEmitted(true);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ status: number | null; output: string }>((resolve) => child.on("close", (status) => resolve({ status, output: `${stdout.replace(/^emitted\n/, "")}${stderr}` })));
  return { emitted: Promise.race([emitted, done.then(() => false)]), done };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-scim-consumer-"));
  app = path.join(work, "app");
  fs.mkdirSync(app);
  // npm run build (the type-check of every file, and a clean lib/) and the API reference. Once lib/
  // is written without errors, the pack and the install below run while the rest (the check of
  // every file, TypeDoc) goes on; its result is awaited at the end.
  apiDocs = path.join(work, "api");
  const build = startBuild(apiDocs);
  const failed = ({ status, output }: { status: number | null; output: string }) =>
    new Error(`the type-check, the package build or the API reference failed (npm run build, scripts/compile.ts) with ${status}:\n${output}`);
  try {
    if (!(await build.emitted)) throw failed(await build.done);
    // Its prepack is that build (checked below): not twice.
    const pack = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: ROOT }).stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarballFiles = pack[0]!.files.map((f) => f.path).sort();
    writeConsumerManifests(path.join(work, pack[0]!.filename), "node_modules/constructs");
    npmInstall("ci");
  } finally {
    const result = await build.done;
    if (result.status !== 0 || result.output !== "") throw failed(result);
  }
  installed = path.join(app, "node_modules", "grafana-scim-cdktf");
  for (const file of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, file), path.join(app, file));
  fs.writeFileSync(path.join(app, "readme-snippet.ts"), readmeSnippet());
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("is built by npm pack's prepack with npm run build, the command this suite ran before it packed", () => {
    const hint = "the suite runs npm run build's command itself, then npm pack --ignore-scripts: keep BUILD in this file the same";
    expect({ hint, prepack: manifest.scripts.prepack, build: manifest.scripts.build }).toEqual({ hint, prepack: "npm run build", build: ["node", ...BUILD].join(" ") });
  });

  it("ships the compiled library, bindings, app, command line and JSON Schema, and no sources, tests or scripts", () => {
    const allowed = (file: string) =>
      /^lib\/.+(\.js|\.d\.ts)$/.test(file) ||
      /^docs\/.+\.md$/.test(file) ||
      ["package.json", "README.md", "CHANGELOG.md", "LICENSE", "environments/environment.schema.json"].includes(file);
    expect(tarballFiles.filter((f) => !allowed(f))).toEqual([]);
    expect(tarballFiles.filter((f) => /(^|\/)__tests__\/|\.test\.|^lib\/scripts\/(?!runbook\.)/.test(f))).toEqual([]);
    // The build removes lib/ first: every shipped file of it comes from a source in today's tree (none left by a renamed or deleted one).
    const hint = "a file of lib/ without its source: the build must start from an empty lib/";
    const stale = tarballFiles.filter((f) => f.startsWith("lib/") && !fs.existsSync(path.join(ROOT, f.replace(/^lib\//, "").replace(/(\.d\.ts|\.js)$/, ".ts"))));
    expect({ hint, stale }).toEqual({ hint, stale: [] });

    const entryPoints = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target))),
      ...Object.values(manifest.bin),
    ].map((p) => path.posix.normalize(p));
    expect(entryPoints.filter((p) => !tarballFiles.includes(p))).toEqual([]);
    // node10 resolution (cdktf's templates) reads main/types, node16 and bundlers read exports: the same files.
    expect(manifest.exports["."]).toEqual({ types: `./${manifest.types}`, default: `./${manifest.main}` });
    expect(tarballFiles).toEqual(
      expect.arrayContaining(["lib/main.js", "lib/cli/grafana-scim.js", "lib/cli/commands/verify.js", "lib/cli/commands/migration-check.js", "lib/verify/verify.js", "lib/.gen/providers/grafana/provider/index.js", "lib/.gen/providers/msgraph/provider/index.d.ts", "CHANGELOG.md"]),
    );
    expect(fs.readFileSync(path.join(installed, manifest.bin["grafana-scim"]!), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);

    // Node (not jest's resolver) resolves the exported subpaths to the installed files, and nothing else of lib/.
    const specifiers = ["grafana-scim-cdktf", "grafana-scim-cdktf/environment.schema.json", "grafana-scim-cdktf/package.json", "grafana-scim-cdktf/lib/main.js"];
    const script = `for (const s of ${JSON.stringify(specifiers)}) { try { console.log(require.resolve(s)); } catch (e) { console.log(e.code); } }`;
    expect(run(process.execPath, ["-e", script], { cwd: app }).stdout.trim().split("\n")).toEqual([
      path.join(installed, manifest.main),
      path.join(installed, "environments", "environment.schema.json"),
      path.join(installed, "package.json"),
      "ERR_PACKAGE_PATH_NOT_EXPORTED",
    ]);
  });

  it("every module a shipped file refers to is shipped, or is a declared dependency, peer dependency or Node built-in", () => {
    const shipped = new Set(tarballFiles);
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const problems: string[] = [];
    for (const file of tarballFiles.filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))) {
      for (const specifier of moduleReferences(file, fs.readFileSync(path.join(installed, file), "utf8"))) {
        if (specifier.startsWith(".")) {
          const base = path.posix.join(path.posix.dirname(file), specifier);
          const candidates = file.endsWith(".d.ts") ? [base, `${base}.d.ts`, `${base}/index.d.ts`] : [base, `${base}.js`, `${base}/index.js`];
          if (!candidates.some((c) => shipped.has(c))) problems.push(`${file}: "${specifier}" is not in the tarball`);
        } else {
          const name = packageOf(specifier);
          if (name !== undefined && !declared.has(name)) problems.push(`${file}: "${specifier}" is not a dependency or peer dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("installs with one copy each of constructs, cdktf and the provider packages, and npm ls finds no problem", () => {
    // The app's own cdktf and constructs serve the package: peer dependencies only, never its own copy.
    expect({ cdktf: manifest.dependencies.cdktf, constructs: manifest.dependencies.constructs }).toEqual({ cdktf: undefined, constructs: undefined });
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(["cdktf", "constructs"]);
    const copies = installedPackages(path.join(app, "node_modules")).filter((p) => SINGLETONS.includes(p.name));
    expect(copies.map((p) => `${path.relative(app, p.dir)}@${p.version}`).sort()).toEqual(
      SINGLETONS.map((name) => `node_modules/${name}@${repoLock.packages[`node_modules/${name}`]!.version}`).sort(),
    );
    // Each of them, and the package itself, resolves constructs and cdktf to that one copy.
    for (const from of ["grafana-scim-cdktf", ...SINGLETONS]) {
      for (const dep of ["constructs", "cdktf"]) {
        expect({ from, dep, resolved: require.resolve(`${dep}/package.json`, { paths: [path.join(app, "node_modules", from)] }) }).toEqual({
          from,
          dep,
          resolved: path.join(app, "node_modules", dep, "package.json"),
        });
      }
    }
    // Missing, invalid or extraneous packages (a peer range the installed version does not meet) make npm ls exit non-zero.
    run("npm", ["ls", "--all"], { cwd: app });
  });
});

/**
 * docs/api/ is the API reference TypeDoc (with typedoc-plugin-markdown, typedoc.json) generates
 * from the doc comments of the public entry, constructs/index.ts. It is committed; beforeAll
 * generated it into a temporary folder as `npm run docs:api` does (scripts/compile.ts: TypeDoc on
 * the program that type-checked everything), and it is compared here. TypeDoc treats its warnings
 * as errors (typedoc.json), so a public type that refers to one the entry does not export, or a
 * broken link, fails the generation and this suite.
 */
describe("docs/api", () => {
  it("is generated with every TypeDoc warning an error, by npm run docs:api", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "typedoc.json"), "utf8")) as { treatWarningsAsErrors?: boolean; entryPoints?: string[] };
    expect(config).toEqual(expect.objectContaining({ treatWarningsAsErrors: true, entryPoints: ["constructs/index.ts"] }));
    expect(manifest.scripts["docs:api"]).toBe(["node", ...BUILD.filter((a) => a !== "--emit"), "--api-docs", "docs/api"].join(" "));
  });

  it("is what npm run docs:api generates from the public entry's doc comments", () => {
    const files = listFiles(apiDocs);
    expect(files).toContain("README.md");
    const stale = "docs/api is not current: run `npm run docs:api` and commit the result";
    const committed = path.join(ROOT, "docs", "api");
    expect({ stale, files: listFiles(committed) }).toEqual({ stale, files });
    for (const file of files) {
      expect({ stale, file, content: fs.readFileSync(path.join(committed, file), "utf8") }).toEqual({ stale, file, content: fs.readFileSync(path.join(apiDocs, file), "utf8") });
    }
  });
});

describe("library: a cdktf app of its own imports the package", () => {
  it("imports only what the app declares (cdktf, constructs, grafana-scim-cdktf): the provider classes come from the package's entry", () => {
    const declared = Object.keys((JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies).sort();
    expect(declared).toEqual(["cdktf", "constructs", "grafana-scim-cdktf"]);
    for (const file of ["main.ts", "readme-snippet.ts"]) {
      const undeclared = moduleReferences(`${file}.d.ts`, fs.readFileSync(path.join(app, file), "utf8")).filter((s) => !declared.includes(packageOf(s) ?? ""));
      expect({ file, undeclared }).toEqual({ file, undeclared: [] });
    }
  });

  it("compiles with a strict tsconfig and no skipLibCheck and synthesizes Grafana, Entra ID and Okta", () => {
    // The app's @ts-expect-error lines need the internals (GrafanaScim.serviceAccount, …) out of the declarations.
    expect(fs.readFileSync(path.join(installed, "lib", "constructs", "grafana", "grafana-scim.d.ts"), "utf8")).not.toMatch(/\b(serviceAccount|token|settings): Scim/);
    typecheck();
    // The same strict compile by TypeScript 7, as an app on the newest compiler runs it.
    typecheck(["--noEmit"], TSC_NATIVE);
    const stack = synthConsumer();
    expect(Object.keys(stack.resource.grafana_scim_config!)).toHaveLength(2);
    expect(stack.resource).toEqual(
      expect.objectContaining({ azuread_synchronization_job: expect.any(Object), msgraph_resource_action: expect.any(Object), okta_app_saml: expect.any(Object) }),
    );
    expect(stack.terraform.required_providers).toEqual(
      expect.objectContaining({ grafana: { source: "grafana/grafana", version: "4.45.1" }, msgraph: { source: "microsoft/msgraph", version: "0.5.0" } }),
    );
    // Through the public API only: a stack id from a variable, SAML settings spread from each
    // identity provider, the runbook pointing at the app's own outputs, the Terraform floor.
    expect(stack.output.cloud_tenant_url!.value).toBe("https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-${var.cloud_stack_id}");
    expect(Object.values(stack.resource.grafana_sso_settings!).map((s) => (s.saml_settings as Record<string, unknown>).role_values_admin)).toEqual([undefined, "grafana-admins"]);
    // Both with Grafana's SP key pair from the app's variables.
    expect(Object.values(stack.resource.grafana_sso_settings!).map((s) => (s.saml_settings as Record<string, unknown>).private_key)).toEqual([
      "${var.cloud-saml-private-key}",
      "${var.self-hosted-saml-private-key}",
    ]);
    expect(String(stack.output.okta_runbook!.value)).toContain("terraform output -raw self_hosted_scim_token");
    expect(String(stack.output.okta_runbook!.value)).not.toMatch(/npm run|docs\/okta\.md/);
    expect(stack.output.self_hosted_scim_token!.sensitive).toBe(true);
    expect(stack.terraform.required_version).toBe(">= 1.7");
  });
});

describe("environments only: the installed grafana-scim command", () => {
  const bin = () => path.join(app, "node_modules", ".bin", "grafana-scim");

  it("synthesizes a folder of environment files to the stacks this repository's app makes of them", () => {
    const config = path.join(work, "config-repo");
    fs.mkdirSync(path.join(config, "environments"), { recursive: true });
    for (const file of fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => !f.endsWith(".schema.json"))) {
      const document = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, file), "utf8")) as Record<string, unknown>;
      // Editors find the JSON Schema in the installed package.
      document.$schema = "../node_modules/grafana-scim-cdktf/environments/environment.schema.json";
      fs.writeFileSync(path.join(config, "environments", file), JSON.stringify(document, null, 2));
    }
    fs.symlinkSync(path.join(app, "node_modules"), path.join(config, "node_modules"));
    expect(fs.existsSync(path.join(config, "node_modules", "grafana-scim-cdktf", "environments", "environment.schema.json"))).toBe(true);

    const synth = run(bin(), ["synth"], { cwd: config });
    const names = fs.readdirSync(path.join(config, "environments")).map((f) => path.basename(f, ".json")).sort();
    expect(synth.stdout).toBe(`${names.length} stacks in cdktf.out/stacks: ${names.join(", ")}\n`);

    const expected = path.join(work, "expected-out");
    // As an installed package: its commands and documentation (npx grafana-scim, npx cdktf, node_modules/…/docs).
    synthEnvironments({ environmentsDir: path.join(config, "environments"), outdir: expected, deploymentMode: "package" });
    const files = listFiles(expected);
    expect(listFiles(path.join(config, "cdktf.out"))).toEqual(files);
    for (const file of files) {
      expect({ file, content: fs.readFileSync(path.join(config, "cdktf.out", file), "utf8") }).toEqual({ file, content: fs.readFileSync(path.join(expected, file), "utf8") });
    }

    // cdktf diff/deploy: cdktf.json's app command, run as the cdktf CLI runs it (shell, CDKTF_OUTDIR).
    fs.writeFileSync(path.join(config, "cdktf.json"), JSON.stringify({ language: "typescript", app: "npx grafana-scim app" }));
    const viaCdktf = path.join(work, "cdktf-app-out");
    const appCommand = (JSON.parse(fs.readFileSync(path.join(config, "cdktf.json"), "utf8")) as { app: string }).app;
    run(appCommand, [], { cwd: config, shell: true, env: childEnv({ CDKTF_OUTDIR: viaCdktf, npm_config_offline: "true" }) });
    expect(listFiles(viaCdktf)).toEqual(files);

    // The Okta runbook, from the installed package: it names the configuration repository's commands
    // and the package's documentation where it is installed, never this repository's scripts or docs/.
    const runbook = run(bin(), ["runbook", "example-okta"], { cwd: config }).stdout;
    expect(runbook).toBe(`${runbookFor("example-okta", path.join(config, "environments"), "package")}\n`);
    expect(runbook).toContain("npx cdktf deploy example-okta");
    expect(runbook).not.toMatch(/npm run|(?<![\w/-])docs\//);
    const documents = [...runbook.matchAll(/node_modules\/grafana-scim-cdktf\/docs\/[\w.-]+\.md/g)].map((m) => m[0]);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) expect({ document, exists: fs.existsSync(path.join(config, document)) }).toEqual({ document, exists: true });
    // Nor does any stack the installed command synthesized.
    for (const file of files) expect({ file, npmRun: /npm run/.test(fs.readFileSync(path.join(config, "cdktf.out", file), "utf8")) }).toEqual({ file, npmRun: false });

    // After deploy: verify and migration-check, from the installed package. The run loads verify's
    // clients (@azure/identity, the Graph client, Okta's SDK) from the tarball's dependencies and
    // reads the stack's state with the real Terraform CLI; nothing is deployed, so it stops there
    // with what to do.
    for (const name of ["verify", "migration-check"]) expect(run(bin(), [name, "--help"], { cwd: config }).stdout).toBe(`${COMMANDS[name]!.usage}\n`);
    const verify = spawnSync(bin(), ["verify", "example-entra", "--json"], { cwd: config, encoding: "utf8", env: childEnv() });
    expect({ status: verify.status, stdout: verify.stdout, stderr: verify.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr:
        'cannot read the deployed stack\'s outputs: the state of "example-entra" has no outputs: the stack is not deployed (or the backend points elsewhere)\nfix: deploy it first: npx cdktf deploy example-entra\n',
    });
  });

  it("GIVEN a bad environment file THEN exits 1 naming the file and field, and writes nothing", () => {
    const config = path.join(work, "bad-config");
    fs.mkdirSync(path.join(config, "envs"), { recursive: true });
    fs.writeFileSync(path.join(config, "envs", "prod.json"), JSON.stringify({ grafana: { kind: "cloud", stackSlug: "acme", stackId: "123" }, backend: { kind: "local" } }));
    const result = spawnSync(bin(), ["synth", "--environments", "envs"], { cwd: config, encoding: "utf8", env: childEnv() });
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({
      status: 1,
      stderr: `envs/prod.json is not a valid environment:\n  - grafana.stackId: expected number, got "123"\n`,
      stdout: "",
    });
    expect(fs.existsSync(path.join(config, "cdktf.out"))).toBe(false);
  });
});

// Last: it reinstalls constructs in the consumer app.
describe("the peer range's floor", () => {
  it(`compiles and synthesizes the same with constructs ${CONSTRUCTS_FLOOR}, the lowest version of the peer range`, () => {
    const floor = Object.keys(repoLock.packages).find((p) => p.endsWith("node_modules/constructs") && repoLock.packages[p]!.version === CONSTRUCTS_FLOOR);
    if (floor === undefined) throw new Error(`package-lock.json has no constructs ${CONSTRUCTS_FLOOR} (the cdktf CLI's copy) to install offline`);
    if (!fs.existsSync(path.join(app, "dist", "main.js"))) typecheck();
    const newest = synthConsumer();
    writeConsumerManifests(path.join(work, fs.readdirSync(work).find((f) => f.endsWith(".tgz"))!), floor);
    npmInstall("install");
    expect(JSON.parse(fs.readFileSync(path.join(app, "node_modules", "constructs", "package.json"), "utf8")).version).toBe(CONSTRUCTS_FLOOR);
    run("npm", ["ls", "--all"], { cwd: app });
    typecheck();
    expect(synthConsumer()).toEqual(newest);
  });
});
