/* Imports a library's host supplies (the generated header's NAME_imports): a lowered import's
   core function packs its flat arguments and lands here (w2n_lib_import_call, through a thunk
   the compiler makes per core signature). The arguments are lifted from the guest's memory, put
   in the header's C layout, and the host's function is called through the import's caller (also
   compiler-made: it knows the C signature); its result comes back the other way. The host's
   result belongs to the component: the strings and lists in it are freed (free) once lowered.
   An import that returns false traps with the host's message. Imports of numbers and bools do
   not come here: the compiler calls the host's function directly (component_library_import.cpp).
   The destructors of resources the host implements are imports too (w2n_lib_host_drop). */
#include "../canon_internal.h"
#include "lib.h"

void w2n_error_free(w2n_error *error);
const char *w2n_error_message(const w2n_error *error);

/* The host's function returned false: a trap with its message (the error is freed). Also called
   by the compiler's direct calls of scalar imports (component_library_import.cpp). */
__attribute__((noreturn)) void w2n_lib_import_failed(w2n_error *error) {
  char message[200];
  const char *text = error ? w2n_error_message(error) : "the import failed";
  size_t n = 0;
  for (const char *p = "host import failed: "; *p; p++)
    message[n++] = *p;
  for (const char *p = text; *p && n < sizeof message - 1; p++)
    message[n++] = *p;
  message[n] = 0;
  w2n_error_free(error);
  w2n_canon_trap(message, UINT64_MAX);
}

/* The host_dtor of a resource the host implements (the compiler makes one per resource, which
   knows its destructor's index in the imports table): the guest dropped its own handle, or the
   instance being freed still held it. The host's table and context are the current instance's.
   A destructor that fails traps like any import, except while the instance is freed: nothing
   can trap then, and the error is dropped. */
void w2n_lib_host_drop(uint32_t index, uint64_t rep) {
  bool freeing = false;
  const w2n_lib_host *host = w2n_lib_current_host(&freeing);
  if (!host) return; /* not reached: every way into an instance enters it */
  typedef bool (*drop_fn)(void *ctx, uint64_t rep, w2n_error **error);
  w2n_error *error = 0;
  if (((drop_fn)host->table[index])(host->ctx, rep, &error)) return;
  if (!freeing) w2n_lib_import_failed(error);
  w2n_error_free(error);
}

void w2n_lib_import_call(const w2n_lib_import_state *s, w2n_val *io) {
  w2n_cinstance *caller = s->opts.instance;
  if (!caller->may_leave) w2n_canon_trap("cannot leave component instance", UINT64_MAX);
  const w2n_lib_host *host = (const w2n_lib_host *)(caller->block + s->host_slot);
  const w2n_lib_import *imp = &host->component->imports[s->index];
  const w2n_cfunctype *ft = imp->type;
  w2n_arena_mark mark = w2n_arena_get_mark();
  w2n_cscope subtask;
  memset(&subtask, 0, sizeof subtask);
  /* The other side is the host: strings are lifted as UTF-8 and lists element by element (not
     the guest's raw bytes, which only another guest's lowering reads). */
  w2n_cx cx = {&s->opts, &subtask, 1};

  /* The flat parameters (or one pointer), then the return pointer when the result does not fit
     in one flat value. */
  int p64 = w2n_cx_p64(&cx);
  uint32_t nparams = w2n_cft_params(ft, p64)->flat_count;
  if (nparams > W2N_MAX_FLAT_PARAMS) nparams = 1;
  uint64_t retptr = 0;
  if (w2n_cft_flat_results(ft, p64) > W2N_MAX_FLAT_RESULTS) {
    retptr = io[nparams].lo;
    if (!p64) retptr &= 0xffffffffu;
  }
  w2n_cval *vals = w2n_arena_alloc((ft->num_params ? ft->num_params : 1) * sizeof(w2n_cval));
  w2n_lift_flat_params(&cx, io, ft, vals);

  /* In the header's layout: each argument in arena memory (its strings and lists in malloc'd
     copies, freed after the call). */
  void **args = w2n_arena_alloc((ft->num_params ? ft->num_params : 1) * sizeof(void *));
  for (uint32_t i = 0; i < ft->num_params; i++) {
    args[i] = w2n_arena_alloc(ft->params[i]->native.size ? ft->params[i]->native.size : 1);
    memset(args[i], 0, ft->params[i]->native.size);
    if (!w2n_lib_to_native(ft->params[i], &vals[i], args[i])) w2n_fatal("out of memory");
  }
  void *ret = 0;
  if (ft->has_result && ft->result) {
    ret = w2n_arena_alloc(ft->result->native.size ? ft->result->native.size : 1);
    memset(ret, 0, ft->result->native.size);
  }
  w2n_error *error = 0;
  bool ok = imp->caller(host->table[s->index], host->ctx, (void *const *)args, ret, &error);
  for (uint32_t i = 0; i < ft->num_params; i++)
    w2n_lib_free_native(ft->params[i], args[i]);
  if (!ok) w2n_lib_import_failed(error);
  if (ft->has_result && ft->result) {
    /* The host's value into the engine's form (in scratch), then into the guest. */
    w2n_cval result;
    const char *problem = w2n_lib_from_native(ft->result, ret, &result);
    if (problem) {
      w2n_lib_free_native(ft->result, ret);
      w2n_canon_trap("host import returned an invalid value", UINT64_MAX);
    }
    w2n_lower_flat_result(&cx, &result, ft, io, retptr);
    w2n_lib_free_native(ft->result, ret);
  }
  w2n_cscope_release_lenders(&subtask);
  w2n_arena_release(mark);
}
