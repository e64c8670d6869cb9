// A corpus of real components from today's toolchains, all built here at test time from the
// sources beside this file and the pinned npm packages (test/component/package-lock.json):
//   - C commands: every test/component-run/programs/*.c, clang-19 + wasi-libc, `jco new
//     --wasi-command` (the preview1 adapter);
//   - a C library: reactor.c with reactor.wit, `jco embed` + `jco new --wasi-reactor`;
//   - wit-component's dummy components (`jco embed --dummy` + `jco new`) for every world of
//     worlds.wit (WASI 0.2.12 and 0.2.10 imported and exported) and for WASI 0.3's worlds;
//   - JavaScript: componentize-qjs (sync and async runtimes; functions and types at the world
//     level, and an interface with a resource) and componentize-js (SpiderMonkey);
//   - composition: test/component-virt's virtualiser and the command composed with it.
// Each is validated by `wasm2native validate` and by jco (`transpile`, which validates with
// wasmparser and translates); the componentize-js one and the QuickJS lib-iface one are also
// compiled and run (answers reasoned from their JavaScript); a component jco accepts and
// wasm2native rejects fails the test,
// except those using component model async (out of scope: counted as skipped). A component
// wasm2native accepts and jco rejects is reported (and fails too: one of the two is wrong).
// Usage: node run.mjs --wasm2native PATH [--work DIR] [--no-spidermonkey] [--only-extra]
//                    [--extra DIR]  (also every component in DIR, e.g. jco's test fixtures)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nm = path.join(here, '../component/node_modules');
const builtin = path.join(nm, '@bytecodealliance/jco/lib/wit/builtin');
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const w2n = path.resolve(opt('--wasm2native'));
const work = opt('--work') ? path.resolve(opt('--work')) : fs.mkdtempSync(path.join(os.tmpdir(), 'w2n-corpus-'));
fs.mkdirSync(work, { recursive: true });

await import(pathToFileURL(path.join(here, '../component-virt/jco-preopens.mjs')).href);
const jco = await import(pathToFileURL(path.join(nm, '@bytecodealliance/jco/dist/api.js')).href);
const adapter = (kind) => fs.readFileSync(kind === 'command' ? jco.preview1AdapterCommandPath() : jco.preview1AdapterReactorPath());
const wasiAdapter = (kind) => [['wasi_snapshot_preview1', adapter(kind)]];

// Runs a command; resolves with { status, stdout, stderr }. Two at a time (two shared cores).
let running = 0;
const queue = [];
function run(cmd, cmdArgs, options = {}) {
  return new Promise((resolve) => {
    const start = () => {
      running++;
      const p = spawn(cmd, cmdArgs, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (status) => {
        running--;
        if (queue.length) queue.shift()();
        resolve({ status, stdout, stderr });
      });
    };
    if (running < 2) start();
    else queue.push(start);
  });
}
async function must(cmd, cmdArgs, options) {
  const r = await run(cmd, cmdArgs, options);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  return r;
}

const corpus = []; // { name, file }
const buildErrors = [];
const add = (name, bytes) => {
  const file = path.join(work, `${name}.wasm`);
  fs.writeFileSync(file, bytes);
  corpus.push({ name, file });
};
async function attempt(name, build) {
  try {
    await build();
  } catch (e) {
    buildErrors.push(`${name}: ${String(e.message || e).split('\n')[0]}`);
  }
}

// A WIT directory: the world file and the packages jco ships, each under deps/.
function witDir(name, worldFile, packages) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [dest, src] of Object.entries(packages)) {
    fs.mkdirSync(path.join(dir, 'deps', dest), { recursive: true });
    for (const f of fs.readdirSync(src).filter((f) => f.endsWith('.wit')))
      fs.copyFileSync(path.join(src, f), path.join(dir, 'deps', dest, f));
  }
  fs.copyFileSync(worldFile, path.join(dir, path.basename(worldFile)));
  return dir;
}
const worldsOf = (file) => [...fs.readFileSync(file, 'utf8').matchAll(/^world ([a-z0-9-]+)/gm)].map((m) => m[1]);

// Components from elsewhere (not in CI: nothing is downloaded at test time); core modules skipped.
if (opt('--extra'))
  for (const f of fs.readdirSync(opt('--extra')).filter((f) => f.endsWith('.wasm')).sort()) {
    const bytes = fs.readFileSync(path.join(opt('--extra'), f));
    if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0x6d736100 && bytes.readUInt16LE(6) === 1)
      add(`extra-${f.slice(0, -5)}`, bytes);
  }
const onlyExtra = args.includes('--only-extra');

