// Wasmtime's scripts import instances that earlier commands named ((component $foo ...) is
// importable as "foo", (component instance $I1 $C1) as "I1"). One process runs one component, so
// the runner links such imports by composition: an outer component nests the named components,
// instantiates them and instantiates the script's component with them, and re-exports its
// exports. (The named instances are instantiated afresh, so state they had is not shared.)

import { stringBytes } from './wast.mjs';

const componentHead = /^\(component(\s+definition)?(\s+\$[^\s()]+)?(\s+definition)?/;

const str = (s) => stringBytes(s.string).toString('utf8');
const quote = (s) => JSON.stringify(s);

// The text of a component node with its id replaced by `id`.
const renamed = (node, id) => node.text.replace(componentHead, `(component ${id}`);

// The names of the top-level imports of a component node.
function importNames(node) {
  const names = [];
  for (const it of node.items) {
    if (it.head !== 'import') continue;
    const s = it.items.find((x) => x.string);
    if (s) names.push(str(s));
  }
  return names;
}

// Top-level exports as [{ name, sort }] (sort: func, instance, type), inline ones included.
function exportsOf(node) {
  const out = [];
  for (const it of node.items) {
    if (!it.items) continue;
    if (it.head === 'export') {
      const s = it.items.find((x) => x.string);
      const target = it.items.find((x) => x.items);
      if (s && target && ['func', 'instance', 'type'].includes(target.head)) out.push({ name: str(s), sort: target.head });
      continue;
    }
    if (!['func', 'instance', 'type'].includes(it.head)) continue;
    for (const sub of it.items) {
      if (sub.items && sub.head === 'export') {
        const s = sub.items.find((x) => x.string);
        if (s) out.push({ name: str(s), sort: it.head });
      }
    }
  }
  return out;
}



// registry: Map name -> component node (its definition). Returns the composed text, or null when
// the component imports nothing registered.
export function composeWithRegistered(node, registry) {
  const wanted = importNames(node).filter((n) => registry.has(n));
  if (!wanted.length) return null;
  const parts = ['(component'];
  wanted.forEach((name, k) => {
    parts.push(renamed(registry.get(name), `$__reg${k}`));
    parts.push(`(instance $__inst${k} (instantiate $__reg${k}))`);
  });
  parts.push(renamed(node, '$__main'));
  parts.push(`(instance $__m (instantiate $__main ${wanted.map((n, k) => `(with ${quote(n)} (instance $__inst${k}))`).join(' ')}))`);
  const exps = exportsOf(node);
  for (const sort of ['type', 'instance', 'func'])
    for (const e of exps.filter((x) => x.sort === sort)) parts.push(`(export ${quote(e.name)} (${sort} $__m ${quote(e.name)}))`);
  parts.push(')');
  return parts.join('\n');
}
