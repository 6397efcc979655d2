/**
 * Jest's TypeScript transform: esbuild (the devDependency that tsx, the app command, also runs),
 * one file at a time, as ts-jest did with `isolatedModules`. Type-checking is the
 * TypeScript compiler's (scripts/compile.ts, run by __tests__/package/consumer.test.ts). The compiler options that change emitted JavaScript come from
 * tsconfig.json (target, and with it class-field semantics; strict mode); the cache key holds
 * esbuild's version, those options, this file and the source, so a change to any of them
 * re-transforms every file.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** tsconfig.json's compilerOptions (plain JSON: no comments). */
function compilerOptions() {
  const file = path.join(ROOT, "tsconfig.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")).compilerOptions;
  } catch (error) {
    throw new Error(`the jest transform reads ${file} as plain JSON (keep comments out of it): ${error.message}`);
  }
}

function createTransformer() {
  const options = compilerOptions();
  const target = String(options.target).toLowerCase();
  // strict (alwaysStrict): "use strict" at the top of each file, as tsc emits it.
  const pick = ["useDefineForClassFields", "verbatimModuleSyntax", "strict", "alwaysStrict"];
  const tsconfigRaw = { compilerOptions: { target, ...Object.fromEntries(pick.filter((k) => k in options).map((k) => [k, options[k]])) } };
  const fixed = JSON.stringify({ esbuild: esbuild.version, tsconfigRaw, transform: fs.readFileSync(__filename, "utf8") });
  return {
    canInstrument: false,
    getCacheKey(source, filename) {
      return crypto.createHash("sha256").update(fixed).update("\0").update(filename).update("\0").update(source).digest("hex");
    },
    process(source, filename) {
      const result = esbuild.transformSync(source, {
        loader: "ts",
        format: "cjs",
        target,
        platform: "node",
        sourcemap: "external",
        sourcefile: filename,
        tsconfigRaw,
        // tsc (module commonjs) emits import() as a require; esbuild keeps it, which Jest's module
        // registry cannot load without --experimental-vm-modules.
        supported: { "dynamic-import": false },
      });
      return { code: result.code, map: result.map };
    },
  };
}

module.exports = { createTransformer };
