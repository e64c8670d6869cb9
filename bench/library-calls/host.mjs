// The host interface for node (jco transpile --map bench:calls/host=../host.mjs): host-add as
// the C host defines it (wrapping 32-bit addition).
export function hostAdd(a, b) {
  return (a + b) | 0;
}
