// `wasm2native wit` checked against jco (the pinned one of test/component, in-process: the
// functions its `jco parse/new/embed/wit/types` commands call; a few through its command line
// too). For every component of the test data (component-wast: each top-level component; the
// .wasm components), C command components built as test/component-run builds them, and
// components made from WIT worlds (jco's bundled WASI packages and fixtures.wit) with
// `jco embed --dummy` + `jco new`:
//   - the printed WIT must be accepted by jco: `jco embed --dummy --world root` + `jco new` make
//     a component of it, and `jco types` generates TypeScript declarations for it;
//   - it must describe the same world: its `world root { ... }` block equals the one `jco wit`
//     prints for the component (lines trimmed and sorted), and its TypeScript declarations (every
//     interface: types, resources with their methods, `use`d types) equal those jco generates
//     from the component binary (declarations sorted). `jco wit` prints no interface bodies, so
//     these carry the comparison of named interfaces (TypeScript has one `number` for all integer
//     widths: those are compared in the world's own functions, printed by the same code).
// A component jco cannot describe (`jco wit` fails: not a WIT world) must be refused by
// `wasm2native wit` too; one whose `jco wit` text jco's own parser rejects (no valid WIT form)
// as well. Components that wasm2native does not read (component-model async, out of scope) or
// jco rejects for other reasons (its validator) are counted apart.
//
// Prints counts; exit status 1 when a component fails (see KNOWN below), 77 when jco is missing.
// Usage: node run.mjs --wasm2native PATH [--testdata DIR] [--verbose] [--show]
//                     [--filter SUBSTRING] [--keep DIR] [--extra DIR]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { splitWast, stringBytes } from '../component/wast.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : dflt;
};
const wasm2native = opt('--wasm2native');
const testdata = opt('--testdata', path.join(here, '../../../shared/testdata'));
const filter = opt('--filter', '');
const keep = opt('--keep', ''); // writes each printed WIT into this directory
const extra = opt('--extra', ''); // also every component under this directory
const verbose = args.includes('--verbose');
const show = args.includes('--show'); // the WIT of both sides for each failure
if (!wasm2native) {
  console.error('usage: node run.mjs --wasm2native PATH [--testdata DIR]');
  process.exit(2);
}

const nm = path.join(here, '../component/node_modules/@bytecodealliance');
const vendor = path.join(nm, 'jco-transpile/vendor');
if (!fs.existsSync(vendor)) {
  console.log(`jco not installed in ${nm}: skipped`);
  process.exit(77);
}
// The suites use both the strict and the legacy index syntax of the text format.
process.env.WAST_STRICT_COMPONENT_INDICES = '0';
// A panic inside jco's tools (a trap in their Wasm) leaves the instance unusable: load them again
// (a new module URL is a new instance) after a trap.
let tools;
let bindgen;
let generation = 0;
async function loadJco() {
  const q = `?instance=${generation++}`;
  const wt = await import(pathToFileURL(path.join(vendor, 'wasm-tools.js')).href + q);
  const bg = await import(pathToFileURL(path.join(vendor, 'js-component-bindgen-component.js')).href + q);
  await wt.$init;
  await bg.$init;
  tools = wt.tools;
  bindgen = bg;
}
await loadJco();
let trapped = false;
// Runs one jco call: { value } or { error } (a trap also reloads jco before the next call).
function jco(f) {
  try {
    return { value: f() };
  } catch (e) {
    if (/wasm trap|unreachable|RuntimeError/.test(String(e?.message ?? e))) trapped = true;
    return { error: errText(e) };
  }
}

// The first line of a jco error, and the cause it gives on the next one.
const errText = (e) => String(e?.payload ?? e?.message ?? e).split('\n').slice(0, 2).join(': ').slice(0, 300);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'w2n-wit-'));
const isComponent = (b) => b.length >= 8 && b[0] === 0 && b[1] === 0x61 && b[4] === 0x0d && b[6] === 1;

// ---- The components ----

