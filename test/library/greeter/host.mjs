// greeter.wit's host interface for jco (transpile --map example:greeter/host=...): the same
// behaviour as host.c's functions.
const table = { a: 1, b: 20, c: 300 };
export function log(msg) { console.log('log: ' + msg); }
export function lookup(key) { return table[key]; }
export function fail() { throw new Error('no service'); }
export function mix(a, b, c, d) { return a * 100000 + b + c + (d ? 0.25 : 0); }
export function small() { return -5; }
export function truth(x) { return x > 10; }
