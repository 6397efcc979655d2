/**
 * Secret scan: every credential variable the providers, the state backends and SAML signing read
 * is set to a recognizable fake value; then the example environments and generated ones are
 * synthesized (in process, by the app as `cdktf synth` runs it, and by `grafana-scim synth`), and
 * bad environment files are run the same ways (the app's code in this process for them). No fake
 * value (nor a piece of it, nor its base64 form) may appear in cdktf.out, in what the runs print,
 * or in an error message; synthesis must not depend on the credentials at all; the committed
 * snapshots hold nothing credential-shaped; no output that is not sensitive refers to a sensitive
 * attribute or variable.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main as cliMain } from "../cli/grafana-scim";
import { synthEnvironments } from "../main";
import { listFiles, type ProviderSchemaDocument, type SchemaBlock } from "../scripts/bindings-lib";
import { base64Cores, SECRET_ENVIRONMENT_VARIABLES } from "../scripts/delivery/redaction";
import { generatedEnvironments, writeEnvironments } from "../scripts/generated-environments";
import { Testing } from "cdktf";
import { EnvironmentError, loadEnvironments, validateEnvironment } from "../environment-format";
import { ScimStack } from "../stacks/scim-stack";
import { maskSecrets, secretKind } from "../environment-format/secrets";
import { runAppInProcess } from "./support/app-in-process";
import { ENVIRONMENTS_DIR } from "./support/environments";
import type { TerraformJson } from "./support/template";

const ROOT = path.resolve(__dirname, "..");

/** A fake credential: `shape` + a part found nowhere else + `end`. Pieces of the unique part are looked for too. */
interface Fake {
  readonly value: string;
  readonly unique: string;
}
let seed = 20261129;
/** `ScanFake` and `length` letters and digits from a fixed pseudo-random sequence: no word, no run. */
function unique(length: number): string {
  const chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  let out = "ScanFake";
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out += chars[seed % chars.length];
  }
  return out;
}
const fake = (shape: string, length: number, end = ""): Fake => {
  const u = unique(length);
  return { value: `${shape}${u}${end}`, unique: u };
};
const pem = (): Fake => fake("-----BEGIN PRIVATE KEY-----\nMIIE", 40, "\n-----END PRIVATE KEY-----\n");
/** A fake base64-encoded (its unique part: the encoding of the original's unique part and what follows). */
const base64 = (f: Fake): Fake => {
  const value = Buffer.from(f.value).toString("base64");
  return { value, unique: value.slice(Math.ceil((f.value.indexOf(f.unique) * 4) / 3) + 4) };
};

/**
 * Every credential variable, with where it is read and a fake value of its real shape where it
 * has one. Sources: grafana/terraform-provider-grafana v4.45.1 `pkg/provider/` (the GRAFANA_*
 * names), hashicorp/terraform-provider-azuread v3.7.0 `internal/provider/provider.go` and
 * ms-henglu/terraform-provider-msgraph `internal/provider/provider.go` (ARM_*, ACTIONS_*,
 * SYSTEM_ACCESSTOKEN), okta/terraform-provider-okta v4.20.0 `okta/provider.go` (OKTA_*), Terraform's
 * s3, azurerm and cloud backends (AWS_*, ARM_ACCESS_KEY, ARM_SAS_TOKEN, TF_TOKEN_<host>,
 * TF_API_TOKEN), this package's SAML signing variable (stacks, `saml_private_key`), and the
 * workflows' GitHub tokens.
 */
