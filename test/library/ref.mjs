// The reference for calc_host.c and calc_host.py: the calculator transpiled by jco, called from
// node with the same calls, printed the same way (f64 as its IEEE bits in hex; jco throws a
// ComponentError carrying the payload for an `err` result).
// Usage: node ref.mjs TRANSPILED-DIR < calls.txt
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { math } = await import(pathToFileURL(path.join(process.argv[2], 'calculator.js')).href);
const bits = (d) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, d, true);
  return v.getBigUint64(0, true).toString(16).padStart(16, '0');
};
for (const line of fs.readFileSync(0, 'utf8').split('\n')) {
  const m = /^\s*(?:math\.)?(\w+)\((.*)\)\s*$/.exec(line);
  if (!m) continue;
  const args = m[2].split(',').map(Number);
  if (m[1] === 'sqrt') {
    try { console.log('ok ' + bits(math.sqrt(args[0]))); }
    catch (e) { console.log('err ' + e.payload); }
  } else {
    console.log(bits(math[m[1]](args[0], args[1])));
  }
}
