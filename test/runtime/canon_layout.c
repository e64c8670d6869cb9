/* Canonical ABI layout: alignment, elem_size and flatten_type of every kind of value type, with
   the expected values worked out from definitions.py in the comments. */
#include "canon_test.h"

T_PRIM(t_bool, W2N_CT_BOOL);
T_PRIM(t_u8, W2N_CT_U8);
T_PRIM(t_s16, W2N_CT_S16);
T_PRIM(t_u32, W2N_CT_U32);
T_PRIM(t_s64, W2N_CT_S64);
T_PRIM(t_f32, W2N_CT_F32);
T_PRIM(t_f64, W2N_CT_F64);
T_PRIM(t_char, W2N_CT_CHAR);
T_PRIM(t_string, W2N_CT_STRING);

static const w2n_resource_type res = {"r", 0, 0, 0, 0};
static const w2n_ctype t_own = {W2N_CT_OWN, 0, 0, 0, &res};
static const w2n_ctype t_borrow = {W2N_CT_BORROW, 0, 0, 0, &res};

static const w2n_ctype *const m_u8[] = {&t_u8};
static const w2n_ctype *const m_s16[] = {&t_s16};
static const w2n_ctype t_list_u8 = {W2N_CT_LIST, 0, m_u8, 0, 0};
static const w2n_ctype t_list_s16_3 = {W2N_CT_LIST, 3, m_s16, 0, 0};
/* record {a: u8, b: u32, c: s16}: offsets 0, 4, 8; size 10 rounded to the alignment 4 = 12. */
static const w2n_ctype *const m_rec[] = {&t_u8, &t_u32, &t_s16};
static const w2n_ctype t_rec = {W2N_CT_RECORD, 3, m_rec, 0, 0};
/* tuple<u8, f64>: offsets 0, 8; size 16, alignment 8; flat i32 f64. */
static const w2n_ctype *const m_tup[] = {&t_u8, &t_f64};
static const w2n_ctype t_tup = {W2N_CT_TUPLE, 2, m_tup, 0, 0};
static const w2n_ctype t_enum3 = {W2N_CT_ENUM, 3, 0, 0, 0};
static const w2n_ctype t_enum257 = {W2N_CT_ENUM, 257, 0, 0, 0};
static const w2n_ctype *const m_opt_u64[] = {0, &t_s64};
static const w2n_ctype t_opt_s64 = {W2N_CT_OPTION, 2, m_opt_u64, 0, 0};
static const w2n_ctype *const m_res_u32_f32[] = {&t_u32, &t_f32};
static const w2n_ctype t_res_u32_f32 = {W2N_CT_RESULT, 2, m_res_u32_f32, 0, 0};
static const w2n_ctype *const m_res_none[] = {0, 0};
static const w2n_ctype t_res_none = {W2N_CT_RESULT, 2, m_res_none, 0, 0};
/* variant {a(f32), b(s64), c}: payload slots join(f32, i64) = i64. */
static const w2n_ctype *const m_var1[] = {&t_f32, &t_s64, 0};
static const w2n_ctype t_var1 = {W2N_CT_VARIANT, 3, m_var1, 0, 0};
/* variant {a(tuple<f32, f32>), b(f64), c(u8)}: slot 0 joins f32, f64, i32 -> i64; slot 1 f32. */
static const w2n_ctype *const m_ff[] = {&t_f32, &t_f32};
static const w2n_ctype t_ff = {W2N_CT_TUPLE, 2, m_ff, 0, 0};
static const w2n_ctype *const m_var2[] = {&t_ff, &t_f64, &t_u8};
static const w2n_ctype t_var2 = {W2N_CT_VARIANT, 3, m_var2, 0, 0};
/* variant {a(f32), b(u32)}: join(f32, i32) = i32. */
static const w2n_ctype *const m_var3[] = {&t_f32, &t_u32};
static const w2n_ctype t_var3 = {W2N_CT_VARIANT, 2, m_var3, 0, 0};
static const w2n_ctype t_flags8 = {W2N_CT_FLAGS, 8, 0, 0, 0};
static const w2n_ctype t_flags9 = {W2N_CT_FLAGS, 9, 0, 0, 0};
static const w2n_ctype t_flags17 = {W2N_CT_FLAGS, 17, 0, 0, 0};
static const w2n_ctype t_flags32 = {W2N_CT_FLAGS, 32, 0, 0, 0};
/* list<string, 2> fixed: flattens to 4 i32s; alignment 4, size 16. */
static const w2n_ctype *const m_str[] = {&t_string};
static const w2n_ctype t_list_str_2 = {W2N_CT_LIST, 2, m_str, 0, 0};
/* record of 17 u32: 17 flat values (more than MAX_FLAT_PARAMS). */
static const w2n_ctype *const m_17[] = {&t_u32, &t_u32, &t_u32, &t_u32, &t_u32, &t_u32,
                                        &t_u32, &t_u32, &t_u32, &t_u32, &t_u32, &t_u32,
                                        &t_u32, &t_u32, &t_u32, &t_u32, &t_u32};
