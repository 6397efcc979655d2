/**
 * Which lines of a step's log GitHub Actions would run as workflow commands, as the runner
 * parses them (actions/runner, src/Runner.Common/ActionCommand.cs: `TryParseV2`, a line that
 * starts with `::` after leading white space; `TryParse`, the legacy `##[command]` anywhere in a
 * line; src/Runner.Worker/ActionCommandManager.cs: `stop-commands` ignores every command until
 * the line `::<token>::`).
 */

/** The commands the runner registers (its command extensions, and stop-commands). */
const REGISTERED = ["stop-commands", "set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher", "debug", "notice", "warning", "error", "group", "endgroup", "echo"];

/** The command a line would be parsed as, or `undefined`. */
function parse(line: string, registered: ReadonlySet<string>): { readonly command: string; readonly data: string } | undefined {
  const v2 = line.trimStart();
  if (v2.startsWith("::")) {
    const end = v2.indexOf("::", 2);
    if (end >= 0) {
      const info = v2.slice(2, end);
      const command = info.split(" ")[0]!;
      if (registered.has(command.toLowerCase())) return { command: command.toLowerCase(), data: v2.slice(end + 2) };
    }
  }
  const at = line.indexOf("##[");
  if (at >= 0) {
    const close = line.indexOf("]", at);
    if (close >= 0) {
      const command = line.slice(at + 3, close).split(" ")[0]!;
      if (registered.has(command.toLowerCase())) return { command: command.toLowerCase(), data: line.slice(close + 1) };
    }
  }
  return undefined;
}

/**
 * The workflow commands the runner would run for `log`, in order, without `stop-commands` and
 * the line that resumes them.
 */
export function workflowCommandsRun(log: string): string[] {
  const registered = new Set(REGISTERED);
  let stopToken: string | undefined;
  const run: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    const parsed = parse(line, registered);
    if (!parsed) continue;
    if (stopToken !== undefined) {
      if (parsed.command === stopToken) {
        registered.delete(stopToken);
        stopToken = undefined;
      }
      continue;
    }
    if (parsed.command === "stop-commands") {
      stopToken = parsed.data.toLowerCase();
      registered.add(stopToken);
      continue;
    }
    run.push(line.trim());
  }
  return run;
}

/**
 * `log` without the lines `delivery redact --log` wraps it in (`::stop-commands::<token>` first,
 * `::<token>::` last); throws when it is not wrapped so.
 */
export function unwrapStopped(log: string): string {
  const match = /^::stop-commands::(grafana-scim-[0-9a-f]{32})\n([\s\S]*)::\1::\n$/.exec(log);
  if (!match) throw new Error(`not wrapped in stop-commands: ${JSON.stringify(log)}`);
  return match[2]!;
}
