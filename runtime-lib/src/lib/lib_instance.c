/* The library output's entry points (the generated header's functions call these): instances of
   a compiled component made and freed on demand, export calls that convert the host's C values
   (lib_values.c) and run on the runtime's Wasm stack under a trap catcher, so that a trap comes
   back as an error (and poisons the instance, as the component model requires) instead of ending
   the host process. Faults the runtime does not own go on to the host's own signal handlers
   (signals.c, library variant).

   Instances may be used from several threads at once, each by one thread at a time: what a call
   needs is per thread (runtime-lib/src/rt.h, W2N_THREAD).

   WASI: each instance has its own capability context (wasi-shim/wasi.h), made from its
   w2n_config at instantiation (lib_wasi.c: preopened directories under guest names, environment,
   arguments, stdio; nothing by default) and closed with it. Every entry point into an instance
   points the thread's w2n_lib_context_current at the instance for the call and restores the
   previous one after it (a host import may call into another instance), so two instances never see
   each other's grants. Host resources the guest still holds when its instance is freed (streams,
   descriptors: fds; the library host's own, through its destructor) are released then too.
   A component using GC has a GC heap per instance (gc.c), so that holds for it too. */
#include "lib.h"

#include "w2n/lib_abi.h"

#include "../../../wasi-shim/wasi.h"
#include "../decimal_float.h"

/* ---- Host allocation (a library lives in a process with a C library) ---- */
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void free(void *ptr);

static char *copy_text(const char *a, const char *b) {
  size_t na = w2n_strlen(a), nb = b ? w2n_strlen(b) : 0;
  char *s = malloc(na + nb + 1);
  if (!s) return 0;
  for (size_t i = 0; i < na; i++)
    s[i] = a[i];
  for (size_t i = 0; i < nb; i++)
    s[na + i] = b[i];
  s[na + nb] = 0;
  return s;
}

struct w2n_error {
  char *message;
};

/* Out of line: the call paths stay small enough to need no saved registers. */
__attribute__((noinline, cold)) static bool set_error(w2n_error **err, const char *message,
                                                      const char *detail) {
  if (!err) return false;
  w2n_error *e = malloc(sizeof *e);
  if (e) e->message = copy_text(message, detail);
  *err = e;
  return false;
}

W2N_API w2n_error *w2n_error_new(const char *message) {
  w2n_error *e = 0;
  set_error(&e, message ? message : "error", 0);
  return e;
}

W2N_API const char *w2n_error_message(const w2n_error *error) {
  return error && error->message ? error->message : "out of memory";
}

W2N_API void w2n_error_free(w2n_error *error) {
  if (!error) return;
  free(error->message);
  free(error);
}

/* ---- Set-up: the signal handlers once per process (chaining to the host's), and per thread
   what a call runs with (a Wasm stack, an alternate signal stack, a trap stack). ---- */
static bool installed;
static w2n_lock install_lock;

__attribute__((noinline)) static void initialize(void) {
  if (!__atomic_load_n(&installed, __ATOMIC_ACQUIRE)) {
    w2n_lock_acquire(&install_lock);
    if (!installed) {
      w2n_install_signal_handlers();
      __atomic_store_n(&installed, true, __ATOMIC_RELEASE);
    }
    w2n_lock_release(&install_lock);
  }
  if (!w2n_stack_hi) {
    w2n_map_wasm_stack();
    w2n_signal_thread_init();
  }
}

/* Runs fn(arg) under a trap catcher on the Wasm stack (or where it is, when already on it: a
   nested call). Returns the trap code or W2N_NO_TRAP. */
typedef struct guarded {
  void (*fn)(void *);
  void *arg;
  uint32_t code;
} guarded;

static int run_guarded(void *p) {
  guarded *g = p;
  g->code = w2n_call_catching(g->fn, g->arg);
  return 0;
}

static uint32_t call_guarded(void (*fn)(void *), void *arg) {
  guarded g = {fn, arg, W2N_NO_TRAP};
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (sp >= w2n_stack_lo && sp < w2n_stack_hi)
    run_guarded(&g);
  else
    w2n_run_on_stack(w2n_stack_hi, run_guarded, &g);
  return g.code;
}

__attribute__((noinline, cold)) static bool trap_error(w2n_error **err, uint32_t code) {
  return set_error(err, "wasm trap: ", w2n_trap_message(code));
}

