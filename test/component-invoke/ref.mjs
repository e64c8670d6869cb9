// The reference for the calculator's calls: the component transpiled by jco, called from node,
// each result written in WAVE (wasm-tools crates/wasm-wave README): an f64 as the shortest text
// that reads back, with no exponent (Rust's Display, which wasm-wave's writer uses); a
// result<f64, string> as ok(...) / err("..."). jco throws a ComponentError carrying the payload
// for an `err` result of an exported function.
// Usage: node ref.mjs TRANSPILED-DIR CALLS-FILE   (prints one line per call)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, callsFile] = process.argv.slice(2);
const { math } = await import(pathToFileURL(path.join(dir, 'calculator.js')).href);

// JavaScript's shortest round-trip digits, rewritten without an exponent.
function f64(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  let s = String(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead + frac, e = Number(exp);
  if (e >= 0) return sign + digits + '0'.repeat(Math.max(0, e - frac.length)) +
                     (e < frac.length ? '.' + frac.slice(e) : '');
  return sign + '0.' + '0'.repeat(-e - 1) + digits;
}
const str = (s) => '"' + s.replace(/[\\"']/g, (c) => '\\' + c).replace(/\n/g, '\\n')
  .replace(/\t/g, '\\t').replace(/\r/g, '\\r') + '"';

// The calls are few and fixed: NAME(ARGS) with f64 arguments.
for (const line of fs.readFileSync(callsFile, 'utf8').split('\n')) {
  const m = /^\s*(?:math\.)?(\w+)\((.*)\)\s*$/.exec(line);
  if (!m) continue;
  const args = m[2].split(',').map((a) => Number(a));
  const fn = m[1];
  if (fn === 'sqrt') {
    try { console.log('ok(' + f64(math.sqrt(...args)) + ')'); }
    catch (e) { console.log('err(' + str(e.payload) + ')'); }
  } else {
    console.log(f64(math[fn](...args)));
  }
}
