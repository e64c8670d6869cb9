/* Fused adapters between two fake component instances with their own memories (caller A with
   UTF-8 strings, callee B with UTF-16), and host invocations: scalars with their lifting rules,
   variants and their discriminants, lists of records, more than 16 flat parameters, results
   through the return pointer, flags, handles lent and borrowed, post-return, may_leave and
   may_enter, and the host-side trap messages. Each expected value is derived from
   definitions.py in the comment next to it. */
#include "canon_test.h"

T_PRIM(t_bool, W2N_CT_BOOL, 1);
T_PRIM(t_u8, W2N_CT_U8, 1);
T_PRIM(t_s16, W2N_CT_S16, 2);
T_PRIM(t_u16, W2N_CT_U16, 2);
T_PRIM(t_u32, W2N_CT_U32, 4);
T_PRIM(t_s64, W2N_CT_S64, 8);
T_PRIM(t_f32, W2N_CT_F32, 4);
T_PRIM(t_f64, W2N_CT_F64, 8);
T_PRIM(t_char, W2N_CT_CHAR, 4);
T_STRING(t_string);
/* Where one parameter (or one tuple field) goes: at the start. */
static const uint32_t at_start[] = {0};

static t_side A, B;
static int scenario;
static w2n_val seen[20];
static uint32_t nseen;
static w2n_adapter ad, back; /* A -> B, and B -> A / B -> B */
static w2n_val io[20];

static void callee_array(const w2n_funcref *fn, w2n_val *v);
static w2n_funcref callee_fn = {0, 0, 0, callee_array};
static uint32_t post_calls, post_arg, post_may_leave;
static void post_array(const w2n_funcref *fn, w2n_val *v);
static w2n_funcref post_fn = {0, 0, 0, post_array};

static void setup(const w2n_cfunctype *ft) {
  t_side_init(&A, W2N_STRING_UTF8, 0);
  t_side_init(&B, W2N_STRING_UTF16, 1);
  ad.type = ft;
  ad.lower = A.opts;
  ad.lift = B.opts;
  ad.callee = &callee_fn;
  memset(io, 0, sizeof io);
  nseen = 0;
  post_calls = 0;
}

/* A trap leaves the instances poisoned (may_enter clear), as in Wasmtime; the tests go on. */
static void recover(void) {
  A.inst.may_enter = B.inst.may_enter = A.inst.may_leave = B.inst.may_leave = 1;
  B.inst.index = 1;
}
static void call(void *p) { w2n_canon_adapter_call(&ad, io); }
#define TRAP(fn, msg)                                                                              \
  do {                                                                                             \
    CHECK_TRAP(fn, 0, msg);                                                                        \
    recover();                                                                                     \
  } while (0)
static void call_back(void *p) {
  w2n_val v[2] = {{0, 0}, {0, 0}};
  w2n_canon_adapter_call(&back, v);
}

/* ---- 1. scalars: func(u8, s16, f32, f64, char, bool) -> s64 ---- */
static const w2n_ctype *const p_scalars[] = {&t_u8, &t_s16, &t_f32, &t_f64, &t_char, &t_bool};
/* As a tuple: u8 at 0, s16 at 2, f32 at 4, f64 at 8, char at 16, bool at 20; 21 bytes padded to
   the alignment 8: 24; six flat values. */
static const uint32_t o_scalars[] = {0, 2, 4, 8, 16, 20};
static const w2n_cfunctype ft_scalars = {6, 1, p_scalars, &t_s64, T_SAME(24, 8, 6, 0, o_scalars)};

/* ---- 2. variant {a(f32), b(s64), c} -> option<string> ---- */
static const w2n_ctype *const m_var[] = {&t_f32, &t_s64, 0};
/* 3 cases: a u8 discriminant; the payload at max_case_alignment 8, 8 bytes of it: size 16; flat
   i32 and one joined slot (f32 with i64). */
static const w2n_ctype t_var = {W2N_CT_VARIANT, 3, m_var, .disc_size = 1,
                                .layout = T_SAME(16, 8, 2, 8, 0)};
static const w2n_ctype *const m_opt_str[] = {0, &t_string};
/* u8 discriminant, the string at its alignment 4 (8): size 4 + 8 = 12 (8 + 16 = 24); flat
   i32 and the string's two. */