const FAKES: Readonly<Record<string, Fake>> = {
  GRAFANA_AUTH: fake("glsa_", 19, "_0badc0de"),
  GRAFANA_CLOUD_ACCESS_POLICY_TOKEN: fake("glc_", 23),
  GRAFANA_SM_ACCESS_TOKEN: fake("", 19),
  GRAFANA_ONCALL_ACCESS_TOKEN: fake("", 23),
  GRAFANA_CLOUD_PROVIDER_ACCESS_TOKEN: fake("", 24),
  GRAFANA_CONNECTIONS_API_ACCESS_TOKEN: fake("", 22),
  GRAFANA_FLEET_MANAGEMENT_AUTH: fake("", 25),
  GRAFANA_FRONTEND_O11Y_API_ACCESS_TOKEN: fake("", 23),
  GRAFANA_K6_ACCESS_TOKEN: fake("", 19),
  GRAFANA_HTTP_HEADERS: fake('{"Authorization":"Bearer ', 21, '"}'),
  GRAFANA_TLS_KEY: pem(),
  ARM_CLIENT_SECRET: fake("ScF8Q~", 25),
  ARM_CLIENT_CERTIFICATE: fake("MIIK", 29),
  ARM_CLIENT_CERTIFICATE_PASSWORD: fake("", 25),
  ARM_OIDC_TOKEN: fake("eyJhbGciOiJSUzI1NiJ9.eyJTY2FuRmFrZSI6IjE1In0.", 27),
  ARM_OIDC_REQUEST_TOKEN: fake("", 22),
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: fake("", 27),
  SYSTEM_ACCESSTOKEN: fake("", 28),
  OKTA_API_TOKEN: fake("00", 32),
  OKTA_API_PRIVATE_KEY: pem(),
  OKTA_ACCESS_TOKEN: fake("", 21),
  ARM_ACCESS_KEY: fake("", 25, "=="),
  ARM_SAS_TOKEN: fake("sv=2022-11-02&sig=", 21),
  AWS_SECRET_ACCESS_KEY: fake("", 32),
  AWS_SESSION_TOKEN: fake("", 21),
  TF_TOKEN_app_terraform_io: fake("ScanFakeHcpT26.atlasv1.", 27),
  TF_API_TOKEN: fake("ScanFakeHcpT27.atlasv1.", 21),
  TF_VAR_saml_private_key: base64(pem()),
  GITHUB_TOKEN: fake("ghs_", 17),
  ACTIONS_RUNTIME_TOKEN: fake("", 25),
};

/** The fake values, as environment variables. */
const CREDENTIALS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(FAKES).map(([name, f]) => [name, f.value]));

/** Pieces of a fake that must never show: the value, its JSON form, 10-character windows of its unique part, base64 cores. */
function forms({ value, unique }: Fake): string[] {
  const windows = Array.from({ length: Math.max(0, unique.length - 9) }, (_, i) => unique.slice(i, i + 10));
  return [...new Set([value, JSON.stringify(value).slice(1, -1), ...windows, ...base64Cores(value).filter((c) => c.length >= 16)])];
}

const FORMS = Object.entries(FAKES).map(([name, f]) => ({ name, forms: forms(f) }));

/** `{ where, variable }` for every fake value (or piece) found in `text`. */
function leaks(where: string, text: string): Array<{ where: string; variable: string }> {
  return FORMS.filter((f) => f.forms.some((form) => text.includes(form))).map((f) => ({ where, variable: f.name }));
}

/** Leaks in every file of `dir`. */
function leaksInFiles(dir: string): Array<{ where: string; variable: string }> {
  return listFiles(dir).flatMap((file) => leaks(file, fs.readFileSync(path.join(dir, file), "utf8")));
}

