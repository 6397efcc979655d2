/**
 * The committed bundle scripts/ci/delivery.cjs, which the jobs that hold credentials run instead
 * of `npm ci` + the TypeScript sources (see scripts/build-delivery.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildDelivery, DELIVERY_BUNDLE } from "../../scripts/build-delivery";
import { planFile } from "../support/plans";

describe("scripts/ci/delivery.cjs", () => {
  const committed = fs.readFileSync(DELIVERY_BUNDLE, "utf8");

  it("is what `npm run build:delivery` makes of the current sources (run it after changing scripts/delivery or environment-format/secrets.ts)", () => {
    expect(committed === buildDelivery()).toBe(true);
  });

  it("requires Node's built-in modules only, so it runs without npm ci", () => {
    const required = [...committed.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((m) => !m.startsWith("node:"))).toEqual([]);
  });

  it("GIVEN a copy in a folder without node_modules THEN it runs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-bundle-"));
    try {
      fs.copyFileSync(DELIVERY_BUNDLE, path.join(dir, "delivery.cjs"));
      const result = spawnSync(process.execPath, ["delivery.cjs", "summary", "--stack", "s", "--plan-json", planFile("create", "json"), "--plan-text", planFile("create", "txt")], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: path.dirname(process.execPath) },
      });
      expect(result.stderr).toBe("s: 1 to add, 0 to change, 0 to replace, 0 to destroy\n");
      expect(result.stdout).toContain("<!-- grafana-scim-cdktf plan: s -->");
      expect(result.status).toBe(0);
      const usage = spawnSync(process.execPath, ["delivery.cjs", "nope"], { cwd: dir, encoding: "utf8" });
      expect(usage.status).toBe(64);
      expect(usage.stderr).toContain("delivery: usage: delivery <summary|redact|verify|superseded|ready> [options]");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
