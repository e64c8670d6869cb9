// The reference for host.c: the store component transpiled by jco (its store interface mapped to
// host.mjs's Blob class), called from node with the same calls; prints the same lines.
// Usage: node ref.mjs TRANSPILED-DIR
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const { api } = await import(pathToFileURL(path.join(dir, 'store.js')).href);
const { Blob } = await import(pathToFileURL(path.join(dir, '..', 'host.mjs')).href);
console.log('build: ' + api.build());
const f = api.fresh(5);
console.log(`fresh: blob#${f.id} (${f.n})`);
console.log('measure: ' + api.measure(f));
console.log('absorb: ' + api.absorb(new Blob(2)));
console.log('absorb: ' + api.absorb(f));
console.log('give: ' + api.give(9));
console.log('keep: ' + api.keep(4));
console.log('keep: ' + api.keep(8));
console.log('letter: ' + api.letter(3));
console.log('live: ' + api.live());
// Not here: a method on a dropped handle, which jco 1.x answers (size blob#undefined) instead of
// trapping; host.c checks that one by reasoning.
