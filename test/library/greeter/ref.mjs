// The reference for host.c: the greeter transpiled by jco (its host interface mapped to the same
// host functions written in JS), called from node with the same calls; prints the same lines.
// Usage: node ref.mjs TRANSPILED-DIR
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { api } = await import(pathToFileURL(path.join(process.argv[2], 'greeter.js')).href);
for (const name of ['world', 'Wörld ünïcode']) console.log('greet: ' + api.greet(name));
console.log('total: ' + api.total(['a', 'b', 'zz', 'c']));
const [mixed, small, yes, no] = api.scalars();
console.log(`scalars: ${mixed} ${small} ${yes} ${no}`);
try {
  api.broken();
  console.log('broken: returned');
} catch (e) {
  console.log('broken: trap');
}
