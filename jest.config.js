/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Type-checking is `npm run typecheck` (tsc); ts-jest only transpiles (tsconfig isolatedModules).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Terraform CLI runs take a few seconds each under load.
  testTimeout: 60000,
};
