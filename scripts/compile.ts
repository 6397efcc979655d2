/**
 * One TypeScript program for the whole repository: the type-check of every file (tsconfig.json:
 * library, command line, scripts, tests) and the package build (tsconfig.build.json: lib/) from
 * the same parse, bind and check, instead of a type-check and a build that each check the library.
 *
 *   npm run typecheck     node --import tsx scripts/compile.ts           everything checked, nothing written
 *   npm run build         node --import tsx scripts/compile.ts --emit    the same, then a clean lib/
 *
 * What the build's own configuration checks beyond tsconfig.json is kept:
 * - its files (tsconfig.build.json "include" and what they import) are the only ones emitted,
 *   with its options (declarations, stripInternal, outDir lib, rootDir .);
 * - their declaration errors (an exported API whose type cannot be named, …);
 * - `types: ["node"]`: the program also holds the tests and @types/jest, whose globals (describe,
 *   expect, jest, …) a library file would see. So every identifier of a build file must resolve to
 *   something declared in a file of the build's own program (created from tsconfig.build.json with
 *   the same parsed files, never checked): a library file that leans on jest's globals, or on
 *   anything only a test or a test-only package declares, is reported as the build would refuse it.
 *
 * Prints tsc's diagnostics (tsc --pretty false format) and exits 1 when there is any; prints
 * nothing otherwise (`npm pack --json` runs the build as prepack: its stdout is the JSON).
 * Tested by __tests__/package/consumer.test.ts, whose `npm pack` runs it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
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

export interface CompileResult {
  /** tsc's diagnostics, formatted as `tsc --pretty false` prints them ("" when there are none). */
  readonly output: string;
  /** The files written to lib/ (relative to the repository), when emitting. */
  readonly written: readonly string[];
}

/** Type-checks the repository in one program and, with `emit`, writes the package build to lib/. */
export function compile({ emit }: { emit: boolean }): CompileResult {
  const all = readConfig("tsconfig.json");
  const build = readConfig("tsconfig.build.json");
  // The build's options (it extends tsconfig.json), with tsconfig.json's types; one run, no cache across runs.
  const { incremental: _incremental, tsBuildInfoFile: _tsBuildInfoFile, ...buildOptions } = build.options;
  const options: ts.CompilerOptions = { ...buildOptions, types: all.options.types };
  const host = sharedHost(options);

  // The build's own program: what its files can see with types ["node"]. Created, never checked.
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
    ...program.getSemanticDiagnostics(),
  ];
  if (diagnostics.length === 0) {
    for (const file of files) diagnostics.push(...outsideTheBuild(program.getTypeChecker(), file, visibleToBuild));
    // Declaration errors: the emit reports them; without one, as tsc -p tsconfig.build.json --noEmit would.
    if (!emit) for (const file of files) diagnostics.push(...program.getDeclarationDiagnostics(file));
  }

  const written: string[] = [];
  if (emit) {
    fs.rmSync(path.join(ROOT, "lib"), { recursive: true, force: true });
    const writeFile: ts.WriteFileCallback = (fileName, text, writeByteOrderMark, onError) => {
      host.writeFile(fileName, text, writeByteOrderMark, onError);
      written.push(path.relative(ROOT, fileName));
    };
    for (const file of files) diagnostics.push(...program.emit(file, writeFile).diagnostics);
  }
  const output = ts.formatDiagnostics(ts.sortAndDeduplicateDiagnostics(diagnostics), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
  return { output, written };
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
  const { output } = compile({ emit: process.argv.includes("--emit") });
  if (output !== "") {
    process.stderr.write(output);
    process.exit(1);
  }
}
