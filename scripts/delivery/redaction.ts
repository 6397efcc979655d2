/**
 * Scrubs secrets from text that leaves the runner (plan text, Terraform's errors, apply output):
 * every value the JSON plan marks sensitive, the values of sensitive `TF_VAR_*` variables and of
 * the credential variables the workflows set, and anything shaped like a credential.
 *
 * A secret is scrubbed in every form Terraform or a provider may print it in: as is, escaped the
 * way Terraform quotes strings (`\"`, `\\`, `\n`, `$${`), line by line when it spans lines (the
 * text plan prints multi-line strings as heredocs), base64-encoded (at any byte alignment, so also
 * inside a longer base64 string), and, when the secret itself is base64, decoded. Numbers, and
 * strings shorter than {@link MIN_SECRET_LENGTH}, are scrubbed only where they stand alone (not
 * inside longer words or numbers). Booleans and null are not scrubbed: there is no way to hide a
 * `true` without hiding every `true`.
 */
import { SECRET_PATTERNS } from "../../environment-format/secrets";
import type { PlanJson } from "./plan-json";

/** Secrets at least this long are scrubbed wherever they occur; shorter ones only where they stand alone. */
export const MIN_SECRET_LENGTH = 6;

/** A value that must not leave the runner: a string (including an object key) or a number. */
export type SensitiveValue = string | number;

/**
 * Every string, number and object key the plan marks sensitive: values under the
 * `before_sensitive`/`after_sensitive` marks of resources, drift and outputs, sensitive root
 * variables, and sensitive outputs. Terraform hides these in the text plan, but a provider may
 * copy one into an unmarked attribute (the fixtures show `terraform_data.output` doing so), so
 * the text is scrubbed of them too.
 */
export function sensitiveValues(plan: PlanJson): SensitiveValue[] {
  const found = new Set<SensitiveValue>();
  const collect = (value: unknown): void => {
    if (typeof value === "string" || typeof value === "number") found.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        found.add(key);
        collect(item);
      }
    }
  };
  // Walks `value` along the `marks` tree (true = sensitive from here down).
  const marked = (value: unknown, marks: unknown): void => {
    if (marks === true) return collect(value);
    if (marks === null || typeof marks !== "object" || value === null || typeof value !== "object") return;
    for (const [key, mark] of Object.entries(marks as Record<string, unknown>)) {
      marked((value as Record<string, unknown>)[key], mark);
    }
  };
  const changes = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])].map((rc) => rc.change);
  for (const change of [...changes, ...Object.values(plan.output_changes ?? {})]) {
    marked(change.before, change.before_sensitive);
    marked(change.after, change.after_sensitive);
  }
  const root = plan.configuration?.root_module;
  for (const [name, variable] of Object.entries(root?.variables ?? {})) {
    if (variable.sensitive) collect(plan.variables?.[name]?.value);
  }
  for (const [name, output] of Object.entries(root?.outputs ?? {})) {
    if (output.sensitive) {
      const change = plan.output_changes?.[name];
      collect(change?.before);
      collect(change?.after);
    }
  }
  found.delete("");
  return [...found];
}

/**
 * Environment variables whose values are credentials in every workflow: the providers' and
 * backends' secrets, and the runner's own tokens. `TF_TOKEN_*` (HCP Terraform hosts) is matched
 * by prefix. The GRAFANA_* names are every credential grafana/terraform-provider-grafana v4.45.1
 * reads (`pkg/provider/`), the ARM_* ones azuread 3.7.0's and msgraph's
 * (`internal/provider/provider.go`), the OKTA_* ones okta 4.20.0's (`okta/provider.go`);
 * `__tests__/secret-scan.test.ts` keeps this list and its table of credentials in step.
 */
