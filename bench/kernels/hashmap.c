/* An open-addressing hash map (linear probing, 64-bit keys) with millions of entries: random
   memory access, multiplies and unpredictable branches. */
#include "bench.h"

#include <stdlib.h>

typedef struct {
  uint64_t key; /* 0 = empty */
  uint64_t value;
} slot;

typedef struct {
  slot *slots;
  uint32_t mask, count;
} map;

static inline uint32_t hash(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (uint32_t)k;
}

static void put(map *m, uint64_t key, uint64_t value) {
  for (uint32_t i = hash(key) & m->mask;; i = (i + 1) & m->mask) {
    if (m->slots[i].key == key) {
      m->slots[i].value += value;
      return;
    }
    if (m->slots[i].key == 0) {
      m->slots[i].key = key;
      m->slots[i].value = value;
      m->count++;
      return;
    }
  }
}

static uint64_t get(const map *m, uint64_t key) {
  for (uint32_t i = hash(key) & m->mask;; i = (i + 1) & m->mask) {
    if (m->slots[i].key == key) return m->slots[i].value;
    if (m->slots[i].key == 0) return 0;
  }
}

enum { CAPACITY = 1 << 23, INSERTS = 5000000, LOOKUPS = 10000000 };

int main(void) {
  map m = {calloc(CAPACITY, sizeof(slot)), CAPACITY - 1, 0};
  if (!m.slots) return 1;
  bench_rng r = bench_rng_new();
  bench_start();
  /* Keys from a range of 8M values: some repeat, so updates and inserts mix. */
  for (uint32_t i = 0; i < INSERTS; i++)
    put(&m, (bench_next(&r) % 8000000) + 1, i);
  uint64_t found = 0, sum = 0;
  for (uint32_t i = 0; i < LOOKUPS; i++) {
    uint64_t v = get(&m, (bench_next(&r) % 16000000) + 1);
    found += v != 0;
    sum += v;
  }
  bench_end();
  printf("hashmap: %u entries, %" PRIu64 " hits, sum %" PRIu64 "\n", m.count, found, sum);
  return 0;
}
