// Preloaded (node --import) into jco commands that run wasm-tools as a component under
// preview2-shim (`jco embed --wit`): the shim starts with no preopens, so give it the host's
// root (TOOLCHAIN.md, "os error 44"). Every shim copy jco may load is configured.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const nm = path.join(path.dirname(fileURLToPath(import.meta.url)), '../component/node_modules/@bytecodealliance');
for (const owner of ['jco-transpile', 'jco']) {
  const file = path.join(nm, owner, 'node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js');
  if (fs.existsSync(file)) (await import(pathToFileURL(file).href))._setPreopens({ '/': '/' });
}
