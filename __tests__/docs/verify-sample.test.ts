/**
 * The sample runs in the docs are what `verify` and `migration-check` print today: docs/verify.md
 * shows the whole terminal transcript, docs/delivery.md rows of the job summary. Both come from
 * __tests__/verify/support/demo.ts (the verify tests' stand-in servers and a local state read by
 * the real Terraform CLI), which this suite runs; a changed check, wording or count makes the docs
 * stale and fails here, with the text to paste.
 */
import "../verify/support/read-outputs-once"; // first: before the commands load verify/outputs
import * as fs from "node:fs";
import * as path from "node:path";
import { demoTranscript } from "../verify/support/demo";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The fenced block of `doc` whose text starts with `start` (after the fence line). */
function block(doc: string, fence: string, start: string): string {
  const at = doc.indexOf(`${fence}\n${start}`);
  if (at === -1) throw new Error(`no ${fence} block starting with ${JSON.stringify(start)}`);
  const body = at + fence.length + 1;
  return doc.slice(body, doc.indexOf("```", body));
}

let sample: Awaited<ReturnType<typeof demoTranscript>>;

beforeAll(async () => {
  sample = await demoTranscript();
}, 60_000);

describe("GIVEN the sample run of demo.ts", () => {
  it("THEN docs/verify.md shows its terminal transcript as it is, and nothing went to stderr", () => {
    const stale = "docs/verify.md's sample run is stale: paste the output of `npx tsx __tests__/verify/support/demo.ts` up to the --summary-file run";
    expect({ stale, shown: block(read("docs/verify.md"), "```", "$ npx grafana-scim verify prod --user") }).toEqual({ stale, shown: sample.transcript });
    expect(sample.stderr).toBe("");
  });

  it("THEN every line docs/delivery.md shows of the job summary is in it (the host shown as acme.grafana.net)", () => {
    const summary = sample.summary.replaceAll("http://127.0.0.1:PORT", "https://acme.grafana.net").split("\n");
    const shown = block(read("docs/delivery.md"), "```markdown", "### verify prod:").split("\n").filter((line) => line !== "" && line !== "…");
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.filter((line) => !summary.includes(line))).toEqual([]);
  });
});