/* ---- Instances ---- */
struct w2n_lib_instance {
  /* First: what the generated fast export calls read (w2n/lib_abi.h): block, poisoned, freeing. */
  w2n_lib_instance_head head;
  /* What the runtime's allocator and the WASI shim see while code runs for it (its pool and its
     WASI capabilities): the thread's one context pointer points here. */
  w2n_lib_context context;
  const w2n_lib_component *component;
  uint32_t num_memories, cap_memories;
  w2n_memory **memories; /* made while instantiating: released with the instance */
};
_Static_assert(offsetof(w2n_lib_instance, context) == W2N_LIB_INSTANCE_CONTEXT,
               "w2n/lib_abi.h: the context's offset");
_Static_assert(offsetof(w2n_lib_flat_frame, code) == offsetof(w2n_trap_catcher, code) &&
                   offsetof(w2n_lib_flat_frame, prev) == offsetof(w2n_trap_catcher, prev) &&
                   offsetof(w2n_lib_flat_frame, stack_top) == W2N_LIB_FLAT_STACK_TOP &&
                   offsetof(w2n_lib_flat_frame, target) == W2N_LIB_FLAT_TARGET &&
                   offsetof(w2n_lib_flat_frame, may_enter) == W2N_LIB_FLAT_MAY_ENTER,
               "w2n/lib_abi.h: a fast call's frame is a trap catcher, then what lib_entry.S reads");

static w2n_lib_instance *instance_of(w2n_lib_context *context) {
  return (w2n_lib_instance *)((uint8_t *)context - W2N_LIB_INSTANCE_CONTEXT);
}

/* Code running for an instance works with its context (and the destructors of the host's
   resources find the host's table through the instance). Restored on the way out, since calls
   nest (an import the host answers by calling another instance). */
typedef w2n_lib_context *entered;

static inline entered enter(w2n_lib_instance *inst) {
  entered outer = w2n_lib_context_current;
  w2n_lib_context_current = &inst->context;
  return outer;
}

static inline void leave(entered outer) { w2n_lib_context_current = outer; }

const w2n_lib_host *w2n_lib_current_host(bool *freeing) {
  if (!w2n_lib_context_current) return 0;
  const w2n_lib_instance *inst = instance_of(w2n_lib_context_current);
  *freeing = inst->head.freeing;
  return (const w2n_lib_host *)(inst->head.block + inst->component->host_slot);
}

/* After a trap: no call enters the instance again. The fast export calls test only the callee's
   may_enter, so every component instance of the block refuses to be entered too. */
__attribute__((cold)) static void poison(w2n_lib_instance *inst) {
  inst->head.poisoned = 1;
  for (uint32_t c = 0; c < inst->component->num_instances; c++)
    ((w2n_cinstance *)inst->head.block)[c].may_enter = 0;
}

static W2N_THREAD w2n_lib_instance *instantiating;

static void record_memory(w2n_memory *mem) {
  w2n_lib_instance *inst = instantiating;
  if (!inst) return;
  if (inst->num_memories == inst->cap_memories) {
    uint32_t cap = inst->cap_memories ? inst->cap_memories * 2 : 4;
    w2n_memory **grown = malloc(cap * sizeof *grown);
    if (!grown) return; /* not released then: a leak, never a fault */
    for (uint32_t i = 0; i < inst->num_memories; i++)
      grown[i] = inst->memories[i];
    free(inst->memories);
    inst->memories = grown;
    inst->cap_memories = cap;
  }
  inst->memories[inst->num_memories++] = mem;
}

static void run_instantiate(void *p) {
  w2n_lib_instance *inst = p;
  inst->component->instantiate(inst->head.block);
}

/* The host resources (streams, descriptors, pollables, the library host's own) still in the
   instance's handle tables: their destructors close what they hold. Guest resources die with
   the memories. The instance is entered for it: the host's destructors are found through it. */
static void release_handles(w2n_lib_instance *inst) {
  if (!inst->head.block) return;
  inst->head.freeing = 1;
  entered outer = enter(inst);
  for (uint32_t c = 0; c < inst->component->num_instances; c++) {
    w2n_handle_table *t = &((w2n_cinstance *)inst->head.block)[c].handles;
    for (uint32_t i = 1; i < t->size; i++) {
      const w2n_handle *h = &t->elems[i];
      if (h->type && h->own && !h->type->guest && h->type->host_dtor)
        h->type->host_dtor((uintptr_t)h->rep);
    }
    w2n_free(t->elems, (size_t)t->capacity * sizeof *t->elems);
    *t = (w2n_handle_table){0};
  }
  leave(outer);
}

