// The greeter component for the library tests of host-supplied imports: its exports call
// functions its host supplies (greeter.wit). C for wasm32 with the canonical ABI by hand: strings
// and lists come in as (pointer, length) in this module's memory, allocated by the host through
// cabi_realloc (a bump allocator reset after each call by the post-return functions).
#include <stddef.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("example:greeter/host"), import_name(name)))

IMPORT("log") void host_log(const char *ptr, size_t len);
// option<u32> does not fit one flat value: it is stored at `ret` (case at 0, value at 4).
IMPORT("lookup") void host_lookup(const char *ptr, size_t len, void *ret);
IMPORT("fail") uint32_t host_fail(void);
// The core signatures of mix, small and truth: every parameter an i32 (or f64), so the guest can
// pass bits beyond a small type's width, which lifting must wrap away.
IMPORT("mix") double host_mix(int32_t a, int32_t b, double c, int32_t d);
IMPORT("small") int32_t host_small(void);
IMPORT("truth") int32_t host_truth(uint32_t x);

static unsigned char heap[1 << 16];
static size_t heap_used;

EXPORT("cabi_realloc") void *cabi_realloc(void *old, size_t old_size, size_t align, size_t size) {
  heap_used = (heap_used + align - 1) & ~(align - 1);
  if (heap_used + size > sizeof heap) __builtin_trap();
  unsigned char *p = heap + heap_used;
  heap_used += size;
  for (size_t i = 0; i < old_size && i < size; i++)
    p[i] = ((unsigned char *)old)[i];
  return p;
}

static size_t append(char *out, size_t at, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    out[at + i] = s[i];
  return at + n;
}

static struct {
  const char *ptr;
  uint32_t len;
} greet_ret;

// greet: func(name: string) -> string: logs "greeting NAME", returns "Hello, NAME!".
EXPORT("example:greeter/api#greet") void *greet(const char *name, size_t len) {
  char *msg = cabi_realloc(0, 0, 1, len + 9);
  size_t n = append(msg, 0, "greeting ", 9);
  n = append(msg, n, name, len);
  host_log(msg, n);
  char *out = cabi_realloc(0, 0, 1, len + 8);
  n = append(out, 0, "Hello, ", 7);
  n = append(out, n, name, len);
  n = append(out, n, "!", 1);
  greet_ret.ptr = out;
  greet_ret.len = (uint32_t)n;
  return &greet_ret;
}

EXPORT("cabi_post_example:greeter/api#greet") void greet_post(void *ret) { heap_used = 0; }

// total: func(keys: list<string>) -> u32: the sum of what the host looks up (none counts 0).
EXPORT("example:greeter/api#total")
uint32_t total(
    const struct {
      const char *ptr;
      uint32_t len;
    } * keys,
    size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    struct {
      uint8_t is_some;
      uint32_t value;
    } found = {0, 0};
    host_lookup(keys[i].ptr, keys[i].len, &found);
    if (found.is_some) sum += found.value;
  }
  heap_used = 0;
  return sum;
}

// broken: func() -> u32: whatever the host's fail gives (the host makes it trap).
EXPORT("example:greeter/api#broken") uint32_t broken(void) { return host_fail() + 1; }

// scalars: func() -> tuple<f64, s32, u32, u32>, returned in memory (f64 at 0, s32 at 8, u32 at
// 12 and 16): mix(-128, 65535, 2.5, true), small's -5 (which must arrive sign-extended: -5, not
// 65531) and truth(11), truth(3) as the guest got them (exactly 1 and 0).
static struct {
  double mixed;
  int32_t small;
  uint32_t yes, no;
} scalars_ret;

EXPORT("example:greeter/api#scalars") void *scalars(void) {
  scalars_ret.mixed = host_mix(-128, 65535, 2.5, 1);
  scalars_ret.small = host_small();
  scalars_ret.yes = (uint32_t)host_truth(11);
  scalars_ret.no = (uint32_t)host_truth(3);
  return &scalars_ret;
}

// wrapped: func() -> f64: mix(0x17f, 0x1ffff, 2.5, 2). The canonical ABI's lift_flat wraps an
// i32 to a small integer's width and reads any nonzero i32 as true, so the host sees (127,
// 65535, 2.5, true) and answers 127 * 100000 + 65535 + 2.5 + 0.25 = 12765537.75. (jco 1.35
// throws instead of wrapping, so this one is checked by host.c, not against node.)
EXPORT("example:greeter/api#wrapped") double wrapped(void) {
  return host_mix(0x17f, 0x1ffff, 2.5, 2);
}
