// Wasmtime's scripts import instances that earlier commands named ((component $foo ...) is
// importable as "foo", (component instance $I1 $C1) as "I1"). One process runs one component, so
// the runner links such imports by composition: an outer component nests the named components,
// instantiates them and instantiates the script's component with them, and re-exports its
// exports. (The named instances are instantiated afresh, so state they had is not shared.)
// Wasmtime's test host is partly provided the same way (wasmtimeHost).

import { stringBytes } from './wast.mjs';

const componentHead = /^\(component(\s+definition)?(\s+\$[^\s()]+)?(\s+definition)?/;

const str = (s) => stringBytes(s.string).toString('utf8');
const quote = (s) => JSON.stringify(s);

// A component text with its id replaced by `id`.
const renamed = (text, id) => text.replace(componentHead, `(component ${id}`);

// The top-level imports of a component node: [{ name, node }].
function importsOf(node) {
  const out = [];
  for (const it of node.items) {
    if (it.head !== 'import') continue;
    const s = it.items.find((x) => x.string);
    if (s) out.push({ name: str(s), node: it });
  }
  return out;
}

// Wasmtime's test host (crates/wast/src/spectest.rs, link_component_spectest) stood in for by
// components: the root functions host-return-two and host-echo-u32, and the instance "host"
// (return-three, nested.return-four, simple-module, resource1/resource2/resource1-again and
// resource1's functions). An import of "host" asking for anything else is left to the compiler.
const hostFuncs = `(component
  (core module $m
    (func (export "two") (result i32) i32.const 2)
    (func (export "echo") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func (export "host-return-two") (result u32) (canon lift (core func $i "two")))
  (func (export "host-echo-u32") (param "v" u32) (result u32) (canon lift (core func $i "echo"))))`;
// The instance "host". Its resources are defined by this component: a host resource and a
// component's look the same from the importer's side (handles in its table, destructor run on the
// last drop). resource1's destructor counts drops as Wasmtime's does; the functions taking an own
// handle keep it without dropping it (Wasmtime's host drops the Rust value, not the resource), and
// a failed assertion traps (unreachable) where Wasmtime's host panics.
// resource1's functions: [name, params [[name, type]], result or '', core instance, core export].
// Wasmtime's host functions have no parameter names, so a script may call them anything: the
// names come from the importing component's instance type where it gives them (paramNames).
const hostResourceFuncs = [
  ['[constructor]resource1', [['r', 'u32']], '(own $res1)', '$f', 'ctor'],
  ['[static]resource1.assert', [['r', '(own $res1)'], ['rep', 'u32']], '', '$f', 'assert'],
  ['[static]resource1.last-drop', [], 'u32', '$st', 'last-drop'],
  ['[static]resource1.drops', [], 'u32', '$st', 'drops'],
  ['[method]resource1.simple', [['self', '(borrow $res1)'], ['rep', 'u32']], '', '$f', 'simple'],
  ['[method]resource1.take-borrow', [['self', '(borrow $res1)'], ['b', '(borrow $res1)']], '', '$f', 'take-borrow'],
  ['[method]resource1.take-own', [['self', '(borrow $res1)'], ['b', '(own $res1)']], '', '$f', 'take-own'],
];
let paramNames = new Map(); // function name -> parameter names (set per import by wasmtimeHost)
const funcText = ([name, params, result, inst, core]) => {
  const names = paramNames.get(name);
  const ps = params.map(([n, t], k) => `(param ${JSON.stringify(names && names.length === params.length ? names[k] : n)} ${t})`);
  return `(func (export ${JSON.stringify(name)}) ${ps.join(' ')} ${result ? `(result ${result})` : ''} (canon lift (core func ${inst} ${JSON.stringify(core)})))`;
};

const hostInstance = () => `(component
  (core module $m
    (func (export "three") (result i32) i32.const 3)
    (func (export "four") (result i32) i32.const 4))
  (core instance $i (instantiate $m))
  (func (export "return-three") (result u32) (canon lift (core func $i "three")))
  (func $four (result u32) (canon lift (core func $i "four")))
  (instance $nested (export "return-four" (func $four)))
  (export "nested" (instance $nested))
  (core module $simple
    (global (export "g") i32 i32.const 100)
    (func (export "f") (result i32) i32.const 101))
  (export "simple-module" (core module $simple))

  (core module $state
    (global $drops (mut i32) (i32.const 0))
    (global $last (mut i32) (i32.const 0))
    (func (export "dtor1") (param i32)
      (global.set $drops (i32.add (global.get $drops) (i32.const 1)))
      (global.set $last (local.get 0)))
    (func (export "drops") (result i32) global.get $drops)
    (func (export "last-drop") (result i32) global.get $last))
  (core instance $st (instantiate $state))
  (type $r1 (resource (rep i32) (dtor (func $st "dtor1"))))
  (type $r2 (resource (rep i32)))
  (core func $new1 (canon resource.new $r1))
  (core func $rep1 (canon resource.rep $r1))
  (core module $fns
    (import "" "new1" (func $new1 (param i32) (result i32)))
    (import "" "rep1" (func $rep1 (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) (call $new1 (local.get 0)))
    (func (export "assert") (param i32 i32)
      (if (i32.ne (call $rep1 (local.get 0)) (local.get 1)) (then unreachable)))
    (func (export "simple") (param i32 i32)
      (if (i32.ne (local.get 0) (local.get 1)) (then unreachable)))
    (func (export "take-borrow") (param i32 i32))
    (func (export "take-own") (param i32 i32)))
  (core instance $f (instantiate $fns
    (with "" (instance (export "new1" (func $new1)) (export "rep1" (func $rep1))))))
  (export $res1 "resource1" (type $r1))
  (export "resource2" (type $r2))
  (export "resource1-again" (type $r1))
  ${hostResourceFuncs.map(funcText).join('\n  ')})`;
const hostInstanceNames = new Set(['return-three', 'nested', 'return-four', 'simple-module', 'g', 'f',
  'resource1', 'resource2', 'resource1-again', '[constructor]resource1', '[static]resource1.assert',
  '[static]resource1.last-drop', '[static]resource1.drops', '[method]resource1.simple',
  '[method]resource1.take-borrow', '[method]resource1.take-own']);

// The exports an instance import asks for: [{ name, sort, id, eq }] (eq: the $id an `(eq $id)`
// type bound names).
function wantedExports(importNode) {
  const re = /\(export\s+"([^"]*)"\s+\((core module|type|func|instance)\b\s*(\$[^\s()]+)?\s*(?:\(eq\s+(\$[^\s()]+)\))?/g;
  return [...importNode.text.matchAll(re)].map((m) => ({ name: m[1], sort: m[2], id: m[3], eq: m[4] }));
}

