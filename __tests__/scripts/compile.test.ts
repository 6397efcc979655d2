/**
 * scripts/compile.ts's test of which project files can change the types of others (then the
 * build's files are also checked in the build's own program). The whole compile is exercised by
 * the package suite (__tests__/package/consumer.test.ts), which runs it as `npm run build` does.
 */
import * as ts from "typescript";
import { mayChangeOtherFilesTypes } from "../../scripts/compile";

const source = (text: string) => ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, true);

describe("GIVEN a project file outside the package build", () => {
  it.each([
    ['import "./a";\ndeclare module "../constructs/grafana/tenant-url" { interface Probe { a: 1 } }', "a module augmentation"],
    ["export {};\ndeclare global { interface Array<T> { probe: T } }", "declare global"],
    ["interface Array<T> { probe: T }", "a global script's interface"],
    ["const shared = 1;", "a global script's variable"],
    ['declare module "some-package" { export const x: number; }', "an ambient module in a global script"],
  ])("WHEN it holds %j THEN it may change other files' types (%s)", (text) => {
    expect(mayChangeOtherFilesTypes(source(text))).toBe(true);
  });

  it.each([
    ['import { x } from "./a";\nexport const y = x;', "a module"],
    ["export {};\nnamespace Local { export const a = 1; }\ninterface Mine { a: 1 }", "a module with its own namespace and interface"],
    ["", "an empty file"],
  ])("WHEN it holds %j THEN it cannot (%s)", (text) => {
    expect(mayChangeOtherFilesTypes(source(text))).toBe(false);
  });
});
