/**
 * The permission tables in the docs list what the providers really call: the Okta tables are
 * checked against `constructs/okta/api-permissions.ts`, which is written from okta provider
 * 4.20.0's source.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OKTA_API_CALLS, oktaScopes } from "../../constructs/okta/api-permissions";
import { exampleEnvironments, synthEnvironment } from "../support/environments";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
/** The text of the markdown section that starts with `heading` (up to the next heading of its level or higher). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 6;
  const rest = markdown.slice(start + heading.length);
  const next = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return next < 0 ? rest : rest.slice(0, next);
}

const OKTA_TYPES = [...new Set(OKTA_API_CALLS.map((c) => c.resource))];

describe("Okta permissions", () => {
  it("the table covers every okta resource and data source the example stack uses", () => {
    const okta = exampleEnvironments().find((e) => e.config.identityProvider?.kind === "okta")!;
    const used = synthEnvironment(okta).types().filter((t) => /^(data\.)?okta_/.test(t));
    expect(used.filter((t) => !OKTA_TYPES.includes(t))).toEqual([]);
  });

  it("scopes: a plan needs the reads, an apply the reads, the writes and okta.policies.read", () => {
    expect(oktaScopes("plan", OKTA_TYPES)).toEqual(["okta.apps.read", "okta.groups.read"]);
    expect(oktaScopes("apply", OKTA_TYPES)).toEqual(["okta.apps.manage", "okta.apps.read", "okta.groups.manage", "okta.groups.read", "okta.policies.read"]);
  });

  it("docs/okta.md lists every call with its scope and phase", () => {
    const table = section(read("docs/okta.md"), "## Permissions");
    for (const call of OKTA_API_CALLS) {
      const row = table.split("\n").find((l) => l.startsWith(`| \`${call.resource}\` | \`${call.call}`));
      expect({ call: call.call, row: row !== undefined }).toEqual({ call: call.call, row: true });
      expect(row).toContain(call.scope.startsWith("okta.") ? `\`${call.scope}\`` : call.scope);
      expect(row).toContain(call.phase === "plan" ? "| plan, apply |" : "| apply |");
    }
    expect(table).toContain(`| plan (\`<env>-plan\`) | ${oktaScopes("plan", OKTA_TYPES).map((s) => `\`${s}\``).join(", ")} |`);
    for (const scope of oktaScopes("apply", OKTA_TYPES)) expect(section(table, "| identity | scopes |")).toMatch(new RegExp(`\\| apply .*\`${scope.replace(/\./g, "\\.")}\``));
  });

  it("the default-access-policy lookup is a create-time call: 4.20's update re-PUTs the policy in state (authentication_policy is Optional+Computed)", () => {
    const lookup = OKTA_API_CALLS.find((c) => c.call.startsWith("GET /api/v1/policies"))!;
    expect(lookup.when).toBe("Identity Engine orgs, on create");
    const row = section(read("docs/okta.md"), "## Permissions").split("\n").find((l) => l.includes("`GET /api/v1/policies?type=ACCESS_POLICY`"))!;
    expect(row).toContain("on create");
    expect(row).not.toMatch(/every update/);
    expect(read("docs/permissions.md")).not.toMatch(/creating or updating the SAML app reads/);
  });

  it("docs/permissions.md (the README links it) names every Okta scope for apply and only reads for plan", () => {
    const permissions = read("docs/permissions.md");
    expect(read("README.md")).toContain("(docs/permissions.md)");
    for (const marker of ["**Okta** (every call", "- **Apply**", "- **Plan**", "**State storage**"]) expect(permissions).toContain(marker);
    const okta = permissions.slice(permissions.indexOf("**Okta** (every call"), permissions.indexOf("**State storage**"));
    const apply = okta.slice(okta.indexOf("- **Apply**"), okta.indexOf("- **Plan**"));
    const plan = okta.slice(okta.indexOf("- **Plan**"));
    for (const scope of oktaScopes("apply", OKTA_TYPES)) expect(apply).toContain(`\`${scope}\``);
    for (const scope of oktaScopes("plan", OKTA_TYPES)) expect(plan).toContain(`\`${scope}\``);
    expect(plan).not.toMatch(/manage/);
  });
});
