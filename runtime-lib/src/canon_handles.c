/* Handle tables and resources (CanonicalABI.md "Handle tables", definitions.py Table,
   ResourceHandle, lift_own/lift_borrow/lower_own/lower_borrow, canon resource.new/rep/drop).
   Index 0 is reserved; freed slots are reused last-freed first, like Table.free (a stack), so
   handle numbers match the spec's. Trap messages follow Wasmtime's. */
#include "canon_internal.h"

w2n_handle *w2n_handle_get(w2n_cinstance *inst, uint32_t index) {
  w2n_handle_table *t = &inst->handles;
  if (index == 0 || index >= t->size || !t->elems[index].type)
    w2n_canon_trap("unknown handle index", index);
  return &t->elems[index];
}

uint32_t w2n_handle_add(w2n_cinstance *inst, const w2n_handle *h) {
  w2n_handle_table *t = &inst->handles;
  uint32_t i;
  if (t->free_head) {
    i = t->free_head;
    t->free_head = t->elems[i].next_free;
  } else {
    if (t->size == 0) t->size = 1; /* index 0 stays reserved */
    i = t->size;
    if (i > W2N_HANDLE_TABLE_MAX) w2n_canon_trap("resource table has no free keys", UINT64_MAX);
    if (i >= t->capacity) {
      uint32_t cap = t->capacity ? t->capacity * 2 : 16;
      w2n_handle *e = w2n_alloc_try((size_t)cap * sizeof *e);
      if (!e) w2n_fatal("out of memory");
      if (t->elems) {
        memcpy(e, t->elems, (size_t)t->size * sizeof *e);
        w2n_free(t->elems, (size_t)t->capacity * sizeof *e);
      }
      t->elems = e;
      t->capacity = cap;
    }
    t->size = i + 1;
  }
  t->elems[i] = *h;
  t->elems[i].next_free = 0;
  return i;
}

static void handle_free(w2n_cinstance *inst, uint32_t index) {
  w2n_handle_table *t = &inst->handles;
  w2n_handle *h = &t->elems[index];
  memset(h, 0, sizeof *h);
  h->next_free = t->free_head;
  t->free_head = index;
}

static const char *definer(const w2n_resource_type *rt) { return rt->guest ? "guest" : "host"; }

/* Traps with "<head><number><tail>". */
__attribute__((noreturn)) static void trap_num(const char *head, uint32_t number, const char *tail1,
                                               const char *tail2, const char *tail3,
                                               const char *tail4) {
  char msg[200];
  size_t n = 0;
  for (const char *s = head; *s; s++)
    msg[n++] = *s;
  char digits[12];
  int d = 0;
  do {
    digits[d++] = (char)('0' + number % 10);
    number /= 10;
  } while (number);
  while (d)
    msg[n++] = digits[--d];
  const char *tails[4] = {tail1, tail2, tail3, tail4};
  for (int k = 0; k < 4; k++)
    for (const char *s = tails[k]; s && *s && n < sizeof msg - 1; s++)
      msg[n++] = *s;
  msg[n] = 0;
  w2n_canon_trap(msg, UINT64_MAX);
}

static void check_type(const w2n_handle *h, uint32_t index, const w2n_resource_type *want) {
  if (h->type != want)
    trap_num("handle index ", index, " used with the wrong type, expected ", definer(want),
             "-defined resource but found a different ",
             h->type->guest ? "guest-defined resource" : "host-defined resource");
}

uint32_t w2n_handle_new_own(w2n_cinstance *inst, const w2n_resource_type *type, uint64_t rep) {
  w2n_handle h;
  memset(&h, 0, sizeof h);
  h.rep = rep;
  h.type = type;
  h.own = 1;
  return w2n_handle_add(inst, &h);
}

uint64_t w2n_handle_rep(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type) {
  w2n_handle *h = w2n_handle_get(inst, index);
  check_type(h, index, type);
  return h->rep;
}

uint64_t w2n_handle_take_own(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type) {
  /* lift_own: remove, then the checks (a trap ends everything, so the order of removal does not
     matter, only the order of the checks). */
  w2n_handle *h = w2n_handle_get(inst, index);
  check_type(h, index, type);
  if (h->lend_count != 0) w2n_canon_trap("cannot remove owned resource while borrowed", UINT64_MAX);
  if (!h->own) trap_num("handle index ", index, " is a borrow, not an owned resource", 0, 0, 0);
  uint64_t rep = h->rep;
  handle_free(inst, index);
  return rep;
}

typedef void (*dtor_fn)(void *vmctx, uint32_t rep);
typedef void (*dtor64_fn)(void *vmctx, uint64_t rep);

/* Runs a resource's destructor for `rep`, on behalf of `caller` (canon resource.drop lowers the
   destructor lifted in the resource's implementation instance). */