W2N_API void w2n_lib_instance_free(w2n_lib_instance *inst) {
  if (!inst) return;
  release_handles(inst);
  w2n_lib_wasi_free(inst->context.wasi);
  for (uint32_t i = 0; i < inst->num_memories; i++)
    w2n_memory_release(inst->memories[i]);
  w2n_gc_heap_release(inst->context.gc);
  w2n_alloc_pool_release(&inst->context.pool);
  free(inst->memories);
  free(inst->head.block);
  free(inst);
}

W2N_API w2n_lib_instance *w2n_lib_instantiate(const w2n_lib_component *component,
                                              const w2n_config *config, w2n_error **err) {
  /* Every import must be there before anything runs (a start function may call one). */
  const void *const *table = config ? (const void *const *)config->imports : 0;
  for (uint32_t i = 0; i < component->num_imports; i++)
    if (!table || !table[i])
      return (set_error(err, "the host did not supply the import ", component->imports[i].name),
              (w2n_lib_instance *)0);
  initialize();
  w2n_wasi_ctx *wasi = w2n_lib_wasi_new(config, err);
  if (!wasi) return 0;
  w2n_lib_instance *inst = malloc(sizeof *inst);
  if (!inst) {
    w2n_lib_wasi_free(wasi);
    return (set_error(err, "out of memory", 0), (w2n_lib_instance *)0);
  }
  *inst = (w2n_lib_instance){{0, 0, 0}, {{0, 0, 0}, wasi, 0}, component, 0, 0, 0};
  /* calloc's memory is 16-byte aligned on the 64-bit targets, as the block needs. */
  inst->head.block = calloc(1, component->block_size ? component->block_size : 16);
  if (!inst->head.block) {
    w2n_lib_wasi_free(wasi);
    free(inst);
    return (set_error(err, "out of memory", 0), (w2n_lib_instance *)0);
  }
  w2n_lib_host *host = (w2n_lib_host *)(inst->head.block + component->host_slot);
  host->component = component;
  host->table = table;
  host->ctx = config ? config->imports_ctx : 0;
  instantiating = inst;
  w2n_memory_created_hook = record_memory;
  entered outer = enter(inst);
  uint32_t code = call_guarded(run_instantiate, inst);
  leave(outer);
  w2n_memory_created_hook = 0;
  instantiating = 0;
  if (code != W2N_NO_TRAP) {
    trap_error(err, code);
    w2n_lib_instance_free(inst);
    return 0;
  }
  return inst;
}

/* ---- Calls ---- */
typedef struct invoke_call {
  const w2n_adapter *adapter;
  const w2n_cval *args;
  w2n_cval result;
} invoke_call;

static void run_invoke(void *p) {
  invoke_call *c = p;
  w2n_canon_invoke(c->adapter, c->args, &c->result);
}

W2N_API bool w2n_lib_call(w2n_lib_instance *inst, uint32_t index, void *const *args, void *ret,
                          w2n_error **err) {
  if (!inst) return set_error(err, "no instance", 0);
  initialize(); /* this thread may be new */
  if (inst->head.poisoned)
    return set_error(err, "the instance trapped in an earlier call and cannot be entered again", 0);
  const w2n_lib_export *e = &inst->component->exports[index];
  const w2n_adapter *a = (const w2n_adapter *)(inst->head.block + e->adapter_offset);
  const w2n_cfunctype *ft = a->type;
  w2n_scratch_reset();
  w2n_cval *vals = w2n_scratch_alloc((ft->num_params ? ft->num_params : 1) * sizeof(w2n_cval));
  for (uint32_t i = 0; i < ft->num_params; i++) {
    const char *problem = w2n_lib_from_native(ft->params[i], args[i], &vals[i]);
    if (problem) return set_error(err, "invalid argument: ", problem);
  }
  invoke_call call = {a, vals, {0}};
  entered outer = enter(inst);
  uint32_t code = call_guarded(run_invoke, &call);
  leave(outer);
  if (code != W2N_NO_TRAP) {
    poison(inst);
    return trap_error(err, code);
  }
  if (ft->has_result && ft->result && ret && !w2n_lib_to_native(ft->result, &call.result, ret))
    return set_error(err, "out of memory", 0);
  return true;
}

typedef struct drop_call {
  w2n_cinstance *caller;
  const w2n_resource_type *type;
  uint64_t rep;
} drop_call;

static void run_drop(void *p) {
  drop_call *d = p;
  w2n_resource_destroy(d->caller, d->type, d->rep);
}

