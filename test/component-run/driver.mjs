// Reference executor: runs a jco-transpiled WASI 0.2 command under preview2-shim with exactly the
// capabilities the runner gives wasm2native at compile time (`jco run` has no --dir/--env).
// Usage: node driver.mjs OUT_DIR/app.js CONFIG.json   (CONFIG: {args, env, preopens: {guest: host}})
// OUT_DIR/node_modules/@bytecodealliance/preview2-shim must link to the shim to use; the driver
// configures the very module instance the transpiled code imports (same real path).
// Exit status: the guest's, 134 when it trapped (any other exception: the wasm2native convention,
// so both sides read "trapped" the same way; the JS error goes to stderr).
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TRAP_STATUS = 134;
const [modulePath, configPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const shimDir = realpathSync(join(dirname(resolve(modulePath)), 'node_modules/@bytecodealliance/preview2-shim'));
const shim = (name) => import(pathToFileURL(join(shimDir, 'dist/nodejs', `${name}.js`)).href);

const cli = await shim('cli');
const filesystem = await shim('filesystem');
// The runner redirects stdin, stdout and stderr to files or pipes: none is a terminal, so the
// terminal-* interfaces must answer none (preview2-shim answers a terminal by default, and
// wasi-libc would then line-buffer stdout where wasm2native's executable buffers it fully).
cli._setTerminalStdin(undefined);
cli._setTerminalStdout(undefined);
cli._setTerminalStderr(undefined);
cli._setArgs(config.args ?? ['app']);
cli._setEnv(config.env ?? {});
filesystem._setPreopens({});
for (const [guest, host] of Object.entries(config.preopens ?? {})) filesystem._addPreopen(guest, resolve(host));

// The shim's exit() calls process.exit at once, which can lose stdout still queued in node.
// Turn it into an exception that unwinds the guest, then exit after stdout/stderr have drained.
class GuestExit {
  constructor(code) {
    this.code = code;
  }
}
const realExit = process.exit.bind(process);
process.exit = (code) => {
  throw new GuestExit(code ?? 0);
};

let status = 0;
try {
  const mod = await import(pathToFileURL(resolve(modulePath)).href);
  await mod.run.run();
} catch (e) {
  if (e instanceof GuestExit) {
    status = e.code;
  } else if (e?.constructor?.name === 'ComponentError') { // run returned err
    status = 1;
  } else {
    process.stderr.write(`trap: ${e?.stack ?? e}\n`);
    status = TRAP_STATUS;
  }
}
const drained = (stream) => new Promise((done) => stream.write('', done));
await drained(process.stdout);
await drained(process.stderr);
realExit(status);
