// store.wit's store interface for jco (transpile --map example:store/store=...): blobs as a JS
// class, printing what happens to them as host.c does. jco calls Symbol.dispose when the guest
// drops its own handle of a blob.
let next = 1;
let live = 0;
const dispose = Symbol.dispose ?? Symbol.for('dispose');
export class Blob {
  constructor(n) {
    this.id = next++;
    this.n = n;
    live++;
    console.log(`new blob#${this.id} (${n})`);
  }
  size() {
    console.log(`size blob#${this.id} = ${this.n}`);
    return this.n;
  }
  append(other) {
    console.log(`append blob#${this.id} += blob#${other.id}`);
    this.n += other.n;
  }
  letter() {
    console.log(`letter blob#${this.id}`);
    return String.fromCodePoint(0x61 + this.n - 1);
  }
  static live() {
    console.log(`live ${live}`);
    return live;
  }
  [dispose]() {
    live--;
    console.log(`drop blob#${this.id}`);
  }
}
export function make(n) {
  console.log(`make ${n}`);
  return new Blob(n);
}
export function take(b) {
  console.log(`take blob#${b.id} (${b.n})`);
  live--;
  return b.n;
}
