/* Calls across component instances (definitions.py canon_lower + Store.lift + canon_lift, the
   synchronous case), interpreted: the caller's flat arguments are lifted with the lowering options
   (lending borrowed handles for the call), lowered into the callee with the lifting options, the
   callee runs, its results are lifted, checked for outstanding borrows (Task.return_), lowered into
   the caller, and post-return runs on the callee's flat results; then the lent handles are given
   back (Subtask.deliver_resolve). may_leave / may_enter guard leaving and re-entering instances. */
#include "canon_internal.h"

static void call_core(const w2n_funcref *f, w2n_val *io) {
  if (!f->array_call) w2n_fatal("canonical ABI: callee has no generic entry");
  f->array_call(f, io);
}

static void post_return(const w2n_canon_opts *o, const w2n_val *flat_results, uint32_t n) {
  const w2n_funcref *pr = o->post_return;
  if (!pr) return;
  w2n_val io[2];
  memset(io, 0, sizeof io);
  if (n) io[0] = flat_results[0];
  w2n_cinstance *inst = o->instance;
  if (inst) inst->may_leave = 0;
  call_core(pr, io);
  if (inst) inst->may_leave = 1;
}

static void enter(w2n_cinstance *callee) {
  if (!callee) return;
  if (!callee->may_enter) w2n_canon_trap("cannot enter component instance", UINT64_MAX);
  callee->may_enter = 0;
}

static void check_borrows(const w2n_cscope *task) {
  if (task->num_borrows)
    w2n_canon_trap("borrow handles still remain at the end of the call", UINT64_MAX);
}

/* The flat values of the callee's core signature (lift context): params or one pointer, and a
   result or one pointer; the array entry needs room for the larger of the two. */
static uint32_t flat_slots(const w2n_cfunctype *ft, int p64) {
  uint32_t p = w2n_cft_params(ft, p64)->flat_count, r = w2n_cft_flat_results(ft, p64);
  if (p > W2N_MAX_FLAT_PARAMS) p = 1;
  if (r > W2N_MAX_FLAT_RESULTS) r = 1;
  return p > r ? p : (r ? r : 1);
}

void w2n_canon_adapter_call(const w2n_adapter *a, w2n_val *io) {
  const w2n_cfunctype *ft = a->type;
  w2n_cinstance *caller = a->lower.instance, *callee = a->lift.instance;
  if (caller && !caller->may_leave) w2n_canon_trap("cannot leave component instance", UINT64_MAX);
  /* An instance calling its own lifted function re-enters itself even when its may_enter is
     still set (a core start function running during instantiation): Wasmtime traps
     (adapter.wast), as it does for every re-entrance. */
  if (caller && caller == callee) w2n_canon_trap("cannot enter component instance", UINT64_MAX);
  enter(callee);
  w2n_arena_mark mark = w2n_arena_get_mark();
  struct w2n_exn_handler *handlers = w2n_exn_barrier_enter();

  w2n_cscope subtask, task;
  memset(&subtask, 0, sizeof subtask);
  memset(&task, 0, sizeof task);
  w2n_cx lower_cx = {&a->lower, &subtask, 0}; /* the caller's side */
  w2n_cx lift_cx = {&a->lift, &task, 0};      /* the callee's side */

  /* The caller's flat parameters: the values (or one pointer), then the return pointer when the
     result does not fit in one flat value. */
  int caller64 = w2n_cx_p64(&lower_cx);
  uint32_t caller_params = w2n_cft_params(ft, caller64)->flat_count;
  if (caller_params > W2N_MAX_FLAT_PARAMS) caller_params = 1;
  uint64_t retptr = 0;
  if (w2n_cft_flat_results(ft, caller64) > W2N_MAX_FLAT_RESULTS) {
    retptr = io[caller_params].lo;
    if (!caller64) retptr &= 0xffffffffu;
  }

  w2n_cval *args = w2n_arena_alloc((ft->num_params ? ft->num_params : 1) * sizeof(w2n_cval));
  w2n_lift_flat_params(&lower_cx, io, ft, args);

  uint32_t slots = flat_slots(ft, w2n_cx_p64(&lift_cx));
  w2n_val *flat = w2n_arena_alloc(slots * sizeof(w2n_val));
  memset(flat, 0, slots * sizeof(w2n_val));
  w2n_lower_flat_params(&lift_cx, args, ft, flat);
  call_core(a->callee, flat);

  uint32_t nres = ft->has_result ? 1 : 0;
  w2n_val flat_result[1];
  flat_result[0] = flat[0];
  w2n_cval result;
  memset(&result, 0, sizeof result);
  w2n_lift_flat_result(&lift_cx, flat_result, ft, &result);
  check_borrows(&task);
  w2n_lower_flat_result(&lower_cx, &result, ft, io, retptr);

  post_return(&a->lift, flat_result, nres);
  w2n_exn_barrier_leave(handlers);
  if (callee) callee->may_enter = 1;
  w2n_cscope_release_lenders(&subtask);
  w2n_arena_release(mark);
}

