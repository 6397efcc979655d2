/**
 * `npm run synth`, the README's command, runs the app directly (`grafana-scim synth` through tsx),
 * not through the cdktf CLI, which added a constant few seconds and nothing else to it; `cdktf
 * diff`/`deploy` still run the app of cdktf.json. Both write the same files.
 */
import { AnnotationMetadataEntryType } from "cdktf";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { annotationLines } from "../../cli/commands/synth";
import { listFiles } from "../../scripts/bindings-lib";

const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const APP = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;

describe("npm run synth", () => {
  it("runs grafana-scim synth through tsx; diff and deploy go through the cdktf CLI and cdktf.json's app", () => {
    expect(manifest.scripts.synth).toBe("node --import tsx cli/grafana-scim.ts synth");
    expect([manifest.scripts.diff, manifest.scripts.deploy]).toEqual(["CHECKPOINT_DISABLE=1 cdktf diff", "CHECKPOINT_DISABLE=1 cdktf deploy"]);
    expect(APP).toBe("node --import tsx main.ts");
  });

  it("GIVEN the example environments THEN it writes, byte for byte, what cdktf.json's app writes where the cdktf CLI reads it", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npm-synth-"));
    try {
      // Both read the repository's environments/.
      const { SCIM_ENVIRONMENTS_DIR: _ignored, ...env } = process.env;
      const npm = spawnSync("npm", ["run", "--silent", "synth", "--", "--output", path.join(tmp, "npm")], { cwd: ROOT, encoding: "utf8", env });
      expect({ status: npm.status, stderr: npm.stderr }).toEqual({ status: 0, stderr: "" });
      expect(npm.stdout).toMatch(/^4 stacks in .*\/stacks: example-cloud, example-entra, example-okta, example-self-hosted\n$/);
      const [command, ...args] = APP.split(" ");
      const app = spawnSync(command!, args, { cwd: ROOT, encoding: "utf8", env: { ...env, CDKTF_OUTDIR: path.join(tmp, "app") } });
      expect(app.status).toBe(0);
      const files = listFiles(path.join(tmp, "app"));
      expect(files).toEqual(expect.arrayContaining(["manifest.json", path.join("stacks", "example-entra", "cdk.tf.json")]));
      expect(listFiles(path.join(tmp, "npm"))).toEqual(files);
      for (const file of files) {
        expect({ file, content: fs.readFileSync(path.join(tmp, "npm", file), "utf8") }).toEqual({ file, content: fs.readFileSync(path.join(tmp, "app", file), "utf8") });
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("annotationLines: construct warnings, printed as cdktf synth prints them", () => {
  it("GIVEN a manifest's annotations THEN one line per annotation with its level and construct path, secrets masked", () => {
    const lines = annotationLines({
      stacks: {
        prod: {
          annotations: [
            { constructPath: "prod/grafana/settings", level: AnnotationMetadataEntryType.WARN, message: "grafana_scim_config ignores the provider's ca_cert" },
            { constructPath: "prod/x", level: AnnotationMetadataEntryType.INFO, message: "token glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d" },
          ],
        },
        dev: { annotations: [] },
      },
    });
    expect(lines).toEqual(["WARN [prod/grafana/settings]: grafana_scim_config ignores the provider's ca_cert", expect.stringMatching(/^INFO \[prod\/x\]: token (?!.*AbCdEfGhIjKlMnOp)/)]);
    expect(annotationLines({ stacks: { dev: { annotations: [] } } })).toEqual([]);
  });
});
