// The component wast runner: splits each .wast of the component suites into commands, assembles
// component/module texts with `jco parse` (binary forms byte for byte), and checks them with
// `wasm2native validate`. Valid definitions must validate, assert_invalid / binary
// assert_malformed must be rejected; execution commands count as failed (not yet executable).
// Skips: async files and cases (component model async is out of scope), text-format-only cases.
// Prints `N passed, M failed, K skipped` per file, per suite and in total, and compares the
// per-file pass counts with baseline.txt (a drop is a regression: exit status 1).
//
// Usage: node run.mjs --wasm2native PATH [--testdata DIR] [--baseline FILE]
//                     [--update-baseline] [--verbose] [--filter SUBSTRING]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitWast, stringBytes } from './wast.mjs';

// The suites use both the strict and the legacy index syntax of the text format.
process.env.WAST_STRICT_COMPONENT_INDICES = '0';
const { parse } = await import('@bytecodealliance/jco');

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : dflt;
};
const wasm2native = opt('--wasm2native');
const testdata = opt('--testdata', path.join(here, '../../../shared/testdata'));
const baselinePath = opt('--baseline', path.join(here, 'baseline.txt'));
const filter = opt('--filter', '');
const verbose = args.includes('--verbose');
const updateBaseline = args.includes('--update-baseline');
if (!wasm2native) {
  console.error('usage: node run.mjs --wasm2native PATH [--testdata DIR]');
  process.exit(2);
}
const root = path.join(testdata, 'component-wast');
if (!fs.existsSync(root)) {
  console.log(`component-wast test data not found at ${root}: skipped`);
  process.exit(77);
}

const suites = [
  { name: 'component-model', dir: 'component-model/test', subdirs: ['values', 'resources', 'linking', 'validation', 'binary', 'async'] },
  { name: 'wasmtime', dir: 'wasmtime/tests/misc_testsuite/component-model', subdirs: null },
  { name: 'wasm-tools', dir: 'wasm-tools/tests/cli/component-model', subdirs: null },
];

function listWast(dir, subdirs) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.wast')) out.push(p);
    }
  };
  if (subdirs) for (const s of subdirs) { if (fs.existsSync(path.join(dir, s))) walk(path.join(dir, s)); }
  else walk(dir);
  return out;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'w2n-cwast-'));
let counter = 0;

