/* Handle tables and the resource built-ins: index 0 reserved, indices reused last-freed first
   (definitions.py Table.free is a stack), destructors (host and guest, the guest one entering its
   implementation instance), and the traps with their messages. */
#include "canon_test.h"

w2n_handle *w2n_handle_get(w2n_cinstance *inst, uint32_t index);

/* An instance block as compiled code lays it out: the component instances first (a is 0, the
   guest resources' implementation is 1), then a slot holding g1's destructor. */
typedef struct t_block {
  w2n_cinstance inst[2];
  const w2n_funcref *g1_dtor;
} t_block;
static t_block blk;
#define a (blk.inst[0])
#define impl (blk.inst[1])
static uint64_t host_dropped[8];
static uint32_t num_host_dropped;
static void host_dtor(uintptr_t rep) { host_dropped[num_host_dropped++ & 7] = rep; }

static uint32_t guest_dropped, guest_dtor_calls, impl_may_enter_in_dtor;
static void guest_dtor_code(void *vmctx, uint32_t rep) {
  guest_dropped = rep;
  guest_dtor_calls++;
  impl_may_enter_in_dtor = impl.may_enter;
}
static const w2n_funcref guest_dtor = {(void *)guest_dtor_code, 0, 0, 0};

static const w2n_resource_type host_rt = {"host", host_dtor, 0, 0, 0, 0};
static const w2n_resource_type host_rt2 = {"host2", 0, 0, 0, 0, 0};
static const w2n_resource_type guest_rt = {"g1", 0, 1, 1, offsetof(t_block, g1_dtor), 0};
static const w2n_resource_type guest_rt2 = {"g2", 0, 1, 1, 0, 0};

static uint32_t arg;
static void rep_host(void *p) { w2n_handle_rep(&a, arg, &host_rt); }
static void rep_guest2(void *p) { w2n_handle_rep(&a, arg, &guest_rt2); }
static void rep_host2(void *p) { w2n_handle_rep(&a, arg, &host_rt2); }
static void take_host(void *p) { w2n_handle_take_own(&a, arg, &host_rt); }
static void drop_host(void *p) { w2n_handle_drop(&a, arg, &host_rt); }
static w2n_resource_ctx ctx_a = {&a, &guest_rt}, ctx_impl = {&impl, &guest_rt};
static void res_new(void *p) { arg = w2n_canon_resource_new(p, 7); }
static void res_drop(void *p) { w2n_canon_resource_drop(p, arg); }