/* The host drops an own handle it holds (its representation): the resource's destructor runs
   in its implementing instance, as dropping the handle in a component would. */
W2N_API bool w2n_lib_drop(w2n_lib_instance *inst, const w2n_resource_type *type, uint64_t rep,
                          w2n_error **err) {
  if (!inst) return set_error(err, "no instance", 0);
  if (inst->head.poisoned)
    return set_error(err, "the instance trapped in an earlier call and cannot be entered again", 0);
  initialize();
  drop_call d = {w2n_cinstance_sibling((w2n_cinstance *)inst->head.block, type->impl_index), type,
                 rep};
  entered outer = enter(inst);
  uint32_t code = call_guarded(run_drop, &d);
  leave(outer);
  if (code != W2N_NO_TRAP) {
    poison(inst);
    return trap_error(err, code);
  }
  return true;
}

/* ---- The fast path: exports of numbers and bools only (the generated code converts them to
   and from flat values itself, so no value trees, no arena, no conversions here). Its whole
   call runs in one frame on the Wasm stack: w2n_call_catching written out, since a function
   that calls setjmp is never inlined, and a call costs a few nanoseconds per frame. ---- */
typedef struct flat_call {
  const w2n_adapter *adapter;
  w2n_val *io;
  uint32_t code;
} flat_call;

static int run_flat(void *p) {
  flat_call *c = p;
  w2n_trap_catcher catcher;
  catcher.prev = w2n_active_catcher;
  catcher.code = 0;
  struct w2n_exn_handler *handlers = __w2n_exn_head;
  if (w2n_setjmp(catcher.buf) != 0) { /* deliver() already popped it */
    __w2n_exn_head = handlers;
    c->code = catcher.code;
    return 0;
  }
  w2n_active_catcher = &catcher;
  const w2n_adapter *a = c->adapter;
  w2n_cinstance *callee = a->lift.instance;
  if (!callee->may_enter) w2n_canon_trap("cannot enter component instance", UINT64_MAX);
  callee->may_enter = 0;
  __w2n_exn_head = &w2n_exn_barrier; /* an exception leaving the callee traps */
  a->callee->array_call(a->callee, c->io);
  const w2n_funcref *pr = a->lift.post_return;
  if (pr) { /* post-return gets the flat result (at most one: scalars only here) */
    w2n_val pio[2] = {c->io[0], {0, 0}};
    callee->may_leave = 0;
    pr->array_call(pr, pio);
    callee->may_leave = 1;
  }
  __w2n_exn_head = handlers;
  callee->may_enter = 1;
  w2n_active_catcher = catcher.prev;
  return 0;
}

W2N_API bool w2n_lib_call_flat(w2n_lib_instance *inst, uint32_t index, w2n_val *io,
                               w2n_error **err) {
  if (!inst) return set_error(err, "no instance", 0);
  if (inst->head.poisoned)
    return set_error(err, "the instance trapped in an earlier call and cannot be entered again", 0);
  if (!w2n_stack_hi) initialize(); /* this thread's first call */
  flat_call c = {
      (const w2n_adapter *)(inst->head.block + inst->component->exports[index].adapter_offset), io,
      W2N_NO_TRAP};
  entered outer = enter(inst);
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (sp >= w2n_stack_lo && sp < w2n_stack_hi)
    run_flat(&c); /* a nested call (from a host import): already on the Wasm stack */
  else
    w2n_run_on_stack(w2n_stack_hi, run_flat, &c);
  leave(outer);
  if (c.code != W2N_NO_TRAP) {
    poison(inst);
    return trap_error(err, c.code);
  }
  return true;
}

W2N_API void w2n_lib_free_result(const w2n_lib_component *component, uint32_t index, void *ret) {
  (void)component;
  if (!ret) return;
  const w2n_cfunctype *ft = component->exports[index].type;
  if (ft->has_result && ft->result) w2n_lib_free_native(ft->result, ret);
}

/* A fast export call (w2n/lib_abi.h) trapped: it leaves the instance, which is poisoned, and the
   host gets the error. */
__attribute__((cold)) bool w2n_lib_flat_trapped(w2n_lib_flat_frame *frame) {
  __w2n_exn_head = 0; /* a trap skips the code that unlinks try_table handlers */
  w2n_lib_context_current = 0;
  w2n_active_catcher = 0; /* deliver() made it the frame's prev, which is not set */
  poison(frame->instance);
  return trap_error(frame->error, frame->code);
}