// C commands.
const programs = path.join(here, '../component-run/programs');
const cBuilds = (onlyExtra ? [] : fs.readdirSync(programs).filter((f) => f.endsWith('.c')).sort()).map((f) => attempt(`c-${f.slice(0, -2)}`, async () => {
  const core = path.join(work, `${f}.core.wasm`);
  await must('clang-19', ['--target=wasm32-wasi', '-O2', path.join(programs, f), path.join(here, '../component-run/heapfix.c'), '-lm', '-o', core]);
  add(`c-${f.slice(0, -2)}`, await jco.componentNew(fs.readFileSync(core), wasiAdapter('command')));
}));
// The C library.
if (!onlyExtra) cBuilds.push(attempt('c-reactor', async () => {
  const core = path.join(work, 'reactor.core.wasm');
  await must('clang-19', ['--target=wasm32-wasi', '-mexec-model=reactor', '-O2', path.join(here, 'reactor.c'), '-o', core]);
  const wit = witDir('wit-reactor', path.join(here, 'reactor.wit'), {});
  const embedded = await jco.componentEmbed({ binary: fs.readFileSync(core), witPath: wit, world: 'reactor' });
  add('c-reactor', await jco.componentNew(embedded, wasiAdapter('reactor')));
}));
// The virtualiser and the composition (test/component-virt builds them).
const virtDir = path.join(work, 'virt');
if (!onlyExtra) cBuilds.push(attempt('composition', async () => {
  await must(path.join(here, '../component-virt/run.sh'), [w2n, '--work', virtDir, '--build-only']);
  add('virt-filesystem', fs.readFileSync(path.join(virtDir, 'virt.wasm')));
  add('virt-composed-command', fs.readFileSync(path.join(virtDir, 'composed.wasm')));
}));

// Dummy components for every world.
const v02 = {};
for (const p of fs.readdirSync(path.join(builtin, '0.2.12'))) v02[`${p}-0.2.12`] = path.join(builtin, '0.2.12', p);
for (const p of fs.readdirSync(path.join(builtin, '0.2.10'))) v02[`${p}-0.2.10`] = path.join(builtin, '0.2.10', p);
const dummies = [{ wit: witDir('wit-0.2', path.join(here, 'worlds.wit'), v02), worlds: worldsOf(path.join(here, 'worlds.wit')), prefix: 'dummy-' }];
const v03 = {};
for (const p of fs.readdirSync(path.join(builtin, '0.3.0'))) v03[p] = path.join(builtin, '0.3.0', p);
const worlds03 = path.join(work, 'worlds-0.3.wit');
fs.writeFileSync(worlds03, 'package w2n:corpus3;\nworld cli-command { include wasi:cli/command@0.3.0; }\n' +
  'world http-service { include wasi:http/service@0.3.0; }\nworld http-middleware { include wasi:http/middleware@0.3.0; }\n');
dummies.push({ wit: witDir('wit-0.3', worlds03, v03), worlds: worldsOf(worlds03), prefix: 'dummy-0.3-' });
for (const { wit, worlds, prefix } of onlyExtra ? [] : dummies)
  for (const world of worlds)
    await attempt(prefix + world, async () => add(prefix + world, await jco.componentNew(await jco.componentEmbed({ dummy: true, witPath: wit, world }), [])));

// JavaScript through QuickJS (componentize-qjs), with its sync and its async runtime.
const jsWit = witDir('wit-js', path.join(here, 'js.wit'), {});
const jsSource = fs.readFileSync(path.join(here, 'lib.js'), 'utf8');
const qjsBuilds = [
  ['lib', jsSource],
  ['lib-iface', fs.readFileSync(path.join(here, 'lib-iface.js'), 'utf8')],
];
for (const [world, source] of onlyExtra ? [] : qjsBuilds)
  for (const sync of [true, false])
    await attempt(`qjs-${world}-${sync ? 'sync' : 'async'}`, async () => {
      const { componentize } = await import(pathToFileURL(path.join(nm, 'componentize-qjs/index.js')).href);
      add(`qjs-${world}-${sync ? 'sync' : 'async'}`, (await componentize({ witPath: jsWit, jsSource: source, world, sync })).component);
    });
// JavaScript through SpiderMonkey (componentize-js, ~13 MB, about a minute to build here).
if (!onlyExtra && !args.includes('--no-spidermonkey')) cBuilds.push(attempt('spidermonkey-lib', async () => {
  const out = path.join(work, 'spidermonkey-lib.wasm');
  await must('node', ['--preserve-symlinks', '--preserve-symlinks-main', path.join(here, 'componentize-js.mjs'),
    path.join(work, 'sm-modules'), path.join(here, 'lib.js'), jsWit, 'lib', out]);
  add('spidermonkey-lib', fs.readFileSync(out));
}));
await Promise.all(cBuilds);

