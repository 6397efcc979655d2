import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main, oktaEnvironmentNames, runbookFor } from "../../scripts/runbook";
import { ENVIRONMENTS_DIR } from "../support/environments";

const ROOT = path.resolve(__dirname, "..", "..");

const base = {
  grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 },
  identityProvider: { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] },
};

describe("npm run runbook", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "runbook-envs-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Outside example-* environments a backend must be chosen explicitly; local is fine here.
  const write = (name: string, content: object) => fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ backend: { kind: "local" }, ...content }));

  it("GIVEN an Okta environment file THEN the runbook carries its org, app label, tenant URL, groups and stack directory", () => {
    write("prod", base);
    const text = runbookFor("prod", dir);
    expect(text).toContain('Okta SCIM runbook for environment "prod"');
    expect(text).toContain("Open https://acme-admin.okta.com/admin/apps/active and select \"Grafana\".");
    expect(text).toContain("SCIM connector base URL:           https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456");
    expect(text).toContain("cd cdktf.out/stacks/prod && terraform output -raw scim_token");
    expect(text).toContain("  - Grafana Users");
  });

  it("GIVEN the config changes THEN the runbook changes with it", () => {
    write("prod", base);
    const before = runbookFor("prod", dir);
    write("prod", {
      ...base,
      grafana: { kind: "self-hosted", url: "https://grafana.example.com" },
      scim: { groupSync: false },
      token: { lifetimeDays: 60 },
      identityProvider: { ...base.identityProvider, orgName: "example", baseUrl: "okta-emea.com", options: { appLabel: "Grafana EU" } },
    });
    const after = runbookFor("prod", dir);
    expect(after).not.toBe(before);
    expect(after).toContain("SCIM connector base URL:           https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default");
    expect(after).toContain('Open https://example-admin.okta-emea.com/admin/apps/active and select "Grafana EU".');
    expect(after).not.toContain("Push Groups");
    expect(after).toContain("Token: it expires 60 days after it is created (token.lifetimeDays).");
    expect(before).not.toContain("Token:");
  });

  it("GIVEN a non-Okta or invalid environment THEN exit 1 with a field-named message", () => {
    write("cloud", { grafana: base.grafana });
    write("bad", { ...base, identityProvider: { ...base.identityProvider, orgName: "https://acme.okta.com" } });
    const out: string[] = [];
    const err: string[] = [];
    process.env.SCIM_ENVIRONMENTS_DIR = dir;
    try {
      expect(main(["cloud"], (t) => out.push(t), (t) => err.push(t))).toBe(1);
      expect(err.join("")).toBe('identityProvider.kind: must be "okta" for an Okta runbook (got no identityProvider)\n');
      err.length = 0;
      expect(main(["bad"], (t) => out.push(t), (t) => err.push(t))).toBe(1);
      expect(err.join("")).toMatch(/bad\.json is not a valid environment:\n {2}- identityProvider\.orgName: expected the org name only/);
      expect(out).toEqual([]);
    } finally {
      delete process.env.SCIM_ENVIRONMENTS_DIR;
    }
  });

  it("GIVEN no argument or an unknown environment THEN exit 2 listing the Okta environments", () => {
    write("prod", base);
    write("cloud", { grafana: base.grafana });
    expect(oktaEnvironmentNames(dir)).toEqual(["prod"]);
    const err: string[] = [];
    process.env.SCIM_ENVIRONMENTS_DIR = dir;
    try {
      expect(main([], () => undefined, (t) => err.push(t))).toBe(2);
      expect(err.join("")).toBe("usage: npm run runbook -- <environment>\nOkta environments: prod\n");
      err.length = 0;
      expect(main(["staging"], () => undefined, (t) => err.push(t))).toBe(2);
      expect(err.join("")).toMatch(/^no environment "staging": .*staging\.json does not exist\. Okta environments: prod\n$/);
    } finally {
      delete process.env.SCIM_ENVIRONMENTS_DIR;
    }
  });

  it("GIVEN a path instead of an environment name THEN exit 2 naming the rule, and the file outside the folder is not read", () => {
    write("prod", base);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "runbook-outside-"));
    try {
      fs.writeFileSync(path.join(outside, "other.json"), JSON.stringify({ backend: { kind: "local" }, ...base, identityProvider: { ...base.identityProvider, orgName: "outside" } }));
      const name = path.relative(dir, path.join(outside, "other"));
      expect(() => runbookFor(name, dir)).toThrow(`"${name}" is not an environment name: lowercase letters, digits and hyphens, starting with a letter (the file's name without .json)`);
      const err: string[] = [];
      const out: string[] = [];
      process.env.SCIM_ENVIRONMENTS_DIR = dir;
      try {
        expect(main([name], (t) => out.push(t), (t) => err.push(t))).toBe(2);
      } finally {
        delete process.env.SCIM_ENVIRONMENTS_DIR;
      }
      expect(out).toEqual([]);
      expect(err.join("")).toContain("is not an environment name");
      expect(err.join("")).not.toContain("outside.okta.com");
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("GIVEN an argument holding a credential or control characters THEN the message masks and escapes it", () => {
    const token = "glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_1a2b3c4d";
    const err: string[] = [];
    process.env.SCIM_ENVIRONMENTS_DIR = dir;
    try {
      expect(main([`prod ${token}`], () => undefined, (t) => err.push(t))).toBe(2);
      expect(main(["prod\u001b[31mred\u202e"], () => undefined, (t) => err.push(t))).toBe(2);
    } finally {
      delete process.env.SCIM_ENVIRONMENTS_DIR;
    }
    const text = err.join("");
    expect(text).not.toContain(token);
    expect(text).toContain("is not an environment name");
    expect(text).toContain("\\u001b[31mred\\u202e");
    expect(text).not.toMatch(/[\u001b\u202e]/);
  });

  it("GIVEN SCIM_ENVIRONMENTS_DIR set but empty THEN the project's environments folder is read, as the app reads it", () => {
    const before = process.env.SCIM_ENVIRONMENTS_DIR;
    process.env.SCIM_ENVIRONMENTS_DIR = "";
    try {
      const err: string[] = [];
      expect(main([], () => undefined, (t) => err.push(t))).toBe(2);
      expect(err.join("")).toBe(`usage: npm run runbook -- <environment>\nOkta environments: ${oktaEnvironmentNames(ENVIRONMENTS_DIR).join(", ")}\n`);
      expect(oktaEnvironmentNames(ENVIRONMENTS_DIR)).toContain("example-okta");
    } finally {
      if (before === undefined) delete process.env.SCIM_ENVIRONMENTS_DIR;
      else process.env.SCIM_ENVIRONMENTS_DIR = before;
    }
  });

  it("GIVEN a named pipe, a folder and a symbolic link named *.json beside an Okta environment WHEN run without an environment THEN it lists the Okta environment and exits 2 at once (nothing but regular files is opened)", () => {
    write("prod", base);
    // No mkfifo in Node: the coreutils command makes it (the test fails loudly without it).
    expect(spawnSync("mkfifo", [path.join(dir, "pipe.json")]).status).toBe(0);
    fs.mkdirSync(path.join(dir, "folder.json"));
    fs.symlinkSync(path.join(dir, "prod.json"), path.join(dir, "link.json"));
    // In a child process: opening the pipe would block a thread forever, and jest cannot time out synchronous code.
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/runbook.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 10_000,
      env: { ...process.env, SCIM_ENVIRONMENTS_DIR: dir },
    });
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe("usage: npm run runbook -- <environment>\nOkta environments: prod\n");
    expect(run.status).toBe(2);
  });

  it("GIVEN the shipped example WHEN run as npm runs it THEN it prints that file's values, exit 0, and never a credential", () => {
    const example = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-okta.json"), "utf8"));
    // Set, so that a runbook that one day reads the environment cannot print them unnoticed.
    const canaries = { OKTA_API_TOKEN: "00canary-okta-api-token-value-0000000000001", GRAFANA_AUTH: "glsa_canary_runbook_0001" };
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/runbook.ts", "example-okta"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...canaries, SCIM_ENVIRONMENTS_DIR: ENVIRONMENTS_DIR },
    });
    for (const canary of Object.values(canaries)) expect(run.stdout).not.toContain(canary);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // Values read from the example file here, not from the runbook's own code.
    const { stackSlug, stackId } = example.grafana;
    const { orgName, baseUrl, options, groups } = example.identityProvider;
    expect(run.stdout).toContain(`https://${stackSlug}.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-${stackId}`);
    expect(run.stdout).toContain(`Open https://${orgName}-admin.${baseUrl}/admin/apps/active and select "${options.appLabel}".`);
    for (const group of groups.filter((g: { name?: string }) => g.name)) expect(run.stdout).toContain(`  - ${group.name}`);
    expect(run.stdout).toContain(`${example.token.lifetimeDays} days`);
    expect(run.stdout).toContain("cd cdktf.out/stacks/example-okta && terraform output -raw scim_token");
  });

  it("is wired as the npm script", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.runbook).toBe("tsx scripts/runbook.ts");
  });
});
