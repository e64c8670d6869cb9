/* wasi:random: random, insecure and insecure-seed, all from the kernel's CSPRNG (getrandom). The
   insecure seed is drawn once and then stays the same, as the interface suggests. */
#include "wasip2_internal.h"

static void fill(uint8_t *buf, size_t len) {
  size_t done = 0;
  while (done < len) {
    long r = w2n_wasi_sys(W2N_SYS_getrandom, (long)(buf + done), (long)(len - done), 0, 0, 0, 0);
    if (r < 0) w2n_fatal("getrandom failed");
    done += (size_t)r;
  }
}

static uint64_t random_u64(void) {
  uint8_t b[8];
  fill(b, 8);
  return w2n_wasi_load_u64(b);
}

/* list<u8> result stored at ret: (ptr, len), 8 bytes, align 4. */
static void random_bytes(w2n_p2_opts *o, uint64_t len, uint32_t ret) {
  if (len > UINT32_MAX) w2n_canon_trap("list too long", UINT64_MAX);
  uint32_t ptr = w2n_canon_realloc(o, 0, 0, 1, (uint32_t)len);
  fill(w2n_canon_mem(o, ptr, len, 1), (size_t)len);
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(p, ptr);
  w2n_wasi_store_u32(p + 4, (uint32_t)len);
}

/* get-random-bytes: func(len: u64) -> list<u8> */
void __w2n_p2_wasi_random_random_get_random_bytes(w2n_p2_opts *o, uint64_t len, uint32_t ret) {
  random_bytes(o, len, ret);
}

/* get-random-u64: func() -> u64 */
uint64_t __w2n_p2_wasi_random_random_get_random_u64(w2n_p2_opts *o) { return random_u64(); }

/* get-insecure-random-bytes: func(len: u64) -> list<u8> */
void __w2n_p2_wasi_random_insecure_get_insecure_random_bytes(w2n_p2_opts *o, uint64_t len,
                                                             uint32_t ret) {
  random_bytes(o, len, ret);
}

/* get-insecure-random-u64: func() -> u64 */
uint64_t __w2n_p2_wasi_random_insecure_get_insecure_random_u64(w2n_p2_opts *o) {
  return random_u64();
}

/* insecure-seed: func() -> tuple<u64, u64> */
void __w2n_p2_wasi_random_insecure_seed_insecure_seed(w2n_p2_opts *o, uint32_t ret) {
  static uint64_t seed[2];
  static bool seeded;
  if (!seeded) {
    seed[0] = random_u64();
    seed[1] = random_u64();
    seeded = true;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  w2n_wasi_store_u64(p, seed[0]);
  w2n_wasi_store_u64(p + 8, seed[1]);
}
