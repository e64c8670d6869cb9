// Runs a WASI preview1 core module on node (V8) for the benchmark harness:
//   node run-wasi.mjs module.wasm [args...]
// The working directory is preopened as "." (the Sightglass convention), the guest gets no
// environment, and `bench.start`/`bench.end` record the time between them with the same
// contract as wasm2native's runtime (runtime-lib/src/bench_host.c): elapsed nanoseconds appended
// as one line to the file named by W2N_BENCH_OUT, or printed on stderr.
import { readFileSync, appendFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import { basename } from 'node:path';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [basename(file), ...args],
  env: {},
  preopens: { '.': '.' },
  returnOnExit: false, // proc_exit ends the process at once
});

let started = 0n;
const bench = {
  start() {
    started = process.hrtime.bigint();
  },
  end() {
    const elapsed = process.hrtime.bigint() - started;
    const out = process.env.W2N_BENCH_OUT;
    if (out) appendFileSync(out, `${elapsed}\n`);
    else process.stderr.write(`bench: ${elapsed} ns\n`);
  },
};

const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, {
  bench,
  wasi_snapshot_preview1: wasi.wasiImport,
});
try {
  wasi.start(instance); // returns only when _start returns without calling proc_exit
} catch (e) {
  process.stderr.write(`wasm trap: ${e.message}\n`);
  process.exitCode = 134;
}
