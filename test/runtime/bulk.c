/* Bulk memory and table operations: bounds are checked with 64-bit arithmetic before anything is
   written (a failing operation traps and leaves the target untouched), a zero length at exactly the
   end is fine and one past it traps, and copies handle overlap (memmove semantics). */
#include "rt_test.h"

typedef enum { FILL, COPY, INIT, TFILL, TCOPY, TINIT } op_kind;
typedef struct op {
  op_kind kind;
  uint32_t dst, src, len, value;
} op;

static w2n_memory *mem, *mem2;
static w2n_table *table, *table2;
static const uint8_t segment[5] = {'h', 'e', 'l', 'l', 'o'};
static int x, y, z;
static void *const elem_segment[3] = {&x, &y, &z};

static void run_op(void *arg) {
  op *o = arg;
  switch (o->kind) {
  case FILL:
    __w2n_memory_fill(mem, o->dst, o->value, o->len);
    break;
  case COPY:
    __w2n_memory_copy(mem, mem, o->dst, o->src, o->len);
    break;
  case INIT:
    __w2n_memory_init(mem, o->dst, segment, sizeof segment, o->src, o->len);
    break;
  case TFILL:
    __w2n_table_fill(table, o->dst, &x, o->len);
    break;
  case TCOPY:
    __w2n_table_copy(table, table, o->dst, o->src, o->len);
    break;
  case TINIT:
    __w2n_table_init(table, o->dst, elem_segment, 3, o->src, o->len);
    break;
  }
}

/* Runs the operation; returns the trap code or W2N_NO_TRAP. */
static uint32_t run(op_kind kind, uint32_t dst, uint32_t src, uint32_t len, uint32_t value) {
  op o = {kind, dst, src, len, value};
  return w2n_call_catching(run_op, &o);
}

#define OK W2N_NO_TRAP
#define MOOB W2N_TRAP_MEMORY_OOB
#define TOOB W2N_TRAP_TABLE_OOB

static void fill(void) {
  CHECK(run(FILL, 0, 0, 4, 0x1ab) == OK); /* only the low byte of the value */
  CHECK(mem->base[0] == 0xab && mem->base[3] == 0xab && mem->base[4] == 0);
  CHECK(run(FILL, 65536, 0, 0, 1) == OK); /* empty, at the end */
  CHECK(run(FILL, 65537, 0, 0, 1) == MOOB);
  CHECK(run(FILL, 65535, 0, 1, 5) == OK);
  CHECK(mem->base[65535] == 5);
  CHECK(run(FILL, 65534, 0, 3, 6) == MOOB);
  CHECK(mem->base[65534] == 0 && mem->base[65535] == 5); /* nothing written */
  CHECK(run(FILL, 0xffffffffu, 0, 2, 7) == MOOB);        /* wraps in 32 bits */
}

static void copy(void) {
  for (int i = 0; i < 10; i++)
    mem->base[100 + i] = (uint8_t)i;
  CHECK(run(COPY, 102, 100, 8, 0) == OK); /* overlapping, forwards */
  bool ok = mem->base[100] == 0 && mem->base[101] == 1;
  for (int i = 0; i < 8; i++)
    ok &= mem->base[102 + i] == i;
  CHECK(ok);
  CHECK(run(COPY, 100, 102, 8, 0) == OK); /* overlapping, backwards: 0..7 back at 100 */
  ok = true;
  for (int i = 0; i < 8; i++)
    ok &= mem->base[100 + i] == i;
  CHECK(ok);
  mem->base[65530] = 0x55;
  CHECK(run(COPY, 65530, 100, 10, 0) == MOOB);
  CHECK(mem->base[65530] == 0x55); /* nothing written */
  CHECK(run(COPY, 0, 65530, 7, 0) == MOOB);
  CHECK(run(COPY, 0, 65530, 6, 0) == OK);
  CHECK(mem->base[0] == 0x55);
  CHECK(run(COPY, 65536, 65536, 0, 0) == OK);
  CHECK(run(COPY, 65537, 0, 0, 0) == MOOB);
  CHECK(run(COPY, 0, 65537, 0, 0) == MOOB);
  CHECK(run(COPY, 0xffffff00u, 0, 0x200, 0) == MOOB);
  /* Between two memories. */
  mem2->base[3] = 0x77;
  __w2n_memory_copy(mem, mem2, 200, 3, 1);
  CHECK(mem->base[200] == 0x77);
}

static void init(void) {
  CHECK(run(INIT, 10, 1, 3, 0) == OK);
  CHECK(mem->base[10] == 'e' && mem->base[11] == 'l' && mem->base[12] == 'l');
  CHECK(run(INIT, 0, 5, 0, 0) == OK); /* empty, at the end of the segment */
  CHECK(run(INIT, 0, 6, 0, 0) == MOOB);
  CHECK(run(INIT, 0, 2, 4, 0) == MOOB);
  CHECK(run(INIT, 65535, 0, 1, 0) == OK);
  CHECK(mem->base[65535] == 'h');
  mem->base[65534] = 0;
  CHECK(run(INIT, 65534, 1, 3, 0) == MOOB);
  CHECK(mem->base[65534] == 0);
  CHECK(run(INIT, 65536, 0, 0, 0) == OK);
  CHECK(run(INIT, 65537, 0, 0, 0) == MOOB);
}

static void tables(void) {
  CHECK(run(TFILL, 1, 0, 2, 0) == OK);
  CHECK(table->elems[0] == 0 && table->elems[1] == &x && table->elems[2] == &x &&
        table->elems[3] == 0);
  CHECK(run(TFILL, 10, 0, 0, 0) == OK);
  CHECK(run(TFILL, 11, 0, 0, 0) == TOOB);
  CHECK(run(TFILL, 9, 0, 2, 0) == TOOB);
  CHECK(table->elems[9] == 0);
  CHECK(run(TINIT, 5, 0, 3, 0) == OK);
  CHECK(table->elems[5] == &x && table->elems[6] == &y && table->elems[7] == &z);
  CHECK(run(TINIT, 0, 3, 0, 0) == OK);
  CHECK(run(TINIT, 0, 4, 0, 0) == TOOB);
  CHECK(run(TINIT, 8, 0, 3, 0) == TOOB);
  CHECK(table->elems[8] == 0);
  CHECK(run(TCOPY, 6, 5, 3, 0) == OK); /* overlapping: x y z -> x x y z */
  CHECK(table->elems[5] == &x && table->elems[6] == &x && table->elems[7] == &y &&
        table->elems[8] == &z);
  CHECK(run(TCOPY, 8, 0, 3, 0) == TOOB);
  CHECK(run(TCOPY, 0, 0xfffffffeu, 4, 0) == TOOB);
  CHECK(run(TCOPY, 10, 10, 0, 0) == OK);
  __w2n_table_copy(table2, table, 0, 5, 2); /* between tables */
  CHECK(table2->elems[0] == &x && table2->elems[1] == &x);
}

int __w2n_program_main(void) {
  mem = __w2n_memory_new(1, 1, 1);
  mem2 = __w2n_memory_new(1, 1, 1);
  table = __w2n_table_new(10, 10, 1, W2N_ELEM_FUNCREF, 0);
  table2 = __w2n_table_new(2, 0, 0, W2N_ELEM_FUNCREF, 0);
  fill();
  copy();
  init();
  tables();
  return t_finish();
}