export const SECRET_ENVIRONMENT_VARIABLES: readonly string[] = [
  "GRAFANA_AUTH",
  "GRAFANA_CLOUD_ACCESS_POLICY_TOKEN",
  "GRAFANA_SM_ACCESS_TOKEN",
  "GRAFANA_ONCALL_ACCESS_TOKEN",
  "GRAFANA_CLOUD_PROVIDER_ACCESS_TOKEN",
  "GRAFANA_CONNECTIONS_API_ACCESS_TOKEN",
  "GRAFANA_FLEET_MANAGEMENT_AUTH",
  "GRAFANA_FRONTEND_O11Y_API_ACCESS_TOKEN",
  "GRAFANA_K6_ACCESS_TOKEN",
  "GRAFANA_HTTP_HEADERS",
  "GRAFANA_TLS_KEY",
  "ARM_CLIENT_SECRET",
  "ARM_CLIENT_CERTIFICATE",
  "ARM_CLIENT_CERTIFICATE_PASSWORD",
  "ARM_OIDC_TOKEN",
  "ARM_OIDC_REQUEST_TOKEN",
  "SYSTEM_ACCESSTOKEN",
  "ARM_ACCESS_KEY",
  "ARM_SAS_TOKEN",
  "OKTA_API_TOKEN",
  "OKTA_API_PRIVATE_KEY",
  "OKTA_ACCESS_TOKEN",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "TF_API_TOKEN",
  "GITHUB_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
];

/** The Terraform JSON configuration read for sensitive variables (`cdk.tf.json`). */
export interface ConfigurationFile {
  readonly variable?: Readonly<Record<string, { readonly sensitive?: boolean }>>;
}

/**
 * Secrets found in the environment of the step: the values of `TF_VAR_<name>` for each variable
 * `config` declares sensitive (Terraform prints these in clear in a failed validation, where
 * there is no JSON plan to learn them from), and the values of {@link SECRET_ENVIRONMENT_VARIABLES}.
 */
export function environmentSecrets(config: ConfigurationFile | undefined, env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const [name, variable] of Object.entries(config?.variable ?? {})) {
    const value = env[`TF_VAR_${name}`];
    if (variable.sensitive && value) found.add(value);
  }
  for (const [name, value] of Object.entries(env)) {
    if (value && (SECRET_ENVIRONMENT_VARIABLES.includes(name) || name.startsWith("TF_TOKEN_"))) found.add(value);
  }
  return [...found];
}

/** What replaces a scrubbed value. */
export const REDACTED = "(redacted)";

/**
 * Patterns scrubbed from any text: whole PEM private-key blocks (the project pattern matches only
 * the header line), then every credential pattern of `environment-format/secrets.ts`.
 */
export const SCRUB_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/,
  ...SECRET_PATTERNS.map((p) => p.pattern),
];

/** `pattern` made usable for scrubbing running text: global, without ^/$ anchors. */
export function scrubbingPattern(pattern: RegExp): RegExp {
  let source = pattern.source;
  if (source.startsWith("^")) source = `(?<![A-Za-z0-9_~.-])${source.slice(1)}`;
  if (source.endsWith("$") && !source.endsWith("\\$")) source = `${source.slice(0, -1)}(?![A-Za-z0-9_~.-])`;
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  return new RegExp(source, flags);
}

/** The forms a secret is scrubbed in. */
export interface SecretForms {
  /** Replaced wherever they occur (longest first). */
  readonly literals: readonly string[];
  /** Replaced where they stand alone: not preceded or followed by a letter, digit or `_`. */
  readonly tokens: readonly string[];
  /** Replaced where they stand alone as numbers (not next to a digit, letter, `_` or a decimal point). */
  readonly numbers: readonly string[];
}

/** `value` escaped the way JSON and Terraform quote strings (without the quotes). */
function escapedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [value, json, json.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")];
}

/**
 * Substrings that every base64 encoding (standard or URL-safe, padded or not) of a text
 * containing `value` must contain, whatever the byte offset of `value` in that text: for each of
 * the three alignments, the characters that depend on `value`'s bytes only.
 */
export function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const firstWhole = offset === 0 ? 0 : 1; // the first group mixes padding bytes with the value's
    const lastWhole = Math.floor((offset + bytes.length) / 3); // groups after it mix in what follows
    const core = encoded.slice(firstWhole * 4, lastWhole * 4);
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

/** `value` decoded from base64 when it is base64 of printable text, else `undefined`. */
export function decodedBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length < 8 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  const text = bytes.toString("utf8");
  if (text.length === 0 || Buffer.from(text, "utf8").compare(bytes) !== 0) return undefined; // not UTF-8
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text)) return undefined; // binary
  return text;
}