// Verdicts.
const results = await Promise.all(corpus.map(async (c) => {
  const ours = await run(w2n, ['validate', c.file]);
  return { ...c, ours: ours.status === 0, ourMessage: ours.stderr.trim().split('\n')[0] || '' };
}));
let passed = 0, failed = 0, skipped = 0, jcoAccepts = 0, weAccept = 0;
for (const r of results.sort((a, b) => a.name.localeCompare(b.name))) {
  let jcoOk = true, jcoMessage = '';
  try {
    await jco.transpile(fs.readFileSync(r.file), { name: 'component', quiet: true, noTypescript: true });
  } catch (e) {
    jcoOk = false;
    jcoMessage = String(e.message || e).split('\n').map((l) => l.trim()).filter((l) => l && l !== 'Caused by:').slice(0, 2).join(': ');
  }
  jcoAccepts += jcoOk;
  weAccept += r.ours;
  const size = `${(fs.statSync(r.file).size / 1024).toFixed(0)} KiB`;
  const verdicts = `jco ${jcoOk ? 'accepts' : `rejects (${jcoMessage})`}, wasm2native ${r.ours ? 'accepts' : `rejects (${r.ourMessage.replace(/^\S+\.wasm:/, '')})`}`;
  if (jcoOk === r.ours) {
    passed++;
    console.log(`PASS ${r.name} (${size}): ${verdicts}`);
  } else if (jcoOk && /component model async/.test(r.ourMessage)) {
    skipped++;
    console.log(`SKIP ${r.name} (${size}): ${verdicts} (component model async is out of scope)`);
  } else {
    failed++;
    console.log(`FAIL ${r.name} (${size}): ${verdicts}`);
  }
}
// A JavaScript component of the corpus compiled at -O0 as a program that calls its exports
// (WAVE), with --trap-unknown-imports (componentize-js imports wasi:http whether or not the code
// uses it); each check is [call, expected line (a string, or a RegExp)] in one session.
const verdict = (ok, what, got) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}${ok ? '' : `: ${got}`}`);
};
async function runJs(name, checks) {
  const c = results.find((r) => r.name === name && r.ours);
  if (!c) return null;
  const exe = path.join(work, name + '.exe');
  const built = await run(w2n, [c.file, '-O0', '--trap-unknown-imports', '-o', exe]);
  if (built.status !== 0) {
    verdict(false, `${name} compiles`, built.stderr.trim().split('\n')[0]);
    return null;
  }
  const answers = (await run(exe, checks.map(([call]) => call))).stdout.trim().split('\n');
  checks.forEach(([call, want], i) =>
    verdict(want instanceof RegExp ? want.test(answers[i] ?? '') : answers[i] === want,
      `${name} runs ${call} = ${want}`, answers[i]));
  return exe;
}
// SpiderMonkey (~45 s and ~2.3 GB here). The answers are reasoned from lib.js: describe formats
// the case, sum adds in BigInt (no wrapping at 2^32), greet throws 'no name' for "".
await runJs('spidermonkey-lib', [
  ['describe(circle(3))', '"circle r=3"'],
  ['describe(rect({x: 2, y: 5}))', '"rect 2x5"'],
  ['describe(empty)', '"empty"'],
  ['sum([1, 2, 3, 4294967295])', '4294967301'],
  ['greet("wasm2native")', 'ok("hello wasm2native")'],
  ['greet("")', 'err("no name")'],
]);
// QuickJS (componentize-qjs, sync runtime, the lib-iface world; a few seconds). Answers reasoned
// from lib-iface.js: describe gives the case's tag, the counter adds to its start (3 + 4, then
// + 10). sum returns a BigInt where componentize-qjs wants a JS number for u64, so the guest's
// own runtime panics ("expected number") and traps: exit 134 with its message, whichever engine
// runs it.
const qjsExe = await runJs('qjs-lib-iface-sync', [
  ['describe(circle(3))', '"circle"'],
  ['describe(rect({x: 2, y: 5}))', '"rect"'],
  ['describe(empty)', '"empty"'],
  ['c = counter.new(3)', /^#\d+$/], // a handle prints as #N (README, WAVE programs)
  ['counter.add(c, 4)', '7'],
  ['counter.add(c, 10)', '17'],
]);
if (qjsExe) {
  const trapped = await run(qjsExe, ['sum([1, 2])']);
  verdict(trapped.status === 134 && trapped.stderr.includes('expected number') &&
    trapped.stderr.includes('wasm trap: unreachable'), 'qjs-lib-iface-sync: sum([1, 2]) traps in the guest (status 134)',
  `status ${trapped.status}: ${trapped.stderr.trim().split('\n')[0]}`);
}
for (const e of buildErrors) console.log(`NOT BUILT ${e}`);
console.log(`corpus: ${results.length} components built (${buildErrors.length} could not be), jco accepts ${jcoAccepts}, wasm2native accepts ${weAccept}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (!opt('--work')) fs.rmSync(work, { recursive: true, force: true });
process.exit(failed || buildErrors.length ? 1 : 0);
