// Builds one component with componentize-js (SpiderMonkey). npm left preview2-shim nested under
// jco, where componentize-js cannot resolve it, so this runs (node --preserve-symlinks) from a
// node_modules of links to test/component's packages plus that shim, made in MODULES.
// Usage: node --preserve-symlinks --preserve-symlinks-main componentize-js.mjs MODULES SOURCE.js WIT WORLD OUT.wasm
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [modules, source, wit, world, out] = process.argv.slice(2);
const nm = path.join(path.dirname(fileURLToPath(import.meta.url)), '../component/node_modules');
const links = path.join(modules, 'node_modules');
fs.mkdirSync(path.join(links, '@bytecodealliance'), { recursive: true });
const link = (target, name) => fs.existsSync(path.join(links, name)) || fs.symlinkSync(target, path.join(links, name));
for (const e of fs.readdirSync(nm)) if (e !== '@bytecodealliance' && !e.startsWith('.')) link(path.join(nm, e), e);
for (const e of fs.readdirSync(path.join(nm, '@bytecodealliance'))) link(path.join(nm, '@bytecodealliance', e), `@bytecodealliance/${e}`);
link(path.join(nm, '@bytecodealliance/jco/node_modules/@bytecodealliance/preview2-shim'), '@bytecodealliance/preview2-shim');
// The shim componentize-js runs its tools under starts with no preopens (TOOLCHAIN.md).
const shim = path.join(links, '@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js');
(await import(pathToFileURL(shim).href))._setPreopens({ '/': '/' });
const { componentize } = await import(pathToFileURL(path.join(links, '@bytecodealliance/componentize-js/src/componentize.js')).href);
const { component } = await componentize({ sourcePath: path.resolve(source), witPath: path.resolve(wit), worldName: world });
fs.writeFileSync(out, component);
