/**
 * The commands and documentation messages name, by the way the package runs
 * (environment-format/deployment.ts): this repository's npm scripts and docs/, or an installed
 * package's npx commands and its shipped docs. The installed case end to end:
 * __tests__/package/consumer.test.ts (the installed runbook and verify).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { deploymentCommands, deploymentMode, validateEnvironment } from "../../environment-format";
import { deploymentModeOf } from "../../environment-format/deployment";
import { oktaRunbookForEnvironment } from "../../stacks/identity-providers/okta";
import { ENVIRONMENTS_DIR, exampleEnvironments } from "../support/environments";

const ROOT = path.resolve(__dirname, "..", "..");

describe("deploymentMode", () => {
  it("is the repository here, and package for a root inside node_modules", () => {
    expect(deploymentMode()).toBe("repository");
    expect(deploymentModeOf("/work/config/node_modules/grafana-scim-cdktf")).toBe("package");
    expect(deploymentModeOf("/work/grafana-scim-cdktf")).toBe("repository");
  });
});

describe("deploymentCommands", () => {
  it("names this repository's scripts and docs/, or an installed package's npx commands and node_modules docs", () => {
    const repo = deploymentCommands("repository");
    expect([repo.runbook("prod"), repo.diff("prod"), repo.deploy("prod"), repo.documentation("okta.md")]).toEqual([
      "npm run runbook -- prod",
      "npm run diff -- prod",
      "npm run deploy -- prod",
      "docs/okta.md",
    ]);
    const pkg = deploymentCommands("package");
    expect([pkg.runbook("prod"), pkg.diff("prod"), pkg.deploy("prod"), pkg.documentation("okta.md")]).toEqual([
      "npx grafana-scim runbook prod",
      "npx cdktf diff prod",
      "npx cdktf deploy prod",
      "node_modules/grafana-scim-cdktf/docs/okta.md",
    ]);
  });

  it("GIVEN an Okta environment THEN its runbook names the mode's commands and documentation, and no other", () => {
    const okta = exampleEnvironments().find((e) => e.name === "example-okta")!;
    const tenantUrl = "https://example.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-654321";
    const installed = oktaRunbookForEnvironment(okta, tenantUrl, deploymentCommands("package"));
    expect(installed).toContain("npx cdktf deploy example-okta");
    expect(installed).toContain("node_modules/grafana-scim-cdktf/docs/okta.md");
    expect(installed).not.toMatch(/npm run|(?<![\w/-])docs\//);
    const here = oktaRunbookForEnvironment(okta, tenantUrl, deploymentCommands("repository"));
    expect(here).toContain("npm run deploy -- example-okta");
    expect(here).toContain("docs/okta.md");
  });

  it("the format's messages point at documentation that exists here (the package ships docs/ too)", () => {
    const problems = validateEnvironment({ grafana: { kind: "cloud", stackSlug: "a", stackId: 1 }, identityProvider: { kind: "entra", tenantId: "72f988bf-0000-4000-8000-0000000000a1", appDisplayName: "G", preventDestroy: false } }).problems;
    const removed = problems.find((p) => p.field === "identityProvider.preventDestroy")!.problem;
    const page = /\(docs\/([\w.-]+\.md)(#[\w-]+)?\)/.exec(removed);
    expect(page).not.toBeNull();
    expect(fs.existsSync(path.join(ROOT, "docs", page![1]!))).toBe(true);
    expect((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { files: string[] }).files).toContain("docs/**/*.md");
    expect(fs.existsSync(ENVIRONMENTS_DIR)).toBe(true);
  });
});
