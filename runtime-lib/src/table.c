/* Tables: a growable array of reference-sized elements (funcref: const w2n_funcref*, externref:
   opaque pointers, null = 0), and the table.grow/fill/copy/init operations with Wasm 2.0 bounds
   semantics (checked before anything is written). */
#include "rt.h"

void *memmove(void *dst, const void *src, size_t n);

/* An implementation limit (the spec allows table.grow to fail): 16 Mi elements, 128 MiB. */
#define W2N_TABLE_LIMIT (1u << 24)

static void fill_elems(void **elems, uint32_t from, uint32_t to, void *value) {
  for (uint32_t i = from; i < to; i++)
    elems[i] = value;
}

w2n_table *__w2n_table_new(uint32_t min, uint32_t max, uint32_t has_max, uint32_t elem_type,
                           void *init) {
  if (min > W2N_TABLE_LIMIT) w2n_fatal("table too large (more than 16777216 elements)");
  w2n_table *table = __w2n_alloc(sizeof *table);
  uint32_t capacity = min ? min : 1;
  table->elems = __w2n_alloc((size_t)capacity * sizeof(void *));
  table->size = min;
  table->max = has_max ? max : 0xffffffffu;
  table->has_max = has_max ? 1 : 0;
  table->elem_type = elem_type;
  table->capacity = capacity;
  fill_elems(table->elems, 0, min, init);
  return table;
}

uint32_t __w2n_table_grow(w2n_table *table, void *init, uint32_t delta) {
  uint32_t old = table->size;
  uint64_t wanted = (uint64_t)old + delta;
  uint64_t limit = table->has_max ? table->max : 0xffffffffu;
  if (wanted > limit || wanted > W2N_TABLE_LIMIT) return 0xffffffffu;
  if (wanted > table->capacity) {
    uint64_t capacity = (uint64_t)table->capacity * 2;
    if (capacity < wanted) capacity = wanted;
    if (capacity > limit) capacity = limit;
    if (capacity > W2N_TABLE_LIMIT) capacity = W2N_TABLE_LIMIT;
    void **elems = w2n_alloc_try((size_t)capacity * sizeof(void *));
    if (!elems) return 0xffffffffu;
    memmove(elems, table->elems, (size_t)old * sizeof(void *));
    w2n_free(table->elems, (size_t)table->capacity * sizeof(void *));
    table->elems = elems;
    table->capacity = (uint32_t)capacity;
  }
  fill_elems(table->elems, old, (uint32_t)wanted, init);
  table->size = (uint32_t)wanted;
  return old;
}

void __w2n_table_fill(w2n_table *table, uint32_t dst, void *value, uint32_t len) {
  if ((uint64_t)dst + len > table->size) __w2n_trap(W2N_TRAP_TABLE_OOB);
  fill_elems(table->elems, dst, dst + len, value);
}

void __w2n_table_copy(w2n_table *dst_table, w2n_table *src_table, uint32_t dst, uint32_t src,
                      uint32_t len) {
  if ((uint64_t)src + len > src_table->size || (uint64_t)dst + len > dst_table->size)
    __w2n_trap(W2N_TRAP_TABLE_OOB);
  memmove(dst_table->elems + dst, src_table->elems + src, (size_t)len * sizeof(void *));
}

void __w2n_table_init(w2n_table *table, uint32_t dst, void *const *seg, uint32_t seg_len,
                      uint32_t src, uint32_t len) {
  if ((uint64_t)src + len > seg_len || (uint64_t)dst + len > table->size)
    __w2n_trap(W2N_TRAP_TABLE_OOB);
  memmove(table->elems + dst, seg + src, (size_t)len * sizeof(void *));
}
