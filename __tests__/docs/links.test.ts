/**
 * Every relative link and #anchor of the project's Markdown resolves: README.md, docs/*.md,
 * CHANGELOG.md and the layers' READMEs (constructs/, environment-format/, stacks/). The generated
 * API reference (docs/api/) is TypeDoc's, checked by its own test with broken links as errors.
 * The checker (support/markdown-links.ts) is shown to catch each kind of broken link.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { brokenLinks, headingSlug, markdownAnchors, markdownLinks, type TreeReader } from "../support/markdown-links";

const ROOT = path.resolve(__dirname, "..", "..");

const readTree: TreeReader = (file) => {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return undefined;
  return fs.statSync(full).isDirectory() ? "directory" : fs.readFileSync(full, "utf8");
};

const DOCUMENTS = [
  "README.md",
  "CHANGELOG.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  "constructs/README.md",
  "environment-format/README.md",
  "stacks/README.md",
];

describe("the project's Markdown", () => {
  it("covers the README, every page of docs/, the changelog and the layers' READMEs, and they have links to check", () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(["docs/verification.md", "docs/performance.md", "docs/verify.md"]));
    for (const file of DOCUMENTS) expect([file, readTree(file) !== undefined]).toEqual([file, true]);
    const relative = DOCUMENTS.flatMap((f) => markdownLinks(readTree(f) as string).filter((l) => !/^[a-z]+:/i.test(l.target)));
    expect(relative.length).toBeGreaterThan(50);
    expect(relative.filter((l) => l.target.includes("#")).length).toBeGreaterThan(20);
  });

  it("has no broken relative link or anchor", () => {
    expect(brokenLinks(DOCUMENTS, readTree)).toEqual([]);
  });
});

describe("the link checker", () => {
  /** A tree in memory: the control cases. */
  const tree = (files: Record<string, string>, directories: string[] = []): TreeReader => (file) =>
    file in files ? files[file] : directories.includes(file) ? "directory" : undefined;

  it("GIVEN a link to a missing file, a missing heading, a heading of a missing file, and a path out of the tree THEN each is reported with file and line", () => {
    const read = tree({
      "README.md": [
        "# Title",
        "See [the guide](docs/guide.md) and [gone](docs/gone.md).",
        "Jump to [usage](#usage) or [nowhere](#nowhere).",
        "[deep](docs/guide.md#setup) [wrong](docs/guide.md#set-up) [missing](docs/gone.md#x)",
        "[out](../elsewhere/README.md)",
        "## Usage",
      ].join("\n"),
      "docs/guide.md": "# Guide\n\n## Setup\n\nBack to [the top](../README.md#title).",
    });
    expect(brokenLinks(["README.md", "docs/guide.md"], read)).toEqual([
      "README.md:2: docs/gone.md: docs/gone.md does not exist",
      "README.md:3: #nowhere: README.md has no heading #nowhere",
      "README.md:4: docs/guide.md#set-up: docs/guide.md has no heading #set-up",
      "README.md:4: docs/gone.md#x: docs/gone.md does not exist",
      "README.md:5: ../elsewhere/README.md: leaves the repository",
    ]);
  });

  it("GIVEN a document that is not there THEN it is reported, not skipped", () => {
    expect(brokenLinks(["docs/missing.md"], tree({}))).toEqual(["docs/missing.md: no such file"]);
  });

  it("GIVEN links in code, URLs, directories and non-Markdown files with line anchors THEN none is reported", () => {
    const read = tree(
      {
        "README.md": [
          "```sh",
          "[not a link](nowhere.md)",
          "```",
          "Inline `[code](nowhere.md)` and [site](https://example.com/x#y) and [mail](mailto:a@example.com).",
          "[folder](docs/api/) [source](main.ts#L3) [titled](main.ts \"Main\") [angle](<main.ts>)",
          "[ref]: docs/api/",
        ].join("\n"),
        "main.ts": "export {};",
      },
      ["docs/api"],
    );
    expect(brokenLinks(["README.md"], read)).toEqual([]);
  });

  it("headings become GitHub's anchors: punctuation and code marks dropped, underscores and hyphens kept, repeats numbered", () => {
    expect(headingSlug("CI/CD")).toBe("cicd");
    expect(headingSlug("After deploy: verify")).toBe("after-deploy-verify");
    expect(headingSlug("Protection (`prevent_destroy`)")).toBe("protection-prevent_destroy");
    expect(headingSlug("What is verified, and how")).toBe("what-is-verified-and-how");
    expect(headingSlug("Re-applies after the [manual steps](okta.md)")).toBe("re-applies-after-the-manual-steps");
    expect([...markdownAnchors("# A\n## Notes\n### Notes\n```\n# not a heading\n```\n<a id=\"here\"></a>")]).toEqual(["a", "notes", "notes-1", "here"]);
  });
});
