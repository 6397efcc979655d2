/**
 * The tree's three layers and their direction, read from the import statements of every
 * TypeScript file of the project (generated bindings in .gen/ and the consumer fixture app
 * excepted):
 *
 * - the construct library (`constructs/`) imports neither the environment-file format nor the
 *   wiring; its internals (`private/` folders) are imported by the library only (and by tests);
 * - the environment-file format (`environment-format/`) may import the library's pure rules, never
 *   the wiring;
 * - the wiring (`stacks/`) imports both; the entry points (main.ts, cli/, verify/, scripts/) sit
 *   on top and nothing below imports them;
 * - no import circle anywhere, type-only imports included.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", ".git", "lib", "cdktf.out", ".gen", "consumer-app"]);

/** The project's .ts files, relative to the root, with `/` separators. */
function sourceFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
  });
}

/** Every module specifier `text` imports or re-exports (static, dynamic, require), type-only included. */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const patterns = [/\b(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

/** The project file a relative specifier of `from` names, or `undefined` (a package, or outside the scanned files). */
function resolve(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate));
}

type Layer = "library" | "format" | "wiring" | "entry point" | "tests";

function layerOf(file: string): Layer {
  if (file.startsWith("constructs/")) return "library";
  if (file.startsWith("environment-format/")) return "format";
  if (file.startsWith("stacks/")) return "wiring";
  if (file.startsWith("__tests__/")) return "tests";
  return "entry point";
}

/** What each layer must not import. */
const FORBIDDEN: Readonly<Record<Layer, readonly Layer[]>> = {
  library: ["format", "wiring", "entry point", "tests"],
  format: ["wiring", "entry point", "tests"],
  wiring: ["entry point", "tests"],
  "entry point": ["tests"],
  tests: [],
};

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return circles;
}

const files = sourceFiles();
const fileSet = new Set(files);
const graph = new Map(
  files.map((file) => [file, importSpecifiers(fs.readFileSync(path.join(ROOT, file), "utf8")).flatMap((s) => resolve(file, s, fileSet) ?? [])] as const),
);

describe("the import graph of the project's TypeScript files", () => {
  it("covers the three layers and their entry points", () => {
    const layers = new Set(files.map(layerOf));
    expect([...layers].sort()).toEqual(["entry point", "format", "library", "tests", "wiring"]);
    expect(files).toEqual(expect.arrayContaining(["constructs/index.ts", "environment-format/index.ts", "stacks/scim-stack.ts", "main.ts"]));
  });

  it("has no import circle", () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it("points from the wiring to the format and the library, and from the format to the library, never back", () => {
    const wrong = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => FORBIDDEN[layerOf(file)].includes(layerOf(target))).map((target) => `${file} (${layerOf(file)}) imports ${target} (${layerOf(target)})`),
    );
    expect(wrong).toEqual([]);
  });

  it("keeps the library's private/ folders to the library (and its tests)", () => {
    const wrong = [...graph].flatMap(([file, targets]) =>
      ["library", "tests"].includes(layerOf(file)) ? [] : targets.filter((target) => target.split("/").includes("private")).map((target) => `${file} imports ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it("says in each layer's folder what it holds", () => {
    for (const folder of ["constructs", "environment-format", "stacks"]) expect([folder, fs.existsSync(path.join(ROOT, folder, "README.md"))]).toEqual([folder, true]);
  });
});

describe("the checks themselves (they can fail)", () => {
  it("finds a circle of three files and a file that imports itself, and no circle in a chain", () => {
    expect(importCircles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["d"]], ["e", ["a"]]]))).toEqual([["a", "b", "c"], ["d"]]);
    expect(importCircles(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]]))).toEqual([]);
  });

  it("reads static, type-only, re-export, side-effect, dynamic and require imports, not comments", () => {
    const text = [
      'import { a } from "./a";',
      'import type { B } from "../b";',
      'export * from "./c";',
      'export { d, type D } from "./d";',
      'import "./e";',
      'const f = await import("./f");',
      'const g = require("./g");',
      "import {\n  h,\n  type H,\n} from './h';",
      '// import { x } from "./commented";',
      '/** import { y } from "./doc"; */',
    ].join("\n");
    expect(importSpecifiers(text).sort()).toEqual(["../b", "./a", "./c", "./d", "./e", "./f", "./g", "./h"]);
  });
});
