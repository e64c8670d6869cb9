// The JavaScript of js.wit's lib-iface world (componentize-qjs).
class Counter {
  constructor(start) {
    this.value = start;
  }
  add(n) {
    this.value += n;
    return this.value;
  }
}

export const shapes = {
  Counter,
  describe(s) {
    return s.tag === 'empty' ? 'empty' : `${s.tag}`;
  },
  sum(xs) {
    let t = 0n;
    for (const x of xs) t += BigInt(x);
    return t;
  },
};
