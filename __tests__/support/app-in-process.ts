/**
 * The app of cdktf.json (main.ts) run in the test's own process, for the cases whose point is what
 * the app prints and its exit code on a given input, not the process around it: each real
 * `node --import tsx main.ts` costs about 1 CPU-s, nearly all of it tsx loading cdktf, the provider
 * bindings and zod, which the test's process has loaded already.
 *
 * It does what main.ts does when Node runs the file (`appEnvironmentsDir()`, then `runApp`), with
 * the given variables in `process.env` and the app's working directory, and reports what a process
 * would have shown: the exit code (`process.exit`'s, else `process.exitCode`, else 0), and what it wrote to stdout and
 * stderr (through `console` or the streams). An error that escapes `runApp` is not caught: it
 * fails the test with its stack trace, as it would have printed one and exited 1 in a process.
 *
 * The process boundary itself (Node, tsx, cdktf.json's command, the `require.main` lines) is
 * tested by the real runs that remain: on the example environments (main.test.ts), without
 * terraform on PATH (no-terraform.test.ts), with fake credentials set (secret-scan.test.ts), on a
 * folder of bad files and on a missing folder (hostile-input.test.ts).
 */
import * as path from "node:path";
import { format } from "node:util";
import { appEnvironmentsDir, runApp } from "../../main";

/** The repository root: the app's working directory as the cdktf CLI runs it. */
const ROOT = path.resolve(__dirname, "..", "..");

/** What a run of the app showed. */
export interface AppRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown by the stand-in `process.exit`, so that nothing after it runs, as in a process. */
class Exit {
  constructor(readonly code: number) {}
}

/**
 * Runs main.ts's app in this process with `env` set in `process.env` (a value `undefined` unsets the
 * variable) and `cwd` as the working directory; everything is put back afterwards.
 */
export function runAppInProcess(env: Record<string, string | undefined>, cwd: string = ROOT): AppRun {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  let stdout = "";
  let stderr = "";
  const spies = [
    ...(["log", "info", "debug"] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void (stdout += `${format(...args)}\n`))),
    ...(["error", "warn"] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void (stderr += `${format(...args)}\n`))),
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)),
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)),
    jest.spyOn(process, "exit").mockImplementation((code?: string | number | null) => {
      throw new Exit(Number(code ?? 0));
    }),
  ];
  const before = process.cwd();
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  let status = 0;
  try {
    set(env);
    if (before !== cwd) process.chdir(cwd);
    const { dir, source } = appEnvironmentsDir();
    runApp(dir, source);
    status = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    status = error.code;
  } finally {
    process.exitCode = exitCode;
    if (process.cwd() !== before) process.chdir(before);
    set(saved);
    for (const spy of spies) spy.mockRestore();
  }
  return { status, stdout, stderr };
}