/** Runs `fn` with the fake credentials in process.env, capturing what is written to stdout and stderr. */
function withCredentials<T>(fn: () => T): { result: T; printed: string } {
  const saved = { ...process.env };
  const printed: string[] = [];
  const capture = (stream: NodeJS.WriteStream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = capture(process.stdout);
  const restoreErr = capture(process.stderr);
  Object.assign(process.env, CREDENTIALS);
  try {
    return { result: fn(), printed: printed.join("") };
  } finally {
    restoreOut();
    restoreErr();
    for (const name of Object.keys(CREDENTIALS)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

const APP = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;

/** The app as the cdktf CLI runs it (cdktf.json), with the fake credentials in its environment. */
function runApp(environmentsDir: string, outdir: string) {
  const [command, ...args] = APP.split(" ");
  return spawnSync(command!, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...CREDENTIALS, SCIM_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
  });
}

/** `grafana-scim <argv>` in process, with the fake credentials in its environment. */
async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await cliMain(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { ...process.env, ...CREDENTIALS } });
  return { code, out, err };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secret-scan-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The examples and nine generated environments (three per identity provider). */
const goodDir = path.join(tmp, "environments");
fs.mkdirSync(goodDir);
for (const f of fs.readdirSync(ENVIRONMENTS_DIR).filter((f) => f.startsWith("example-") && f.endsWith(".json"))) {
  fs.copyFileSync(path.join(ENVIRONMENTS_DIR, f), path.join(goodDir, f));
}
writeEnvironments(goodDir, generatedEnvironments(9));

/** Bad environment files that carry the fake credentials where a careless message would quote them. */
const badDir = path.join(tmp, "bad");
const self = { grafana: { kind: "self-hosted", url: "https://grafana.example.com" }, backend: { kind: "local" } };
writeEnvironments(badDir, [
  { name: "bad-description", document: { ...self, description: `Grafana, provisioned with ${Object.values(CREDENTIALS).join(" and ")}` } },
  { name: "bad-kind", document: { ...self, grafana: { kind: CREDENTIALS.OKTA_API_TOKEN, url: "https://grafana.example.com" } } },
  { name: "bad-url", document: { ...self, grafana: { kind: "self-hosted", url: `https://scim:${CREDENTIALS.ARM_CLIENT_SECRET}@grafana.example.com` } } },
  { name: "bad-claim", document: { ...self, saml: { idpMetadataUrl: "https://idp.example.com/m", signing: "variables", assertionAttributeExternalUid: `uid-${CREDENTIALS.ARM_OIDC_TOKEN}` } } },
  { name: "bad-backend", document: { ...self, backend: { kind: "cloud", organization: "acme", hostname: CREDENTIALS.TF_TOKEN_app_terraform_io } } },
  { name: "bad-role", document: { ...self, saml: { idpMetadataUrl: "https://idp.example.com/m", signing: "variables", roleValues: { admin: [CREDENTIALS.GRAFANA_AUTH] } } } },
]);
fs.writeFileSync(path.join(badDir, "bad-json.json"), `{"grafana": {"kind": ${CREDENTIALS.GRAFANA_AUTH}}}`);
fs.writeFileSync(path.join(badDir, "bad-json-string.json"), `{"description": "${CREDENTIALS.OKTA_API_TOKEN}" "grafana": {}}`);
const badFiles = fs.readdirSync(badDir).map((f) => path.basename(f, ".json"));

describe("the fake credentials", () => {
  it("cover every credential variable the delivery's log redaction knows, and it knows each of them", () => {
    const redacted = new Set(SECRET_ENVIRONMENT_VARIABLES);
    expect(SECRET_ENVIRONMENT_VARIABLES.filter((v) => !(v in CREDENTIALS))).toEqual([]);
    // TF_TOKEN_* and sensitive TF_VAR_* are redacted by prefix and by the configuration.
    expect(Object.keys(CREDENTIALS).filter((v) => !redacted.has(v) && !v.startsWith("TF_TOKEN_") && !v.startsWith("TF_VAR_"))).toEqual([]);
  });

  it("share no piece the scan looks for, and no piece occurs in the repository's examples (a control)", () => {
    const owners = new Map<string, string>();
    for (const { name, forms: pieces } of FORMS) {
      for (const piece of pieces) {
        expect({ piece, owner: owners.get(piece) ?? name }).toEqual({ piece, owner: name });
        owners.set(piece, name);
      }
    }
    for (const file of fs.readdirSync(ENVIRONMENTS_DIR)) expect(leaks(file, fs.readFileSync(path.join(ENVIRONMENTS_DIR, file), "utf8"))).toEqual([]);
  });

  it("are found by the scan where they are, also as base64 (a control)", () => {
    expect(leaks("x", `a ${CREDENTIALS.ARM_CLIENT_SECRET} b`)).toEqual([{ where: "x", variable: "ARM_CLIENT_SECRET" }]);
    expect(leaks("x", `"${CREDENTIALS.OKTA_API_TOKEN.slice(3, 15)}"`)).toEqual([{ where: "x", variable: "OKTA_API_TOKEN" }]);
    expect(leaks("x", Buffer.from(`k=${CREDENTIALS.GRAFANA_AUTH}`).toString("base64"))).toEqual([{ where: "x", variable: "GRAFANA_AUTH" }]);
    expect(leaks("x", "nothing here: glsa_ 00 eyJ Bearer")).toEqual([]);
  });
});

describe("synthesis with the fake credentials set", () => {
  it("in process: nothing in cdktf.out or printed, and the output is the same as without them", () => {
    const withThem = path.join(tmp, "out-with");
    const without = path.join(tmp, "out-without");
    const { result: stacks, printed } = withCredentials(() => synthEnvironments({ environmentsDir: goodDir, outdir: withThem }));
    synthEnvironments({ environmentsDir: goodDir, outdir: without });
    expect(stacks).toHaveLength(13);
    expect([...leaksInFiles(withThem), ...leaks("printed", printed)]).toEqual([]);
    const files = listFiles(withThem);
    expect(files).toEqual(listFiles(without));
    for (const file of files) expect({ file, same: fs.readFileSync(path.join(withThem, file), "utf8") === fs.readFileSync(path.join(without, file), "utf8") }).toEqual({ file, same: true });
  });

  it("the app as the cdktf CLI runs it: nothing in cdktf.out, stdout or stderr", () => {
    const outdir = path.join(tmp, "out-app");
    const run = runApp(goodDir, outdir);
    expect(run.status).toBe(0);
    expect(listFiles(outdir).filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(13);
    expect([...leaksInFiles(outdir), ...leaks("stdout", run.stdout), ...leaks("stderr", run.stderr)]).toEqual([]);
  }, 60_000);

  it("grafana-scim synth: nothing in its output folder or what it prints", async () => {
    const outdir = path.join(tmp, "out-cli");
    const run = await runCli(["synth", "--environments", goodDir, "--output", outdir]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^13 stacks in /);
    expect([...leaksInFiles(outdir), ...leaks("stdout", run.out), ...leaks("stderr", run.err)]).toEqual([]);
  });
});

describe("bad environment files that quote the fake credentials", () => {
  it("in process: refused, every file named, no credential or piece of one in the message", () => {
    let message = "";
    try {
      withCredentials(() => loadEnvironments(badDir));
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      message = (error as Error).message;
    }
    for (const name of badFiles) expect(message).toContain(`${name}.json is not a valid environment`);
    expect(leaks("message", message)).toEqual([]);
    expect(maskSecrets(message)).toBe(message);
  });

  it("the app: exits 1 with the message on stderr, no stack trace, nothing written, nothing leaked", () => {
    const outdir = path.join(tmp, "out-bad-app");
    // The app's code in this process, with the fake credentials in process.env while it runs
    // (support/app-in-process.ts); the real app runs with them on the good files above, and on bad
    // files in hostile-input.test.ts.
    const run = runAppInProcess({ ...CREDENTIALS, SCIM_ENVIRONMENTS_DIR: badDir, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    for (const name of badFiles) expect(run.stderr).toContain(`${name}.json is not a valid environment`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
    expect([...leaks("stdout", run.stdout), ...leaks("stderr", run.stderr)]).toEqual([]);
  });

  it("grafana-scim synth: exits 1, nothing leaked", async () => {
    const outdir = path.join(tmp, "out-bad-cli");
    const run = await runCli(["synth", "--environments", badDir, "--output", outdir]);
    expect(run.code).toBe(1);
    for (const name of badFiles) expect(run.err).toContain(`${name}.json`);
    expect(fs.existsSync(path.join(outdir, "stacks"))).toBe(false);
    expect([...leaks("stdout", run.out), ...leaks("stderr", run.err)]).toEqual([]);
  });
});

describe("the committed snapshots", () => {
  const dir = path.join(__dirname, "stacks", "__snapshots__");
  it.each(fs.readdirSync(dir))("%s holds nothing credential-shaped", (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const found = text.split("\n").filter((line) => secretKind(line) !== undefined);
    expect(found).toEqual([]);
    expect(leaks(file, text)).toEqual([]);
  });
});

/**
 * Attributes whose values are sensitive: the grafana schema's `sensitive` flags, and, for the
 * prebuilt providers whose derived schemas cannot carry the flag, the ones their sources mark
 * (azuread v3.7.0 `synchronization_secret_resource.go`: credential.value;
 * `service_principal_token_signing_certificate_resource.go`: value; the okta and time resources
 * used here mark none).
 */
function sensitiveAttributes(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>([
    ["azuread_synchronization_secret", new Set(["credential"])],
    ["azuread_service_principal_token_signing_certificate", new Set(["value"])],
  ]);
  const grafana = JSON.parse(fs.readFileSync(path.join(ROOT, ".gen", "schemas", "grafana.json"), "utf8")) as ProviderSchemaDocument;
  const holdsSensitive = (block: SchemaBlock): boolean =>
    Object.values(block.attributes ?? {}).some((a) => a.sensitive) || Object.values(block.block_types ?? {}).some((b) => holdsSensitive(b.block));
  const entry = Object.values(grafana.provider_schemas)[0]!;
  for (const [kind, schemas] of [["", entry.resource_schemas], ["data.", entry.data_source_schemas]] as const) {
    for (const [type, schema] of Object.entries(schemas ?? {})) {
      const names = [
        ...Object.entries(schema.block.attributes ?? {}).filter(([, a]) => a.sensitive).map(([n]) => n),
        ...Object.entries(schema.block.block_types ?? {}).filter(([, b]) => holdsSensitive(b.block)).map(([n]) => n),
      ];
      if (names.length) out.set(`${kind}${type}`, new Set(names));
    }
  }
  return out;
}

/** Outputs not marked sensitive that refer to a sensitive attribute or a sensitive variable. */
export function insensitiveOutputsOfSecrets(stack: TerraformJson, sensitive: Map<string, Set<string>>): string[] {
  const variables = new Set(Object.entries(stack.variable ?? {}).filter(([, v]) => v.sensitive === true).map(([n]) => n));
  return Object.entries(stack.output ?? {}).flatMap(([name, output]) => {
    if (output.sensitive === true) return [];
    const text = JSON.stringify(output.value);
    const refs = [...text.matchAll(/\b((?:data\.)?[a-z][a-z0-9_]*)\.[A-Za-z0-9_-]+\.([a-z0-9_]+)/g)].filter(([, type, attr]) => sensitive.get(type!)?.has(attr!));
    const vars = [...text.matchAll(/\bvar\.([A-Za-z0-9_]+)/g)].filter(([, v]) => variables.has(v!));
    return [...refs, ...vars].map((m) => `output.${name}: refers to ${m[0]}`);
  });
}

describe("outputs", () => {
  const sensitive = sensitiveAttributes();
  const outdir = path.join(tmp, "out-outputs");
  const stacks = synthEnvironments({ environmentsDir: goodDir, outdir });
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as TerraformJson;

  it("the sensitive attributes include the Grafana token's key and the SAML private key", () => {
    expect(sensitive.get("grafana_service_account_token")).toContain("key");
    expect(sensitive.get("grafana_sso_settings")).toContain("saml_settings");
  });

  it.each(stacks)("%s: no output that is not sensitive refers to a secret; the token's is sensitive", (name) => {
    const stack = read(name);
    expect(insensitiveOutputsOfSecrets(stack, sensitive)).toEqual([]);
    const withKey = Object.entries(stack.output ?? {}).filter(([, o]) => JSON.stringify(o.value).includes(".key}"));
    expect(withKey.map(([, o]) => o.sensitive)).toEqual(withKey.map(() => true));
  });

  it("a control: an output of the token's key or a sensitive variable without sensitive is reported", () => {
    const stack: TerraformJson = {
      variable: { saml_private_key: { type: "string", sensitive: true } },
      output: {
        token: { value: "${grafana_service_account_token.t.key}" },
        key: { value: "${base64decode(var.saml_private_key)}" },
        secret: { value: "${azuread_synchronization_secret.s.credential[0].value}" },
        fine: { value: "${grafana_service_account_token.t.key}", sensitive: true },
      },
    };
    expect(insensitiveOutputsOfSecrets(stack, sensitive)).toEqual([
      "output.token: refers to grafana_service_account_token.t.key",
      "output.key: refers to var.saml_private_key",
      "output.secret: refers to azuread_synchronization_secret.s.credential",
    ]);
  });
});

describe("a cdktf token written in an environment file cannot route the SCIM token into a field that is not sensitive", () => {
  // The SCIM token's own encoding in this process (a stack of the same example built first), and every index up to past it.
  const okta = JSON.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, "example-okta.json"), "utf8")) as Record<string, any>;
  const stack = new ScimStack(Testing.app(), { environment: { name: "example-okta", file: "example-okta.json", config: loadEnvironments(ENVIRONMENTS_DIR).find((e) => e.name === "example-okta")!.config } });
  const tokenValue = stack.grafana.tokenValue;
  const highest = Number(/TOKEN\.(\d+)/.exec(tokenValue)?.[1] ?? 0);

  it("a control: the token value is cdktf's encoding of a reference to the token's sensitive key", () => {
    expect(tokenValue).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    // The stack's token output is that value: synthesized, it is the reference to the key.
    const outputs = (JSON.parse(Testing.synth(stack)) as TerraformJson).output ?? {};
    expect(Object.values(outputs).filter((o) => /^\$\{grafana_service_account_token\.[^.]+\.key\}$/.test(String(o.value)))).toEqual([expect.objectContaining({ sensitive: true })]);
  });

  it("in the Okta label, the SAML display name or the description, with every token index: refused at that field, nothing written, no reference in the message", () => {
    const fields: Array<[string, (d: Record<string, any>, v: string) => void]> = [
      ["identityProvider.options.appLabel", (d, v) => (d.identityProvider.options.appLabel = v)],
      ["saml.displayName", (d, v) => (d.saml.displayName = v)],
      ["description", (d, v) => (d.description = v)],
    ];
    for (const [field, set] of fields) {
      for (let n = 0; n <= highest + 50; n += n < highest - 5 || n > highest + 5 ? 7 : 1) {
        const value = n === highest ? tokenValue : `\${TfToken[TOKEN.${n}]}`;
        const document = structuredClone(okta);
        set(document, value);
        const result = validateEnvironment(document);
        expect({ field, n, refused: result.config === undefined, named: result.problems.some((p) => p.field === field && /cdktf/.test(p.problem)) }).toEqual({ field, n, refused: true, named: true });
      }
    }
    const dir = path.join(tmp, "token-label");
    writeEnvironments(path.join(dir, "environments"), [{ name: "example-okta", document: { ...okta, identityProvider: { ...okta.identityProvider, options: { ...okta.identityProvider.options, appLabel: tokenValue } } } }]);
    let message = "";
    try {
      synthEnvironments({ environmentsDir: path.join(dir, "environments"), outdir: path.join(dir, "cdktf.out") });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      message = (error as Error).message;
    }
    expect(message).toContain("  - identityProvider.options.appLabel: contains \"${TfToken[\"");
    expect(message).not.toMatch(/grafana_service_account_token|\.key\b/);
    expect(fs.existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  });
});
