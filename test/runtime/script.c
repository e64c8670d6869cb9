/* The script driver (script_protocol.md) against hand-made modules: instantiate with imports from
   spectest and from registered instances, invoke with every value format, traps (direct, guard
   page, stack exhaustion, during instantiation) that leave instances usable, get, the import
   matching rules (unknown / incompatible), and malformed commands. script.stdin is the session,
   script.stdout the answers expected from the protocol and the Wasm 2.0 linking rules. */
#include "rt_test.h"

T_SIG(_, "_");
T_SIG(_i, "_i");
T_SIG(_iI, "_iI");
T_SIG(i_, "i_");
T_SIG(ii_, "ii_");
T_SIG(i_i, "i_i");
T_SIG(ii_i, "ii_i");
T_SIG(iii_i, "iii_i");
T_SIG(V_V, "V_V");
T_SIG(F_F, "F_F");

/* ---- Trampolines: the generic entries (abi.h), one per signature. ---- */
static void tramp__(const w2n_funcref *fn, w2n_val *io) { ((void (*)(void *))fn->code)(fn->vmctx); }
static void tramp__i(const w2n_funcref *fn, w2n_val *io) {
  io[0].lo = (uint32_t)((int32_t(*)(void *))fn->code)(fn->vmctx);
}
typedef struct {
  int32_t a;
  int64_t b;
} pair_iI;
static void tramp__iI(const w2n_funcref *fn, w2n_val *io) {
  pair_iI r = ((pair_iI(*)(void *))fn->code)(fn->vmctx);
  io[0].lo = (uint32_t)r.a;
  io[1].lo = (uint64_t)r.b;
}
static void tramp_i_i(const w2n_funcref *fn, w2n_val *io) {
  io[0].lo = (uint32_t)((int32_t(*)(void *, int32_t))fn->code)(fn->vmctx, (int32_t)io[0].lo);
}
static void tramp_ii_(const w2n_funcref *fn, w2n_val *io) {
  ((void (*)(void *, int32_t, int32_t))fn->code)(fn->vmctx, (int32_t)io[0].lo, (int32_t)io[1].lo);
}
static void tramp_ii_i(const w2n_funcref *fn, w2n_val *io) {
  io[0].lo = (uint32_t)((int32_t(*)(void *, int32_t, int32_t))fn->code)(
      fn->vmctx, (int32_t)io[0].lo, (int32_t)io[1].lo);
}
static void tramp_iii_i(const w2n_funcref *fn, w2n_val *io) {
  io[0].lo = (uint32_t)((int32_t(*)(void *, int32_t, int32_t, int32_t))fn->code)(
      fn->vmctx, (int32_t)io[0].lo, (int32_t)io[1].lo, (int32_t)io[2].lo);
}
static void tramp_i_(const w2n_funcref *fn, w2n_val *io) {
  ((void (*)(void *, int32_t))fn->code)(fn->vmctx, (int32_t)io[0].lo);
}
static void tramp_V_V(const w2n_funcref *fn, w2n_val *io) {
  io[0] = ((w2n_val(*)(void *, w2n_val))fn->code)(fn->vmctx, io[0]);
}
static void tramp_F_F(const w2n_funcref *fn, w2n_val *io) {
  union {
    double d;
    uint64_t u;
  } v = {.u = io[0].lo};
  v.d = ((double (*)(void *, double))fn->code)(fn->vmctx, v.d);
  io[0].lo = v.u;
}

/* ---- Module 0, "math": no imports. ---- */
typedef struct math_vmctx {
  w2n_funcref add, div_s, load, store, nothing, two, v, f64id, deep, deep_guard, grow;
  w2n_val g;
  w2n_memory *mem;
  w2n_table *tab;
} math_vmctx;

volatile int forever = 1;