void w2n_canon_adapter_param(const w2n_adapter *a, uint32_t index, uint64_t ptr, uint64_t len,
                             uint64_t *out) {
  /* No handles inside (the compiler checks), so no borrow scope is needed. */
  w2n_cx lower_cx = {&a->lower, 0, 0}, lift_cx = {&a->lift, 0, 0};
  w2n_arena_mark mark = w2n_arena_get_mark();
  w2n_val in[2], flat[2];
  memset(in, 0, sizeof in);
  in[0].lo = ptr;
  in[1].lo = len;
  w2n_flat_reader r = {in, 0};
  w2n_flat_writer w = {flat, 0};
  w2n_cval v; /* strings and integer lists: the caller's bytes, validated, not copied */
  w2n_lift_flat(&lower_cx, &r, a->type->params[index], &v);
  w2n_lower_flat(&lift_cx, &v, a->type->params[index], &w);
  out[0] = flat[0].lo;
  out[1] = flat[1].lo;
  w2n_arena_release(mark);
}

uint64_t w2n_canon_adapter_result(const w2n_adapter *a, uint64_t flat, uint64_t retptr) {
  w2n_cscope task, subtask;
  memset(&task, 0, sizeof task);
  memset(&subtask, 0, sizeof subtask);
  w2n_cx lift_cx = {&a->lift, &task, 0}, lower_cx = {&a->lower, &subtask, 0};
  w2n_arena_mark mark = w2n_arena_get_mark();
  w2n_val in[1], out[1];
  memset(in, 0, sizeof in);
  memset(out, 0, sizeof out);
  in[0].lo = flat;
  w2n_cval result;
  memset(&result, 0, sizeof result);
  w2n_lift_flat_result(&lift_cx, in, a->type, &result);
  check_borrows(&task);
  w2n_lower_flat_result(&lower_cx, &result, a->type, out, retptr);
  w2n_arena_release(mark);
  return out[0].lo;
}

/* The frame of the outermost w2n_canon_invoke in progress (0: none). A nested invoke (a host
   function calling back into a component) keeps the arena; an outermost one resets it, which also
   reclaims what a trap abandoned. */
static W2N_THREAD uintptr_t invoke_frame;

void w2n_canon_invoke(const w2n_adapter *a, const w2n_cval *args, w2n_cval *result) {
  const w2n_cfunctype *ft = a->type;
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  int outermost = !invoke_frame || fp >= invoke_frame;
  if (outermost) {
    w2n_arena_reset();
    invoke_frame = fp;
  }
  w2n_cinstance *callee = a->lift.instance;
  enter(callee);
  struct w2n_exn_handler *handlers = w2n_exn_barrier_enter();

  w2n_cscope task;
  memset(&task, 0, sizeof task);
  w2n_cx lift_cx = {&a->lift, &task, 1};
  uint32_t slots = flat_slots(ft, w2n_cx_p64(&lift_cx));
  w2n_val *flat = w2n_arena_alloc(slots * sizeof(w2n_val));
  memset(flat, 0, slots * sizeof(w2n_val));
  w2n_lower_flat_params(&lift_cx, args, ft, flat);
  call_core(a->callee, flat);

  uint32_t nres = ft->has_result ? 1 : 0;
  w2n_val flat_result[1];
  flat_result[0] = flat[0];
  if (result) memset(result, 0, sizeof *result);
  w2n_cval tmp;
  w2n_lift_flat_result(&lift_cx, flat_result, ft, result ? result : &tmp);
  check_borrows(&task);

  post_return(&a->lift, flat_result, nres);
  w2n_exn_barrier_leave(handlers);
  if (callee) callee->may_enter = 1;
  if (outermost) invoke_frame = 0;
}
