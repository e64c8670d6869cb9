// Composes a command component with a virtualising one the way wasi-virt's output is built (a
// wac/wasm-compose composition): an outer component imports from the host what both need, nests
// the virtualiser and the command, instantiates the virtualiser with host instances and the
// command with the virtualiser's exports where it has them (here wasi:filesystem, wasi:io/streams
// and wasi:cli/stdin/stdout/stderr) and host instances for the rest, and exports the command's
// wasi:cli/run. Works on the text `jco print` makes: the outer's imports are the command's own
// import declarations (types, imports, aliases, copied in order so their indices stay the same)
// less the filesystem, which nobody takes from the host any more, plus the virtualiser's imports
// the command lacks. The virtualiser imports the host's streams under w2n:host/NAME (host.wit),
// bound here to the host's wasi:*/NAME.
// Usage: node compose.mjs APP.wat VIRT.wat OUT.wat
import fs from 'node:fs';

const [appPath, virtPath, outPath] = process.argv.slice(2);
const app = fs.readFileSync(appPath, 'utf8');
const virt = fs.readFileSync(virtPath, 'utf8');

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
const importsOf = (items) => new Map(items.map((i) => i.match(importRe)).filter(Boolean).map((m) => [m[1], m[2]]));
const exportsOf = (text) => [...text.matchAll(/^ {2}\(export \$\S+ \(;\d+;\) "([^"]+)"/gm)].map((m) => m[1]);

const appItems = prologue(app);
const appImports = importsOf(appItems);
const virtItems = prologue(virt);
const virtImports = importsOf(virtItems);
const virtExports = exportsOf(virt);
const dropped = (item) => /"wasi:filesystem\/|\$(ty-)?wasi:filesystem\//.test(item);

// The host instance for each of the virtualiser's imports.
const hostFor = new Map();
const extra = [];
for (const name of virtImports.keys()) {
  const host = name.replace(/^w2n:host\/([^@]+)(@.*)$/, (_, iface, version) =>
    [...appImports.keys()].find((n) => n.endsWith(`/${iface}${version}`)) ?? name);
  if (appImports.has(host)) {
    hostFor.set(name, appImports.get(host));
    continue;
  }
  // Imported by the virtualiser alone: its type and import come along (self-contained ones).
  const id = virtImports.get(name);
  const own = virtItems.filter((i) => i.includes(`$ty-${name} `) || i.includes(`(instance ${id} `));
  if (own.some((i) => i.includes('alias outer'))) throw new Error(`cannot bring ${name} along`);
  extra.push(...own);
  hostFor.set(name, id);
}

const out = ['(component', ...appItems.filter((i) => !dropped(i)), ...extra];
out.push(virt.trimEnd().replace(/^\(component/, '  (component $w2n-virt'));
out.push(app.trimEnd().replace(/^\(component/, '  (component $w2n-app'));
const withArgs = (pairs) => pairs.map(([n, id]) => `\n    (with "${n}" (instance ${id}))`).join('');
out.push(`  (instance $w2n-virt-instance (instantiate $w2n-virt${withArgs([...hostFor])}))`);
const appArgs = [];
for (const [name, id] of appImports) {
  if (!virtExports.includes(name)) {
    if (dropped(`"${name}"`)) throw new Error(`the virtualiser does not export ${name}`);
    appArgs.push([name, id]);
    continue;
  }
  const alias = `$w2n-virt-${appArgs.length}`;
  out.push(`  (alias export $w2n-virt-instance "${name}" (instance ${alias}))`);
  appArgs.push([name, alias]);
}
out.push(`  (instance $w2n-app-instance (instantiate $w2n-app${withArgs(appArgs)}))`);
const run = exportsOf(app).find((n) => n.startsWith('wasi:cli/run@'));
out.push(`  (alias export $w2n-app-instance "${run}" (instance $w2n-run))`);
out.push(`  (export "${run}" (instance $w2n-run))`);
out.push(')');
fs.writeFileSync(outPath, `${out.join('\n')}\n`);