// Top-level components of the wast scripts (binary forms byte for byte; quote forms left out).
async function wastComponents(file, label) {
  const out = [];
  for (const c of splitWast(fs.readFileSync(file, 'utf8'))) {
    if (c.head !== 'component') continue;
    const items = c.items;
    let k = 1;
    while (k < items.length && items[k].atom && (items[k].atom.startsWith('$') || items[k].atom === 'definition')) k++;
    if (items[k]?.atom === 'instance' || items[k]?.atom === 'quote') continue;
    const name = `${label}:${c.line}`;
    if (items[k]?.atom === 'binary') {
      const parts = items.slice(k + 1).filter((x) => x.string).map((x) => stringBytes(x.string));
      out.push({ name, bytes: Buffer.concat(parts) });
      continue;
    }
    const text = c.text.replace(/^\(component(\s+\$[^\s()]+)?\s+definition\b/, '(component$1')
      .replace(/^\(component\s+definition(\s+\$[^\s()]+)?/, '(component$1');
    const r = jco(() => tools.parse(text));
    out.push(r.error ? { name, unparsable: r.error } : { name, bytes: Buffer.from(r.value) });
    if (trapped) {
      await loadJco();
      trapped = false;
    }
  }
  return out;
}

function walk(dir, ext, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, ext, out);
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

// Runs `f` over `items`, as many at a time as there are cores (at least two).
async function inParallel(items, f) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await f(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(2, os.availableParallelism?.() ?? 2) }, worker));
}

// A process's { status, stdout, stderr, signal }.
const run = (cmd, argv) => new Promise((resolve) => {
  execFile(cmd, argv, { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
    resolve({ status: err ? err.code : 0, signal: err?.signal, stdout, stderr: stderr || String(err || '') }));
});

// C programs of test/component-run as `jco new --wasi-command` components.
async function commandComponents() {
  const progs = path.join(here, '../component-run/programs');
  const adapter = fs.readFileSync(path.join(nm, 'jco/lib/wasi_snapshot_preview1.command.wasm'));
  const out = walk(progs, '.c').map((src) => ({ name: `c:${path.basename(src, '.c')}`, src }));
  await inParallel(out, async (c) => {
    const core = path.join(scratch, `${path.basename(c.src, '.c')}.core.wasm`);
    const cc = await run('clang-19', ['--target=wasm32-wasi', '-O2', c.src,
      path.join(here, '../component-run/heapfix.c'), '-lm', '-o', core]);
    if (cc.status !== 0) {
      c.unparsable = `clang-19: ${cc.stderr.trim().split('\n').pop()}`;
      return;
    }
    const r = jco(() => tools.componentNew(fs.readFileSync(core), [['wasi_snapshot_preview1', adapter]]));
    if (r.error) c.unparsable = r.error;
    else c.bytes = Buffer.from(r.value);
  });
  return out;
}

// A WIT package file as a nested package block (`package a:b@v;` → `package a:b@v { ... }`).
function nested(text) {
  const m = text.match(/^\s*package\s+([^;\s]+)\s*;/m);
  return `package ${m[1]} {\n${text.replace(m[0], '')}\n}\n`;
}

// Components made from WIT worlds: jco's bundled WASI 0.2 packages (each package's worlds) and
// the worlds of fixtures.wit, which uses them.
function worldComponents() {
  const builtin = path.join(nm, 'jco/lib/wit/builtin');
  const deps = [];
  for (const ver of ['0.2.12', '0.2.10'])
    for (const f of walk(path.join(builtin, ver), '.wit')) deps.push(fs.readFileSync(f, 'utf8'));
  // jco's node package: one package in many files (merged), without worlds of its own.
  const node = walk(path.join(builtin, 'jco-node-0.1.0'), '.wit')
    .map((f) => fs.readFileSync(f, 'utf8').replace(/^\s*package\s+[^;]+;/m, '')).join('\n');
  const tls = path.join(builtin, 'wasi-tls-0.2.0-draft');
  const tlsText = ['types.wit', 'world.wit'].map((f) => fs.readFileSync(path.join(tls, f), 'utf8')
    .replace(/^\s*package\s+[^;]+;/m, '')).join('\n');
  const packages = deps.map(nested).join('\n') + `package jco:node@0.1.0 {\n${node}\n}\n` +
    `package wasi:tls@0.2.0-draft {\n${tlsText}\n}\n`;
  const fixtures = fs.readFileSync(path.join(here, 'fixtures.wit'), 'utf8');
  const worlds = [...fixtures.matchAll(/^world\s+([\w-]+)/gm)].map((m) => m[1]);
  const out = [];
  for (const world of worlds) {
    const name = `wit:${world}`;
    const core = jco(() => tools.componentEmbed({ witSource: `${fixtures}\n${packages}`, dummy: true, world }));
    const r = core.error ? core : jco(() => tools.componentNew(core.value, undefined));
    out.push(r.error ? { name, unparsable: r.error } : { name, bytes: Buffer.from(r.value) });
  }
  return out;
}

// Components whose difference from jco is understood and not the printer's: name -> what the
// failure must match (a component listed here that passes, or fails otherwise, fails the test).
const KNOWN = {};

// ---- The checks ----

// The world block of a WIT text (`world root { ... }`), order-normalised: its lines trimmed and
// sorted, blank lines dropped.
function normWorld(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('world '));
  const end = lines.findIndex((l, i) => i > start && l === '}');
  return lines.slice(start, end + 1).map((l) => l.trim()).filter((l) => l).sort().join('\n');
}