static const w2n_ctype t_rec17 = {W2N_CT_RECORD, 17, m_17, 0, 0};
/* option<record {u8, u32, s16}>: discriminant u8, payload aligned to 4: offset 4, size 4+12. */
static const w2n_ctype *const m_opt_rec[] = {0, &t_rec};
static const w2n_ctype t_opt_rec = {W2N_CT_OPTION, 2, m_opt_rec, 0, 0};
/* option<string>: u8 discriminant, the payload at the string's alignment (4, or 8 over a 64-bit
   memory) and 8 (16) bytes of it. */
static const w2n_ctype *const m_opt_str[] = {0, &t_string};
static const w2n_ctype t_opt_str = {W2N_CT_OPTION, 2, m_opt_str, 0, 0};
/* variant {a(string), b(f32)}: slot 0 joins the pointer with f32 (i32 with i32 pointers, i64 with
   i64 ones), slot 1 is the length. */
static const w2n_ctype *const m_var_str[] = {&t_string, &t_f32};
static const w2n_ctype t_var_str = {W2N_CT_VARIANT, 2, m_var_str, 0, 0};

static void check(int line, int p64, const w2n_ctype *t, uint32_t align, uint32_t size,
                  const char *flat) {
  char buf[40];
  uint32_t n = w2n_ct_flatten(t, p64, buf, sizeof buf);
  bool ok = w2n_ct_align(t, p64) == align && w2n_ct_size(t, p64) == size && n == t_strlen(flat) &&
            memcmp(buf, flat, n) == 0;
  if (!ok) {
    t_put("FAIL ");
    t_put_u64((uint64_t)line);
    t_put(": layout\n");
    t_failures++;
  }
}
#define LAYOUT(t, a, s, f) check(__LINE__, 0, &(t), a, s, f)
/* Over a 64-bit memory (cm64): pointers and lengths are i64 ('I'), 8 bytes each. */
#define LAYOUT64(t, a, s, f) check(__LINE__, 1, &(t), a, s, f)

int __w2n_program_main(void) {
  LAYOUT(t_bool, 1, 1, "i");
  LAYOUT(t_u8, 1, 1, "i");
  LAYOUT(t_s16, 2, 2, "i");
  LAYOUT(t_u32, 4, 4, "i");
  LAYOUT(t_s64, 8, 8, "I");
  LAYOUT(t_f32, 4, 4, "f");
  LAYOUT(t_f64, 8, 8, "F");
  LAYOUT(t_char, 4, 4, "i");
  LAYOUT(t_string, 4, 8, "ii");      /* (ptr, tagged length) */
  LAYOUT(t_list_u8, 4, 8, "ii");     /* (ptr, length) */
  LAYOUT(t_list_s16_3, 2, 6, "iii"); /* fixed length: 3 elements inline */
  LAYOUT(t_list_str_2, 4, 16, "iiii");
  LAYOUT(t_rec, 4, 12, "iii");
  LAYOUT(t_tup, 8, 16, "iF");
  LAYOUT(t_enum3, 1, 1, "i");        /* discriminant u8 */
  LAYOUT(t_enum257, 2, 2, "i");      /* 257 cases need a u16 */
  LAYOUT(t_opt_s64, 8, 16, "iI");    /* u8 discriminant, payload at 8 */
  LAYOUT(t_res_u32_f32, 4, 8, "ii"); /* join(i32, f32) = i32 */
  LAYOUT(t_res_none, 1, 1, "i");
  LAYOUT(t_var1, 8, 16, "iI");  /* join(f32, i64) = i64 */
  LAYOUT(t_var2, 8, 16, "iIf"); /* payload size max(8, 8, 1) at offset 8 */
  LAYOUT(t_var3, 4, 8, "ii");
  LAYOUT(t_flags8, 1, 1, "i");
  LAYOUT(t_flags9, 2, 2, "i");
  LAYOUT(t_flags17, 4, 4, "i");
  LAYOUT(t_flags32, 4, 4, "i");
  LAYOUT(t_own, 4, 4, "i");
  LAYOUT(t_borrow, 4, 4, "i");
  LAYOUT(t_opt_rec, 4, 16, "iiii");
  LAYOUT(t_opt_str, 4, 12, "iii");
  LAYOUT(t_var_str, 4, 12, "iii");
  CHECK(w2n_ct_flatten(&t_rec17, 0, 0, 0) == 17);
  LAYOUT64(t_string, 8, 16, "II");
  LAYOUT64(t_list_u8, 8, 16, "II");
  LAYOUT64(t_list_str_2, 8, 32, "IIII");
  LAYOUT64(t_rec, 4, 12, "iii"); /* no pointers: as over a 32-bit memory */
  LAYOUT64(t_opt_str, 8, 24, "iII");
  LAYOUT64(t_var_str, 8, 24, "iII"); /* join(i64, f32) = i64 */
  LAYOUT64(t_own, 4, 4, "i");
  return t_finish();
}