function validate(bytes) {
  const file = path.join(scratch, `m${counter++}.wasm`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync(wasm2native, ['validate', file], { encoding: 'utf8', timeout: 60000 });
  if (!(verbose && r.status !== 0)) fs.unlinkSync(file); // kept for a look when verbose
  if (r.error) return { ok: false, crashed: true, message: String(r.error) };
  if (r.status !== 0 && r.status !== 1) return { ok: false, crashed: true, message: `exit status ${r.status} ${r.signal || ''} ${r.stderr}` };
  return { ok: r.status === 0, message: r.stderr.trim() };
}

// The module/component inside a command: { kind: 'text'|'binary'|'quote', bytes?, text }.
function moduleForm(node) {
  const items = node.items;
  let k = 1;
  while (k < items.length && items[k].atom && (items[k].atom.startsWith('$') || items[k].atom === 'definition')) k++;
  const next = items[k];
  if (next && next.atom === 'binary') {
    const parts = items.slice(k + 1).filter((x) => x.string).map((x) => stringBytes(x.string));
    return { kind: 'binary', bytes: Buffer.concat(parts) };
  }
  if (next && next.atom === 'quote') return { kind: 'quote' };
  const text = node.text.replace(/^\((component|module)(\s+\$[^\s()]+)?\s+definition\b/, '($1$2')
    .replace(/^\((component|module)\s+definition(\s+\$[^\s()]+)?/, '($1$2');
  return { kind: 'text', text };
}

async function assemble(node) {
  const form = moduleForm(node);
  if (form.kind !== 'text') return form;
  try {
    return { kind: 'text', bytes: Buffer.from(await parse(form.text)) };
  } catch (e) {
    const msg = String(e.message || e);
    const m = msg.match(/kind: Custom\("([^"]*)"/) || msg.match(/kind: (\w+)/);
    return { kind: 'unparsable', error: m ? m[1] : msg.slice(0, 120) };
  }
}

const isAsyncMessage = (m) => /component model async/.test(m);
const execHeads = new Set(['assert_return', 'assert_trap', 'invoke', 'assert_exhaustion', 'assert_uninstantiable', 'assert_unlinkable', 'register', 'get', 'assert_suspension']);

async function runFile(file, isAsyncFile) {
  const res = { passed: 0, failed: 0, skipped: 0, reasons: {}, failures: [], messageMismatch: 0 };
  const skip = (reason) => { res.skipped++; res.reasons[reason] = (res.reasons[reason] || 0) + 1; };
  const fail = (line, what) => { res.failed++; res.failures.push(`${path.basename(file)}:${line}: ${what}`); };
  let commands;
  try {
    commands = splitWast(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(0, `cannot split the script: ${e.message}`);
    return res;
  }
  for (const cmd of commands) {
    if (isAsyncFile) { skip('async file (component model async is out of scope)'); continue; }
    const head = cmd.head;
    if ((head === 'component' || head === 'module') && cmd.items[1] && cmd.items[1].atom === 'instance') {
      fail(cmd.line, 'not yet executable (instantiation)');
      continue;
    }
    if (head === 'component' || head === 'module') {
      const m = await assemble(cmd);
      if (m.kind === 'quote') { skip('text-format-only (quote)'); continue; }
      if (m.kind === 'unparsable') { fail(cmd.line, `jco parse cannot assemble a definition: ${m.error}`); continue; }
      const r = validate(m.bytes);
      if (r.ok) res.passed++;
      else if (isAsyncMessage(r.message)) skip('async case (component model async is out of scope)');
      else fail(cmd.line, `valid ${head} rejected: ${r.message}`);
      continue;
    }
    if (head === 'assert_invalid' || head === 'assert_malformed') {
      const inner = cmd.items[1];
      const expected = cmd.items.find((x, k) => k > 1 && x.string);
      const m = await assemble(inner);
      if (m.kind === 'quote') { skip('text-format-only (quote)'); continue; }
      if (m.kind === 'unparsable') { skip('text-format-only (jco parse rejects the text)'); continue; }
      const r = validate(m.bytes);
      if (r.crashed) { fail(cmd.line, `crash: ${r.message}`); continue; }
      if (r.ok) { fail(cmd.line, `${head} accepted (expected "${expected ? expected.string.slice(1, -1) : ''}")`); continue; }
      if (isAsyncMessage(r.message)) { skip('async case (component model async is out of scope)'); continue; }
      res.passed++;
      if (expected && !r.message.includes(stringBytes(expected.string).toString('utf8'))) {
        res.messageMismatch++;
        if (verbose) console.log(`  message: ${path.basename(file)}:${cmd.line}: expected "${expected.string.slice(1, -1)}", got ${r.message.split('\n')[0]}`);
      }
      continue;
    }
    if (execHeads.has(head)) { fail(cmd.line, `not yet executable (${head})`); continue; }
    if (head === 'thread' || head === 'wait') { skip('async case (threads)'); continue; }
    fail(cmd.line, `unknown command (${head})`);
  }
  return res;
}

const results = {};
let total = { passed: 0, failed: 0, skipped: 0, messageMismatch: 0 };
for (const suite of suites) {
  const dir = path.join(root, suite.dir);
  let st = { passed: 0, failed: 0, skipped: 0, messageMismatch: 0 };
  for (const file of listWast(dir, suite.subdirs)) {
    const rel = `${suite.name}/${path.relative(dir, file)}`;
    if (filter && !rel.includes(filter)) continue;
    const isAsyncFile = rel.split('/').includes('async');
    const r = await runFile(file, isAsyncFile);
    results[rel] = r;
    const reasons = Object.entries(r.reasons).map(([k, v]) => `${v} ${k}`).join('; ');
    console.log(`${rel}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${reasons ? ` (${reasons})` : ''}`);
    if (verbose) for (const f of r.failures) console.log(`  FAIL ${f}`);
    for (const k of ['passed', 'failed', 'skipped', 'messageMismatch']) st[k] += r[k];
  }
  console.log(`suite ${suite.name}: ${st.passed} passed, ${st.failed} failed, ${st.skipped} skipped (${st.messageMismatch} rejections with another message than the reference's)`);
  for (const k of ['passed', 'failed', 'skipped', 'messageMismatch']) total[k] += st[k];
}
if (!verbose) fs.rmSync(scratch, { recursive: true, force: true });

// Baseline: one line per file, "<file> <passed>"; fewer passes than recorded is a regression.
let status = 0;
if (updateBaseline) {
  const lines = Object.entries(results).map(([f, r]) => `${f} ${r.passed}`);
  fs.writeFileSync(baselinePath, `# component wast: passes per file (test/component/run.mjs --update-baseline)\n${lines.join('\n')}\n`);
  console.log(`baseline written to ${baselinePath}`);
} else if (fs.existsSync(baselinePath) && !filter) {
  for (const line of fs.readFileSync(baselinePath, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [f, n] = line.split(' ');
    const now = results[f] ? results[f].passed : 0;
    if (now < Number(n)) {
      console.log(`REGRESSION ${f}: ${now} passed, baseline ${n}`);
      status = 1;
    }
  }
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status);