// Order-normalised TypeScript declarations: each file's top-level declarations (a line at
// column 0 and the indented lines and closing line after it) sorted.
function normTypes(files) {
  const out = new Map();
  for (const [name, bytes] of files) {
    const text = new TextDecoder().decode(bytes);
    const chunks = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      if (/^\S/.test(line) && !/^[}\]]/.test(line)) chunks.push(line);
      else if (chunks.length) chunks[chunks.length - 1] += `\n${line}`;
      else chunks.push(line);
    }
    out.set(name, chunks.sort().join('\n'));
  }
  return out;
}

function firstDifference(a, b) {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const k of keys) {
    if (!a.has(k)) return `${k}: only in ours`;
    if (!b.has(k)) return `${k}: missing from ours`;
    if (a.get(k) !== b.get(k)) {
      const x = a.get(k).split('\n');
      const y = b.get(k).split('\n');
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      return `${k}: ours "${(x[i] ?? '').trim()}", jco "${(y[i] ?? '').trim()}"`;
    }
  }
  return '';
}

// `wasm2native wit` of every component, a few processes at a time (its start-up dominates).
async function ourWits(comps) {
  let n = 0;
  await inParallel(comps.filter((c) => c.bytes && isComponent(c.bytes)), async (c) => {
    const file = path.join(scratch, `c${n++}.wasm`);
    fs.writeFileSync(file, c.bytes);
    const r = await run(wasm2native, ['wit', file]);
    fs.unlinkSync(file);
    if (r.status === 0) c.ours = { text: r.stdout };
    else if (r.status === 1) c.ours = { error: r.stderr.trim() };
    else c.ours = { crashed: `status ${r.status} ${r.signal || ''} ${r.stderr.trim()}` };
  });
}

