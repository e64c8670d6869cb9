// The reference composition for `--plug`: composes a root component with plugs the way `wac
// plug` does (an outer component that imports what nobody provides, nests every component,
// instantiates the plugs, then the root with the plugs' exports for its imports, and exports
// what the root exports), as text for `jco parse`, from what `jco print` made of each. An import
// is bound to the first plug (in order, not itself) that exports the same name, as wasm2native
// binds it; plugs that import from other plugs are instantiated after them.
// The outer imports are the root's own declarations (types, imports and aliases before its first
// core module, in order, so their names resolve) less the plugged ones, plus any a plug imports
// alone (self-contained declarations only).
// Usage: node compose.mjs OUT.wat ROOT.wat PLUG.wat...
import fs from 'node:fs';

const [outPath, ...paths] = process.argv.slice(2);
const texts = paths.map((p) => fs.readFileSync(p, 'utf8'));

// The declarations before a component's first core module, as top-level items (a line indented
// by two spaces opens one).
function prologue(text) {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => l.startsWith('  (core module'));
  const items = [];
  for (const line of lines.slice(1, end)) {
    if (/^ {2}\(/.test(line)) items.push(line);
    else if (items.length) items[items.length - 1] += `\n${line}`;
  }
  return items;
}
const importRe = /^ {2}\(import "([^"]+)" \(instance (\$\S+)/;
const exportRe = /^ {2}\(export (?:\$"[^"]*"|\$\S+)(?: \(@name "[^"]*"\))? \(;\d+;\) "([^"]+)"/gm;

const units = texts.map((text) => {
  const items = prologue(text);
  const imports = new Map(items.map((i) => i.match(importRe)).filter(Boolean).map((m) => [m[1], m[2]]));
  const exports = [...text.matchAll(exportRe)].map((m) => m[1]);
  return { text, items, imports, exports };
});
const provider = (u, name) => units.findIndex((p, i) => i > 0 && i !== u && p.exports.includes(name));

// Instantiation order: providers first (depth first from the root).
const order = [];
const state = units.map(() => 0);
function visit(u) {
  state[u] = 1;
  for (const name of units[u].imports.keys()) {
    const p = provider(u, name);
    if (p < 0) continue;
    if (state[p] === 1) throw new Error(`cycle through ${paths[p]}`);
    if (state[p] === 0) visit(p);
  }
  state[u] = 2;
  order.push(u);
}
visit(0);

// The outer imports.
const root = units[0];
const plugged = [...root.imports.keys()].filter((n) => provider(0, n) >= 0);
const dropped = (item) => plugged.some((n) => item.includes(`"${n}"`) || item.includes(`$ty-${n} `) ||
  item.includes(`$${n} `));
const out = ['(component', ...root.items.filter((i) => !dropped(i))];
const outer = new Map([...root.imports].filter(([n]) => provider(0, n) < 0));
for (const u of order.slice(0, -1)) {
  for (const [name, id] of units[u].imports) {
    if (provider(u, name) >= 0 || outer.has(name)) continue;
    const own = units[u].items.filter((i) => i.includes(`$ty-${name} `) || i.includes(`(instance ${id} `));
    if (own.some((i) => i.includes('alias outer'))) throw new Error(`cannot bring ${name} along`);
    out.push(...own);
    outer.set(name, id);
  }
}

// Nested components, instances, and the root's exports.
for (const u of order) out.push(units[u].text.trimEnd().replace(/^\(component/, `  (component $w2n-c${u}`));
let aliases = 0;
for (const u of order) {
  const args = [];
  for (const name of units[u].imports.keys()) {
    const p = provider(u, name);
    if (p < 0) {
      args.push([name, outer.get(name)]);
      continue;
    }
    const alias = `$w2n-a${aliases++}`;
    out.push(`  (alias export $w2n-i${p} "${name}" (instance ${alias}))`);
    args.push([name, alias]);
  }
  const withs = args.map(([n, id]) => `\n    (with "${n}" (instance ${id}))`).join('');
  out.push(`  (instance $w2n-i${u} (instantiate $w2n-c${u}${withs}))`);
}
for (const name of root.exports) {
  const alias = `$w2n-a${aliases++}`;
  out.push(`  (alias export $w2n-i0 "${name}" (instance ${alias}))`);
  out.push(`  (export "${name}" (instance ${alias}))`);
}
out.push(')');
fs.writeFileSync(outPath, `${out.join('\n')}\n`);
