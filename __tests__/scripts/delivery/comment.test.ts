/** The Markdown a reviewer reads, from real plans. */
import { commentMarker, commentSize, fenced, GITHUB_COMMENT_LIMIT, renderComment, truncateLines } from "../../../scripts/delivery/comment";
import type { CriticalPolicy } from "../../../scripts/delivery/critical";
import { redact, sensitiveValues } from "../../../scripts/delivery/redaction";
import { summarizePlan } from "../../../scripts/delivery/summary";
import { CANARIES, LEAKY_TOKEN, planJson, planText } from "../../support/plans";

const FIXTURE_CRITICAL: CriticalPolicy = { replaceOrDestroy: { terraform_data: { critical: "fixture: treated as critical" } } };

describe("rendering", () => {
  it("GIVEN a stack THEN its marker is an HTML comment naming it", () => {
    expect(commentMarker("prod")).toBe("<!-- grafana-scim-cdktf plan: prod -->");
  });

  it("GIVEN text containing backticks THEN the fence is longer than any run in it", () => {
    expect(fenced("a ``` b")).toBe("````text\na ``` b\n````");
    expect(fenced("plain\n")).toBe("```text\nplain\n```");
  });

  it("GIVEN plan text and a check message with terminal and bidirectional controls (a heredoc value from a console) THEN the comment shows them escaped, as Terraform shows them in quoted strings", () => {
    // Terraform 1.11 prints "\u202e" in a quoted string as the six characters \u202e, but a heredoc line raw (tried).
    const planText = "  ~ description = <<-EOT\n        group: admins\u202e txt.exe \u001b[8mhidden\u001b[0m\n    EOT\n";
    const summary = summarizePlan(planJson("checks"));
    const withMessage = { ...summary, checks: summary.checks.map((c) => ({ ...c, messages: ["mapping drift: user \u202eemanresu\u202c"] })) };
    const comment = renderComment({ stack: "prod", summary: withMessage, planText });
    expect(comment).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(comment).toContain("group: admins\\u202e txt.exe \\x1b[8mhidden\\x1b[0m");
    expect(comment).toContain("mapping drift: user \\\\u202eemanresu\\\\u202c");
  });

  it("GIVEN text over the limit THEN truncateLines keeps whole lines within it", () => {
    expect(truncateLines("aaa\nbbb\nccc", 8)).toEqual({ text: "aaa\nbbb", truncated: true });
    expect(truncateLines("aaa\nbbb", 100)).toEqual({ text: "aaa\nbbb", truncated: false });
    expect(commentSize("é")).toBe(2);
  });


  it("GIVEN the mixed plan with terraform_data critical THEN the comment starts with the marker, warns, lists and shows the redacted plan", () => {
    const plan = planJson("mixed");
    const comment = renderComment({
      stack: "prod",
      summary: summarizePlan(plan, FIXTURE_CRITICAL),
      planText: redact(planText("mixed"), sensitiveValues(plan)),
      logUrl: "https://github.com/acme/scim/actions/runs/1",
    });
    expect(comment.startsWith(`${commentMarker("prod")}\n`)).toBe(true);
    expect(comment).toContain("> [!CAUTION]");
    expect(comment).toContain("> This plan has **changes that break SCIM provisioning or SAML login**:");
    expect(comment).toContain("> - `terraform_data.replaced` (replace): fixture: treated as critical");
    expect(comment).toContain("> - `terraform_data.destroyed` (destroy): fixture: treated as critical");
    expect(comment).toContain("**Plan:** 2 to add, 2 to change, 1 to replace, 2 to destroy.");
    expect(comment).toContain("| `terraform_data.replaced` | **replace** :warning: |");
    expect(comment).toContain("| `terraform_data.updated` | update in place |");
    expect(comment).toContain("Outputs that change: `tenant_url`.");
    expect(comment).toContain("# terraform_data.created will be created");
    expect(comment).not.toContain("Truncated");
    for (const secret of [...CANARIES, LEAKY_TOKEN]) expect(comment).not.toContain(secret);
  });

  it("GIVEN a plan without replaces or destroys of listed types, with the default list THEN there is no caution", () => {
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("update")), planText: planText("update") });
    expect(comment).not.toContain("[!CAUTION]");
  });

  it("GIVEN no changes THEN the comment says so and folds the plan", () => {
    const comment = renderComment({ stack: "dev", summary: summarizePlan(planJson("no-changes")), planText: planText("no-changes") });
    expect(comment).toContain("**No changes.**");
    expect(comment).toContain("<details><summary>Plan</summary>");
  });

  it("GIVEN a plan far over GitHub's limit THEN the comment fits, ends cleanly and links the job log", () => {
    const huge = Array.from({ length: 4000 }, (_, i) => `  # terraform_data.r${i} will be created — é ${"x".repeat(i % 50)}`).join("\n").repeat(2);
    expect(commentSize(huge)).toBeGreaterThan(4 * GITHUB_COMMENT_LIMIT);
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("mixed")), planText: huge, logUrl: "https://github.com/acme/scim/actions/runs/7" });
    expect(commentSize(comment)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(commentSize(comment)).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 1000); // uses the room it has
    expect(comment).toMatch(/\*\*Truncated\*\*: \d+ of \d+ bytes shown\. The \[job log\]\(https:\/\/github\.com\/acme\/scim\/actions\/runs\/7\) has the full plan\./);
    expect(comment.trimEnd().endsWith("</details>")).toBe(true);
    // The fence is closed: an even number of fence lines.
    expect(comment.split("\n").filter((l) => /^```/.test(l))).toHaveLength(2);
  });

  it.each([2000, 5000, 20000])("GIVEN a limit of %i THEN the comment is never larger", (maxSize) => {
    const text = planText("mixed").repeat(100);
    expect(commentSize(renderComment({ stack: "s", summary: summarizePlan(planJson("mixed")), planText: text, maxSize }))).toBeLessThanOrEqual(maxSize);
  });

  it("GIVEN a check message far over GitHub's limit (the mapping drift check quotes the live job's mappings) THEN the comment still fits, with the message cut", () => {
    const summary = summarizePlan(planJson("checks"));
    const huge = { ...summary, checks: summary.checks.map((c) => ({ ...c, messages: [`mappings differ: ${"x".repeat(80_000)}`] })) };
    const comment = renderComment({ stack: "prod", summary: huge, planText: "the plan" });
    expect(commentSize(comment)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain("mappings differ: xxx");
    expect(comment).toContain("… (cut at 2000 characters)");
    expect(comment).toContain("the plan");
  });

  it("GIVEN a failed plan (no summary) THEN the comment says it failed and shows the output", () => {
    const comment = renderComment({ stack: "prod", planText: "Error: Invalid provider configuration", logUrl: "https://example.test/log" });
    expect(comment).toContain("The plan **failed**");
    expect(comment).toContain("Error: Invalid provider configuration");
    expect(comment).toContain("[job log](https://example.test/log)");
  });
});

describe("rendering checks and moves", () => {
  it("GIVEN a failing check THEN a warning lists it with its message, escaped so it cannot inject Markdown", () => {
    const summary = summarizePlan(planJson("checks"));
    const withHostileMessage = { ...summary, checks: [{ ...summary.checks[0]!, messages: ["line one\n  <img src=x> [link](http://x) | `code` @someone"] }] };
    const comment = renderComment({ stack: "prod", summary: withHostileMessage, planText: planText("checks") });
    expect(comment).toContain("> - `check.token_expiry`: line one &lt;img src=x&gt; \\[link\\](http://x) \\| \\`code\\` \\@someone");
    expect(comment).toContain("**No changes.** The infrastructure matches the configuration, but the checks above fail.");
  });

  it("GIVEN an unknown check THEN a note says it is known only after apply, and there is no warning", () => {
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("check-unknown")), planText: planText("check-unknown") });
    expect(comment).toContain("> Known only after apply (not evaluated by this plan): `check.app_ready`.");
    expect(comment).not.toContain("[!WARNING]");
  });

  it("GIVEN a moved resource THEN the plan is not 'No changes' and the row says where it moved from", () => {
    const comment = renderComment({ stack: "prod", summary: summarizePlan(planJson("moved")), planText: planText("moved") });
    expect(comment).toContain("**Plan:** 0 to add, 0 to change, 0 to replace, 0 to destroy, 1 to move.");
    expect(comment).toContain("| `terraform_data.new_name` | moved from `terraform_data.old_name` |");
    expect(comment).not.toContain("No changes");
  });
});
