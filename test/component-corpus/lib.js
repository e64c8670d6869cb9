// The JavaScript library of the corpus (js.wit), for componentize-qjs and componentize-js.
export function describe(s) {
  if (s.tag === 'circle') return `circle r=${s.val}`;
  if (s.tag === 'rect') return `rect ${s.val.x}x${s.val.y}`;
  return 'empty';
}

export function sum(xs) {
  let t = 0n;
  for (const x of xs) t += BigInt(x);
  return t;
}

export function greet(name) {
  if (!name) throw 'no name';
  return `hello ${name}`;
}