// One component: { kind, detail }, kind one of
//   equal         accepted by jco, same world and types as jco's;
//   refused-both  not a WIT world: `jco wit` and `wasm2native wit` both refuse it;
//   no-valid-wit  jco prints a world that jco's own WIT parser rejects; wasm2native refuses it;
//   jco-invalid   jco rejects the component for a reason that is not WIT's (its validator: a
//                 validation question the component-wast test asks; GC core function types);
//   async         wasm2native does not read it (component model async is out of scope);
//   failed        anything else (detail says what).
function check(c) {
  const ref = jco(() => tools.componentWit(c.bytes));
  const ours = c.ours;
  const failed = (detail) => ({ kind: 'failed', detail });
  if (ours.crashed) return failed(`wasm2native crashed: ${ours.crashed}`);
  if (ours.error && /unsupported feature: component model async/.test(ours.error)) return { kind: 'async' };
  // Refusals that are not about WIT: jco's validator, and its decoder's check of lowered core
  // function types, which knows no GC subtyping.
  if (ref.error && /\(at offset 0x|lowered function type/.test(ref.error)) return { kind: 'jco-invalid', detail: ref.error };
  if (ref.error) {
    if (ours.error) return { kind: 'refused-both', detail: `jco: ${ref.error}; ours: ${ours.error}` };
    return failed(`jco wit refuses it (${ref.error}), ours printed WIT`);
  }
  const all = { tag: 'all' };
  const embed = (text) => jco(() => tools.componentEmbed({ witSource: text, dummy: true, world: 'root', features: all }));
  if (ours.error) {
    // `jco wit` leaves out the packages of named interfaces: only a self-contained world of
    // jco's can be checked.
    const own = embed(ref.value);
    if (own.error && !/package .* not found/.test(own.error))
      return { kind: 'no-valid-wit', detail: `jco's WIT: ${own.error}; ours: ${ours.error}` };
    return failed(`wasm2native wit failed: ${ours.error}`);
  }
  if (keep) fs.writeFileSync(path.join(keep, `${c.name.replace(/[^\w.-]+/g, '_')}.wit`), ours.text);
  const core = embed(ours.text);
  const made = core.error ? core : jco(() => tools.componentNew(core.value, undefined));
  if (made.error) return failed(`not accepted by jco embed/new: ${made.error}`);
  const oursTypes = jco(() => bindgen.generateTypes('root', { wit: { tag: 'source', val: ours.text }, world: 'root', features: all }));
  if (oursTypes.error) return failed(`not accepted by jco types: ${oursTypes.error}`);
  if (normWorld(ours.text) !== normWorld(ref.value)) {
    const diff = firstDifference(new Map([['world', normWorld(ours.text)]]), new Map([['world', normWorld(ref.value)]]));
    return failed(`world differs: ${diff}`);
  }
  // jco may generate no types for the original (a world it cannot bind): the world stands.
  const refTypes = jco(() => bindgen.generateTypes('root', { wit: { tag: 'binary', val: c.bytes }, features: all }));
  if (refTypes.error) return { kind: 'equal', detail: `world only (jco types: ${refTypes.error})` };
  const diff = firstDifference(normTypes(oursTypes.value), normTypes(refTypes.value));
  return diff ? failed(`types differ: ${diff}`) : { kind: 'equal' };
}

// The jco command line on a few printed WITs too (`jco types`, `jco embed --dummy --wit`, `jco
// new`), as a user would run it: jco's tools run under preview2-shim, which starts without
// preopens, so node preloads a module that grants the root directory (TOOLCHAIN.md).
const CLI = new Set(['c:args', 'wit:top-level', 'wit:command']);
async function cliCheck(c) {
  const shims = [path.join(nm, 'jco-transpile/node_modules/@bytecodealliance/preview2-shim'),
    path.join(nm, 'jco/node_modules/@bytecodealliance/preview2-shim'), path.join(nm, 'preview2-shim')];
  const shim = shims.find((d) => fs.existsSync(d));
  const preload = path.join(scratch, 'preopens.mjs');
  fs.writeFileSync(preload, `import { _setPreopens } from ${JSON.stringify(pathToFileURL(path.join(shim, 'dist/nodejs/filesystem.js')).href)};\n` +
    "_setPreopens({ '/': '/' });\n");
  const dir = path.join(scratch, `cli-${c.name.replace(/[^\w-]/g, '_')}`);
  fs.mkdirSync(dir);
  const wit = path.join(dir, 'printed.wit');
  fs.writeFileSync(wit, c.ours.text);
  const jcoBin = path.join(nm, 'jco/dist/jco.js');
  const steps = [['types', wit, '-o', path.join(dir, 'types'), '-q'],
    ['embed', '--dummy', '--wit', wit, '-n', 'root', '-o', path.join(dir, 'core.wasm')],
    ['new', path.join(dir, 'core.wasm'), '-o', path.join(dir, 'component.wasm')]];
  for (const argv of steps) {
    const r = await run(process.execPath, ['--import', pathToFileURL(preload).href, jcoBin, ...argv]);
    if (r.status !== 0) return `jco ${argv[0]} refuses the printed WIT: ${r.stderr.trim().split('\n').slice(0, 4).join(' ')}`;
  }
  if (!fs.existsSync(path.join(dir, 'types', 'interfaces'))) return 'jco types wrote no interface declarations';
  return '';
}

// ---- Run ----

const groups = [];
const wastRoot = path.join(testdata, 'component-wast');
if (fs.existsSync(wastRoot)) {
  const comps = [];
  for (const f of walk(wastRoot, '.wast')) comps.push(...await wastComponents(f, path.relative(wastRoot, f)));
  for (const f of walk(path.join(here, '../component/wast'), '.wast'))
    comps.push(...await wastComponents(f, `own/${path.basename(f)}`));
  groups.push(['component-wast', comps]);
} else {
  console.log(`component-wast test data not found at ${wastRoot}: left out`);
}
const binaries = walk(testdata, '.wasm').filter((f) => isComponent(fs.readFileSync(f).subarray(0, 8)));
groups.push(['testdata .wasm', binaries.map((f) => ({ name: path.relative(testdata, f), bytes: fs.readFileSync(f) }))]);
groups.push(['C commands', await commandComponents()]);
groups.push(['WIT worlds', worldComponents()]);
if (extra) {
  const files = walk(extra, '.wasm').filter((f) => isComponent(fs.readFileSync(f).subarray(0, 8)));
  groups.push([`extra (${extra})`, files.map((f) => ({ name: `extra:${path.relative(extra, f)}`, bytes: fs.readFileSync(f) }))]);
}

function summary(n) {
  const checked = n.equal + n['refused-both'] + n['no-valid-wit'] + n.known + n.failed;
  return `${checked} checked: ${n.equal} accepted by jco and equal to jco's, ${n['refused-both']} ` +
    `not a WIT world (refused by both), ${n['no-valid-wit']} without a valid WIT form (jco's own ` +
    `WIT rejected by jco; refused), ${n.known} known differences, ${n.failed} failed; not ` +
    `checked: ${n['jco-invalid']} refused by jco for other reasons, ${n.async} async (not read by wasm2native), ` +
    `${n.unparsable} not assembled`;
}

let failed = 0;
const totals = {};
const seenKnown = new Set();
for (const [, comps] of groups) await ourWits(filter ? comps.filter((c) => c.name.includes(filter)) : comps);
for (const [group, comps] of groups) {
  const counts = { equal: 0, 'refused-both': 0, 'no-valid-wit': 0, known: 0, failed: 0, 'jco-invalid': 0, async: 0, unparsable: 0 };
  for (const c of comps) {
    if (filter && !c.name.includes(filter)) continue;
    let r;
    if (c.unparsable) r = { kind: 'unparsable', detail: c.unparsable };
    else if (!isComponent(c.bytes)) continue; // a core module
    else r = check(c);
    if (trapped) {
      await loadJco();
      trapped = false;
    }
    if (r.kind === 'equal' && CLI.has(c.name)) {
      const problem = await cliCheck(c);
      if (problem) r = { kind: 'failed', detail: problem };
      else r.detail = 'also through the jco command line';
    }
    const known = KNOWN[c.name];
    if (known) {
      seenKnown.add(c.name);
      if (r.kind === 'failed' && known.test(r.detail)) r = { kind: 'known', detail: r.detail };
      else r = { kind: 'failed', detail: `listed in KNOWN as ${known}, but now: ${r.kind} ${r.detail ?? ''}` };
    }
    counts[r.kind]++;
    if (verbose) console.log(`${c.name}: ${r.kind}${r.detail ? ` (${r.detail})` : ''}`);
    if (r.kind !== 'failed') continue;
    failed++;
    console.log(`FAIL ${c.name}: ${r.detail}`);
    if (show) {
      let refText;
      try {
        refText = tools.componentWit(c.bytes);
      } catch (e) {
        refText = `(refused) ${e?.payload ?? e}`;
      }
      console.log(`--- jco wit:\n${refText}`);
      console.log(`--- wasm2native wit:\n${c.ours.text ?? c.ours.error}`);
    }
  }
  console.log(`${group}: ${summary(counts)}`);
  for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
}
console.log(`total: ${summary(totals)}`);
const unused = Object.keys(KNOWN).filter((k) => !seenKnown.has(k));
if (unused.length && !filter) {
  console.log(`FAIL: KNOWN lists components that were not checked: ${unused.join(', ')}`);
  failed++;
}
fs.rmSync(scratch, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
