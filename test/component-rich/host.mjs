// rich.wit's host interface for jco (transpile --map test:rich/host@0.1.0=...): the same
// behaviour as host.c's host_dropped and host-plug.c.
let drops = 0;
export function dropped(name, total) {
  drops++;
  return `${name}=${total} (drop ${drops})`;
}
