/** The Grafana Cloud server-path rule (constructs/grafana/server-paths.ts), one rule for the construct and the format. */
import { GrafanaSamlSettings } from "../../../constructs/grafana/saml-settings";
import { cloudServerPathProblems } from "../../../constructs/grafana/server-paths";
import { validateEnvironment } from "../../../environment-format";
import { Template } from "../../support/template";

describe("cloudServerPathProblems", () => {
  it("names each server path at its field, with the caller's way to pass the key pair", () => {
    expect(cloudServerPathProblems({ idpMetadataPath: "/etc/idp.xml", signingFromPaths: true }, { signing: "do X" })).toEqual([
      { field: "idpMetadataPath", problem: "is a path on the Grafana server, and Grafana Cloud has no server file system to put it on: use idpMetadataUrl" },
      { field: "signing.certificatePath", problem: "is a path on the Grafana server, and Grafana Cloud has no server file system to put it on: do X" },
    ]);
    expect(cloudServerPathProblems({ signingFromPaths: false }, { signing: "do X" })).toEqual([]);
  });

  it("GIVEN a metadata path on a Cloud stack THEN the construct and an environment file refuse it in the same words", () => {
    const cloud = { kind: "cloud", stackSlug: "acme", stackId: 1 } as const;
    let construct = "";
    try {
      Template.synth((stack) => new GrafanaSamlSettings(stack, "saml", { grafanaUrl: "https://acme.grafana.net", instance: cloud, idpMetadataPath: "/etc/idp.xml", signing: "managed-elsewhere" }));
    } catch (error) {
      construct = (error as Error).message;
    }
    const file = validateEnvironment({ grafana: cloud, saml: { idpMetadataPath: "/etc/idp.xml", signing: "variables" } }).problems.find((p) => p.field === "saml.idpMetadataPath");
    expect(construct).toBe(`idpMetadataPath: ${file?.problem}`);
  });
});
