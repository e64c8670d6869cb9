// The component wast runner: splits each .wast of the component suites into commands, assembles
// component/module texts with `jco parse` (binary forms byte for byte), and checks them with
// `wasm2native validate`. Valid definitions must validate, assert_invalid / binary
// assert_malformed must be rejected. Execution: every component instance ((component instance $i
// $C), and a (component ...) that actions follow) is compiled with `wasm2native --component-script`
// and run as one process that gets the actions up to the next instantiation in one batch; in the
// scripts meant to run (component-model values/resources/linking, wasmtime's) every (component ...)
// is instantiated, in the validation-only ones only those that actions follow
// (runtime-lib/include/w2n/component_script_protocol.md; values converted by values.mjs):
// instantiation, invoke, assert_return, assert_trap (of an invoke or of a component's
// instantiation) and assert_unlinkable (the compiler or the driver must reject the imports with the
// expected message, or the composition with registered instances must not type-check: compose.mjs)
// are cases of their own. Commands after a definition that failed count as failed.
// Skips: async files and cases (component model async is out of scope), text-format-only cases.
// Prints `N passed, M failed, K skipped` per file, per suite and in total, and compares the
// per-file pass counts with baseline.txt (a drop is a regression: exit status 1).
//
// Usage: node run.mjs --wasm2native PATH [--testdata DIR] [--baseline FILE]
//                     [--update-baseline] [--verbose] [--filter SUBSTRING]
//                     [--target aarch64-linux [--qemu PATH]]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitWast, stringBytes } from './wast.mjs';
import { hexName, valueText, valuesMatch } from './values.mjs';
import { composeWithRegistered } from './compose.mjs';

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
// --target aarch64-linux: executables for AArch64, run under qemu-aarch64-static (--qemu PATH).
const target = opt('--target', '');
const qemu = opt('--qemu', 'qemu-aarch64-static');
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
  // Our own cases (test/component/wast): every assertion must pass, baseline or not.
  { name: 'wasm2native', dir: path.join(here, 'wast'), subdirs: null, own: true },
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
  const r = spawnSync(wasm2native, ['validate', ...featureArgs(), file], { encoding: 'utf8', timeout: 60000 });
  if (!(verbose && r.status !== 0)) fs.unlinkSync(file); // kept for a look when verbose
  if (r.error) return { ok: false, crashed: true, message: String(r.error) };
  if (r.status !== 0 && r.status !== 1) return { ok: false, crashed: true, message: `exit status ${r.status} ${r.signal || ''} ${r.stderr}` };
  return { ok: r.status === 0, message: r.stderr.trim() };
}

