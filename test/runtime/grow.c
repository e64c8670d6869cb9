/* memory.grow and table.grow semantics: the old size or -1, the declared maximum and the 65536-page
   (2^32 - 1 element) ceilings respected, new pages zero and old contents kept, new table elements
   set to the init value. Expected values follow from the spec's grow rules. */
#include "rt_test.h"

static void memory_with_max(void) {
  w2n_memory *mem = __w2n_memory_new(1, 3, 1);
  CHECK(mem->size == 65536);
  CHECK(mem->has_max == 1 && mem->max_pages == 3);
  mem->base[65535] = 7;
  CHECK(__w2n_memory_grow(mem, 0) == 1); /* grow by 0 reports the size */
  CHECK(__w2n_memory_grow(mem, 1) == 1);
  CHECK(mem->size == 2 * 65536);
  CHECK(mem->base[65535] == 7); /* kept */
  bool zero = true;
  for (uint32_t i = 65536; i < 2 * 65536; i++)
    zero &= mem->base[i] == 0;
  CHECK(zero);
  mem->base[2 * 65536 - 1] = 9;                    /* the new page is writable */
  CHECK(__w2n_memory_grow(mem, 2) == 0xffffffffu); /* 4 > max 3 */
  CHECK(mem->size == 2 * 65536);                   /* a failed grow changes nothing */
  CHECK(__w2n_memory_grow(mem, 1) == 2);
  CHECK(__w2n_memory_grow(mem, 1) == 0xffffffffu);
  CHECK(__w2n_memory_grow(mem, 0) == 3);
}

static void memory_without_max(void) {
  w2n_memory *mem = __w2n_memory_new(0, 0, 0);
  CHECK(mem->size == 0 && mem->max_pages == 65536 && mem->has_max == 0);
  CHECK(__w2n_memory_grow(mem, 0x10001) == 0xffffffffu); /* over 65536 pages */
  CHECK(__w2n_memory_grow(mem, 0xffffffffu) == 0xffffffffu);
  CHECK(__w2n_memory_grow(mem, 0x10000) == 0); /* exactly 4 GiB */
  CHECK(mem->size == 0x100000000ull);
  mem->base[0xffffffffull] = 1; /* the last byte of the 4 GiB */
  CHECK(__w2n_memory_grow(mem, 1) == 0xffffffffu);
  CHECK(__w2n_memory_grow(mem, 0) == 0x10000);
}

static void memory_zero_max(void) {
  w2n_memory *mem = __w2n_memory_new(0, 0, 1);
  CHECK(__w2n_memory_grow(mem, 0) == 0);
  CHECK(__w2n_memory_grow(mem, 1) == 0xffffffffu);
}

static int a, b;

static void table_with_max(void) {
  w2n_table *t = __w2n_table_new(2, 5, 1, W2N_ELEM_FUNCREF, &a);
  CHECK(t->size == 2 && t->elems[0] == &a && t->elems[1] == &a);
  CHECK(__w2n_table_grow(t, &b, 3) == 2);
  CHECK(t->size == 5 && t->elems[1] == &a && t->elems[2] == &b && t->elems[4] == &b);
  CHECK(__w2n_table_grow(t, &b, 1) == 0xffffffffu);
  CHECK(t->size == 5);
  CHECK(__w2n_table_grow(t, 0, 0) == 5);
}

static void table_without_max(void) {
  w2n_table *t = __w2n_table_new(16, 0, 0, W2N_ELEM_EXTERNREF, 0);
  CHECK(t->elems[15] == 0);
  CHECK(__w2n_table_grow(t, &a, 0xfffffff0u) == 0xffffffffu); /* 2^32 elements: too many */
  CHECK(t->size == 16);
  bool ok = true;
  for (uint32_t i = 0; i < 1000; i++) /* many small grows: the elements move, values stay */
    ok &= __w2n_table_grow(t, (void *)(uintptr_t)(i + 1), 1) == 16 + i;
  CHECK(ok);
  CHECK(t->size == 1016 && t->elems[15] == 0 && t->elems[16] == (void *)1 &&
        t->elems[1015] == (void *)1000);
  CHECK(__w2n_table_grow(t, 0, 100000) == 1016);
  CHECK(t->size == 101016 && t->elems[101015] == 0 && t->elems[1015] == (void *)1000);
}

int __w2n_program_main(void) {
  memory_with_max();
  memory_without_max();
  memory_zero_max();
  table_with_max();
  table_without_max();
  return t_finish();
}
