/**
 * One TypeScript program for the whole repository: the type-check of every file (tsconfig.json:
 * library, command line, scripts, tests) and the package build (tsconfig.build.json: lib/) from
 * the same parse, bind and check, instead of a type-check and a build that each check the library.
 *
 *   npm run typecheck     node --import tsx scripts/compile.ts                           everything checked, nothing written
 *   npm run build         node --import tsx scripts/compile.ts --emit                    the same, then a clean lib/
 *   npm run docs:api      node --import tsx scripts/compile.ts --api-docs docs/api       the same, then the API reference
 *
 * `--emit` and `--api-docs <dir>` combine (the package test runs both). The API reference is
 * TypeDoc (typedoc.json, with its plugins and every warning an error) on this same program, from
 * its entry point, instead of a program of its own from tsconfig.build.json: TypeDoc reads the
 * types through the checker, and the files it documents are the same.
 *
 * What the build's own configuration checks beyond tsconfig.json is kept:
 * - its files (tsconfig.build.json "include" and what they import) are the only ones emitted,
 *   with its options (declarations, stripInternal, outDir lib, rootDir .);
 * - their declaration errors (an exported API whose type cannot be named, …);
 * - `types: ["node"]`: the program also holds the tests and @types/jest, whose globals (describe,
 *   expect, jest, …) a library file would see. So every identifier of a build file must resolve to
 *   something declared in a file of the build's own program (created from tsconfig.build.json with
 *   the same parsed files): a library file that leans on jest's globals, or on anything only a test
 *   or a test-only package declares, is reported as the build would refuse it. A project file
 *   outside the build that could change the build's types another way (a module augmentation,
 *   `declare global`, a global script) makes the build's own program check its files too (none
 *   does today, so that second check normally costs nothing).
 *
 * Prints tsc's diagnostics (tsc --pretty false format) and exits 1 when there is any; prints
 * nothing otherwise (`npm pack --json` runs the build as prepack: its stdout is the JSON).
 * Tested by __tests__/package/consumer.test.ts, which runs it as npm run build does, with the
 * API reference and `--report-emitted`, and packs and installs lib/ while the rest is checked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/** A tsconfig file parsed as tsc reads it; throws with tsc's message when it cannot be read. */
function readConfig(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, file), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`cannot read ${file}`);
  return parsed;
}

/** A compiler host whose parsed files two programs share (a file is parsed and bound once). */
function sharedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const version = typeof languageVersionOrOptions === "object" ? `${languageVersionOrOptions.languageVersion}/${languageVersionOrOptions.impliedNodeFormat}` : `${languageVersionOrOptions}`;
    const key = `${version}:${fileName}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate));
    return parsed.get(key);
  };
  return host;
}

/**
 * Type-checks the repository in one program; with `emit`, writes the package build to lib/ (as tsc
 * does, even when there are errors) and then calls `onEmitted`; with `apiDocs`, the API reference
 * to that folder, only when the type-check is clean. Returns tsc's diagnostics as
 * `tsc --pretty false` prints them, or TypeDoc's failure ("" when there is none).
 */
export async function compile({ emit, apiDocs, onEmitted }: { emit: boolean; apiDocs?: string; onEmitted?: () => void }): Promise<string> {
  const all = readConfig("tsconfig.json");
  const build = readConfig("tsconfig.build.json");
  // The build's options (it extends tsconfig.json), with tsconfig.json's types; one run, no cache across runs.
  const { incremental: _incremental, tsBuildInfoFile: _tsBuildInfoFile, ...buildOptions } = build.options;
  const options: ts.CompilerOptions = { ...buildOptions, types: all.options.types };
  const host = sharedHost(options);

  // The build's own program: what its files can see with types ["node"]. Checked only when a file outside it could change its types (below).
  const buildProgram = ts.createProgram({ rootNames: build.fileNames, options: buildOptions, host, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(build) });
  const visibleToBuild = new Set(buildProgram.getSourceFiles().map((f) => f.fileName));
  const buildFiles = buildProgram.getSourceFiles().filter((f) => !f.isDeclarationFile && !buildProgram.isSourceFileFromExternalLibrary(f));

  const program = ts.createProgram({
    rootNames: [...new Set([...all.fileNames, ...build.fileNames])],
    options,
    host,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(all),
  });
  const files = buildFiles.map((f) => program.getSourceFile(f.fileName)!);
  const diagnostics: ts.Diagnostic[] = [
    ...program.getConfigFileParsingDiagnostics(),
    ...buildProgram.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...buildProgram.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  // The build's files first (each file is checked once, whatever the order), so that lib/ is
  // written before the rest is checked: the package test packs and installs it meanwhile.
  for (const file of files) diagnostics.push(...program.getSemanticDiagnostics(file));
  if (diagnostics.length === 0) for (const file of files) diagnostics.push(...outsideTheBuild(program.getTypeChecker(), file, visibleToBuild));
  // A file outside the build that can change the build's types (a module augmentation, `declare
  // global`, a global script's declarations): the identifier test above does not see that, so the
  // build's files are then checked in the build's own program too, as tsc -p tsconfig.build.json would.
  const augmenting = program.getSourceFiles().filter((f) => !visibleToBuild.has(f.fileName) && !f.fileName.includes("/node_modules/") && mayChangeOtherFilesTypes(f));
  if (diagnostics.length === 0 && augmenting.length > 0) for (const file of buildFiles) diagnostics.push(...buildProgram.getSemanticDiagnostics(file));
  if (emit) {
    fs.rmSync(path.join(ROOT, "lib"), { recursive: true, force: true });
    // File by file: only the build's files, to lib/ with its options. The emit reports their declaration errors.
    for (const file of files) diagnostics.push(...program.emit(file).diagnostics);
    onEmitted?.();
  }
  diagnostics.push(...program.getSemanticDiagnostics());
  // Without an emit, declaration errors as tsc -p tsconfig.build.json --noEmit reports them: once the rest is clean.
  if (!emit && diagnostics.length === 0) for (const file of files) diagnostics.push(...program.getDeclarationDiagnostics(file));
  let output = ts.formatDiagnostics(ts.sortAndDeduplicateDiagnostics(diagnostics), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
  if (apiDocs !== undefined && output === "") output = await apiReference(program, path.resolve(apiDocs));
  return output;
}