static const w2n_ctype t_opt_str = {W2N_CT_OPTION, 2, m_opt_str, .disc_size = 1,
                                    .layout = {{12, 4, 3, 4, 0}, {24, 8, 3, 8, 0}}};
static const w2n_ctype *const p_var[] = {&t_var};
static const w2n_cfunctype ft_var = {1, 1, p_var, &t_opt_str, T_SAME(16, 8, 2, 0, at_start)};

/* ---- 3. list<record {u8, u32}> -> u32 ---- */
static const w2n_ctype *const m_rec[] = {&t_u8, &t_u32};
/* u8 at 0, u32 at 4: size 8, alignment 4, two flat values. */
static const uint32_t o_rec[] = {0, 4};
static const w2n_ctype t_rec = {W2N_CT_RECORD, 2, m_rec, .layout = T_SAME(8, 4, 2, 0, o_rec)};
static const w2n_ctype *const m_list[] = {&t_rec};
/* (pointer, length) like a string. */
static const w2n_ctype t_list = {W2N_CT_LIST, 0, m_list,
                                 .layout = {{8, 4, 2, 0, 0}, {16, 8, 2, 0, 0}}};
static const w2n_ctype *const p_list[] = {&t_list};
static const w2n_cfunctype ft_list = {
    1, 1, p_list, &t_u32, {{8, 4, 2, 0, at_start}, {16, 8, 2, 0, at_start}}};

/* ---- 4. 17 u32 params (more than MAX_FLAT_PARAMS = 16) -> u32 ---- */
static const w2n_ctype *const p_17[] = {&t_u32, &t_u32, &t_u32, &t_u32, &t_u32, &t_u32,
                                        &t_u32, &t_u32, &t_u32, &t_u32, &t_u32, &t_u32,
                                        &t_u32, &t_u32, &t_u32, &t_u32, &t_u32};
/* Every 4 bytes: 68 bytes; 17 flat values (the cap: more than 16). */
static const uint32_t o_17[] = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64};
static const w2n_cfunctype ft_17 = {17, 1, p_17, &t_u32, T_SAME(68, 4, 17, 0, o_17)};

/* ---- 5. flags (3 labels), list<u16, 2> -> tuple<u8, f64> ---- */
/* Up to 8 labels fit a u8. */
static const w2n_ctype t_flags3 = {W2N_CT_FLAGS, 3, .layout = T_SAME(1, 1, 1, 0, 0)};
static const w2n_ctype *const m_u16[] = {&t_u16};
/* Two u16 in a row: 4 bytes, alignment 2, two flat values. */
static const w2n_ctype t_fixed = {W2N_CT_LIST, 2, m_u16, .layout = T_SAME(4, 2, 2, 0, 0)};
static const w2n_ctype *const m_tup[] = {&t_u8, &t_f64};
/* u8 at 0, f64 at 8: 16 bytes, alignment 8. */
static const uint32_t o_tup[] = {0, 8};
static const w2n_ctype t_tup = {W2N_CT_TUPLE, 2, m_tup, .layout = T_SAME(16, 8, 2, 0, o_tup)};
static const w2n_ctype *const p_flags[] = {&t_flags3, &t_fixed};
/* flags at 0, the list at its alignment 2: 6 bytes; 1 + 2 flat values. */
static const uint32_t o_flags[] = {0, 2};
static const w2n_cfunctype ft_flags = {2, 1, p_flags, &t_tup, T_SAME(6, 2, 3, 0, o_flags)};

/* ---- 6. resources ---- */
static const w2n_resource_type host_r = {"r", 0, 0, 0, 0, 0};
/* Implemented by B, component instance 1 (A is 0). */
static const w2n_resource_type b_r = {"b-r", 0, 1, 1, 0, 0};
T_HANDLE(t_borrow, W2N_CT_BORROW, &host_r);
T_HANDLE(t_own, W2N_CT_OWN, &host_r);
T_HANDLE(t_borrow_b, W2N_CT_BORROW, &b_r);
/* One handle: 4 bytes at 0; two: at 0 and 4. */
static const uint32_t o_two_handles[] = {0, 4};
static const w2n_ctype *const p_borrow[] = {&t_borrow};
static const w2n_cfunctype ft_borrow = {1, 1, p_borrow, &t_u32, T_SAME(4, 4, 1, 0, at_start)};
static const w2n_ctype *const p_borrow_own[] = {&t_borrow, &t_own};
static const w2n_cfunctype ft_borrow_own = {2, 1, p_borrow_own, &t_u32,
                                            T_SAME(8, 4, 2, 0, o_two_handles)};