function wasmtimeHost(name, importNode) {
  if (name === 'host-return-two' || name === 'host-echo-u32') return { text: hostFuncs, as: 'func' };
  if (name !== 'host') return null;
  // Wasmtime's linker does not look up a type export bounded by `(eq $t)`: it is $t. Such names
  // the host lacks become aliases of the export they equal (`aliases`: [name, host name]).
  const wanted = wantedExports(importNode);
  const aliases = [];
  for (const w of wanted) {
    if (hostInstanceNames.has(w.name)) continue;
    const target = w.sort === 'type' && w.eq && wanted.find((x) => x.id === w.eq);
    if (!target || !hostInstanceNames.has(target.name)) return null;
    aliases.push([w.name, target.name]);
  }
  paramNames = new Map();
  for (const m of importNode.text.matchAll(/\(export\s+"([^"]*)"\s+\(func\b((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g))
    paramNames.set(m[1], [...m[2].matchAll(/\(param\s+"([^"]*)"/g)].map((x) => x[1]));
  if (!aliases.length) return { text: hostInstance(), as: 'instance' };
  return { text: hostInstance(), as: 'instance', exports: wanted.map((w) => [w.name, w.sort, (aliases.find((x) => x[0] === w.name) || [w.name, w.name])[1]]) };
}

// Top-level exports as [{ name, sort }] (sort: func, instance, type, component, core module),
// inline ones included.
const sortOf = (node) => (node.head === 'core' && node.items[1] && node.items[1].atom === 'module' ? 'core module' : node.head);
const reexportable = ['type', 'core module', 'component', 'instance', 'func'];
function exportsOf(node) {
  const out = [];
  for (const it of node.items) {
    if (!it.items) continue;
    if (it.head === 'export') {
      const s = it.items.find((x) => x.string);
      const target = it.items.find((x) => x.items);
      if (s && target && reexportable.includes(sortOf(target))) out.push({ name: str(s), sort: sortOf(target) });
      continue;
    }
    if (!reexportable.includes(sortOf(it))) continue;
    for (const sub of it.items) {
      if (sub.items && sub.head === 'export' && !sub.items.some((x) => x.items)) { // (export "name"), not an export of an inline instance/component
        const s = sub.items.find((x) => x.string);
        if (s) out.push({ name: str(s), sort: sortOf(it) });
      }
    }
  }
  return out;
}



// registry: Map name -> { text } (a component text whose instance the name stands for). With
// `withHost`, Wasmtime's test host provides what it can (wasmtimeHost). Returns the composed text,
// or null when the component imports nothing registered.
export function composeWithRegistered(node, registry, withHost = false) {
  const links = [];
  for (const imp of importsOf(node)) {
    if (registry.has(imp.name)) links.push({ name: imp.name, text: registry.get(imp.name).text, as: 'instance' });
    else if (withHost) {
      const h = wasmtimeHost(imp.name, imp.node);
      if (h) links.push({ name: imp.name, ...h });
    }
  }
  if (!links.length) return null;
  const parts = ['(component'];
  links.forEach((l, k) => {
    parts.push(renamed(l.text, `$__reg${k}`));
    if (!l.exports) {
      parts.push(`(instance $__inst${k} (instantiate $__reg${k}))`);
      return;
    }
    // An instance of exactly the wanted exports, some of them aliases (wasmtimeHost).
    parts.push(`(instance $__full${k} (instantiate $__reg${k}))`);
    const exps = l.exports.map(([n, sort, from]) => `(export ${quote(n)} (${sort} $__full${k} ${quote(from)}))`);
    parts.push(`(instance $__inst${k} ${exps.join(' ')})`);
  });
  parts.push(renamed(node.text, '$__main'));
  const withs = links.map((l, k) => (l.as === 'func' ? `(with ${quote(l.name)} (func $__inst${k} ${quote(l.name)}))` : `(with ${quote(l.name)} (instance $__inst${k}))`));
  parts.push(`(instance $__m (instantiate $__main ${withs.join(' ')}))`);
  const exps = exportsOf(node);
  for (const sort of reexportable)
    for (const e of exps.filter((x) => x.sort === sort)) parts.push(`(export ${quote(e.name)} (${sort} $__m ${quote(e.name)}))`);
  parts.push(')');
  return parts.join('\n');
}