/** Every form of the given secrets that {@link Redactor} scrubs. */
export function secretForms(values: Iterable<SensitiveValue>): SecretForms {
  const literals = new Set<string>();
  const tokens = new Set<string>();
  const numbers = new Set<string>();
  const addText = (text: string): void => {
    const trimmed = text.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) literals.add(trimmed);
    else if (/[A-Za-z0-9]/.test(trimmed)) tokens.add(trimmed);
  };
  const addString = (value: string, decode: boolean): void => {
    if (value.trim() === "") return;
    for (const form of escapedForms(value)) {
      if (form.includes("\n")) literals.add(form);
      for (const line of form.split(/\r?\n/)) addText(line);
    }
    // A short value's base64 is too short to recognize without shredding the text.
    if (value.trim().length >= MIN_SECRET_LENGTH) {
      const encoded = Buffer.from(value, "utf8").toString("base64");
      for (const form of [encoded, encoded.replace(/=+$/, ""), encoded.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), ...base64Cores(value)]) addText(form);
    }
    const decoded = decode ? decodedBase64(value) : undefined;
    if (decoded !== undefined) addString(decoded, false);
  };
  for (const value of values) {
    if (typeof value === "number") {
      if (Number.isFinite(value)) numbers.add(String(value));
    } else addString(value, true);
  }
  const longestFirst = (set: Set<string>) => [...set].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return { literals: longestFirst(literals), tokens: longestFirst(tokens), numbers: longestFirst(numbers) };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Scrubs text, whole ({@link Redactor.text}) or one line at a time ({@link Redactor.line}, for
 * output that must reach the log while it runs).
 */
export class Redactor {
  private readonly literals: readonly string[];
  private readonly standalone?: RegExp;
  private readonly patterns: readonly RegExp[];
  private readonly numbers: ReadonlySet<string>;
  private inPrivateKey = false;

  constructor(values: Iterable<SensitiveValue> = [], patterns: readonly RegExp[] = SCRUB_PATTERNS) {
    const forms = secretForms(values);
    this.literals = forms.literals;
    this.numbers = new Set(forms.numbers);
    const alternatives = [
      ...forms.tokens.map((t) => `(?<![A-Za-z0-9_])${escapeRegExp(t)}(?![A-Za-z0-9_])`),
      ...forms.numbers.map((n) => `(?<![A-Za-z0-9_.])${escapeRegExp(n)}(?![A-Za-z0-9_]|\\.\\d)`),
    ];
    if (alternatives.length > 0) this.standalone = new RegExp(alternatives.join("|"), "g");
    this.patterns = patterns.map(scrubbingPattern);
  }

  /** `text` scrubbed of every secret form and credential pattern. */
  text(text: string): string {
    let out = text;
    for (const literal of this.literals) out = out.split(literal).join(REDACTED);
    if (this.standalone) out = out.replace(this.standalone, REDACTED);
    for (const pattern of this.patterns) out = out.replace(pattern, REDACTED);
    return out;
  }

  /** `value` (a JSON number), or {@link REDACTED} when it is a sensitive number. */
  number(value: number): number | string {
    return this.numbers.has(String(value)) ? REDACTED : value;
  }

  /**
   * One line (without its line break) of a stream, scrubbed. Whole-block patterns cannot match
   * across calls, so the lines between a private key's BEGIN and END lines are dropped whole.
   */
  line(line: string): string {
    if (this.inPrivateKey) {
      if (/-----END [A-Z ]*PRIVATE KEY-----/.test(line)) this.inPrivateKey = false;
      return REDACTED;
    }
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(line) && !/-----END [A-Z ]*PRIVATE KEY-----/.test(line)) {
      this.inPrivateKey = true;
      return REDACTED;
    }
    return this.text(line);
  }
}

/**
 * `text` without the given sensitive values (in all their forms, see {@link secretForms}) and
 * without anything matching {@link SCRUB_PATTERNS} (the project's credential patterns).
 */
export function redact(text: string, sensitive: Iterable<SensitiveValue> = [], patterns: readonly RegExp[] = SCRUB_PATTERNS): string {
  return new Redactor(sensitive, patterns).text(text);
}