T_NOINLINE static int32_t add(math_vmctx *vm, int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
T_NOINLINE static int32_t div_s(math_vmctx *vm, int32_t a, int32_t b) {
  if (b == 0) __w2n_trap(W2N_TRAP_INT_DIV_ZERO);
  if (a == INT32_MIN && b == -1) __w2n_trap(W2N_TRAP_INT_OVERFLOW);
  return a / b;
}
T_NOINLINE static int32_t load(math_vmctx *vm, int32_t addr) { /* no bounds check: guard pages */
  return *(volatile int32_t *)(vm->mem->base + (uint32_t)addr);
}
T_NOINLINE static void store(math_vmctx *vm, int32_t addr, int32_t value) {
  *(volatile int32_t *)(vm->mem->base + (uint32_t)addr) = value;
}
T_NOINLINE static void nothing(math_vmctx *vm) {}
T_NOINLINE static pair_iI two(math_vmctx *vm) { return (pair_iI){1, -2}; }
T_NOINLINE static w2n_val v(math_vmctx *vm, w2n_val x) { return x; }
T_NOINLINE static double f64id(math_vmctx *vm, double x) { return x; }
T_NOINLINE static int32_t deep(math_vmctx *vm, int32_t n) { /* with the entry check */
  if ((uintptr_t)__builtin_frame_address(0) < __w2n_stack_limit)
    __w2n_trap(W2N_TRAP_STACK_EXHAUSTED);
  if (!forever) return n;
  int32_t r = deep(vm, n + 1);
  forever = r != -1; /* keeps the call out of tail position */
  return r + n;
}
T_NOINLINE static int32_t deep_guard(math_vmctx *vm, int32_t n) { /* without: hits the guard */
  volatile char frame[1000];
  frame[0] = (char)n;
  if (!forever) return n;
  return deep_guard(vm, n + 1) + frame[0];
}
T_NOINLINE static int32_t grow(math_vmctx *vm, int32_t delta) {
  return (int32_t)__w2n_memory_grow(vm->mem, (uint32_t)delta);
}

#define FN(f, id)                                                                                  \
  (w2n_funcref) { (void *)f, vm, __w2n_sig_##id, tramp_##id }

static void *math_instantiate(void *const *imports) {
  math_vmctx *vm = __w2n_alloc(sizeof *vm);
  vm->add = FN(add, ii_i);
  vm->div_s = FN(div_s, ii_i);
  vm->load = FN(load, i_i);
  vm->store = FN(store, ii_);
  vm->nothing = FN(nothing, _);
  vm->two = FN(two, _iI);
  vm->v = FN(v, V_V);
  vm->f64id = FN(f64id, F_F);
  vm->deep = FN(deep, i_i);
  vm->deep_guard = FN(deep_guard, i_i);
  vm->grow = FN(grow, i_i);
  vm->g.lo = 42;
  vm->mem = __w2n_memory_new(1, 2, 1);
  vm->tab = __w2n_table_new(1, 0, 0, W2N_ELEM_FUNCREF, 0);
  return vm;
}

#define EXPORT(name, kind, valtype, mut, indirect, field)                                          \
  { name, sizeof name - 1, kind, valtype, mut, indirect, offsetof(math_vmctx, field), 0 }
static const w2n_export_desc math_exports[] = {
    EXPORT("add", W2N_EXTERN_FUNC, 0, 0, 0, add),
    EXPORT("div_s", W2N_EXTERN_FUNC, 0, 0, 0, div_s),
    EXPORT("load", W2N_EXTERN_FUNC, 0, 0, 0, load),
    EXPORT("store", W2N_EXTERN_FUNC, 0, 0, 0, store),
    EXPORT("nothing", W2N_EXTERN_FUNC, 0, 0, 0, nothing),
    EXPORT("two", W2N_EXTERN_FUNC, 0, 0, 0, two),
    EXPORT("v", W2N_EXTERN_FUNC, 0, 0, 0, v),
    EXPORT("f64", W2N_EXTERN_FUNC, 0, 0, 0, f64id),
    EXPORT("deep", W2N_EXTERN_FUNC, 0, 0, 0, deep),
    EXPORT("deep_guard", W2N_EXTERN_FUNC, 0, 0, 0, deep_guard),
    EXPORT("grow", W2N_EXTERN_FUNC, 0, 0, 0, grow),
    EXPORT("g", W2N_EXTERN_GLOBAL, 0x7f, 0, 0, g),
    EXPORT("mem", W2N_EXTERN_MEMORY, 0, 0, 1, mem),
    EXPORT("tab", W2N_EXTERN_TABLE, 0, 0, 1, tab),
};
#undef EXPORT
static const w2n_module_desc math_module = {
    .name = "math",
    .num_exports = sizeof math_exports / sizeof math_exports[0],
    .exports = math_exports,
    .instantiate = math_instantiate,
};

/* ---- Module 1, "user": imports from spectest and from "math", re-exports one import. ---- */
typedef struct user_vmctx {
  const w2n_funcref *print_i32;
  const w2n_val *g;
  const w2n_funcref *add;
  w2n_memory *mem;
  w2n_table *tab;
  w2n_funcref call_print, get_g, sum3, mem_size;
} user_vmctx;

T_NOINLINE static void call_print(user_vmctx *vm, int32_t x) {
  ((void (*)(void *, int32_t))vm->print_i32->code)(vm->print_i32->vmctx, x);
}
T_NOINLINE static int32_t get_g(user_vmctx *vm) { return (int32_t)vm->g->lo; }
T_NOINLINE static int32_t sum3(user_vmctx *vm, int32_t a, int32_t b, int32_t c) {
  int32_t (*f)(void *, int32_t, int32_t) = vm->add->code;
  return f(vm->add->vmctx, f(vm->add->vmctx, a, b), c);
}
T_NOINLINE static int32_t mem_size(user_vmctx *vm) { return (int32_t)(vm->mem->size >> 16); }

static void *user_instantiate(void *const *imports) {
  user_vmctx *vm = __w2n_alloc(sizeof *vm);
  vm->print_i32 = imports[0];
  vm->g = imports[1];
  vm->add = imports[2];
  vm->mem = imports[3];
  vm->tab = imports[4];
  vm->call_print = FN(call_print, i_);
  vm->get_g = FN(get_g, _i);
  vm->sum3 = FN(sum3, iii_i);
  vm->mem_size = FN(mem_size, _i);
  return vm;
}

#define IMPORT(mod, name, kind, valtype, mut, has_max, sig, min, max)                              \
  { mod, name, sizeof mod - 1, sizeof name - 1, kind, valtype, mut, has_max, 0, sig, min, max }
static const w2n_import_desc user_imports[] = {
    IMPORT("spectest", "print_i32", W2N_EXTERN_FUNC, 0, 0, 0, __w2n_sig_i_, 0, 0),
    IMPORT("spectest", "global_i32", W2N_EXTERN_GLOBAL, 0x7f, 0, 0, 0, 0, 0),
    IMPORT("math", "add", W2N_EXTERN_FUNC, 0, 0, 0, __w2n_sig_ii_i, 0, 0),
    IMPORT("spectest", "memory", W2N_EXTERN_MEMORY, 0, 0, 1, 0, 1, 2),
    IMPORT("spectest", "table", W2N_EXTERN_TABLE, 0x70, 0, 0, 0, 10, 0),
};
#define EXPORT(name, kind, indirect, field)                                                        \
  { name, sizeof name - 1, kind, 0, 0, indirect, offsetof(user_vmctx, field), 0 }
static const w2n_export_desc user_exports[] = {
    EXPORT("call_print", W2N_EXTERN_FUNC, 0, call_print),
    EXPORT("print_i32", W2N_EXTERN_FUNC, 1, print_i32),
    EXPORT("get_g", W2N_EXTERN_FUNC, 0, get_g),
    EXPORT("sum3", W2N_EXTERN_FUNC, 0, sum3),
    EXPORT("mem_size", W2N_EXTERN_FUNC, 0, mem_size),
};
#undef EXPORT
static const w2n_module_desc user_module = {
    .name = "user",
    .num_imports = 5,
    .num_exports = sizeof user_exports / sizeof user_exports[0],
    .imports = user_imports,
    .exports = user_exports,
    .instantiate = user_instantiate,
};

/* ---- Module 2: its start function traps. ---- */
static void *trapping_instantiate(void *const *imports) { __w2n_trap(W2N_TRAP_UNREACHABLE); }
static const w2n_module_desc trapping_module = {.name = "start_traps",
                                                .instantiate = trapping_instantiate};

/* ---- Modules 3..: one import each, to check the linking rules. ---- */
static void *plain_instantiate(void *const *imports) { return __w2n_alloc(16); }

#define ONE_IMPORT_MODULE(var, ...)                                                                \
  static const w2n_import_desc var##_imports[] = {IMPORT(__VA_ARGS__)};                            \
  static const w2n_module_desc var = {                                                             \
      .name = #var, .num_imports = 1, .imports = var##_imports, .instantiate = plain_instantiate}

ONE_IMPORT_MODULE(unknown_field, "spectest", "nonexistent", W2N_EXTERN_FUNC, 0, 0, 0, __w2n_sig_i_,
                  0, 0);
ONE_IMPORT_MODULE(wrong_sig, "spectest", "print_i32", W2N_EXTERN_FUNC, 0, 0, 0, __w2n_sig_ii_, 0,
                  0);
ONE_IMPORT_MODULE(memory_too_small, "spectest", "memory", W2N_EXTERN_MEMORY, 0, 0, 0, 0, 3, 0);
ONE_IMPORT_MODULE(table_max_too_small, "spectest", "table", W2N_EXTERN_TABLE, 0x70, 0, 1, 0, 10,
                  15);
ONE_IMPORT_MODULE(global_mutability, "spectest", "global_i32", W2N_EXTERN_GLOBAL, 0x7f, 1, 0, 0, 0,
                  0);
ONE_IMPORT_MODULE(unknown_module, "nope", "x", W2N_EXTERN_FUNC, 0, 0, 0, __w2n_sig_i_, 0, 0);
ONE_IMPORT_MODULE(wrong_kind, "spectest", "memory", W2N_EXTERN_TABLE, 0x70, 0, 0, 0, 0, 0);
ONE_IMPORT_MODULE(needs_two_pages, "math", "mem", W2N_EXTERN_MEMORY, 0, 0, 1, 0, 2, 2);

static const w2n_module_desc *const modules[] = {
    &math_module,    &user_module,      &trapping_module,     &unknown_field,
    &wrong_sig,      &memory_too_small, &table_max_too_small, &global_mutability,
    &unknown_module, &wrong_kind,       &needs_two_pages,
};

int __w2n_program_main(void) {
  return w2n_script_main(modules, sizeof modules / sizeof modules[0]);
}
