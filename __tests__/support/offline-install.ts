/**
 * Offline installs for the package consumer test. A fresh app can be installed with
 * `npm ci --offline` only from what is already in the npm cache, and on a clean CI machine the
 * cache holds what this repository's own `npm ci` fetched: the packages of package-lock.json (with
 * this machine's `omit-lockfile-registry-resolved`, also their registry metadata). So the consumer's
 * lock file is made of this repository's lock entries, at the same node_modules paths: it needs
 * exactly what the repository's install cached, no registry metadata lookup, no network.
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

/** One `packages` entry of an npm lock file (v2/v3). */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly inBundle?: boolean;
  readonly [key: string]: unknown;
}

/** An npm lock file (v2/v3). */
export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockEntry>>;
}

/** The lock path that holds `location`'s packages one level up: `node_modules/a/node_modules/b` -> `node_modules/a`. */
function parentLocation(location: string): string | undefined {
  if (location === "") return undefined;
  const i = location.lastIndexOf("/node_modules/");
  return i === -1 ? "" : location.slice(0, i);
}

/** Where Node's resolution finds `name` from `location` in `packages`, or undefined. */
export function resolveInLock(packages: Lockfile["packages"], location: string, name: string): string | undefined {
  for (let at: string | undefined = location; at !== undefined; at = parentLocation(at)) {
    const candidate = `${at === "" ? "" : `${at}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
  }
  return undefined;
}

/** The dependencies an installed entry needs: regular, optional (when present) and non-optional peers. */
function required(entry: LockEntry): Array<{ name: string; optional: boolean }> {
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => ({ name, optional: entry.peerDependenciesMeta?.[name]?.optional === true })),
  ];
}

/**
 * The entries of `lock` that a project needs whose own packages (`roots`, by name, each with the
 * dependencies it declares) sit at `node_modules/<name>`: every package Node's resolution reaches
 * from them, at the path the repository's lock gives it, with the repository's dev/optional flags
 * dropped. Throws when something needed is not in `lock` (the offline install could not work).
 */
export function lockSubset(lock: Lockfile, roots: ReadonlyArray<{ readonly location: string; readonly needs: readonly string[] }>): Record<string, LockEntry> {
  const subset: Record<string, LockEntry> = {};
  const queue: Array<{ from: string; name: string; optional: boolean }> = roots.flatMap((root) =>
    root.needs.map((name) => ({ from: root.location, name, optional: false })),
  );
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift()!;
    const location = resolveInLock(lock.packages, from, name);
    if (location === undefined) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${from || "the consumer"}) is not in package-lock.json: the offline install cannot get it`);
    }
    if (subset[location]) continue;
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = lock.packages[location]!;
    subset[location] = entry;
    queue.push(...required(entry).map((dep) => ({ from: location, ...dep })));
  }
  return subset;
}

/** Every installed package under `nodeModules` (nested node_modules included): its folder, name and version. */
export function installedPackages(nodeModules: string): Array<{ dir: string; name: string; version: string }> {
  const found: Array<{ dir: string; name: string; version: string }> = [];
  const visit = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir)) {
      if (entry.startsWith(".")) continue;
      const full = path.join(dir, entry);
      if (entry.startsWith("@")) {
        visit(full);
        continue;
      }
      const manifest = path.join(full, "package.json");
      if (!fs.existsSync(manifest)) continue;
      const { name, version } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name: string; version: string };
      found.push({ dir: full, name, version });
      visit(path.join(full, "node_modules"));
    }
  };
  visit(nodeModules);
  return found;
}

/** The package name of a bare import specifier (`@scope/name/sub` -> `@scope/name`), or undefined for a relative or builtin one. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The module specifiers a compiled file refers to: `require("…")` in .js; `from "…"`, `import("…")` and `/// <reference types|path>` in .d.ts. */
export function moduleReferences(file: string, text: string): string[] {
  const patterns = file.endsWith(".d.ts")
    ? [/\bfrom\s+"([^"]+)"/g, /\bimport\("([^"]+)"\)/g, /^\/\/\/\s*<reference\s+(?:types|path)="([^"]+)"/gm, /^import\s+"([^"]+)"/gm]
    : [/\brequire\("([^"]+)"\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}