int __w2n_program_main(void) {
  a.may_leave = a.may_enter = impl.may_leave = impl.may_enter = 1;
  a.block = impl.block = (uint8_t *)&blk;
  impl.index = 1;
  blk.g1_dtor = &guest_dtor;
  /* The first handle is 1 (index 0 is reserved), then 2, 3. */
  CHECK(w2n_handle_new_own(&a, &host_rt, 100) == 1);
  CHECK(w2n_handle_new_own(&a, &host_rt, 101) == 2);
  CHECK(w2n_handle_new_own(&a, &host_rt, 102) == 3);
  CHECK(w2n_handle_rep(&a, 2, &host_rt) == 101);
  /* Dropping an own handle runs the host destructor with the rep. */
  w2n_handle_drop(&a, 2, &host_rt);
  CHECK(num_host_dropped == 1 && host_dropped[0] == 101);
  arg = 2;
  CHECK_TRAP(rep_host, 0, "unknown handle index 2");
  arg = 0;
  CHECK_TRAP(rep_host, 0, "unknown handle index 0");
  arg = 99;
  CHECK_TRAP(rep_host, 0, "unknown handle index 99");
  arg = 4294967295u;
  CHECK_TRAP(rep_host, 0, "unknown handle index 4294967295");
  /* Free list: 2 is reused; then freeing 1 and 3 gives 3 first, then 1 (a stack). */
  CHECK(w2n_handle_new_own(&a, &host_rt, 103) == 2);
  CHECK(w2n_handle_take_own(&a, 1, &host_rt) == 100); /* lift_own: removed, no destructor */
  CHECK(num_host_dropped == 1);
  w2n_handle_drop(&a, 3, &host_rt);
  CHECK(w2n_handle_new_own(&a, &host_rt, 104) == 3);
  CHECK(w2n_handle_new_own(&a, &host_rt, 105) == 1);
  CHECK(w2n_handle_new_own(&a, &host_rt, 106) == 4);

  /* Wrong types (Wasmtime's messages). */
  uint32_t g = w2n_handle_new_own(&a, &guest_rt, 7);
  CHECK(g == 5);
  arg = g;
  CHECK_TRAP(rep_guest2, 0,
             "handle index 5 used with the wrong type, expected guest-defined resource but found "
             "a different guest-defined resource");
  CHECK_TRAP(rep_host, 0,
             "handle index 5 used with the wrong type, expected host-defined resource but found "
             "a different guest-defined resource");
  arg = 1;
  CHECK_TRAP(rep_host2, 0,
             "handle index 1 used with the wrong type, expected host-defined resource but found "
             "a different host-defined resource");

  /* A lent own handle can be neither taken nor dropped. */
  w2n_handle_get(&a, 1)->lend_count = 1;
  CHECK_TRAP(take_host, 0, "cannot remove owned resource while borrowed");
  CHECK_TRAP(drop_host, 0, "cannot remove owned resource while borrowed");
  w2n_handle_get(&a, 1)->lend_count = 0;
  /* A borrow handle is not an own one. */
  w2n_handle_get(&a, 1)->own = 0;
  CHECK_TRAP(take_host, 0, "handle index 1 is a borrow, not an owned resource");
  /* Dropping a borrow handle ends the borrow: no destructor. */
  uint32_t before = num_host_dropped;
  w2n_handle_drop(&a, 1, &host_rt);
  CHECK(num_host_dropped == before);

  /* canon resource.new/rep/drop from `a` for a resource implemented by `impl`: the destructor
     runs in `impl`, entered (may_enter cleared while it runs). */
  CHECK(!t_trap(res_new, &ctx_a) && arg == 1);
  CHECK(w2n_canon_resource_rep(&ctx_a, arg) == 7);
  CHECK(!t_trap(res_drop, &ctx_a));
  CHECK(guest_dtor_calls == 1 && guest_dropped == 7 && impl_may_enter_in_dtor == 0);
  CHECK(impl.may_enter == 1);
  /* The implementation instance already entered: the destructor cannot run. */
  CHECK(!t_trap(res_new, &ctx_a));
  impl.may_enter = 0;
  CHECK_TRAP(res_drop, &ctx_a, "cannot enter component instance");
  /* ... unless the dropping instance is the implementation itself (entering_set is empty). */
  CHECK(!t_trap(res_new, &ctx_impl));
  CHECK(!t_trap(res_drop, &ctx_impl) && guest_dtor_calls == 2);
  impl.may_enter = 1;
  /* may_leave: resource.new and resource.drop trap while the instance may not leave. */
  a.may_leave = 0;
  CHECK_TRAP(res_new, &ctx_a, "cannot leave component instance");
  CHECK_TRAP(res_drop, &ctx_a, "cannot leave component instance");
  a.may_leave = 1;

  /* Many handles: the table grows and keeps its contents. */
  w2n_cinstance big;
  memset(&big, 0, sizeof big);
  bool ok = true;
  for (uint32_t i = 1; i <= 5000; i++)
    ok = ok && w2n_handle_new_own(&big, &host_rt2, i * 3) == i;
  for (uint32_t i = 1; i <= 5000; i++)
    ok = ok && w2n_handle_rep(&big, i, &host_rt2) == i * 3;
  CHECK(ok);
  return t_finish();
}