static const w2n_ctype *const p_borrow_b[] = {&t_borrow_b};
static const w2n_cfunctype ft_borrow_b = {1, 1, p_borrow_b, &t_u32, T_SAME(4, 4, 1, 0, at_start)};
static const w2n_ctype *const p_own[] = {&t_own};
static const w2n_cfunctype ft_own_to_own = {1, 1, p_own, &t_own, T_SAME(4, 4, 1, 0, at_start)};

/* No parameters: an empty tuple (size 0, alignment 1). */
static const w2n_cfunctype ft_void = {0, 0, 0, 0, T_SAME(0, 1, 0, 0, 0)};

enum {
  S_RECORD,
  S_VAR,
  S_LIST,
  S_17,
  S_FLAGS,
  S_BORROW_KEEP,
  S_BORROW_DROP,
  S_BORROW_TAKE,
  S_BORROW_B,
  S_OWN,
  S_REENTER,
  S_CALL_BACK,
  S_INVOKE,
  S_BAD_DISC,
};
static uint32_t lender_handle;

static void callee_array(const w2n_funcref *fn, w2n_val *v) {
  for (uint32_t i = 0; i < 20; i++)
    seen[i] = v[i];
  nseen++;
  switch (scenario) {
  case S_RECORD:
    v[0].lo = (uint64_t)-5;
    return;
  case S_VAR: /* option<string> "hi" in B's memory (UTF-16): disc u8 at 0x900, (ptr, len) at 0x904
               */
    t_mem(&B, 0x900)[0] = 1;
    memcpy(t_mem(&B, 0x910), "h\0i\0", 4);
    memcpy(t_mem(&B, 0x904), &(uint32_t){0x910}, 4);
    memcpy(t_mem(&B, 0x908), &(uint32_t){2}, 4);
    v[0].lo = 0x900;
    return;
  case S_LIST:
  case S_17:
    v[0].lo = 77;
    return;
  case S_FLAGS: /* tuple<u8, f64> at 0x900: u8 at 0, f64 at 8 */
    t_mem(&B, 0x900)[0] = 9;
    memcpy(t_mem(&B, 0x908), &(double){2.5}, 8);
    v[0].lo = 0x900;
    return;
  case S_BORROW_KEEP:
    v[0].lo = 1;
    return;
  case S_BORROW_DROP:
    /* The borrow handle in B's table carries A's rep; A's handle is lent for the call. */
    seen[10].lo = w2n_handle_rep(&B.inst, (uint32_t)v[0].lo, &host_r);
    seen[11].lo = A.inst.handles.elems[lender_handle].lend_count;
    w2n_handle_drop(&B.inst, (uint32_t)v[0].lo, &host_r);
    v[0].lo = 1;
    return;
  case S_BORROW_TAKE:
    w2n_handle_take_own(&A.inst, lender_handle, &host_r);
    return;
  case S_BORROW_B:
    v[0].lo = 2;
    return;
  case S_OWN:
    v[0].lo = w2n_handle_new_own(&B.inst, &host_r, 555);
    return;
  case S_REENTER:
  case S_CALL_BACK:
    if (nseen == 1) call_back(0); /* only the outer call calls back */
    return;
  case S_INVOKE: /* (string ptr, len) in UTF-16 -> the same string */
    memcpy(t_mem(&B, 0x800), &v[0].lo, 4);
    memcpy(t_mem(&B, 0x804), &v[1].lo, 4);
    v[0].lo = 0x800;
    return;
  case S_BAD_DISC: /* the variant at 0x900 (2 flat values: returned through memory) */
    t_mem(&B, 0x900)[0] = 2;
    v[0].lo = 0x900;
    return;
  }
}