void w2n_resource_destroy(w2n_cinstance *caller, const w2n_resource_type *rt, uint64_t rep) {
  if (!rt->guest) {
    if (rt->host_dtor) rt->host_dtor((uintptr_t)rep);
    return;
  }
  const w2n_funcref *f = rt->dtor_slot ? *(const w2n_funcref **)(caller->block + rt->dtor_slot) : 0;
  if (!f || !f->code) return;
  w2n_cinstance *impl = w2n_cinstance_sibling(caller, rt->impl_index);
  /* entering_set(caller) is empty when the implementation is the caller itself. */
  int enter = impl != caller;
  if (enter) {
    if (!impl->may_enter) w2n_canon_trap("cannot enter component instance", UINT64_MAX);
    impl->may_enter = 0;
  }
  struct w2n_exn_handler *handlers = w2n_exn_barrier_enter();
  if (rt->rep64)
    ((dtor64_fn)f->code)(f->vmctx, rep);
  else
    ((dtor_fn)f->code)(f->vmctx, (uint32_t)rep);
  w2n_exn_barrier_leave(handlers);
  if (enter) impl->may_enter = 1;
}

void w2n_handle_drop(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type) {
  w2n_handle *h = w2n_handle_get(inst, index);
  check_type(h, index, type);
  if (h->lend_count != 0) w2n_canon_trap("cannot remove owned resource while borrowed", UINT64_MAX);
  uint32_t own = h->own;
  uint64_t rep = h->rep;
  w2n_cscope *scope = h->borrow_scope;
  handle_free(inst, index);
  if (own) {
    w2n_resource_destroy(inst, type, rep);
  } else if (scope) {
    scope->num_borrows--;
  }
}

uint32_t w2n_canon_resource_new(const w2n_resource_ctx *ctx, uint32_t rep) {
  if (!ctx->instance->may_leave) w2n_canon_trap("cannot leave component instance", UINT64_MAX);
  return w2n_handle_new_own(ctx->instance, ctx->type, rep);
}

uint32_t w2n_canon_resource_rep(const w2n_resource_ctx *ctx, uint32_t index) {
  return (uint32_t)w2n_handle_rep(ctx->instance, index, ctx->type);
}

uint32_t w2n_canon_resource_new64(const w2n_resource_ctx *ctx, uint64_t rep) {
  if (!ctx->instance->may_leave) w2n_canon_trap("cannot leave component instance", UINT64_MAX);
  return w2n_handle_new_own(ctx->instance, ctx->type, rep);
}

uint64_t w2n_canon_resource_rep64(const w2n_resource_ctx *ctx, uint32_t index) {
  return w2n_handle_rep(ctx->instance, index, ctx->type);
}

void w2n_canon_resource_drop(const w2n_resource_ctx *ctx, uint32_t index) {
  if (!ctx->instance->may_leave) w2n_canon_trap("cannot leave component instance", UINT64_MAX);
  w2n_handle_drop(ctx->instance, index, ctx->type);
}

/* ---- Borrow scopes. ---- */
void w2n_cscope_add_lender(w2n_cscope *s, w2n_cinstance *inst, uint32_t index) {
  if (s->num_lenders == s->cap_lenders) {
    uint32_t cap = s->cap_lenders ? s->cap_lenders * 2 : 8;
    uint32_t *l = w2n_arena_alloc((size_t)cap * sizeof *l);
    if (s->num_lenders) memcpy(l, s->lenders, (size_t)s->num_lenders * sizeof *l);
    s->lenders = l;
    s->cap_lenders = cap;
  }
  s->lender_inst = inst;
  s->lenders[s->num_lenders++] = index;
  w2n_handle_get(inst, index)->lend_count++;
}

void w2n_cscope_release_lenders(w2n_cscope *s) {
  for (uint32_t i = 0; i < s->num_lenders; i++)
    s->lender_inst->handles.elems[s->lenders[i]].lend_count--;
  s->num_lenders = 0;
}

/* ---- Lifting and lowering handles. ---- */
uint64_t w2n_lift_own(const w2n_cx *cx, uint32_t index, const w2n_ctype *t) {
  return w2n_handle_take_own(cx->opts->instance, index, t->resource);
}

uint64_t w2n_lift_borrow(const w2n_cx *cx, uint32_t index, const w2n_ctype *t) {
  w2n_cinstance *inst = cx->opts->instance;
  w2n_handle *h = w2n_handle_get(inst, index);
  check_type(h, index, t->resource);
  uint64_t rep = h->rep;
  if (cx->scope) w2n_cscope_add_lender(cx->scope, inst, index);
  return rep;
}

uint32_t w2n_lower_own(const w2n_cx *cx, uint64_t rep, const w2n_ctype *t) {
  return w2n_handle_new_own(cx->opts->instance, t->resource, rep);
}

uint32_t w2n_lower_borrow(const w2n_cx *cx, uint64_t rep, const w2n_ctype *t) {
  w2n_cinstance *inst = cx->opts->instance;
  if (t->resource->guest && inst->index == t->resource->impl_index) return (uint32_t)rep;
  w2n_handle h;
  memset(&h, 0, sizeof h);
  h.rep = rep;
  h.type = t->resource;
  h.own = 0;
  h.borrow_scope = cx->scope;
  if (cx->scope) cx->scope->num_borrows++;
  return w2n_handle_add(inst, &h);
}
