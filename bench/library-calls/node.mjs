// The node side of the library-call benchmark: the same three calls as host.c, made on the
// component transpiled by `jco transpile` (the usual way to call a component from another
// language). Prints the same lines as host.c (see report.py).
// Usage: node node.mjs TRANSPILED-DIR ROUNDS
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { api } = await import(pathToFileURL(path.join(process.argv[2], 'calls.js')).href);
const rounds = Number(process.argv[3] || 15);

const str = 'abcdefghijklmnopqrstuvwxyz012345'; // 32 bytes of UTF-8
const list = new Uint8Array(1 << 20);
for (let i = 0; i < list.length; i++) list[i] = i & 0xff;

let sink = 0;
const loops = {
  add: (n) => { for (let i = 0; i < n; i++) sink += api.add(i, 1); },
  len: (n) => { for (let i = 0; i < n; i++) sink += api.len(str); },
  ends: (n) => { for (let i = 0; i < n; i++) sink += api.ends(list); },
  // One call of call-host(n): n calls of host.mjs's hostAdd (mapped in by jco transpile --map).
  import: (n) => { sink += api.callHost(n); },
};

const now = () => Number(process.hrtime.bigint());
// One sample: n calls, in ns per call.
const time = (loop, n) => {
  const t0 = now();
  loop(n);
  return (now() - t0) / n;
};
// The number of calls that takes at least 50 ms (after the loop has warmed up).
const calibrate = (loop) => {
  let n = 1;
  for (;;) {
    const t0 = now();
    loop(n);
    if (now() - t0 >= 50e6) return n;
    n *= 2;
  }
};

console.log(`CHECK add ${api.add(2147483647, 1)}`);
console.log(`CHECK len ${api.len(str)}`);
console.log(`CHECK ends ${api.ends(list)}`);
console.log(`CHECK import ${api.callHost(1000)}`);
const counts = {};
for (const name of Object.keys(loops)) counts[name] = calibrate(loops[name]);
for (let r = 0; r < rounds; r++)
  for (const name of Object.keys(loops))
    console.log(`SAMPLE node ${name} ${time(loops[name], counts[name]).toFixed(3)}`);
if (sink === 0.5) console.log(''); // keeps the results alive
