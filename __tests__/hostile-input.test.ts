/**
 * Hostile and careless input, property-based (issue 14, point 1): fast-check makes bad
 * environment files and folders from valid ones, class by class, with a fixed seed (FUZZ_SEED
 * overrides it; a failure prints the seed and the shrunk counterexample). Each must be refused
 * within a bounded time with a message that names the file and the field, echoes no
 * secret-shaped value, shows no stack trace and holds no control character, and nothing may be
 * written. The bulk runs in process (synthEnvironments, as the app and `grafana-scim synth` call
 * it); one folder holding a case of every class, and the folder-level mistakes, run through the
 * real commands: the app as cdktf runs it (`node --import tsx main.ts`) and `grafana-scim synth`.
 * Valid but unusual input (unicode, long legal names, template sequences in expression fields)
 * is accepted, and the synthesized JSON carries it exactly, escaped where Terraform would read it.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { main as cliMain } from "../cli/grafana-scim";
import { appEnvironmentsDir, synthEnvironments } from "../main";
import { runAppInProcess } from "./support/app-in-process";
import { EnvironmentError, fieldName, loadEnvironments, maskSecrets, printable, validateEnvironment } from "../environment-format";
import { MAX_FILE_BYTES, MAX_PROBLEM_LENGTH, MAX_PROBLEMS_SHOWN, MAX_STRING_LENGTH } from "../environment-format/limits";
import {
  aroundArb,
  badNumberArb,
  baseEnvironments,
  cdktfTokenArb,
  constrainedStrings,
  bidiControlArb,
  controlArb,
  EXPRESSION_FIELDS,
  isFreeText,
  otherTypeArb,
  paths,
  secretArb,
  setPath,
  strictObjects,
  text,
  writeEntries,
  type BadCase,
  type BaseEnvironment,
  type Entry,
  type Json,
  type JsonPath,
} from "./support/hostile-environments";

const ROOT = path.resolve(__dirname, "..");
const SEED = Number(process.env.FUZZ_SEED ?? 20261214);
/** Generous: a refusal takes milliseconds; a hang or a quadratic blow-up takes far longer. */
const CASE_BUDGET_MS = 2000;
/** fast-check's options for a class: the seed, and a report that prints the counterexample. */
const run = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns, endOnFailure: false });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-"));
const started: number[] = [];
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(pid);
    } catch {
      // already ended
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const BASES = baseEnvironments();
let caseNumber = 0;
const casesRun = new Map<string, number>();
const slowest = { ms: 0, note: "" };
/** Generous, for all in-process cases together: a few seconds on a busy 2-core machine. */
const TOTAL_BUDGET_MS = 60_000;
let totalMs = 0;

/** The message's lines for `file` (its section), or `undefined` when the message does not name it. */
function section(message: string, file: string): string[] | undefined {
  const lines = message.split("\n");
  const shown = printable(maskSecrets(file));
  const start = lines.findIndex((l) => l.endsWith(` is not a valid environment:`) && (l === `${shown} is not a valid environment:` || l.endsWith(`/${shown} is not a valid environment:`)));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("  "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** What is wrong with `message` as the refusal of `c`: each expected file and field named, no leak, no trace. */
function messageFaults(message: string, c: Pick<BadCase, "expect" | "secrets">): string[] {
  const faults: string[] = [];
  for (const { file, field } of c.expect) {
    const lines = section(message, file);
    if (!lines) {
      faults.push(`the message does not name ${JSON.stringify(file)}`);
      continue;
    }
    const named = lines.some((l) => l.startsWith(`  - ${field}`) && /^[:.[]/.test(l.slice(`  - ${field}`.length)));
    if (!named) faults.push(`the message names ${JSON.stringify(file)} but not the field ${JSON.stringify(field)}`);
  }
  if (/\n\s+at .+[:(]/.test(message) || /\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b/.test(message)) faults.push("the message holds a JavaScript error or stack trace");
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(message)) faults.push("the message holds a control character");
  for (const secret of c.secrets ?? []) {
    // The whole value, and (for a random part without a host to keep) every 10-character piece of its last 16.
    const tail = secret.includes("://") ? "" : secret.slice(-16);
    const pieces = [secret, ...Array.from({ length: Math.max(0, tail.length - 9) }, (_, i) => tail.slice(i, i + 10))];
    if (pieces.some((p) => message.includes(p))) faults.push("the message echoes a secret-shaped value");
  }
  const files = new Set(c.expect.map((e) => e.file)).size || 1;
  if (message.length > (files + 1) * (MAX_PROBLEMS_SHOWN + 2) * (MAX_PROBLEM_LENGTH + 1)) faults.push(`the message is ${message.length} characters long`);
  return faults;
}

/**
 * Runs `c` in process as the app does (synthEnvironments into a fresh output folder) and throws,
 * with the case, unless it is refused by an EnvironmentError whose message passes
 * {@link messageFaults}, within {@link CASE_BUDGET_MS}, with nothing written.
 */
function expectRefused(c: BadCase): void {
  const dir = path.join(tmp, `case-${++caseNumber}`);
  const environmentsDir = path.join(dir, "environments");
  const outdir = path.join(dir, "cdktf.out");
  writeEntries(environmentsDir, c.entries);
  const t0 = performance.now();
  let error: unknown;
  try {
    synthEnvironments({ environmentsDir, outdir });
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  casesRun.set(c.kind, (casesRun.get(c.kind) ?? 0) + 1);
  totalMs += ms;
  if (ms > slowest.ms) Object.assign(slowest, { ms, note: `${c.kind}: ${c.note}` });
  const faults: string[] = [];
  if (!(error instanceof EnvironmentError)) faults.push(error === undefined ? "it was accepted" : `it threw ${String(error).slice(0, 300)}, not an EnvironmentError`);
  else faults.push(...messageFaults(error.message, c));
  if (ms > CASE_BUDGET_MS) faults.push(`it took ${Math.round(ms)} ms`);
  if (fs.existsSync(outdir)) faults.push("it wrote the output folder");
  fs.rmSync(dir, { recursive: true, force: true });
  if (faults.length > 0) {
    throw new Error(`${c.kind} (${c.note}): ${faults.join("; ")}${error instanceof Error ? `\n--- message ---\n${error.message.slice(0, 3000)}` : ""}`);
  }
}

/** An arbitrary base environment. */
const baseArb = fc.constantFrom(...BASES);
/** The file a base is written to (example-* keep their names: they need no backend). */
const fileOf = (b: BaseEnvironment) => `${b.name}.json`;
/** A case of one bad file made from `base` with `document`. */
const oneFile = (kind: string, base: BaseEnvironment, document: Json, field: string, note: string, secrets?: string[]): BadCase => ({
  kind,
  entries: { [fileOf(base)]: text(document) },
  expect: [{ file: fileOf(base), field }],
  note,
  ...(secrets ? { secrets } : {}),
});
/** One of `items`, chosen by the generated number `n`. */
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;

/** A class of bad input: its title, how many cases a run makes, and the generator of its cases. */
interface BadClass {
  readonly title: string;
  readonly runs: number;
  readonly arb: () => fc.Arbitrary<BadCase>;
}
const CLASSES: BadClass[] = [];
const badClass = (title: string, runs: number, arb: () => fc.Arbitrary<BadCase>) => CLASSES.push({ title, runs, arb });

/** Required fields (patterns over field names) and the field a message names when one is missing. */
const REQUIRED: Array<[RegExp, (p: JsonPath) => JsonPath]> = [
  [/^grafana$/, (p) => p],
  [/^grafana\.(kind|stackSlug|stackId)$/, (p) => p],
  [/^identityProvider\.(kind|tenantId|appDisplayName|orgName)$/, (p) => p],
  [/^backend\.(kind|bucket|region|resourceGroupName|storageAccountName|containerName|organization)$/, (p) => p],
  [/^saml\.signing$/, (p) => p],
  [/^adopt\.(grafana\.serviceAccountId|entra\.(applicationObjectId|servicePrincipalObjectId|synchronizationJobId)|okta\.appId)$/, (p) => p],
  [/^identityProvider\.mappings\.(user|group)\[\d+\]\.(target|source)$/, (p) => p],
  [/^saml\.orgMapping\[\d+\]\.(value|orgId)$/, (p) => p],
  [/^identityProvider\.groups\[\d+\]\.(objectId|displayName)$/, (p) => p.slice(0, -1)],
];

badClass("wrong types: any field, section or item replaced by a value of another JSON type", 60, () => {
    const arb = fc
      .tuple(baseArb, fc.nat())
      .chain(([base, n]) => {
        const targets = paths(base.document).filter((p) => p.path.length > 0);
        const target = pick(targets, n);
        return otherTypeArb(target.value).map((value) => ({ base, target, value }));
      })
      .map(({ base, target, value }) => {
        const field = fieldName(target.path);
        return oneFile("wrong type", base, setPath(base.document, target.path, value), field, `${field} = ${JSON.stringify(value)}`);
      });
    return arb;
});

badClass("missing required fields", 40, () => {
    const arb = fc.tuple(baseArb, fc.nat()).map(([base, n]) => {
      const selfHosted = (base.document.grafana as { kind: string }).kind === "self-hosted";
      const required = paths(base.document).flatMap(({ path: p }) => {
        // A Cloud stack's url is optional (a custom domain); a self-hosted Grafana's is its address.
        if (selfHosted && fieldName(p) === "grafana.url") return [{ path: p, field: "grafana.url" }];
        // Okta provisions only assigned users: its groups are required (Entra's may be assigned by hand).
        if ((base.document.identityProvider as { kind?: string } | undefined)?.kind === "okta" && fieldName(p) === "identityProvider.groups") {
          return [{ path: p, field: "identityProvider.groups" }];
        }
        const match = REQUIRED.find(([re]) => re.test(fieldName(p)));
        return match ? [{ path: p, field: fieldName(match[1](p)) }] : [];
      });
      const { path: p, field } = pick(required, n);
      return oneFile("missing field", base, setPath(base.document, p, undefined), field, `without ${fieldName(p)}`);
    });
    return arb;
});

badClass("unknown fields, including prototype names and fields of other sections", 50, () => {
    const keyArb = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }).filter((k) => /^[\x20-\x7e]+$/.test(k) && !/[.[\]]/.test(k)),
      fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "password", "clientSecret", "token", "url", "preventDestroy", "kind2", ""),
    );
    const arb = fc.tuple(baseArb, fc.nat(), keyArb, fc.oneof(fc.constant(1), fc.constant("x"), fc.constant({ a: 1 }))).chain(([base, n, key, value]) => {
      const at = pick(strictObjects(base.document), n);
      const existing = paths(base.document).find((p) => fieldName(p.path) === fieldName([...at, key]));
      return fc.constant({ base, at, key, value, existing });
    });
    return arb
          .filter(({ existing }) => existing === undefined)
          .map(({ base, at, key, value }) => {
            const document = structuredClone(base.document);
            let node = document as Record<string | number, Json>;
            for (const k of at) node = node[k] as Record<string | number, Json>;
            // An own property, also for "__proto__" (JSON.parse makes it one).
            Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
            return oneFile("unknown field", base, document, fieldName([...at, key]), `${fieldName([...at, key])} added`);
          });
});

badClass("empty and blank strings in every field that names or identifies something", 40, () => {
    const arb = fc.tuple(baseArb, fc.nat(), fc.constantFrom("", " ", "   ", "\u00a0", "\u3000")).map(([base, n, blank]) => {
      const p = pick(constrainedStrings(base.document), n);
      return oneFile("empty string", base, setPath(base.document, p, blank), fieldName(p), `${fieldName(p)} = ${JSON.stringify(blank)}`);
    });
    return arb;
});

badClass("huge strings in any field, and files over the size limit", 30, () => {
    const fieldArb = fc.tuple(baseArb, fc.nat(), fc.integer({ min: MAX_STRING_LENGTH + 1, max: 60_000 })).map(([base, n, length]) => {
      const strings = paths(base.document).filter((p) => typeof p.value === "string");
      const p = pick(strings, n).path;
      return oneFile("huge string", base, setPath(base.document, p, "a".repeat(length)), fieldName(p), `${fieldName(p)}: ${length} characters`);
    });
    const fileArb = fc.tuple(baseArb, fc.integer({ min: MAX_FILE_BYTES + 1, max: 4 * MAX_FILE_BYTES })).map(([base, size]) => {
      const document = { ...base.document, description: "d".repeat(size) };
      return oneFile("huge file", base, document, "(file)", `${size} bytes`);
    });
    return fc.oneof(fieldArb, fileArb);
});

badClass("unicode look-alikes and invisible characters in identifiers (ids, slugs, org names, state storage names)", 40, () => {
    // Not the state key: S3 object keys and blob names are UTF-8 (any character but controls).
    const IDENTIFIERS = /^(grafana\.stackSlug|identityProvider\.(tenantId|orgName|groups\[\d+\]\.(objectId|id))|backend\.(bucket|region|resourceGroupName|storageAccountName|containerName|organization|workspace|hostname|dynamodbTable)|adopt\..*|identityProvider\.provisioning\.provisionOnDemand\..*)$/;
    const charArb = fc.constantFrom("\u0430" /* Cyrillic a */, "\uff41" /* fullwidth a */, "\u200b", "\u202e", "\u0301", "\ufeff", "é", "😀");
    const arb = fc
      .tuple(baseArb, fc.nat(), charArb, fc.nat())
      .map(([base, n, char, at]) => {
        const ids = paths(base.document).filter((p) => typeof p.value === "string" && IDENTIFIERS.test(fieldName(p.path)));
        if (ids.length === 0) return undefined;
        const { path: p, value } = pick(ids, n);
        const s = value as string;
        const i = at % (s.length + 1);
        return oneFile("unicode", base, setPath(base.document, p, s.slice(0, i) + char + s.slice(i)), fieldName(p), `${fieldName(p)} with U+${char.codePointAt(0)!.toString(16)}`);
      })
      .filter((c): c is BadCase => c !== undefined);
    return arb;
});

/** `char` put into a generated value or field name: refused, the message naming that field. */
const insertedCharacterCases = (kind: string, charArb: fc.Arbitrary<string>) => () =>
  fc.tuple(baseArb, fc.nat(), charArb, fc.nat(), fc.boolean()).map(([base, n, char, at, inKey]) => {
    const candidates = paths(base.document).filter((p) => (inKey ? p.path.length > 0 && typeof p.path.at(-1) === "string" : typeof p.value === "string"));
    const { path: p, value } = pick(candidates, n);
    if (inKey) {
      const key = p.at(-1) as string;
      const i = at % (key.length + 1);
      const renamed = [...p.slice(0, -1), key.slice(0, i) + char + key.slice(i)];
      const document = setPath(setPath(base.document, renamed, value), p, undefined);
      return oneFile(kind, base, document, printable(fieldName(renamed)), `key ${JSON.stringify(fieldName(renamed))}`);
    }
    const s = value as string;
    const i = at % (s.length + 1);
    return oneFile(kind, base, setPath(base.document, p, s.slice(0, i) + char + s.slice(i)), fieldName(p), `${fieldName(p)} with U+${char.charCodeAt(0).toString(16)}`);
  });

badClass("control characters in any value or field name", 40, insertedCharacterCases("control character", controlArb));

badClass("bidirectional embedding, override and isolate controls in any value or field name", 20, insertedCharacterCases("bidirectional control", bidiControlArb));

badClass("URL tricks in every URL field", 40, () => {
    const ANY_URL = [
      "http://grafana.example.com",
      "https://scim:hunter2@grafana.example.com",
      "https://grafana.example.com.",
      "https://${var.host}.example.com",
      "https://%{if true}x%{endif}.example.com",
      "https://grafana.${var.domain}",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "grafana.example.com",
      "//grafana.example.com",
      "https://",
      "https://grafana.example.com:99999",
      "https://gra fana.example.com",
      "https://_grafana.example.com",
      "https://grafana..example.com",
      "https://-grafana.example.com",
      "https://[::1]",
      // Hosts the URL parser rewrites: the file would show one host, the providers would call another.
      "https://gr\u0430fana.example.com",
      "https://grafana.exa\u00admple.com",
      "https://0x7f.1",
      "https://graf%61na.example.com",
      "ftp://grafana.example.com",
      "",
    ];
    const ROOT_ONLY = ["https://grafana.example.com/grafana", "https://grafana.example.com/?orgId=2", "https://grafana.example.com/#x", "https://grafana.example.com/api/"];
    const arb = fc.tuple(baseArb, fc.nat(), fc.nat()).map(([base, n, t]) => {
      const urls = paths(base.document).filter((p) => /^(grafana\.url|saml\.idpMetadataUrl)$/.test(fieldName(p.path)));
      if (urls.length === 0) return undefined;
      const p = pick(urls, n).path;
      const tricks = fieldName(p) === "grafana.url" ? [...ANY_URL, ...ROOT_ONLY, ...((base.document.grafana as { kind: string }).kind === "self-hosted" ? ["https://acme.grafana.net"] : [])] : ANY_URL;
      const trick = pick(tricks, t);
      return oneFile("URL trick", base, setPath(base.document, p, trick), fieldName(p), `${fieldName(p)} = ${JSON.stringify(trick)}`);
    });
    return arb.filter((c): c is BadCase => c !== undefined);
});

badClass("secret-shaped values, alone and inside text, in any value or as a field name", 50, () => {
    const arb = fc.tuple(baseArb, fc.nat(), secretArb, aroundArb, fc.boolean()).map(([base, n, secret, [before, after], asKey]) => {
      const value = `${before}${secret.value}${after}`;
      if (asKey) {
        const at = pick(strictObjects(base.document), n);
        const document = setPath(base.document, [...at, value], "x");
        return oneFile("secret", base, document, printable(maskSecrets(fieldName([...at, value]))), `key with a ${secret.kind}`, [secret.value, secret.body]);
      }
      const strings = paths(base.document).filter((p) => typeof p.value === "string");
      const p = pick(strings, n).path;
      return oneFile("secret", base, setPath(base.document, p, value), fieldName(p), `${fieldName(p)} holds a ${secret.kind}`, [secret.value, secret.body]);
    });
    return arb;
});

badClass("cdktf token encodings (string, list, map markers, number tokens) in any value, inside text, or as a field name", 40, () => {
    const arb = fc.tuple(baseArb, fc.nat(), cdktfTokenArb, aroundArb, fc.constantFrom("value", "in text", "key")).map(([base, n, token, [before, after], where]) => {
      if (where === "key") {
        const at = pick(strictObjects(base.document), n);
        const key = `${before}${String(token)}${after}`;
        return oneFile("cdktf token", base, setPath(base.document, [...at, key], "x"), fieldName([...at, key]), `key ${JSON.stringify(key)}`);
      }
      const leaves = paths(base.document).filter((p) => typeof p.value === "string" || typeof p.value === "number");
      const p = pick(leaves, n).path;
      // A map's stand-in values are tokens only as the whole value (cdktf compares them whole).
      const standIn = token === -123456789 || (typeof token === "string" && token.endsWith(" Token Value"));
      const value = where === "in text" && !standIn ? `${before}${String(token)}${after}` : token;
      return oneFile("cdktf token", base, setPath(base.document, p, value), fieldName(p), `${fieldName(p)} = ${JSON.stringify(value)}`);
    });
    return arb;
});

badClass("out-of-range numbers in every numeric field, also numbers JSON parses to Infinity", 45, () => {
    /** The numeric fields, with the values they take. */
    const NUMERIC: Array<[RegExp, (n: number) => boolean]> = [
      [/^grafana\.stackId$/, (n) => Number.isSafeInteger(n) && n > 0],
      [/^grafana\.orgId$/, (n) => n === 1],
      [/^token\.(lifetimeDays|rotationDays|expiryWarningDays)$/, () => false],
      [/^identityProvider\.mappings\.(user|group)\[\d+\]\.matchingPriority$/, (n) => Number.isSafeInteger(n) && n >= 0 && n <= 2147483647],
      [/^saml\.orgMapping\[\d+\]\.orgId$/, (n) => Number.isSafeInteger(n) && n > 0],
    ];
    const arb = fc
      .tuple(baseArb, fc.nat(), fc.oneof(badNumberArb, fc.double({ noNaN: true }), fc.constantFrom(36_501, 1e5, 106_752)), fc.boolean(), fc.constantFrom("1e400", "-1e400", "1E999"))
      .map(([base0, n, value, infinite, infinity]): BadCase | undefined => {
        // The field first (each numeric field as often), then a base that has it; token options
        // are added to any base.
        const [pattern, valid] = pick(NUMERIC, n);
        const holders = BASES.flatMap((b) => paths(b.document).filter((p) => typeof p.value === "number" && pattern.test(fieldName(p.path))).map((p) => ({ base: b, path: p.path })));
        const chosen = holders.length > 0 ? pick(holders, Math.floor(n / NUMERIC.length)) : { base: base0, path: ["token", pick(["lifetimeDays", "rotationDays", "expiryWarningDays"], n)] as JsonPath };
        const base = chosen.base;
        const p = chosen.path;
        if (!infinite && valid(value)) return undefined;
        const document = setPath(base.document, p, infinite ? 424242.4242 : value);
        const entry: Entry = infinite ? { kind: "text", text: JSON.stringify(document).replace("424242.4242", infinity) } : text(document);
        return { kind: "number", entries: { [fileOf(base)]: entry }, expect: [{ file: fileOf(base), field: fieldName(p) }], note: `${fieldName(p)} = ${infinite ? infinity : value}` };
      })
      .filter((c): c is BadCase => c !== undefined)
      // Token days that are valid alone can still be refused together (lifetime vs warning): keep
      // only values outside 1..36500 or not whole.
      .filter((c) => !/^token\./.test(c.expect[0]!.field) || !/= (\d+)$/.test(c.note) || Number(/= (\d+)$/.exec(c.note)![1]) > 36_500 || Number(/= (\d+)$/.exec(c.note)![1]) < 1);
    return arb;
});

badClass("invalid JSON, other roots, and text that is not UTF-8", 40, () => {
    const arb = fc.tuple(baseArb, fc.nat(), fc.nat(), fc.constantFrom("truncate", "trailing-comma", "comment", "single-quotes", "nan", "two-roots", "empty", "blank", "bare-secret", "root", "latin1", "invalid-bytes")).chain(([base, n, m, how]) => {
      const json = `${JSON.stringify(base.document, null, 2)}\n`;
      const secretCase = secretArb.map((s) => ({ base, entry: { kind: "text", text: json.replace(/"kind": "[^"]+"/, `"kind": ${s.value}`) } as Entry, field: "(file)", secrets: [s.value, s.body] as string[] | undefined, how }));
      if (how === "bare-secret") return secretCase;
      const entry = ((): Entry => {
        switch (how) {
          case "truncate":
            return { kind: "text", text: json.slice(0, 1 + (n % (json.trimEnd().length - 1))) };
          case "trailing-comma":
            return { kind: "text", text: json.replace(/\n(\s*)\}\n$/, ",\n$1}\n") };
          case "comment":
            return { kind: "text", text: `// ${base.name}\n${json}` };
          case "single-quotes":
            return { kind: "text", text: json.replace(/"grafana"/, "'grafana'") };
          case "nan":
            return { kind: "text", text: json.replace(/\{/, "{\"x\": NaN,") };
          case "two-roots":
            return { kind: "text", text: `${json}${json}` };
          case "empty":
            return { kind: "text", text: "" };
          case "blank":
            return { kind: "text", text: " \n\t\n" };
          case "root":
            return { kind: "text", text: pick(["[]", '"grafana"', "42", "null", "true", "[{}]"], m) };
          case "latin1":
            return { kind: "bytes", bytes: Buffer.from(json.replace(/"description": "[^"]*"/, '"description": "Caf\u00e9"').replace(/^\{/, '{"description": "Caf\u00e9",'), "latin1") };
          default:
            return { kind: "bytes", bytes: Buffer.concat([Buffer.from(json.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(json.slice(20))]) };
        }
      })();
      return fc.constant({ base, entry, field: how === "root" ? "(root)" : "(file)", secrets: undefined as string[] | undefined, how });
    });
    return arb.map(({ base, entry, field, secrets, how }): BadCase => ({ kind: "invalid JSON", entries: { [fileOf(base)]: entry }, expect: [{ file: fileOf(base), field }], note: how, ...(secrets ? { secrets } : {}) }));
});

badClass("file names that cannot name a stack, in any case of .json", 40, () => {
    const nameArb = fc.oneof(
      fc.constantFrom("Prod", "prod_eu", "1prod", "-prod", "prod env", "prod.eu", ".prod", "a".repeat(41), "prødüction", "prod\u202eeu", "prod\nnext", "prod\u001b[31m", "пrod"),
      secretArb.map((s) => s.value.replace(/[/\n]/g, "")),
      fc.string({ minLength: 1, maxLength: 50 }).filter((s) => !/^[a-z][a-z0-9-]{0,39}$/.test(s) && !s.includes("/") && !s.includes("\u0000") && s !== "." && s !== ".."),
    );
    const arb = fc.tuple(baseArb, nameArb, fc.constantFrom(".json", ".json", ".JSON", ".Json")).map(([base, name, ext]) => {
      const file = `${name}${ext}`;
      return {
        kind: "file name",
        entries: { [file]: text(base.document) },
        expect: [{ file, field: "(file name)" }],
        note: JSON.stringify(file),
        secrets: /^(glsa_|glc_|eyJ|00|.{3}\dQ~)/.test(name) ? [name] : [],
      } satisfies BadCase;
    });
    return arb;
});

badClass("symbolic links and folders where environment files belong", 24, () => {
    const outside = path.join(tmp, "outside");
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, "valid.json"), JSON.stringify(BASES[0]!.document));
    const arb = fc.tuple(baseArb, fc.constantFrom("link-to-file", "link-to-dev-zero", "dangling-link", "link-to-folder", "link-loop", "folder")).map(([base, what]): BadCase => {
      const entry: Entry =
        what === "folder"
          ? { kind: "folder" }
          : {
              kind: "symlink",
              target: { "link-to-file": path.join(outside, "valid.json"), "link-to-dev-zero": "/dev/zero", "dangling-link": path.join(outside, "missing.json"), "link-to-folder": outside, "link-loop": "bad-entry.json" }[what]!,
            };
      // A valid sibling: the bad entry is refused, not just an empty folder.
      const sibling = base.name.startsWith("example-") ? base : { ...base, name: `ok-${base.name}` };
      return {
        kind: "not a regular file",
        entries: { [fileOf(sibling)]: text(sibling.name.startsWith("example-") ? base.document : { backend: { kind: "local" }, ...base.document }), "bad-entry.json": entry },
        expect: [{ file: "bad-entry.json", field: "(file)" }],
        note: what,
      };
    });
    return arb;
});

badClass("conflicting options within a file", 40, () => {
    type Mutation = { applies: (d: Record<string, Json>) => boolean; change: (d: Record<string, Json>) => { document: Json; field: string; text?: string } };
    const has = (d: Record<string, Json>, p: JsonPath) => paths(d).some((x) => fieldName(x.path) === fieldName(p));
    const idp = (d: Record<string, Json>) => (d.identityProvider as { kind?: string } | undefined)?.kind;
    const MUTATIONS: Record<string, Mutation> = {
      "metadata URL and path": {
        applies: (d) => d.saml !== undefined && (d.grafana as { kind: string }).kind === "self-hosted",
        change: (d) => ({ document: setPath(setPath(d, ["saml", "idpMetadataUrl"], "https://idp.example.com/m"), ["saml", "idpMetadataPath"], "/etc/grafana/idp.xml"), field: "saml.idpMetadataUrl" }),
      },
      "lifetime not longer than rotation": {
        applies: (d) => idp(d) === "entra",
        change: (d) => ({ document: setPath(d, ["token"], { lifetimeDays: 30, rotationDays: 30 }), field: "token.lifetimeDays" }),
      },
      "warning not shorter than lifetime": {
        applies: () => true,
        change: (d) => ({ document: setPath(d, ["token"], { lifetimeDays: 10, expiryWarningDays: 10 }), field: "token.expiryWarningDays" }),
      },
      "rotation with a token pasted by hand": {
        applies: (d) => idp(d) !== "entra",
        change: (d) => ({ document: setPath(d, ["token"], { lifetimeDays: 90, rotationDays: 30 }), field: "token.rotationDays" }),
      },
      "Entra group by id and name": {
        applies: (d) => idp(d) === "entra",
        change: (d) => ({ document: setPath(d, ["identityProvider", "groups", 0], { objectId: "6d5f1a3c-0000-4000-8000-0000000000bb", displayName: "Both" }), field: "identityProvider.groups[0]" }),
      },
      "mapping source attribute and constant": {
        applies: (d) => idp(d) === "entra",
        change: (d) => ({
          document: setPath(d, ["identityProvider", "mappings", "user"], [{ target: "title", source: { attribute: "jobTitle", constant: "x" } }]),
          field: "identityProvider.mappings.user[0].source",
        }),
      },
      "s3 without any lock": {
        applies: () => true,
        change: (d) => ({ document: setPath(d, ["backend"], { kind: "s3", bucket: "acme-state", region: "eu-central-1", useLockfile: false }), field: "backend.useLockfile" }),
      },
      "azurerm without Entra ID auth": {
        applies: () => true,
        change: (d) => ({
          document: setPath(d, ["backend"], { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "acmestate", containerName: "tfstate", useAzureadAuth: false }),
          field: "backend.useAzureadAuth",
        }),
      },
      "adopting another identity provider's app": {
        applies: (d) => idp(d) !== "okta",
        change: (d) => ({ document: setPath(d, ["adopt"], { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } }), field: "adopt.okta" }),
      },
      "server paths on Grafana Cloud": {
        applies: (d) => (d.grafana as { kind: string }).kind === "cloud" && d.saml !== undefined,
        change: (d) => ({ document: setPath(d, ["saml", "idpMetadataPath"], "/etc/grafana/idp.xml"), field: "saml.idpMetadataPath" }),
      },
      "no sync at all": {
        applies: () => true,
        change: (d) => ({ document: setPath(d, ["scim"], { userSync: false, groupSync: false }), field: "scim" }),
      },
      "a section written twice": {
        applies: (d) => d.grafana !== undefined,
        change: (d) => {
          const json = JSON.stringify(d);
          return { document: d, field: "grafana", text: json.replace(/^\{/, `{"grafana": ${JSON.stringify(d.grafana)},`) };
        },
      },
      "a field written twice": {
        applies: (d) => has(d, ["grafana", "kind"]),
        change: (d) => ({ document: d, field: "grafana.kind", text: JSON.stringify(d).replace(/"grafana":\{/, '"grafana":{"kind":"cloud",') }),
      },
    };
    const names = Object.keys(MUTATIONS);
    const arb = fc.tuple(baseArb, fc.nat()).map(([base, n]) => {
      const applicable = names.filter((name) => MUTATIONS[name]!.applies(base.document));
      const name = pick(applicable, n);
      const { document, field, text: raw } = MUTATIONS[name]!.change(base.document);
      return {
        kind: "conflicting options",
        entries: { [fileOf(base)]: raw === undefined ? text(document) : ({ kind: "text", text: raw } as Entry) },
        expect: [{ file: fileOf(base), field }],
        note: name,
      } satisfies BadCase;
    });
    return arb;
});

badClass("conflicting files: two environments that own the same Grafana organization, or share a state location", 40, () => {
    const generated = BASES.filter((b) => b.name.startsWith("gen-"));
    const arb = fc.tuple(fc.constantFrom(...generated), fc.constantFrom(...generated), fc.nat()).map(([a, b0, n]) => {
      const b = b0 === a ? generated[(generated.indexOf(a) + 1) % generated.length]! : b0;
      const ga = a.document.grafana as Record<string, Json>;
      const variants: Array<{ grafana?: Json; backend?: Json; note: string; field: string }> = [
        { grafana: ga, note: "the same grafana section", field: "grafana" },
        ...(ga.kind === "self-hosted"
          ? [
              { grafana: { kind: "self-hosted", url: String(ga.url).toUpperCase().replace("HTTPS://", "https://") }, note: "the same host in upper case", field: "grafana" },
              { grafana: { kind: "self-hosted", url: `${String(ga.url)}:443/` }, note: "the same host with the default port", field: "grafana" },
              { grafana: { kind: "cloud", stackSlug: "other-slug", stackId: 999_999, url: String(ga.url) }, note: "a Cloud stack on the self-hosted URL", field: "grafana" },
            ]
          : [
              { grafana: { kind: "cloud", stackSlug: "another-slug", stackId: ga.stackId! }, note: "the same stack id", field: "grafana" },
              { grafana: { kind: "cloud", stackSlug: ga.stackSlug!, stackId: 999_998 }, note: "the same stack slug", field: "grafana" },
            ]),
        // A backend section names the same state only with an explicit key or workspace (the defaults follow the name).
        ...(/"(key|workspace)"/.test(JSON.stringify(a.document.backend)) ? [{ backend: a.document.backend!, note: "the same backend", field: "backend" }] : []),
        { backend: { kind: "s3", bucket: "shared-state", region: "eu-west-1", key: "one.tfstate" }, note: "the same s3 object", field: "backend" },
      ];
      const v = pick(variants, n);
      const bDoc: Record<string, Json> = { ...b.document, ...(v.grafana ? { grafana: v.grafana } : {}), ...(v.backend ? { backend: v.backend } : {}) };
      const aDoc: Record<string, Json> = v.note === "the same s3 object" ? { ...a.document, backend: v.backend! } : a.document;
      // A Cloud stack's SAML settings and Okta org stay valid under another slug; drop SAML server paths a Cloud stack refuses.
      if (v.grafana && (v.grafana as { kind: string }).kind === "cloud" && bDoc.saml && typeof (bDoc.saml as Record<string, Json>).signing === "object") {
        bDoc.saml = { ...(bDoc.saml as Record<string, Json>), signing: "variables" };
      }
      const local = (v.backend as { kind?: string } | undefined)?.kind === "local";
      return {
        kind: "conflicting files",
        entries: { [fileOf(a)]: text(aDoc), [fileOf(b)]: text(bDoc) },
        // Two local backends of different names never share a state file.
        expect: local ? [] : [{ file: fileOf(a), field: v.field }, { file: fileOf(b), field: v.field }],
        note: `${b.name} gets ${v.note} as ${a.name}`,
      } satisfies BadCase;
    });
    return arb.filter((c) => c.expect.length > 0);
});

badClass("tens of thousands of unknown keys: refused in bounded time, with a bounded message", 8, () => {
    const arb = fc.tuple(baseArb, fc.integer({ min: 10_000, max: 30_000 }), fc.boolean()).map(([base, count, nested]) => {
      const extra = Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i % 10]));
      const document = nested ? { ...base.document, scim: { ...(base.document.scim as object), ...extra } } : { ...base.document, ...extra };
      const size = Buffer.byteLength((text(document) as { text: string }).text);
      return oneFile("many unknown keys", base, document, size > MAX_FILE_BYTES ? "(file)" : nested ? "scim.k0" : "k0", `${count} keys, ${size} bytes`);
    });
    return arb;
});

badClass("deep nesting: no stack overflow, the field named", 16, () => {
    const arb = fc.tuple(baseArb, fc.integer({ min: 17, max: 100_000 }), fc.constantFrom("[", '{"a":'), fc.constantFrom("description", "grafana", "zzz")).map(([base, depth, open, key]) => {
      const close = open === "[" ? "]" : "}";
      const raw = JSON.stringify(base.document).replace(/\}$/, `,"${key}":${open.repeat(depth)}1${close.repeat(depth)}}`);
      // The key may already exist: then it is also written twice; the nesting is what is checked.
      const entry: Entry = { kind: "text", text: raw };
      return { kind: "deep nesting", entries: { [fileOf(base)]: entry }, expect: [{ file: fileOf(base), field: raw.length > MAX_FILE_BYTES ? "(file)" : key }], note: `${depth} levels of ${open}` } satisfies BadCase;
    });
    return arb;
});

describe(`bad environment files, generated (seed ${SEED}; FUZZ_SEED=<n> for another run)`, () => {
  it.each(CLASSES)("$title", ({ arb, runs }) => fc.assert(fc.property(arb(), expectRefused), run(runs)));

  it("ran at least 500 bad cases, of every class", () => {
    const total = [...casesRun.values()].reduce((a, b) => a + b, 0);
    expect({ atLeast500: total >= 500, classes: [...casesRun.keys()].sort() }).toEqual({
      atLeast500: true,
      classes: [
        "URL trick",
        "bidirectional control",
        "cdktf token",
        "conflicting files",
        "conflicting options",
        "control character",
        "deep nesting",
        "empty string",
        "file name",
        "huge file",
        "huge string",
        "invalid JSON",
        "many unknown keys",
        "missing field",
        "not a regular file",
        "number",
        "secret",
        "unicode",
        "unknown field",
        "wrong type",
      ],
    });
    expect({ slowest: slowest.ms < CASE_BUDGET_MS, total: totalMs < TOTAL_BUDGET_MS }).toEqual({ slowest: true, total: true });
  });
});

/** Every string in a synthesized stack (values, not keys). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Synthesizes `entries` in process; returns each stack's cdk.tf.json text, by stack name. */
function synthesize(entries: Readonly<Record<string, Entry>>): Record<string, string> {
  const dir = path.join(tmp, `good-${++caseNumber}`);
  writeEntries(path.join(dir, "environments"), entries);
  const outdir = path.join(dir, "cdktf.out");
  const stacks = synthEnvironments({ environmentsDir: path.join(dir, "environments"), outdir });
  const out = Object.fromEntries(stacks.map((name) => [name, fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")]));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** Where a template sequence in `json` would be evaluated: `${`/`%{` followed by `marker`, not escaped as `$${`/`%%{`. */
const unescaped = (json: string, marker: string) => new RegExp(`(?:^|[^$])\\$\\{${marker}|(?:^|[^%])%\\{${marker}`).test(json);

describe(`template sequences in every field (seed ${SEED})`, () => {
  it("never reach Terraform unescaped: a plain field refuses them, an expression field escapes them", () => {
    const arb = fc.tuple(baseArb, fc.nat(), fc.constantFrom("${", "%{"), fc.constantFrom("before ", "", "x")).map(([base, n, open, prefix]) => {
      const strings = paths(base.document).filter((p) => typeof p.value === "string");
      const { path: p, value } = pick(strings, n);
      const marker = `fuzzmarker${n % 1000}`;
      return { base, field: fieldName(p), marker, document: setPath(base.document, p, `${prefix}${String(value)}${open}${marker}}`) };
    });
    let accepted = 0;
    fc.assert(
      fc.property(arb, ({ base, field, marker, document }) => {
        const result = validateEnvironment(document);
        if (result.config === undefined) {
          // Refused: the message names the field.
          expect(result.problems.map((p) => p.field)).toContain(field);
          return;
        }
        accepted++;
        expect({ field, acceptsTemplates: EXPRESSION_FIELDS.some((re) => re.test(field)) || isFreeText(JSON.parse(JSON.stringify(pathOf(field)))) }).toEqual({ field, acceptsTemplates: true });
        for (const [stack, json] of Object.entries(synthesize({ [fileOf(base)]: text(document) }))) {
          expect({ stack, field, unescaped: unescaped(json, marker) }).toEqual({ stack, field, unescaped: false });
        }
      }),
      run(60),
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

/** The path of a dotted field name (for the free-text check). */
function pathOf(field: string): JsonPath {
  return field.split(/\.|(?=\[)/).map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p));
}

describe("valid but unusual input is accepted, and synthesized exactly", () => {
  const entra = BASES.find((b) => b.name === "rich-entra")!;
  const okta = BASES.find((b) => b.name === "rich-okta")!;
  const unusual = {
    appDisplayName: "Grafana — 日本語 ✓ 😀 (prod)",
    group: "Équipe Grafana – Ünïcödé",
    serviceAccount: "scim-провизор-" + "x".repeat(180),
    token: "jeton-été",
    description: "Grafana für Ärzte \u2028 ${not evaluated} %{ nor this }",
  };
  const longName = `a${"b".repeat(38)}c`;

  it("unicode in names and descriptions, a 40-character environment name, long names: each value round-trips through the JSON", () => {
    const document = setPath(
      setPath(
        setPath(setPath(setPath(entra.document, ["identityProvider", "appDisplayName"], unusual.appDisplayName), ["identityProvider", "groups", 0], { displayName: unusual.group }), ["serviceAccount", "name"], unusual.serviceAccount),
        ["token", "name"],
        unusual.token,
      ),
      ["description"],
      unusual.description,
    ) as Record<string, Json>;
    const adopted = setPath(document, ["adopt", "entra", "groupAssignmentIds"], { [unusual.group]: "abcdefghijklmnopqrstuv" }) as Record<string, Json>;
    const out = synthesize({ [`${longName}.json`]: text({ ...adopted, backend: { kind: "s3", bucket: "acme-terraform-state", region: "eu-central-1" } }) });
    expect(Object.keys(out)).toEqual([longName]);
    const json = JSON.parse(out[longName]!) as unknown;
    const values = strings(json);
    for (const value of [unusual.appDisplayName, unusual.group, unusual.serviceAccount]) expect(values).toContain(value);
    // The token's name is a prefix of a rotating name.
    expect(values.some((v) => v.startsWith(`${unusual.token}-`))).toBe(true);
    // The description is for humans: not synthesized, so its template sequences are never evaluated.
    expect(out[longName]).not.toContain("not evaluated");
  });

  it("Okta and Entra expressions with template sequences reach the providers escaped", () => {
    const withExpressions = setPath(setPath(okta.document, ["identityProvider", "options", "groupsStatement", "filterValue"], "^Grafana-%{team}.*$"), ["identityProvider", "options", "nameIdTemplate"], "${user.login}");
    const mapped = setPath(entra.document, ["identityProvider", "mappings", "user", 1, "source"], { constant: "${not.a.reference}" });
    const out = synthesize({ [fileOf(okta)]: text(withExpressions), [fileOf(entra)]: text(mapped) });
    const values = [...strings(JSON.parse(out[okta.name]!)), ...strings(JSON.parse(out[entra.name]!))];
    expect(values).toEqual(expect.arrayContaining(["$${user.login}", "^Grafana-%%{team}.*$"]));
    expect(values.some((v) => v.includes("$${not.a.reference}"))).toBe(true);
    for (const json of Object.values(out)) {
      expect(unescaped(json, "user\\.login")).toBe(false);
      expect(unescaped(json, "team")).toBe(false);
      expect(unescaped(json, "not\\.a")).toBe(false);
    }
  });
});

/** Output of a run of one of the real commands. */
interface CommandRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

/** The app as the cdktf CLI runs it (cdktf.json's "app"), asynchronously, killed after 60 s. */
function runApp(env: Record<string, string | undefined>): Promise<CommandRun> {
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  const [command, ...args] = app.split(" ");
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command!, args, { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } as NodeJS.ProcessEnv });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: performance.now() - t0 });
    });
  });
}

/** `grafana-scim <argv>` in process. */
async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  let out = "";
  let err = "";
  const t0 = performance.now();
  const code = await cliMain(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { ...env } });
  return { code, out, err, ms: performance.now() - t0 };
}

/**
 * If something opens `fifo` for reading and blocks (a regression), a writer opens it after a few
 * seconds so the reader gets end-of-file and the test fails on time instead of hanging jest.
 */
function unblockAfter(fifo: string, seconds: number): void {
  const child = spawn("sh", ["-c", `sleep ${seconds}; : > "$1"`, "sh", fifo], { stdio: "ignore", detached: true });
  child.unref();
  if (child.pid !== undefined) started.push(child.pid);
}

/** The folder of one case of every class (the first each generator makes with the seed), with a named pipe too. */
function commandFolder(): { dir: string; expect: BadCase["expect"]; secrets: string[] } {
  const dir = path.join(tmp, "commands", "environments");
  const expected: Array<BadCase["expect"][number]> = [];
  const secrets: string[] = [];
  CLASSES.forEach((klass, i) => {
    const [c] = fc.sample(klass.arb(), { seed: SEED, numRuns: 1 });
    // Each class's files get their own prefix, so the cases do not meet (a bad file name keeps its badness).
    const rename = (name: string) => `c${String(i).padStart(2, "0")}-${name}`.replace(/^(c\d\d-)(.*)$/, (_, p: string, n: string) => (/^[a-z]/.test(n) ? `${p}${n}` : `${p.toUpperCase()}${n}`));
    const entries = Object.fromEntries(Object.entries(c!.entries).map(([name, entry]) => [rename(name), entry.kind === "symlink" && !path.isAbsolute(entry.target) ? { ...entry, target: rename(entry.target) } : entry]));
    writeEntries(dir, entries);
    expected.push(...c!.expect.map((e) => ({ ...e, file: rename(e.file) })));
    secrets.push(...(c!.secrets ?? []));
  });
  writeEntries(dir, { "pipe.json": { kind: "fifo" } });
  expected.push({ file: "pipe.json", field: "(file)" });
  return { dir, expect: expected, secrets };
}

describe("the real commands, on one case of every class and on a wrong environments folder", () => {
  const folder = commandFolder();
  const outdir = path.join(tmp, "commands", "cdktf.out");
  const notAFolder = path.join(tmp, "commands", "file.txt");
  fs.writeFileSync(notAFolder, "not a folder");
  const missing = path.join(tmp, "commands", "missing");
  // Started together: each is a node process with tsx, the costly part of this file. A file given
  // as the folder is run in this process (support/app-in-process.ts): it differs from the missing
  // folder only in the message, which the app's code prints either way.
  const runs = {
    bad: runApp({ SCIM_ENVIRONMENTS_DIR: folder.dir, CDKTF_OUTDIR: outdir }),
    missing: runApp({ SCIM_ENVIRONMENTS_DIR: missing, CDKTF_OUTDIR: outdir }),
  };
  const inProcess = (env: Record<string, string>): CommandRun => {
    const t0 = performance.now();
    const { status, stdout, stderr } = runAppInProcess({ CHECKPOINT_DISABLE: "1", ...env });
    return { code: status, out: stdout, err: stderr, ms: performance.now() - t0 };
  };
  const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal|Error:/);

  it("the app (node --import tsx main.ts): exit 1, every bad file and field named, nothing leaked, nothing written", async () => {
    const result = await runs.bad;
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(messageFaults(result.err, folder)).toEqual([]);
    noTrace(result.err);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("the app with SCIM_ENVIRONMENTS_DIR missing or not a folder: exit 1, a clear message, no stack trace", async () => {
    const gone = await runs.missing;
    const file = inProcess({ SCIM_ENVIRONMENTS_DIR: notAFolder, CDKTF_OUTDIR: outdir });
    for (const [result, problem] of [[gone, "does not exist"], [file, "is a file, not a folder of environment files"]] as const) {
      expect({ code: result.code, out: result.out }).toEqual({ code: 1, out: "" });
      expect(result.err).toContain(`(folder): ${problem}`);
      expect(result.err).toContain("(the environments folder comes from SCIM_ENVIRONMENTS_DIR");
      noTrace(result.err);
    }
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("an empty SCIM_ENVIRONMENTS_DIR is unset (the repository's environments), not the current folder", () => {
    expect(appEnvironmentsDir({ SCIM_ENVIRONMENTS_DIR: "" })).toEqual({ dir: path.join(ROOT, "environments"), source: "the default" });
    expect(appEnvironmentsDir({ SCIM_ENVIRONMENTS_DIR: "/x" })).toEqual({ dir: "/x", source: "SCIM_ENVIRONMENTS_DIR" });
  });

  it("grafana-scim synth in process: exit 1, every bad file and field named, the output folder untouched", async () => {
    const cliOut = path.join(tmp, "commands", "cli.out");
    writeEntries(path.join(cliOut, "stacks", "old"), { "cdk.tf.json": { kind: "text", text: "{}" } });
    unblockAfter(path.join(folder.dir, "pipe.json"), 10);
    const result = await runCli(["synth", "--environments", folder.dir, "--output", cliOut]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(messageFaults(result.err, folder)).toEqual([]);
    expect(result.ms).toBeLessThan(CASE_BUDGET_MS * 5);
    expect(spawnSync("find", [cliOut, "-type", "f"], { encoding: "utf8" }).stdout.trim()).toBe(path.join(cliOut, "stacks", "old", "cdk.tf.json"));
  });

  it("grafana-scim synth with a missing folder, a file as folder, or a file as output: exit 2 with the usage hint", async () => {
    const results = await Promise.all([
      runCli(["synth", "--environments", missing]),
      runCli(["synth"], { SCIM_ENVIRONMENTS_DIR: notAFolder }),
      runCli(["synth", "--environments", path.join(ROOT, "environments"), "--output", notAFolder]),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]!.err).toContain("(--environments) is not a directory");
    expect(results[1]!.err).toContain("($SCIM_ENVIRONMENTS_DIR) is not a directory");
    expect(results[2]!.err).toContain("is a file, not a folder");
    for (const r of results) noTrace(r.err);
  });

  it("in process too: a missing folder, a file, an empty folder are EnvironmentErrors naming the folder", () => {
    const empty = path.join(tmp, "commands", "empty");
    fs.mkdirSync(empty, { recursive: true });
    for (const [dir, problem] of [[missing, "does not exist"], [notAFolder, "is a file, not a folder"], [empty, "holds no environment files"]] as const) {
      expect(() => loadEnvironments(dir)).toThrow(EnvironmentError);
      expect(() => loadEnvironments(dir)).toThrow(`(folder): ${problem}`);
    }
  });
});
