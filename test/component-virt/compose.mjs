// Composes a command component with a virtualising one the way wasi-virt's output is built: the
// virtualiser's wasi:filesystem exports take the place of the command's wasi:filesystem imports,
// and the virtualiser's own imports (wasi:io, wasi:clocks) are the command's. Works on the text
// `jco print` makes: the command's two filesystem imports become the nested virtualiser's
// instance and aliases of its exports under the same names, which the rest of the text refers to
// (wasm-tools prints names), so no index changes by hand. The result imports no filesystem.
// Usage: node compose.mjs APP.wat VIRT.wat OUT.wat
import fs from 'node:fs';

const [appPath, virtPath, outPath] = process.argv.slice(2);
const app = fs.readFileSync(appPath, 'utf8').split('\n');
const virt = fs.readFileSync(virtPath, 'utf8');
const virtualised = ['wasi:filesystem/types@0.2.12', 'wasi:filesystem/preopens@0.2.12'];

// Top-level imports of a printed component: name -> the $identifier of its instance.
const importRe = /^ {2}\(import "([^"]+)" \(instance (\$\S+)/;
const imports = (lines) => new Map(lines.map((l) => l.match(importRe)).filter(Boolean).map((m) => [m[1], m[2]]));
const appImports = imports(app);
const virtImports = [...imports(virt.split('\n')).keys()];
for (const name of [...virtualised, ...virtImports])
  if (!appImports.has(name)) throw new Error(`the command does not import ${name}`);

const first = app.findIndex((l) => l.startsWith(`  (import "${virtualised[0]}"`));
const withArgs = virtImports.map((n) => `(with "${n}" (instance ${appImports.get(n)}))`).join(' ');
const out = [];
for (const [k, line] of app.entries()) {
  const m = line.match(importRe);
  if (k === first) {
    // The virtualiser's imports come before the first filesystem import in the command.
    for (const n of virtImports)
      if (app.findIndex((l) => l.startsWith(`  (import "${n}"`)) > first) throw new Error(`${n} comes too late`);
    out.push(virt.replace(/^\(component/, '(component $w2n-virt'));
    out.push(`  (instance $w2n-virt-instance (instantiate $w2n-virt ${withArgs}))`);
  }
  if (m && virtualised.includes(m[1])) {
    out.push(`  (alias export $w2n-virt-instance "${m[1]}" (instance ${m[2]}))`);
    continue;
  }
  out.push(line);
}
fs.writeFileSync(outPath, out.join('\n'));
