/**
 * docs/api/ is the API reference TypeDoc (with typedoc-plugin-markdown, typedoc.json) generates
 * from the doc comments of the public entry, constructs/index.ts. It is committed; this test
 * regenerates it into a temporary folder and compares. TypeDoc treats its warnings as errors
 * (typedoc.json), so a public type that refers to one the entry does not export, or a broken
 * link, fails the generation and this test. It runs TypeDoc with `--skipErrorChecking`: the same
 * output without TypeScript's own diagnostics, a third type-check of the library (a third of
 * TypeDoc's time) that the type-check suite (tsconfig.json) and the package build of
 * package/consumer.test.ts (tsconfig.build.json, which TypeDoc reads) already make.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listFiles } from "../../scripts/bindings-lib";

const ROOT = path.resolve(__dirname, "..", "..");
const COMMITTED = path.join(ROOT, "docs", "api");

describe("docs/api", () => {
  it("is generated with every TypeDoc warning an error", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "typedoc.json"), "utf8")) as { treatWarningsAsErrors?: boolean; entryPoints?: string[] };
    expect(config).toEqual(expect.objectContaining({ treatWarningsAsErrors: true, entryPoints: ["constructs/index.ts"] }));
  });

  it("is what npm run docs:api generates from the public entry's doc comments", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "api-docs-"));
    try {
      const typedoc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out, "--logLevel", "Error", "--skipErrorChecking"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect({ status: typedoc.status, output: `${typedoc.stdout}${typedoc.stderr}` }).toEqual({ status: 0, output: "" });
      const files = listFiles(out);
      expect(files).toContain("README.md");
      const stale = "docs/api is not current: run `npm run docs:api` and commit the result";
      expect({ stale, files: listFiles(COMMITTED) }).toEqual({ stale, files });
      for (const file of files) {
        expect({ stale, file, content: fs.readFileSync(path.join(COMMITTED, file), "utf8") }).toEqual({ stale, file, content: fs.readFileSync(path.join(out, file), "utf8") });
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
