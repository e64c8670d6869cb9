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

// Wasmtime's test host (crates/wast/src/spectest.rs, link_component_spectest) where a component
// can stand in for it: the root functions host-return-two and host-echo-u32, and the instance
// "host" without its resources (return-three, nested.return-four, simple-module). Imports of the
// host's resources (resource1, [constructor]resource1, ...) are left to the compiler, which
// reports them as host imports it does not provide.
const hostFuncs = `(component
  (core module $m
    (func (export "two") (result i32) i32.const 2)
    (func (export "echo") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func (export "host-return-two") (result u32) (canon lift (core func $i "two")))
  (func (export "host-echo-u32") (param "v" u32) (result u32) (canon lift (core func $i "echo"))))`;
const hostInstance = `(component
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
  (export "simple-module" (core module $simple)))`;
const hostInstanceNames = new Set(['return-three', 'nested', 'return-four', 'simple-module', 'g', 'f']);

function wasmtimeHost(name, importNode) {
  if (name === 'host-return-two' || name === 'host-echo-u32') return { text: hostFuncs, as: 'func' };
  if (name !== 'host') return null;
  const wanted = [...importNode.text.matchAll(/\(export\s+"([^"]*)"/g)].map((m) => m[1]);
  return wanted.every((n) => hostInstanceNames.has(n)) ? { text: hostInstance, as: 'instance' } : null;
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
      if (sub.items && sub.head === 'export') {
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
    parts.push(`(instance $__inst${k} (instantiate $__reg${k}))`);
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