// Wasmtime's "invalid" means it refuses to load: what validates but wasm2native refuses to
// compile for one of Wasmtime's implementation restrictions (root-level component imports, ...)
// counts too; "unsupported feature" refusals do not.
function validateOrCompile(bytes) {
  const r = validate(bytes);
  if (!r.ok || r.crashed) return r;
  const file = path.join(scratch, `v${counter++}.wasm`);
  fs.writeFileSync(file, bytes);
  const c = spawnSync(wasm2native, ['--component-script', file, '-o', `${file}.exe`, ...featureArgs()], { encoding: 'utf8', timeout: 300000 });
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.exe`, { force: true });
  if (c.status === 1 && !/unsupported feature/.test(c.stderr)) return { ok: false, message: c.stderr.trim() };
  return r;
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
// A definition jco cannot assemble is still an async case when it uses the async built-ins
// (those wasm2native reports as component model async, canon opcodes 0x08-0x2d).
const asyncBuiltin = /\(canon\s+(task|subtask|stream|future|error-context|waitable-set|waitable|backpressure|context|thread|yield)\./;
const isAsyncText = (node) => asyncBuiltin.test(node.text);
const actionHeads = new Set(['assert_return', 'assert_trap', 'invoke']);
const execHeads = new Set(['assert_exhaustion', 'assert_uninstantiable', 'register', 'get', 'assert_suspension']);

// ---- Execution: each component instance is one process of `wasm2native --component-script`'s
// executable; its commands are sent in one batch and answered one line each. ----
const compiled = new Map(); // sha256 of the component -> { exe } | { error }

function compile(bytes) {
  const key = crypto.createHash('sha256').update(bytes).digest('hex');
  if (compiled.has(key)) return compiled.get(key);
  const wasm = path.join(scratch, `c${counter}.wasm`);
  const exe = path.join(scratch, `c${counter++}`);
  fs.writeFileSync(wasm, bytes);
  const r = spawnSync(wasm2native, ['--component-script', wasm, '-o', exe, ...featureArgs(), ...(target ? ['--target', target] : [])], { encoding: 'utf8', timeout: 300000 });
  let res;
  if (r.error) res = { error: String(r.error), crashed: true };
  else if (r.status !== 0) {
    const msg = (r.stderr || r.stdout || '').trim().split('\n')[0];
    res = { error: msg || `exit status ${r.status} ${r.signal || ''}`, crashed: r.status !== 1 };
  } else res = { exe };
  if (!verbose) fs.rmSync(wasm, { force: true });
  compiled.set(key, res);
  return res;
}

// Runs the executable with the command lines; returns { start, replies, problem }.
function runInstance(exe, lines) {
  const [cmd, cmdArgs] = target.startsWith('aarch64') && process.arch !== 'arm64' ? [qemu, [exe]] : [exe, []];
  const r = spawnSync(cmd, cmdArgs, { input: lines.map((l) => l + '\n').join(''), encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 28 });
  const out = (r.stdout || '').split('\n');
  if (out.length && out[out.length - 1] === '') out.pop();
  let problem = '';
  if (r.error) problem = String(r.error.code || r.error);
  else if (r.status !== 0) problem = `exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${(r.stderr || '').trim().split('\n')[0]}`;
  return { start: out[0], replies: out.slice(1), problem };
}

// Wasmtime's wording of core traps, as the spec's (trap_codes.def).
const trapAliases = [
  [/wasm `unreachable` instruction executed/, 'unreachable'],
  [/out of bounds memory access/, 'out of bounds memory access'],
  [/integer divide by zero/, 'integer divide by zero'],
  [/integer overflow/, 'integer overflow'],
  [/indirect call type mismatch/, 'indirect call type mismatch'],
  [/call stack exhausted/, 'call stack exhausted'],
];
function trapMatches(expected, actual) {
  let e = expected.replace(/^wasm trap: /, '');
  for (const [re, spec] of trapAliases) if (re.test(e)) e = spec;
  return actual.includes(e);
}

// Component model features a script switches: wasm-tools' `;; RUN: ... -f a,b` and Wasmtime's
// `;;! component_model_x = true|false`, as wasm2native's --features names ("-name": off).
const knownFeatures = new Set(['cm-nested-names', 'cm-implements', 'cm64']);
let fileFeatures = [];
function scriptFeatures(text) {
  const out = new Set();
  const run = text.match(/^;; RUN:.*?(?:\s-f\s+|--features=)(\S+)/m);
  if (run) for (const f of run[1].split(',')) if (knownFeatures.has(f.replace(/^-/, ''))) out.add(f);
  for (const m of text.matchAll(/^;;! component_model_(\w+) = (true|false)/gm)) {
    const f = m[1] === 'memory64' ? 'cm64' : `cm-${m[1].replace(/_/g, '-')}`;
    if (knownFeatures.has(f)) out.add(m[2] === 'true' ? f : `-${f}`);
  }
  return [...out];
}
const featureArgs = () => (fileFeatures.length ? ['--features', fileFeatures.join(',')] : []);

async function runFile(file, isAsyncFile, isExecSuite) {
  const res = { passed: 0, failed: 0, skipped: 0, reasons: {}, failures: [], messageMismatch: 0 };
  fileFeatures = scriptFeatures(fs.readFileSync(file, 'utf8'));
  const skip = (reason) => { res.skipped++; res.reasons[reason] = (res.reasons[reason] || 0) + 1; };
  const fail = (line, what) => { res.failed++; res.failures.push(`${path.basename(file)}:${line}: ${what}`); };
  let commands;
  try {
    commands = splitWast(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(0, `cannot split the script: ${e.message}`);
    return res;
  }
  const defs = new Map(); // $name -> { bytes, node } | { error } | { async }
  const registry = new Map(); // Wasmtime: importable name -> { text } ((component $foo ...), (component instance $I1 $C1))
  const isWasmtime = file.includes('/wasmtime/');

  // The definition with its imports of registered instances linked by composition (compose.mjs).
  async function linked(def) {
    if (!def.node) return def;
    const text = composeWithRegistered(def.node, registry, isWasmtime);
    if (!text) return def;
    let bytes;
    try {
      bytes = Buffer.from(await parse(text));
    } catch (e) {
      return { linkError: String(e.message || e).split('\n')[0].slice(0, 200) };
    }
    const v = validate(bytes);
    if (!v.ok) return { linkError: v.message.split('\n')[0].replace(/^\S+\.wasm:0x[0-9a-f]+: error: /, '') };
    return { bytes, text };
  }
  let session = null; // { line, def, cmds: [{ line, text, check }], startCheck }

  // Sends the session's commands to a fresh process and scores them.
  function flush() {
    const s = session;
    session = null;
    if (!s) return;
    const failAll = (why) => {
      if (s.countStart) fail(s.line, why);
      for (const c of s.cmds) fail(c.line, why);
    };
    if (s.def.async) {
      if (s.countStart) skip('async case (component model async is out of scope)');
      for (const c of s.cmds) skip('async case (component model async is out of scope)');
      return;
    }
    if (s.def.error) { failAll(s.def.error); return; }
    if (s.def.linkError) {
      if (s.onLinkError) { s.onLinkError(s.def.linkError); return; }
      failAll(`unlinkable (composed with the registered instances): ${s.def.linkError}`);
      return;
    }
    const comp = compile(s.def.bytes);
    if (comp.error) {
      if (s.onCompileError) { s.onCompileError(comp.error); for (const c of s.cmds) fail(c.line, `not compiled: ${comp.error}`); return; }
      failAll(`not compiled: ${comp.error}`);
      return;
    }
    const r = runInstance(comp.exe, s.cmds.map((c) => c.text));
    const startProblem = s.startCheck(r.start || '');
    if (s.countStart) {
      if (startProblem) fail(s.line, `${startProblem}${r.start === undefined && r.problem ? ` (${r.problem})` : ''}`);
      else res.passed++;
    }
    s.cmds.forEach((c, k) => {
      const reply = r.replies[k];
      if (reply === undefined) { fail(c.line, `no answer (${r.problem || 'process ended'})`); return; }
      const why = c.check(reply);
      if (why) fail(c.line, why);
      else res.passed++;
    });
  }

  const instantiated = (start) => (start === 'ok' ? '' : start.startsWith('trap ') ? `instantiation trapped: ${start.slice(5)}` : `instantiation failed: ${start || 'no answer'}`);
  async function newSession(line, def) {
    flush();
    session = { line, def: await linked(def), cmds: [], countStart: true, startCheck: instantiated };
    return session.def;
  }
  // A registered instance stands for its component with its own imports linked (composed text).
  const register = (name, def, linkedDef) => {
    if (def && def.node) registry.set(name, { text: (linkedDef && linkedDef.text) || def.node.text });
  };
  // Does an action (invoke, assert_return, assert_trap) follow before the next component?
  const actionFollows = (k) => {
    for (let j = k + 1; j < commands.length; j++) {
      const h = commands[j].head;
      if (actionHeads.has(h) && !(h === 'assert_trap' && commands[j].items[1].head !== 'invoke')) return true;
      if (h === 'component' || h === 'module') return false;
    }
    return false;
  };

  // Validates a component/module definition command; returns its bytes or null (already scored).
  async function define(cmd) {
    const m = await assemble(cmd);
    if (m.kind === 'quote') { skip('text-format-only (quote)'); return null; }
    if (m.kind === 'unparsable' && isAsyncText(cmd)) { skip('async case (component model async is out of scope)'); return { async: true }; }
    if (m.kind === 'unparsable') { fail(cmd.line, `jco parse cannot assemble a definition: ${m.error}`); return { error: `unparsable: ${m.error}` }; }
    const r = validate(m.bytes);
    if (r.ok) { res.passed++; return { bytes: m.bytes, node: m.kind === 'text' ? cmd : null }; }
    if (isAsyncMessage(r.message)) { skip('async case (component model async is out of scope)'); return { async: true }; }
    fail(cmd.line, `valid ${cmd.head} rejected: ${r.message}`);
    return { error: `invalid: ${r.message.split('\n')[0]}` };
  }

  // (invoke "name" args...) as a protocol line.
  const invokeLine = (node) => {
    const items = node.items.slice(1);
    if (items[0] && items[0].atom && items[0].atom.startsWith('$')) throw new Error('invoke of a named instance');
    const name = stringBytes(items[0].string).toString('utf8');
    return ['invoke', hexName(name), ...items.slice(1).map((v) => valueText(v))].join(' ');
  };

  for (let k = 0; k < commands.length; k++) {
    const cmd = commands[k];
    if (isAsyncFile) { skip('async file (component model async is out of scope)'); continue; }
    const head = cmd.head;
    const second = cmd.items[1] && cmd.items[1].atom;
    if (head === 'component' && second === 'instance') {
      const defId = cmd.items.slice(2).filter((x) => x.atom && x.atom.startsWith('$')).pop(); // (component instance $i? $def)
      const def = defId && defs.get(defId.atom);
      const ld = await newSession(cmd.line, def || { error: `unknown component ${defId ? defId.atom : ''}` });
      const instId = cmd.items.slice(2).filter((x) => x.atom && x.atom.startsWith('$'));
      if (isExecSuite && instId.length === 2) register(instId[0].atom.slice(1), def, ld);
      continue;
    }
    if (head === 'module' && second === 'instance') {
      fail(cmd.line, 'core module instances are not executable by the component runner');
      continue;
    }
    if (head === 'component' || head === 'module') {
      const def = await define(cmd);
      if (!def) continue; // quote
      const isDefinition = cmd.items.slice(1, 3).some((x) => x.atom === 'definition');
      const id = cmd.items.slice(1, 3).find((x) => x.atom && x.atom.startsWith('$'));
      if (id) defs.set(id.atom, def);
      // Scripts meant to run instantiate every (component ...); validation-only suites only those
      // that actions follow.
      const ld = head === 'component' && !isDefinition && (isExecSuite || actionFollows(k)) ? await newSession(cmd.line, def) : null;
      if (head === 'component' && !isDefinition && isExecSuite && id) register(id.atom.slice(1), def, ld);
      continue;
    }
    if (head === 'assert_invalid' || head === 'assert_malformed') {
      const inner = cmd.items[1];
      const expected = cmd.items.find((x, k) => k > 1 && x.string);
      const m = await assemble(inner);
      if (m.kind === 'quote') { skip('text-format-only (quote)'); continue; }
      if (m.kind === 'unparsable' && isAsyncText(inner)) { skip('async case (component model async is out of scope)'); continue; }
      if (m.kind === 'unparsable') { skip('text-format-only (jco parse rejects the text)'); continue; }
      const r = isExecSuite && head === 'assert_invalid' ? validateOrCompile(m.bytes) : validate(m.bytes);
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
    // A component that must trap while it is instantiated, or fail to link.
    if ((head === 'assert_trap' || head === 'assert_unlinkable') && cmd.items[1] && cmd.items[1].head === 'component') {
      const expected = cmd.items.find((x, j) => j > 1 && x.string);
      const msg = expected ? stringBytes(expected.string).toString('utf8') : '';
      const m = await assemble(cmd.items[1]);
      if (m.kind === 'quote') { skip('text-format-only (quote)'); continue; }
      if (m.kind === 'unparsable' && isAsyncText(cmd.items[1])) { skip('async case (component model async is out of scope)'); continue; }
      if (m.kind === 'unparsable') { fail(cmd.line, `jco parse cannot assemble the component: ${m.error}`); continue; }
      const v = validate(m.bytes);
      if (!v.ok) {
        if (isAsyncMessage(v.message)) skip('async case (component model async is out of scope)');
        else fail(cmd.line, `valid component rejected: ${v.message.split('\n')[0]}`);
        continue;
      }
      flush();
      session = { line: cmd.line, def: await linked({ bytes: m.bytes, node: m.kind === 'text' ? cmd.items[1] : null }), cmds: [], countStart: true };
      if (head === 'assert_trap') {
        session.startCheck = (start) => (start.startsWith('trap ') ? (trapMatches(msg, start.slice(5)) ? '' : `trapped with "${start.slice(5)}", expected "${msg}"`) : `expected a trap ("${msg}"), got ${start || 'no answer'}`);
      } else {
        // Unlinkable: the compiler (static instantiation) rejects the imports, or the driver says so.
        session.startCheck = (start) => (start.startsWith('unlinkable ') && start.includes(msg) ? '' : `expected unlinkable ("${msg}"), got ${start || 'no answer'}`);
        session.onCompileError = (error) => {
          if (error.includes(msg)) res.passed++;
          else fail(cmd.line, `rejected with "${error}", expected "${msg}"`);
        };
        // Composed with the registered instances, the component does not type-check against them:
        // the link-time check itself, worded by our validator rather than Wasmtime's linker.
        session.onLinkError = (error) => {
          res.passed++;
          if (!error.includes(msg)) {
            res.messageMismatch++;
            if (verbose) console.log(`  message: ${path.basename(file)}:${cmd.line}: expected "${msg}", got ${error}`);
          }
        };
      }
      flush();
      continue;
    }
    if (actionHeads.has(head)) {
      if (!session) { fail(cmd.line, `${head} without a component instance`); continue; }
      try {
        if (head === 'invoke') {
          session.cmds.push({ line: cmd.line, text: invokeLine(cmd), check: (r) => (r === 'ok' || r.startsWith('ok ') ? '' : `invoke: ${r}`) });
        } else if (head === 'assert_return') {
          const expected = cmd.items.slice(2).filter((x) => x.items).map((v) => valueText(v, true)).join(' ');
          session.cmds.push({
            line: cmd.line, text: invokeLine(cmd.items[1]),
            check: (r) => {
              if (r !== 'ok' && !r.startsWith('ok ')) return `expected ${expected || 'no result'}, got ${r}`;
              return valuesMatch(expected, r.slice(3)) ? '' : `expected ${expected || 'no result'}, got ${r.slice(3) || 'no result'}`;
            },
          });
        } else {
          const expected = cmd.items.find((x, j) => j > 1 && x.string);
          const msg = expected ? stringBytes(expected.string).toString('utf8') : '';
          session.cmds.push({
            line: cmd.line, text: invokeLine(cmd.items[1]),
            check: (r) => (r.startsWith('trap ') ? (trapMatches(msg, r.slice(5)) ? '' : `trapped with "${r.slice(5)}", expected "${msg}"`) : `expected a trap ("${msg}"), got ${r}`),
          });
        }
      } catch (e) {
        fail(cmd.line, `cannot convert the command: ${e.message}`);
      }
      continue;
    }
    if (head === 'assert_unlinkable' || execHeads.has(head)) { fail(cmd.line, `not yet executable (${head})`); continue; }
    if (head === 'thread' || head === 'wait') { skip('async case (threads)'); continue; }
    fail(cmd.line, `unknown command (${head})`);
  }
  flush();
  return res;
}

const results = {};
let total = { passed: 0, failed: 0, skipped: 0, messageMismatch: 0 };
let ownFailures = 0;
for (const suite of suites) {
  const dir = suite.own ? suite.dir : path.join(root, suite.dir);
  let st = { passed: 0, failed: 0, skipped: 0, messageMismatch: 0 };
  for (const file of listWast(dir, suite.subdirs)) {
    const rel = `${suite.name}/${path.relative(dir, file)}`;
    if (filter && !rel.includes(filter)) continue;
    const isAsyncFile = rel.split('/').includes('async');
    const isExecSuite = suite.own || suite.name === 'wasmtime' || /^component-model\/(values|resources|linking)\//.test(rel);
    const r = await runFile(file, isAsyncFile, isExecSuite);
    results[rel] = r;
    const reasons = Object.entries(r.reasons).map(([k, v]) => `${v} ${k}`).join('; ');
    console.log(`${rel}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${reasons ? ` (${reasons})` : ''}`);
    if (verbose) for (const f of r.failures) console.log(`  FAIL ${f}`);
    for (const k of ['passed', 'failed', 'skipped', 'messageMismatch']) st[k] += r[k];
  }
  console.log(`suite ${suite.name}: ${st.passed} passed, ${st.failed} failed, ${st.skipped} skipped (${st.messageMismatch} rejections with another message than the reference's)`);
  if (suite.own && st.failed && !filter) ownFailures += st.failed;
  for (const k of ['passed', 'failed', 'skipped', 'messageMismatch']) total[k] += st[k];
}
if (!verbose) fs.rmSync(scratch, { recursive: true, force: true });

// Baseline: one line per file, "<file> <passed>"; fewer passes than recorded is a regression.
let status = 0;
if (ownFailures) {
  console.log(`FAILED: ${ownFailures} of wasm2native's own cases (test/component/wast)`);
  status = 1;
}
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
