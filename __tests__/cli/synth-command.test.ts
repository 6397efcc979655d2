/**
 * `npm run synth`, the README's command, runs the app directly (`grafana-scim synth` through tsx),
 * not through the cdktf CLI, which added a constant few seconds and nothing else to it; `cdktf
 * diff`/`deploy` still run the app of cdktf.json. Both write the same files (main.test.ts).
 */
import { AnnotationMetadataEntryType } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { annotationLines } from "../../cli/commands/synth";

const ROOT = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const APP = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;

describe("npm run synth", () => {
  it("runs grafana-scim synth through tsx; diff and deploy go through the cdktf CLI and cdktf.json's app", () => {
    expect(manifest.scripts.synth).toBe("node --import tsx cli/grafana-scim.ts synth");
    expect([manifest.scripts.diff, manifest.scripts.deploy]).toEqual(["CHECKPOINT_DISABLE=1 cdktf diff", "CHECKPOINT_DISABLE=1 cdktf deploy"]);
    expect(APP).toBe("node --import tsx main.ts");
  });
  // That it writes, byte for byte, what cdktf.json's app writes: main.test.ts, which shares one run
  // of the app on the example environments between its own checks and that comparison.
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
