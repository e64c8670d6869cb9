// The reference for the non-command composition (shout plugged with greeter): the composition
// transpiled by jco, its text functions called from node with the calls of calls.txt, each result
// written in WAVE as wasm-wave writes it (strings quoted with \" and \\ escaped, lists in [],
// records as {field: value}, options as some(...), a record field that is none left out).
// Usage: node ref-invoke.mjs TRANSPILED.js CALLS-FILE   (prints one line per call)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulePath, callsFile] = process.argv.slice(2);
const { text } = await import(pathToFileURL(path.resolve(modulePath)).href);

const str = (s) => '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n') + '"';
const wave = {
  greet: (r) => str(r),
  sum: (r) => String(r),
  words: (r) => '[' + r.map(str).join(', ') + ']',
  summarize: (r) => `{count: ${r.count}, total: ${r.total}` +
    (r.largest === undefined ? '' : `, largest: some(${r.largest})`) + '}',
};
// The calls are NAME(ARG) with one argument that JSON reads: a string or a list of numbers.
for (const line of fs.readFileSync(callsFile, 'utf8').split('\n')) {
  const m = /^(?:text\.)?(\w+)\((.*)\)$/.exec(line.trim());
  if (!m) continue;
  const arg = JSON.parse(m[2]);
  console.log(wave[m[1]](text[m[1]](Array.isArray(arg) ? new Uint32Array(arg) : arg)));
}