/** The part of TypeDoc's API used here (typedoc is an ES module: this CommonJS script loads it with import()). */
interface TypeDoc {
  Application: { bootstrapWithPlugins(options: Record<string, unknown>, readers: unknown[]): Promise<TypeDocApplication> };
  TypeDocReader: new () => unknown;
  PackageJsonReader: new () => unknown;
  TSConfigReader: new () => unknown;
}
interface TypeDocApplication {
  readonly logger: { hasErrors(): boolean; hasWarnings(): boolean; readonly warningCount: number; readonly validationWarningCount: number };
  readonly options: { getValue(name: string): unknown };
  getEntryPoints(): Array<{ displayName: string; program: ts.Program; sourceFile: ts.SourceFile }> | undefined;
  convert(): Promise<object | undefined>;
  validate(project: object): void;
  generateOutputs(project: object): Promise<void>;
}

/**
 * TypeDoc as its command line runs it (typedoc.json and the readers it reads, the same checks of
 * warnings and errors, in the same order), except that the entry point comes from `program`. Its
 * messages go to stderr; returns "" or why it failed.
 */
async function apiReference(program: ts.Program, out: string): Promise<string> {
  const specifier = "typedoc";
  const td = (await import(specifier)) as TypeDoc;
  const previous = process.cwd();
  process.chdir(ROOT);
  try {
    // Warnings and errors only (its command line would also print where it wrote); TypeDoc's own type-check is this program's.
    const app = await td.Application.bootstrapWithPlugins({ out, logLevel: "Warn", skipErrorChecking: true }, [new td.TypeDocReader(), new td.PackageJsonReader(), new td.TSConfigReader()]);
    const failed = (stage: string) => `TypeDoc failed (${stage}; its messages are above)\n`;
    const warningsAreErrors = app.options.getValue("treatWarningsAsErrors") === true;
    if (app.logger.hasErrors() || (warningsAreErrors && app.logger.hasWarnings())) return failed("options");
    const entryPoints = (app.options.getValue("entryPoints") as string[]).map((entry) => {
      const sourceFile = program.getSourceFile(path.resolve(ROOT, entry));
      if (!sourceFile) throw new Error(`TypeDoc's entry point ${entry} is not in the program`);
      // As TypeDoc names a lone entry point: its path from its own folder, without /index and the extension.
      return { displayName: path.basename(entry).replace(/(\.d)?\.([cm][tj]s|[tj]sx?)$/, ""), program, sourceFile };
    });
    app.getEntryPoints = () => entryPoints;
    const project = await app.convert();
    if (!project || (warningsAreErrors && app.logger.hasWarnings())) return failed("conversion");
    const warningsBefore = app.logger.warningCount;
    app.validate(project);
    const validationWarnings = app.logger.warningCount !== warningsBefore || app.logger.validationWarningCount !== 0;
    if (app.logger.hasErrors() || (validationWarnings && (warningsAreErrors || app.options.getValue("treatValidationWarningsAsErrors") === true))) return failed("validation");
    await app.generateOutputs(project);
    if (app.logger.hasErrors() || (warningsAreErrors && app.logger.hasWarnings())) return failed("output");
    return "";
  } finally {
    process.chdir(previous);
  }
}

/**
 * Whether `file` can change the types other files see: a global script (no import or export: its
 * declarations are global), `declare global`, or `declare module "…"` (an augmentation of, or an
 * ambient declaration for, another module). Pure.
 */
export function mayChangeOtherFilesTypes(file: ts.SourceFile): boolean {
  if (!ts.isExternalModule(file)) return file.statements.length > 0;
  return file.statements.some((statement) => ts.isModuleDeclaration(statement) && (ts.isStringLiteral(statement.name) || (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0));
}

/**
 * Identifiers of `file` (a build file) that resolve only to declarations the build's program does
 * not have (jest's globals, a test's `declare global`, a test-only package's types): the build,
 * whose types are ["node"], would not find them.
 */
function outsideTheBuild(checker: ts.TypeChecker, file: ts.SourceFile, visibleToBuild: ReadonlySet<string>): ts.Diagnostic[] {
  const found: ts.Diagnostic[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
      if (declarations.length > 0 && declarations.every((d) => !visibleToBuild.has(d.getSourceFile().fileName))) {
        const where = path.relative(ROOT, declarations[0]!.getSourceFile().fileName);
        found.push({
          category: ts.DiagnosticCategory.Error,
          code: 2304,
          file,
          start: node.getStart(file),
          length: node.getWidth(file),
          messageText: `'${node.text}' is declared only in ${where}, which the package build (tsconfig.build.json, types ["node"]) does not include: a library file cannot use it.`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { emit: { type: "boolean", default: false }, "api-docs": { type: "string" }, "report-emitted": { type: "boolean", default: false } } });
  // --report-emitted (the package test): "emitted" on stdout once lib/ is written, before the rest is checked.
  const onEmitted = values["report-emitted"] ? () => process.stdout.write("emitted\n") : undefined;
  void compile({ emit: values.emit, apiDocs: values["api-docs"], onEmitted }).then((output) => {
    if (output !== "") {
      process.stderr.write(output);
      process.exit(1);
    }
  });
}