static void post_array(const w2n_funcref *fn, w2n_val *v) {
  post_calls++;
  post_arg = (uint32_t)v[0].lo;
  post_may_leave = B.inst.may_leave;
  if (scenario == S_CALL_BACK) call_back(0);
}

static w2n_cval *inv_args;
static void invoke(void *p) {
  w2n_cval res;
  w2n_canon_invoke(&ad, inv_args, &res);
}

static double f64_of(uint64_t bits) {
  double d;
  memcpy(&d, &bits, 8);
  return d;
}

int __w2n_program_main(void) {
  /* 1. Scalars. lift_flat_unsigned(32, 8) keeps the low 8 bits: 0x1ff -> 0xff. lift_flat_signed
     of s16 from 0x18000: low 16 bits 0x8000 -> -32768, lowered as 2^32 - 32768. A NaN f32 with a
     payload is canonicalized to 0x7fc00000. bool: any nonzero i32 is true -> 1. */
  setup(&ft_scalars);
  scenario = S_RECORD;
  io[0].lo = 0x1ff, io[1].lo = 0x18000, io[2].lo = 0x7fa00001, io[3].lo = 0x400921fb54442d18ull;
  io[4].lo = 0x1f600, io[5].lo = 2;
  CHECK(!t_trap(call, 0));
  CHECK(seen[0].lo == 0xff && seen[1].lo == 0xffff8000u && seen[2].lo == 0x7fc00000u);
  CHECK(seen[3].lo == 0x400921fb54442d18ull && seen[4].lo == 0x1f600 && seen[5].lo == 1);
  CHECK(io[0].lo == (uint64_t)-5);
  /* convert_i32_to_char traps on surrogates and values >= 0x110000. */
  io[4].lo = 0xd800;
  TRAP(call, "invalid `char` bit pattern");
  io[4].lo = 0x110000;
  TRAP(call, "invalid `char` bit pattern");

  /* 2. Variant {a(f32), b(s64), c}: flat (i32 disc, i64 joined payload). Case a's f32 travels as
     its bits in the i64 slot (a NaN canonicalized); the option<string> result (3 flat values)
     comes back through the return pointer: the callee gives a pointer to (u8 1, ptr, len) and the
     UTF-16 "hi" is stored into A as UTF-8 at A's retptr: disc at +0, ptr at +4, len 2 at +8. */
  setup(&ft_var);
  scenario = S_VAR;
  io[0].lo = 0, io[1].lo = 0xffffffff3fc00000ull, io[2].lo = 0x300; /* upper bits ignored */
  CHECK(!t_trap(call, 0));
  CHECK(seen[0].lo == 0 && seen[1].lo == 0x3fc00000u);
  uint32_t sp, sl;
  memcpy(&sp, t_mem(&A, 0x304), 4);
  memcpy(&sl, t_mem(&A, 0x308), 4);
  CHECK(t_mem(&A, 0x300)[0] == 1 && sl == 2 && memcmp(t_mem(&A, sp), "hi", 2) == 0);
  io[0].lo = 1, io[1].lo = 0x8000000000000001ull, io[2].lo = 0x300;
  CHECK(!t_trap(call, 0) && seen[0].lo == 1 && seen[1].lo == 0x8000000000000001ull);
  io[0].lo = 2, io[1].lo = 1234; /* case c: no payload, the slot is lowered as 0 */
  CHECK(!t_trap(call, 0) && seen[0].lo == 2 && seen[1].lo == 0);
  io[0].lo = 3;
  TRAP(call, "invalid variant discriminant");
  /* A misaligned return pointer (the option<string> tuple has alignment 4). */
  io[0].lo = 2, io[2].lo = 0x301;
  TRAP(call, "unaligned pointer");

  /* 3. list<record {u8, u32}>: elements of 8 bytes, alignment 4; the callee's realloc is called
     with (0, 0, 4, 16) for two elements, and the records are stored field by field. */
  setup(&ft_list);
  scenario = S_LIST;
  uint8_t recs[16] = {1, 0xee, 0xee, 0xee, 0x11, 0x22, 0x33, 0x44,
                      2, 0xee, 0xee, 0xee, 0x55, 0x66, 0x77, 0x88};
  memcpy(t_mem(&A, 0x400), recs, 16);
  io[0].lo = 0x400, io[1].lo = 2;
  CHECK(!t_trap(call, 0) && io[0].lo == 77);
  CHECK(B.ncalls == 1 && t_call_is(&B, 0, 0, 4, 16) && seen[0].lo == B.calls[0].result &&
        seen[1].lo == 2);
  uint32_t lp = (uint32_t)seen[0].lo, f1, f2;
  memcpy(&f1, t_mem(&B, lp + 4), 4);
  memcpy(&f2, t_mem(&B, lp + 12), 4);
  CHECK(t_mem(&B, lp)[0] == 1 && t_mem(&B, lp + 8)[0] == 2 && f1 == 0x44332211u &&
        f2 == 0x88776655u);
  io[0].lo = 0x402, io[1].lo = 2;
  TRAP(call, "unaligned pointer");
  io[0].lo = 0xfff8, io[1].lo = 2;
  TRAP(call, "list content out-of-bounds");
  /* 2^28 elements of 8 bytes exceed MAX_LIST_BYTE_LENGTH. */
  io[0].lo = 0x400, io[1].lo = 1u << 28;
  TRAP(call, "list content out-of-bounds");
  io[0].lo = 0x400, io[1].lo = 2;
  B.mode = T_REALLOC_OOB;
  TRAP(call, "list content out-of-bounds");
  B.mode = T_REALLOC_MISALIGNED;
  TRAP(call, "unaligned pointer");

  /* list<u16> (integers cross as bytes): realloc(0, 0, 2, 6) for three elements. */
  {
    static const w2n_ctype *const m[] = {&t_u16};
    static const w2n_ctype t_l = {W2N_CT_LIST, 0, m, .layout = {{8, 4, 2, 0, 0}, {16, 8, 2, 0, 0}}};
    static const w2n_ctype *const p[] = {&t_l};
    static const w2n_cfunctype ft = {
        1, 1, p, &t_u32, {{8, 4, 2, 0, at_start}, {16, 8, 2, 0, at_start}}};
    setup(&ft);
    scenario = S_LIST;
    memcpy(t_mem(&A, 0x402), "\x01\x00\x02\x00\xff\xff", 6);
    io[0].lo = 0x402, io[1].lo = 3;
    CHECK(!t_trap(call, 0) && B.ncalls == 1 && t_call_is(&B, 0, 0, 2, 6) && seen[1].lo == 3);
    CHECK(memcmp(t_mem(&B, (uint32_t)seen[0].lo), "\x01\x00\x02\x00\xff\xff", 6) == 0);
    io[0].lo = 0x401;
    TRAP(call, "unaligned pointer");
  }

  /* 4. 17 u32 parameters: the caller passes one pointer to the tuple (alignment 4, 68 bytes) in
     A; the callee gets a copy allocated with realloc(0, 0, 4, 68) in B. */
  setup(&ft_17);
  scenario = S_17;
  for (uint32_t i = 0; i < 17; i++)
    memcpy(t_mem(&A, 0x500 + 4 * i), &(uint32_t){i * 10 + 1}, 4);
  io[0].lo = 0x500;
  CHECK(!t_trap(call, 0) && io[0].lo == 77);
  CHECK(B.ncalls == 1 && t_call_is(&B, 0, 0, 4, 68) && seen[0].lo == B.calls[0].result);
  bool ok17 = true;
  for (uint32_t i = 0; i < 17; i++) {
    uint32_t x;
    memcpy(&x, t_mem(&B, (uint32_t)seen[0].lo + 4 * i), 4);
    ok17 = ok17 && x == i * 10 + 1;
  }
  CHECK(ok17);
  io[0].lo = 0x502;
  TRAP(call, "unaligned pointer");

  /* 5. flags with 3 labels keep only bits 0..2 (unpack_flags_from_int); list<u16, 2> flattens to
     two i32s (low 16 bits kept); the tuple<u8, f64> result (2 flat values) is stored at the
     return pointer: u8 at +0, f64 at +8. Post-return gets the callee's flat result (0x900) while
     B may not leave. */
  setup(&ft_flags);
  scenario = S_FLAGS;
  ad.lift.post_return = &post_fn;
  io[0].lo = 0xff, io[1].lo = 0x12345, io[2].lo = 7, io[3].lo = 0x600;
  CHECK(!t_trap(call, 0));
  CHECK(seen[0].lo == 7 && seen[1].lo == 0x2345 && seen[2].lo == 7);
  uint64_t dbits;
  memcpy(&dbits, t_mem(&A, 0x608), 8);
  CHECK(t_mem(&A, 0x600)[0] == 9 && f64_of(dbits) == 2.5);
  CHECK(post_calls == 1 && post_arg == 0x900 && post_may_leave == 0 && B.inst.may_leave == 1);

  /* 6. may_enter / may_leave. B calling B (re-entering itself) traps; B calling A is fine while A
     has not been entered, and traps once A's may_enter is clear. */
  setup(&ft_void);
  scenario = S_REENTER;
  back.type = &ft_void, back.lower = B.opts, back.lift = B.opts, back.callee = &callee_fn;
  TRAP(call, "cannot enter component instance");
  setup(&ft_void);
  back.lift = A.opts;
  back.lower = B.opts;
  CHECK(!t_trap(call, 0) && nseen == 2); /* A -> B -> A */
  CHECK(A.inst.may_enter == 1 && B.inst.may_enter == 1);
  setup(&ft_void);
  A.inst.may_enter = 0;
  TRAP(call, "cannot enter component instance");
  setup(&ft_void);
  ad.lift.post_return = &post_fn;
  scenario = S_CALL_BACK; /* the callee returns after the call back; post-return calls again */
  back.lift = A.opts;
  back.lower = B.opts;
  back.lower.post_return = 0;
  {
    /* The callee's own call back succeeds (A not entered), post-return's does not. */
    const char *m = t_trap(call, 0);
    CHECK(m && t_streq(m, "cannot leave component instance") && post_calls == 1);
  }
  setup(&ft_void);
  A.inst.may_leave = 0;
  TRAP(call, "cannot leave component instance");

  /* 7. Borrowing. A owns handle h (rep 42) of a host resource; passing borrow<r> gives B a borrow
     handle (B does not implement r), lends h for the call (lend count 1), and B must drop the
     borrow before returning (Task.return_ traps on num_borrows > 0). */
  setup(&ft_borrow);
  lender_handle = w2n_handle_new_own(&A.inst, &host_r, 42);
  scenario = S_BORROW_DROP;
  io[0].lo = lender_handle;
  CHECK(!t_trap(call, 0) && io[0].lo == 1);
  CHECK(seen[10].lo == 42 && seen[11].lo == 1);
  CHECK(A.inst.handles.elems[lender_handle].lend_count == 0);
  scenario = S_BORROW_KEEP;
  TRAP(call, "borrow handles still remain at the end of the call");
  setup(&ft_borrow);
  lender_handle = w2n_handle_new_own(&A.inst, &host_r, 42);
  scenario = S_BORROW_TAKE;
  io[0].lo = lender_handle;
  TRAP(call, "cannot remove owned resource while borrowed");
  /* The same handle as borrow and own in one call: lift_own sees the lend. */
  setup(&ft_borrow_own);
  lender_handle = w2n_handle_new_own(&A.inst, &host_r, 42);
  io[0].lo = lender_handle, io[1].lo = lender_handle;
  TRAP(call, "cannot remove owned resource while borrowed");
  io[0].lo = 9;
  TRAP(call, "unknown handle index 9");
  /* borrow of a resource B implements: B gets the rep itself (lower_borrow's shortcut). */
  setup(&ft_borrow_b);
  scenario = S_BORROW_B;
  io[0].lo = w2n_handle_new_own(&A.inst, &b_r, 4242);
  CHECK(!t_trap(call, 0) && seen[0].lo == 4242 && B.inst.handles.size <= 1);
  /* own<r> both ways: A's handle moves out (its slot is freed); B's result handle moves into A. */
  setup(&ft_own_to_own);
  scenario = S_OWN;
  uint32_t h = w2n_handle_new_own(&A.inst, &host_r, 31);
  io[0].lo = h;
  CHECK(!t_trap(call, 0));
  CHECK(w2n_handle_rep(&B.inst, (uint32_t)seen[0].lo, &host_r) == 31);
  CHECK(io[0].lo == h);                              /* the freed slot is reused */
  CHECK(w2n_handle_rep(&A.inst, h, &host_r) == 555); /* B's handle 2 moved to A */
  CHECK(B.inst.handles.elems[2].type == 0);

  /* 8. Host invocation: func(string, list<u16>) -> string into B (UTF-16), from cvals. */
  {
    static const w2n_ctype *const m_u16l[] = {&t_u16};
    static const w2n_ctype t_u16l = {W2N_CT_LIST, 0, m_u16l,
                                     .layout = {{8, 4, 2, 0, 0}, {16, 8, 2, 0, 0}}};
    static const w2n_ctype *const p[] = {&t_string, &t_u16l};
    /* (string, list<u16>): the list after the string's 8 (16) bytes; four flat values. */
    static const uint32_t o32[] = {0, 8}, o64[] = {0, 16};
    static const w2n_cfunctype ft = {2, 1, p, &t_string, {{16, 4, 4, 0, o32}, {32, 8, 4, 0, o64}}};
    setup(&ft);
    scenario = S_INVOKE;
    w2n_cval elems[2], args[2], res;
    memset(elems, 0, sizeof elems);
    memset(args, 0, sizeof args);
    elems[0].kind = elems[1].kind = W2N_CT_U16;
    elems[0].u = 1, elems[1].u = 2;
    args[0].kind = W2N_CT_STRING, args[0].count = 4, args[0].bytes = "a\xe2\x82\xac";
    args[1].kind = W2N_CT_LIST, args[1].count = 2, args[1].elems = elems;
    w2n_canon_invoke(&ad, args, &res);
    CHECK(res.kind == W2N_CT_STRING && res.count == 4 &&
          memcmp(res.bytes, "a\xe2\x82\xac", 4) == 0);
    CHECK(seen[1].lo == 2 && seen[3].lo == 2); /* 2 UTF-16 code units, 2 list elements */
    CHECK(B.inst.may_enter == 1);
    /* Host lowering: a misaligned realloc result (HostMisalignedRealloc in values/realloc.wast)
       and one past the end. */
    inv_args = args;
    B.mode = T_REALLOC_MISALIGNED;
    TRAP(invoke, "realloc return: result not aligned");
    B.mode = T_REALLOC_OOB;
    TRAP(invoke, "realloc return: beyond end of memory");
  }
  /* Host invocation with handles: own<r> from the host becomes an own handle in B's table;
     borrow<r> a borrow handle B must drop before returning. */
  {
    setup(&ft_own_to_own);
    scenario = S_OWN;
    w2n_cval arg, res;
    memset(&arg, 0, sizeof arg);
    arg.kind = W2N_CT_OWN, arg.u = 77;
    inv_args = &arg;
    CHECK(!t_trap(invoke, 0));
    CHECK(w2n_handle_rep(&B.inst, (uint32_t)seen[0].lo, &host_r) == 77);
    w2n_canon_invoke(&ad, &arg, &res);
    CHECK(res.kind == W2N_CT_OWN && res.u == 555); /* B's own handle 2 lifted out: its rep */
    setup(&ft_borrow);
    scenario = S_BORROW_KEEP;
    arg.kind = W2N_CT_BORROW, arg.u = 78;
    TRAP(invoke, "borrow handles still remain at the end of the call");
    scenario = S_BORROW_DROP;
    lender_handle = 0;
    w2n_handle_new_own(&A.inst, &host_r, 1); /* so that S_BORROW_DROP's lend-count probe reads */
    CHECK(!t_trap(invoke, 0) && seen[10].lo == 78);
  }

  /* Host lifting of a result: discriminant 2 of a 2-case variant (wasmtime types.wast). */
  {
    static const w2n_ctype *const m[] = {&t_u32, 0};
    /* u8 discriminant, the u32 at 4: 8 bytes; flat i32, i32. */
    static const w2n_ctype t_v = {W2N_CT_VARIANT, 2, m, .disc_size = 1,
                                  .layout = T_SAME(8, 4, 2, 4, 0)};
    static const w2n_cfunctype ft = {0, 1, 0, &t_v, T_SAME(0, 1, 0, 0, 0)};
    setup(&ft);
    scenario = S_BAD_DISC;
    TRAP(invoke, "discriminant 2 out of range [0..2)");
  }
  return t_finish();
}
