/**
 * `grafana-scim synth` and `grafana-scim app`: the environment app of main.ts, run from the
 * installed package on a configuration repository's environment files.
 */
import { AnnotationMetadataEntryType } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { maskSecrets } from "../../environment-format";
import { synthEnvironments } from "../../main";
import { Command, ENVIRONMENTS_OPTION, ENVIRONMENTS_USAGE, environmentsDir, UsageError } from "../command";

/**
 * The stack folders under `<outdir>/stacks`: folders with a `cdk.tf.json`. Anything else there is
 * not synthesis output (`--output .` in a repository whose `stacks/` holds source) and stays.
 */
function stackFolders(outdir: string): string[] {
  const stacks = path.join(outdir, "stacks");
  if (!fs.existsSync(stacks)) return [];
  return fs
    .readdirSync(stacks)
    .filter((name) => fs.statSync(path.join(stacks, name)).isDirectory() && fs.existsSync(path.join(stacks, name, "cdk.tf.json")));
}

/** One annotation of a stack in cdktf's `manifest.json` (construct warnings, infos). */
interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/**
 * The annotations of `<outdir>/manifest.json` as `cdktf synth` prints them (cli-core's
 * printAnnotations: `WARN [<construct path>]: <message>`), one line each, secrets masked.
 */
export function annotationLines(manifest: { readonly stacks?: Record<string, { readonly annotations?: readonly ManifestAnnotation[] }> }): string[] {
  const levels: Record<string, string> = { [AnnotationMetadataEntryType.INFO]: "INFO", [AnnotationMetadataEntryType.WARN]: "WARN", [AnnotationMetadataEntryType.ERROR]: "ERROR" };
  return Object.values(manifest.stacks ?? {}).flatMap((stack) =>
    (stack.annotations ?? []).map((a) => maskSecrets(`${levels[a.level] ?? a.level} [${a.constructPath}]: ${a.message}`)),
  );
}

/**
 * `synth`: what `cdktf synth` does for this app, without the cdktf CLI: validates every
 * environment file, writes `<output>/manifest.json` and `<output>/stacks/<env>/cdk.tf.json`,
 * prints the constructs' warnings, and removes the stack folders of environments that no longer
 * exist (as the cdktf CLI does). This repository's `npm run synth` runs it.
 */
export const synthCommand: Command = {
  summary: "validate every environment file and write one Terraform JSON stack per environment",
  usage: [
    "usage: grafana-scim synth [--environments <dir>] [--output <dir>]",
    "",
    "Validates every <environment>.json, then writes <output>/stacks/<environment>/cdk.tf.json.",
    "Nothing is written when a file is invalid. No cdktf CLI, credentials or network needed.",
    "",
    ENVIRONMENTS_USAGE,
    "  -o, --output <dir>        the output folder (default: cdktf.out; a local backend's state path",
    "                            is relative to it, so keep the default when you deploy)",
  ].join("\n"),
  options: { ...ENVIRONMENTS_OPTION, output: { type: "string", short: "o" } },
  positionals: false,
  run(args, io) {
    const dir = environmentsDir(args, io);
    const outdir = path.resolve(typeof args.values.output === "string" ? args.values.output : "cdktf.out");
    if (fs.existsSync(outdir) && !fs.statSync(outdir).isDirectory()) {
      throw new UsageError(`the output folder ${path.relative(process.cwd(), outdir) || outdir} is a file, not a folder`);
    }
    // manifest.json written into the environments folder would be read as an environment next time.
    const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : p);
    if (real(outdir) === real(dir)) {
      throw new UsageError(`the output folder ${path.relative(process.cwd(), outdir) || "."} is the environments folder: its manifest.json would be read as an environment. Write to another folder`);
    }
    const before = stackFolders(outdir);
    const stacks = synthEnvironments({ environmentsDir: dir, outdir });
    // Construct warnings, which cdktf synth prints from the manifest (the app only records them there).
    for (const line of annotationLines(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")))) io.err(`${line}\n`);
    for (const orphan of before.filter((name) => !stacks.includes(name))) {
      fs.rmSync(path.join(outdir, "stacks", orphan), { recursive: true, force: true });
    }
    const shown = path.relative(process.cwd(), outdir) || ".";
    io.out(`${stacks.length} stack${stacks.length === 1 ? "" : "s"} in ${shown}/stacks: ${stacks.join(", ")}\n`);
    return 0;
  },
};

/**
 * `app`: the app command for cdktf.json (`"app": "npx grafana-scim app"`), so `cdktf diff` and
 * `cdktf deploy` run the package's app. It writes where the cdktf CLI says (`$CDKTF_OUTDIR`).
 */
export const appCommand: Command = {
  summary: 'the cdktf app, for cdktf.json: "app": "npx grafana-scim app" (cdktf diff/deploy)',
  usage: [
    "usage: grafana-scim app [--environments <dir>]",
    "",
    'The app command for cdktf.json ("app": "npx grafana-scim app"): the cdktf CLI runs it and',
    "reads what it writes to $CDKTF_OUTDIR (default: cdktf.out).",
    "",
    ENVIRONMENTS_USAGE,
  ].join("\n"),
  options: { ...ENVIRONMENTS_OPTION },
  positionals: false,
  run(args, io) {
    synthEnvironments({ environmentsDir: environmentsDir(args, io), outdir: io.env.CDKTF_OUTDIR || undefined });
    return 0;
  },
};
