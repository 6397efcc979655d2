const os = require("node:os");

/** Cores this process may use (Node >= 18.14 has availableParallelism). */
const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // esbuild transpiles file by file (tsconfig's isolatedModules makes that safe); the type-check is
  // the package suite's build (__tests__/package/consumer.test.ts, scripts/compile.ts).
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/jest/esbuild-transform.js" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // A worker per core, at least two: much of a suite's time is a child process (Terraform, tsc,
  // npm) that the worker waits for. Jest's default (cores - 1) ran a 2-core machine serially.
  maxWorkers: Math.max(2, cores),
  // Jest's runtime, keeping what each worker reads and compiles from node_modules across the
  // suites it runs (support/jest/runtime.js); every suite still gets its own module registry.
  runtime: "<rootDir>/__tests__/support/jest/runtime.js",
  // The longest suites first (support/jest/sequencer.js).
  testSequencer: "<rootDir>/__tests__/support/jest/sequencer.js",
  // One scratch folder per run as TMPDIR, in RAM where the machine has /dev/shm (support/jest/scratch.js).
  globalSetup: "<rootDir>/__tests__/support/jest/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/jest/global-teardown.js",
  // Terraform CLI runs take a few seconds each under load.
  testTimeout: 60000,
};
