/* The "spectest" host instance that the spec suite imports from: print functions (host functions
   with the native signature, wrapped in funcrefs with canonical signature ids and an array entry
   for generic calls), four immutable globals holding 666 / 666.6, a funcref table (10..20) and a
   memory (1..2 pages). Prints go to the driver's stdout on lines starting with "#". */
#include "script.h"
#include "sigs.h"

typedef union {
  float f;
  uint32_t u;
} f32_bits;
typedef union {
  double f;
  uint64_t u;
} f64_bits;

static void print_line(const char *name, const char *letters, const w2n_val *args) {
  w2n_out *out = &w2n_script_out;
  w2n_out_str(out, "# spectest.");
  w2n_out_str(out, name);
  for (uint32_t i = 0; letters[i]; i++) {
    w2n_out_char(out, ' ');
    w2n_print_value(out, letters[i], &args[i]);
  }
  w2n_out_char(out, '\n');
}

static w2n_val v32(uint32_t bits) { return (w2n_val){bits, 0}; }
static w2n_val v64(uint64_t bits) { return (w2n_val){bits, 0}; }
static uint32_t f32u(float f) { return ((f32_bits){.f = f}).u; }
static uint64_t f64u(double f) { return ((f64_bits){.f = f}).u; }

static void print(void *ctx) { print_line("print", "", 0); }
static void print_i32(void *ctx, int32_t a) {
  w2n_val v[] = {v32((uint32_t)a)};
  print_line("print_i32", "i", v);
}
static void print_i64(void *ctx, int64_t a) {
  w2n_val v[] = {v64((uint64_t)a)};
  print_line("print_i64", "I", v);
}
static void print_f32(void *ctx, float a) {
  w2n_val v[] = {v32(f32u(a))};
  print_line("print_f32", "f", v);
}
static void print_f64(void *ctx, double a) {
  w2n_val v[] = {v64(f64u(a))};
  print_line("print_f64", "F", v);
}
static void print_i32_f32(void *ctx, int32_t a, float b) {
  w2n_val v[] = {v32((uint32_t)a), v32(f32u(b))};
  print_line("print_i32_f32", "if", v);
}
static void print_f64_f64(void *ctx, double a, double b) {
  w2n_val v[] = {v64(f64u(a)), v64(f64u(b))};
  print_line("print_f64_f64", "FF", v);
}

/* Array entries (abi.h: params in io[0..n)), for exports of these functions invoked generically. */
static float as_f32(const w2n_val *v) { return ((f32_bits){.u = (uint32_t)v->lo}).f; }
static double as_f64(const w2n_val *v) { return ((f64_bits){.u = v->lo}).f; }
static void call_print(const w2n_funcref *fn, w2n_val *io) { print(fn->vmctx); }
static void call_print_i32(const w2n_funcref *fn, w2n_val *io) {
  print_i32(fn->vmctx, (int32_t)io[0].lo);
}
static void call_print_i64(const w2n_funcref *fn, w2n_val *io) {
  print_i64(fn->vmctx, (int64_t)io[0].lo);
}
static void call_print_f32(const w2n_funcref *fn, w2n_val *io) {
  print_f32(fn->vmctx, as_f32(&io[0]));
}
static void call_print_f64(const w2n_funcref *fn, w2n_val *io) {
  print_f64(fn->vmctx, as_f64(&io[0]));
}
static void call_print_i32_f32(const w2n_funcref *fn, w2n_val *io) {
  print_i32_f32(fn->vmctx, (int32_t)io[0].lo, as_f32(&io[1]));
}
static void call_print_f64_f64(const w2n_funcref *fn, w2n_val *io) {
  print_f64_f64(fn->vmctx, as_f64(&io[0]), as_f64(&io[1]));
}

#define HOST_FUNC(fn, sig)                                                                         \
  { (void *)fn, 0, __w2n_sig_##sig, call_##fn }
static const w2n_funcref funcs[] = {
    HOST_FUNC(print, _),           HOST_FUNC(print_i32, i_), HOST_FUNC(print_i64, I_),
    HOST_FUNC(print_f32, f_),      HOST_FUNC(print_f64, F_), HOST_FUNC(print_i32_f32, if_),
    HOST_FUNC(print_f64_f64, FF_),
};
#define FUNC_COUNT 7

static w2n_val globals[4] __attribute__((aligned(16)));

/* vmctx slots (all exports are indirect): functions, globals, table, memory. */
enum { SLOT_GLOBALS = FUNC_COUNT, SLOT_TABLE = SLOT_GLOBALS + 4, SLOT_MEMORY, SLOT_COUNT };

#define EXPORT(name, kind, valtype, slot)                                                          \
  { name, sizeof name - 1, kind, valtype, 0, 1, (slot)*8, 0 }
static const w2n_export_desc exports[] = {
    EXPORT("print", W2N_EXTERN_FUNC, 0, 0),
    EXPORT("print_i32", W2N_EXTERN_FUNC, 0, 1),
    EXPORT("print_i64", W2N_EXTERN_FUNC, 0, 2),
    EXPORT("print_f32", W2N_EXTERN_FUNC, 0, 3),
    EXPORT("print_f64", W2N_EXTERN_FUNC, 0, 4),
    EXPORT("print_i32_f32", W2N_EXTERN_FUNC, 0, 5),
    EXPORT("print_f64_f64", W2N_EXTERN_FUNC, 0, 6),
    EXPORT("global_i32", W2N_EXTERN_GLOBAL, 0x7f, SLOT_GLOBALS + 0),
    EXPORT("global_i64", W2N_EXTERN_GLOBAL, 0x7e, SLOT_GLOBALS + 1),
    EXPORT("global_f32", W2N_EXTERN_GLOBAL, 0x7d, SLOT_GLOBALS + 2),
    EXPORT("global_f64", W2N_EXTERN_GLOBAL, 0x7c, SLOT_GLOBALS + 3),
    EXPORT("table", W2N_EXTERN_TABLE, 0, SLOT_TABLE),
    EXPORT("memory", W2N_EXTERN_MEMORY, 0, SLOT_MEMORY),
};

static const w2n_module_desc spectest_desc = {
    .name = "spectest",
    .num_exports = sizeof exports / sizeof exports[0],
    .exports = exports,
};

script_instance w2n_spectest_instance(void) {
  void **slots = __w2n_alloc(SLOT_COUNT * sizeof(void *));
  for (int i = 0; i < FUNC_COUNT; i++)
    slots[i] = (void *)&funcs[i];
  globals[0] = v32(666);
  globals[1] = v64(666);
  globals[2] = v32(f32u(666.6f));
  globals[3] = v64(f64u(666.6));
  for (int i = 0; i < 4; i++)
    slots[SLOT_GLOBALS + i] = &globals[i];
  slots[SLOT_TABLE] = __w2n_table_new(10, 20, 1, W2N_ELEM_FUNCREF, 0);
  slots[SLOT_MEMORY] = __w2n_memory_new(1, 2, 1);
  return (script_instance){&spectest_desc, slots};
}
