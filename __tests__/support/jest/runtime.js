/**
 * Jest's module runtime (jest-runtime), with what a worker reads and compiles from node_modules
 * kept across the suites it runs. Jest gives every suite a fresh module registry, which is what
 * keeps suites apart (each still evaluates every module it loads, its own cdktf, its own token
 * counters); but it also re-reads every file from disk and compiles it again for each suite, and
 * cdktf's and the provider bindings' files are large (cdktf's carry inline source maps). Files
 * under node_modules do not change during a run, so a worker keeps their text and their compiled
 * script (a `vm.Script` is not bound to a context: each suite still runs it in its own context,
 * creating its own module objects). Project files (the code under test, the tests) are read and
 * transformed as Jest does. A cached script's dynamic `import()` handler is that of the suite that
 * compiled it; it fails at once either way, as Jest's does, because dynamic import in Jest's module
 * registry needs --experimental-vm-modules, which this project does not use (the transform turns
 * the project's own `import()` into require).
 *
 * Measured on the 67 suites that start no app or command line (in band, CPU s user + sys, two
 * runs each, alternating): 19.1 and 19.7 with jest-runtime, 16.7 and 16.4 with this one.
 */
const Runtime = require("jest-runtime").default;

const NODE_MODULES = `${require("node:path").sep}node_modules${require("node:path").sep}`;

/** node_modules file -> its text, for this worker's whole life. */
const texts = new Map();
/** Project id and node_modules file -> the script compiled from its wrapped text. */
const scripts = new Map();
class SharedDependenciesRuntime extends Runtime {
  readFile(filename) {
    if (!filename.includes(NODE_MODULES)) return super.readFile(filename);
    let text = texts.get(filename);
    if (text === undefined) {
      text = super.readFile(filename);
      texts.set(filename, text);
    } else if (!this._cacheFS.has(filename)) {
      this._cacheFS.set(filename, text);
    }
    return text;
  }

  createScriptFromCode(scriptSource, filename) {
    if (!filename.includes(NODE_MODULES)) return super.createScriptFromCode(scriptSource, filename);
    // Per project too: the module wrapper Jest compiles around the source depends on the project's
    // injectGlobals and sandboxInjectedGlobals.
    const key = `${this._config.id}\0${filename}`;
    const cached = scripts.get(key);
    if (cached && cached.source === scriptSource) return cached.script;
    const script = super.createScriptFromCode(scriptSource, filename);
    scripts.set(key, { source: scriptSource, script });
    return script;
  }
}

module.exports = SharedDependenciesRuntime;
