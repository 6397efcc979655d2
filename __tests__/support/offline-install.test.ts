/** The consumer test's helpers catch what they are there to catch. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installedPackages, lockSubset, moduleReferences, packageOf, resolveInLock, type Lockfile } from "./offline-install";

const lock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    "": { name: "repo" },
    "node_modules/a": { version: "1.0.0", integrity: "sha512-a", dev: true, dependencies: { b: "^2.0.0" }, peerDependencies: { p: "*", q: "*" }, peerDependenciesMeta: { q: { optional: true } } },
    "node_modules/b": { version: "1.0.0", integrity: "sha512-b1" },
    "node_modules/a/node_modules/b": { version: "2.0.0", integrity: "sha512-b2", optionalDependencies: { gone: "*" } },
    "node_modules/p": { version: "3.0.0", integrity: "sha512-p", devOptional: true },
    "node_modules/unused": { version: "9.9.9" },
  },
};

describe("lockSubset", () => {
  it("takes every package Node's resolution reaches, at the repository's paths, without dev flags", () => {
    expect(resolveInLock(lock.packages, "node_modules/a", "b")).toBe("node_modules/a/node_modules/b");
    expect(resolveInLock(lock.packages, "node_modules/a/node_modules/b", "p")).toBe("node_modules/p");
    expect(lockSubset(lock, [{ location: "", needs: ["a"] }])).toEqual({
      "node_modules/a": { version: "1.0.0", integrity: "sha512-a", dependencies: { b: "^2.0.0" }, peerDependencies: { p: "*", q: "*" }, peerDependenciesMeta: { q: { optional: true } } },
      "node_modules/a/node_modules/b": { version: "2.0.0", integrity: "sha512-b2", optionalDependencies: { gone: "*" } },
      "node_modules/p": { version: "3.0.0", integrity: "sha512-p" },
    });
  });

  it("starts from a package that is not in the lock (the packed tarball) at its own location", () => {
    expect(Object.keys(lockSubset(lock, [{ location: "node_modules/pkg", needs: ["b"] }]))).toEqual(["node_modules/b"]);
  });

  it("GIVEN a needed package the lock lacks THEN throws naming it and who needs it", () => {
    expect(() => lockSubset(lock, [{ location: "node_modules/pkg", needs: ["zod"] }])).toThrow(
      "zod (needed by node_modules/pkg) is not in package-lock.json: the offline install cannot get it",
    );
  });
});

describe("installedPackages", () => {
  it("finds nested and scoped copies", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "installed-"));
    try {
      const put = (rel: string, name: string, version: string) => {
        fs.mkdirSync(path.join(dir, rel), { recursive: true });
        fs.writeFileSync(path.join(dir, rel, "package.json"), JSON.stringify({ name, version }));
      };
      put("node_modules/constructs", "constructs", "10.8.1");
      put("node_modules/@cdktf/provider-okta", "@cdktf/provider-okta", "14.1.1");
      put("node_modules/@cdktf/provider-okta/node_modules/constructs", "constructs", "10.4.2");
      fs.mkdirSync(path.join(dir, "node_modules/.bin"));
      expect(installedPackages(path.join(dir, "node_modules")).map((p) => `${path.relative(dir, p.dir)} ${p.name}@${p.version}`).sort()).toEqual([
        "node_modules/@cdktf/provider-okta @cdktf/provider-okta@14.1.1",
        "node_modules/@cdktf/provider-okta/node_modules/constructs constructs@10.4.2",
        "node_modules/constructs constructs@10.8.1",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("module references", () => {
  it("reads require() from JavaScript and imports and references from declarations", () => {
    expect(moduleReferences("a.js", 'const x = require("./b");\nconst y = require("cdktf");\n// import "c"')).toEqual(["./b", "cdktf"]);
    expect(
      moduleReferences(
        "a.d.ts",
        '/// <reference types="node" />\nimport { X } from "./x";\nexport * from "../y";\nimport "./side";\ntype T = import("@cdktf/provider-okta/lib/provider").OktaProvider;',
      ),
    ).toEqual(["./x", "../y", "@cdktf/provider-okta/lib/provider", "node", "./side"]);
  });

  it("names the package of a bare specifier, and none for relative or built-in modules", () => {
    expect(["@cdktf/provider-okta/lib/provider", "cdktf", "zod/v4", "./x", "node:fs", "path", "fs/promises"].map(packageOf)).toEqual([
      "@cdktf/provider-okta",
      "cdktf",
      "zod",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
