/* Strings across component instances: a fused adapter for `func(s: string) -> string` between a
   caller and a callee with each of the 3 string encodings (9 pairs), for ASCII, Latin-1, BMP and
   supplementary-plane text; the callee returns its argument, so the string makes the round trip.
   Checks the bytes and tagged lengths each side sees, the realloc call sequences that
   definitions.py's store_string_* functions make, and the traps for bad pointers, bad encodings
   and bad realloc results; then the host-side helpers w2n_canon_store_string/load_string. */
#include "canon_test.h"

#define TAG 0x80000000u

T_STRING(t_string);
static const w2n_ctype *const params[] = {&t_string};
static const uint32_t at_start[] = {0};
/* The parameters as a tuple<string>: the string at 0. */
static const w2n_cfunctype ft = {
    1, 1, params, &t_string, {{8, 4, 2, 0, at_start}, {16, 8, 2, 0, at_start}}};

static t_side caller, callee;
static w2n_funcref callee_fn;
static w2n_adapter adapter;
static uint32_t got_ptr, got_tagged; /* what the callee received */

/* The lifted core function (string) -> i32 (a pointer to its (ptr, len) result): returns its
   argument, written to a return area at 0x800. */
static void callee_array(const w2n_funcref *fn, w2n_val *io) {
  got_ptr = (uint32_t)io[0].lo;
  got_tagged = (uint32_t)io[1].lo;
  memcpy(t_mem(&callee, 0x800), &got_ptr, 4);
  memcpy(t_mem(&callee, 0x804), &got_tagged, 4);
  io[0].lo = 0x800;
}

static void setup(uint32_t src_enc, uint32_t dst_enc) {
  t_side_init(&caller, src_enc, 0);
  t_side_init(&callee, dst_enc, 1);
  callee_fn.code = 0;
  callee_fn.array_call = callee_array;
  adapter.type = &ft;
  adapter.lower = caller.opts;
  adapter.lift = callee.opts;
  adapter.callee = &callee_fn;
}

/* Decodes UTF-8 (valid) into code points; returns the count. */
static uint32_t decode(const char *s, uint32_t *cps) {
  uint32_t n = 0;
  const uint8_t *p = (const uint8_t *)s;
  while (*p) {
    uint32_t c = *p++;
    int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    c &= more == 3 ? 0x07 : more == 2 ? 0x0f : more == 1 ? 0x1f : 0x7f;
    while (more--) c = (c << 6) | (*p++ & 0x3f);
    cps[n++] = c;
  }
  return n;
}

/* The string in an encoding, as definitions.py represents it: bytes and tagged code units.
   latin1+utf16 uses Latin-1 when every code point fits (store_string_to_latin1_or_utf16 and
   store_probably_utf16_to_latin1_or_utf16 both end up there), else UTF-16 with the tag. */
static uint32_t encode(uint32_t enc, const char *s, uint8_t *out, uint32_t *tagged) {
  uint32_t cps[32], n = decode(s, cps), len = 0;
  bool narrow = true;
  for (uint32_t i = 0; i < n; i++)
    if (cps[i] > 0xff) narrow = false;
  if (enc == W2N_STRING_UTF8) {
    len = (uint32_t)t_strlen(s);
    memcpy(out, s, len);
    *tagged = len;
  } else if (enc == W2N_STRING_LATIN1_UTF16 && narrow) {
    for (uint32_t i = 0; i < n; i++) out[len++] = (uint8_t)cps[i];
    *tagged = len;
  } else {
    for (uint32_t i = 0; i < n; i++) {
      uint32_t c = cps[i];
      if (c >= 0x10000) {
        c -= 0x10000;
        uint32_t hi = 0xd800 + (c >> 10), lo = 0xdc00 + (c & 0x3ff);
        out[len++] = (uint8_t)hi, out[len++] = (uint8_t)(hi >> 8);
        out[len++] = (uint8_t)lo, out[len++] = (uint8_t)(lo >> 8);
      } else {
        out[len++] = (uint8_t)c, out[len++] = (uint8_t)(c >> 8);
      }
    }
    *tagged = len / 2 | (enc == W2N_STRING_LATIN1_UTF16 ? TAG : 0);
  }
  return len;
}

static w2n_val io[3];

static void call(void *arg) { w2n_canon_adapter_call(&adapter, io); }

/* Passes s from the caller (encoding src) to the callee (dst) and back; checks both sides. */
static void round_trip(int line, uint32_t src, uint32_t dst, const char *s) {
  setup(src, dst);
  uint8_t want[64];
  uint32_t tagged, len = encode(src, s, want, &tagged);
  memcpy(t_mem(&caller, 0x100), want, len);
  io[0].lo = 0x100, io[1].lo = tagged, io[2].lo = 0x200; /* (ptr, len, retptr) */
  const char *trap = t_trap(call, 0);
  uint8_t want_dst[64];
  uint32_t want_tagged, want_len = encode(dst, s, want_dst, &want_tagged);
  bool ok = !trap && got_tagged == want_tagged &&
            memcmp(t_mem(&callee, got_ptr), want_dst, want_len) == 0;
  /* Back in the caller: the (ptr, len) pair at the return pointer, in the caller's encoding. */
  uint32_t back_ptr, back_tagged;
  memcpy(&back_ptr, t_mem(&caller, 0x200), 4);
  memcpy(&back_tagged, t_mem(&caller, 0x204), 4);
  ok = ok && back_tagged == tagged && memcmp(t_mem(&caller, back_ptr), want, len) == 0;
  if (!ok) {
    t_put("FAIL ");
    t_put_u64((uint64_t)line);
    t_put(": round trip ");
    t_put(trap ? trap : "");
    t_put("\n");
    t_failures++;
  }
}

static const char *const texts[] = {"", "abc", "a\xc3\xa9", "a\xe2\x82\xac", "a\xf0\x9f\x98\x80",
                                    "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z"};

/* Passes raw (bytes, tagged) from the caller; returns the trap message or 0. */
static const char *pass_raw(uint32_t src, uint32_t dst, uint32_t ptr, const void *bytes,
                            uint32_t nbytes, uint32_t tagged) {
  setup(src, dst);
  if (nbytes) memcpy(t_mem(&caller, ptr), bytes, nbytes);
  io[0].lo = ptr, io[1].lo = tagged, io[2].lo = 0x200;
  return t_trap(call, 0);
}

static bool trap_is(const char *got, const char *want) { return got && t_streq(got, want); }

/* ---- host side ---- */
static t_side host;
static const char *host_str;
static size_t host_len;
static void host_store(void *arg) { w2n_canon_store_string(&host.opts, 0x10, host_str, host_len); }
static uint32_t load_ptr, load_len;
static const char *loaded;
static size_t loaded_len;
static void host_load(void *arg) {
  loaded = w2n_canon_load_string(&host.opts, load_ptr, load_len, &loaded_len);
}

int __w2n_program_main(void) {
  for (uint32_t src = 0; src < 3; src++)
    for (uint32_t dst = 0; dst < 3; dst++)
      for (uint32_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        round_trip(__LINE__, src, dst, texts[i]);

  /* Realloc sequences in the callee (the lowering side of the argument). */
  const char *euro = "a\xe2\x82\xac", *eacute = "a\xc3\xa9";
  /* utf8 -> utf16, "a€" (4 UTF-8 bytes): store_utf8_to_utf16 allocates 2 * 4 = 8 bytes, encodes
     4 bytes, shrinks to 4. */
  round_trip(__LINE__, W2N_STRING_UTF8, W2N_STRING_UTF16, euro);
  CHECK(callee.ncalls == 2 && t_call_is(&callee, 0, 0, 2, 8) && t_call_is(&callee, 1, 8, 2, 4));
  /* utf16 -> utf8, "a€" (2 code units): store_utf16_to_utf8 allocates 2, meets '€', grows to the
     worst case 3 * 2 = 6, shrinks to the 4 bytes encoded. */
  round_trip(__LINE__, W2N_STRING_UTF16, W2N_STRING_UTF8, euro);
  CHECK(callee.ncalls == 3 && t_call_is(&callee, 0, 0, 1, 2) && t_call_is(&callee, 1, 2, 1, 6) &&
        t_call_is(&callee, 2, 6, 1, 4));
  /* latin1 -> utf8, "aé": 2 units, worst case 2 * 2 = 4, then the 3 bytes. */
  round_trip(__LINE__, W2N_STRING_LATIN1_UTF16, W2N_STRING_UTF8, eacute);
  CHECK(callee.ncalls == 3 && t_call_is(&callee, 0, 0, 1, 2) && t_call_is(&callee, 1, 2, 1, 4) &&
        t_call_is(&callee, 2, 4, 1, 3));
  /* utf8 -> latin1+utf16, "aé" (3 bytes): store_string_to_latin1_or_utf16 allocates 3 (alignment
     2), all fits in Latin-1, shrinks to 2; untagged length 2. */
  round_trip(__LINE__, W2N_STRING_UTF8, W2N_STRING_LATIN1_UTF16, eacute);
  CHECK(callee.ncalls == 2 && t_call_is(&callee, 0, 0, 2, 3) && t_call_is(&callee, 1, 3, 2, 2));
  CHECK(got_tagged == 2);
  /* utf8 -> latin1+utf16, "a€" (4 bytes): allocates 4, inflates at '€' to 2 * 4 = 8, the UTF-16
     is 4 bytes so shrinks to 4; tagged length 2 | 2^31. */
  round_trip(__LINE__, W2N_STRING_UTF8, W2N_STRING_LATIN1_UTF16, euro);
  CHECK(callee.ncalls == 3 && t_call_is(&callee, 0, 0, 2, 4) && t_call_is(&callee, 1, 4, 2, 8) &&
        t_call_is(&callee, 2, 8, 2, 4));
  CHECK(got_tagged == (2 | TAG));
  /* latin1+utf16 (UTF-16 tagged) -> latin1+utf16, "a€": store_probably_utf16_to_latin1_or_utf16
     allocates 2 * 2 = 4 and keeps UTF-16. */
  round_trip(__LINE__, W2N_STRING_LATIN1_UTF16, W2N_STRING_LATIN1_UTF16, euro);
  CHECK(callee.ncalls == 1 && t_call_is(&callee, 0, 0, 2, 4) && got_tagged == (2 | TAG));
  /* utf16 -> latin1+utf16, "aé" (2 units): allocates 2, everything fits, no shrink. */
  round_trip(__LINE__, W2N_STRING_UTF16, W2N_STRING_LATIN1_UTF16, eacute);
  CHECK(callee.ncalls == 1 && t_call_is(&callee, 0, 0, 2, 2) && got_tagged == 2);
  /* utf8 -> utf8 and utf16 -> utf16 are copies: one allocation of the exact size. */
  round_trip(__LINE__, W2N_STRING_UTF8, W2N_STRING_UTF8, "abc");
  CHECK(callee.ncalls == 1 && t_call_is(&callee, 0, 0, 1, 3));
  round_trip(__LINE__, W2N_STRING_UTF16, W2N_STRING_UTF16, "a\xf0\x9f\x98\x80");
  CHECK(callee.ncalls == 1 && t_call_is(&callee, 0, 0, 2, 6) && got_tagged == 3);
  /* latin1 -> utf16: a copy widening each byte: 2 units, 4 bytes. */
  round_trip(__LINE__, W2N_STRING_LATIN1_UTF16, W2N_STRING_UTF16, eacute);
  CHECK(callee.ncalls == 1 && t_call_is(&callee, 0, 0, 2, 4) && got_tagged == 2);
  /* The return trip: utf16 callee -> utf8 caller for "a€" runs in the caller's realloc. */
  round_trip(__LINE__, W2N_STRING_UTF8, W2N_STRING_UTF16, euro);
  CHECK(caller.ncalls == 3 && t_call_is(&caller, 0, 0, 1, 2) && t_call_is(&caller, 1, 2, 1, 6) &&
        t_call_is(&caller, 2, 6, 1, 4));

  /* A UTF-16-tagged latin1+utf16 string whose code points all fit in Latin-1: the probably-UTF-16
     path allocates 2 * 2 bytes, finds no wide char, compacts, and shrinks to 2 (definitions.py
     passes alignment 1 here; like Wasmtime, the engine keeps 2, which lifting needs). */
  {
    static const uint8_t ae16[] = {'a', 0, 0xe9, 0};
    CHECK(!pass_raw(W2N_STRING_LATIN1_UTF16, W2N_STRING_LATIN1_UTF16, 0x100, ae16, 4, 2 | TAG));
    CHECK(callee.ncalls == 2 && t_call_is(&callee, 0, 0, 2, 4) && t_call_is(&callee, 1, 4, 2, 2));
    CHECK(got_tagged == 2 && memcmp(t_mem(&callee, got_ptr), "a\xe9", 2) == 0);
  }

  /* Traps (a fused adapter's messages). */
  CHECK(trap_is(pass_raw(W2N_STRING_UTF8, W2N_STRING_UTF8, 0xfffe, "ab", 2, 4),
                "string content out-of-bounds"));
  /* Out of bounds even with length 0 is fine only when ptr <= memory size. */
  CHECK(!pass_raw(W2N_STRING_UTF8, W2N_STRING_UTF8, 0x10000, 0, 0, 0));
  CHECK(trap_is(pass_raw(W2N_STRING_UTF8, W2N_STRING_UTF8, 0x10001, 0, 0, 0),
                "string content out-of-bounds"));
  CHECK(trap_is(pass_raw(W2N_STRING_UTF16, W2N_STRING_UTF8, 0x101, "a\0", 2, 1),
                "unaligned pointer"));
  CHECK(trap_is(pass_raw(W2N_STRING_LATIN1_UTF16, W2N_STRING_UTF8, 0x101, "a", 1, 1),
                "unaligned pointer"));
  /* utf16 length 2^31 code units = 2^32 bytes > MAX_STRING_BYTE_LENGTH. */
  CHECK(trap_is(pass_raw(W2N_STRING_UTF16, W2N_STRING_UTF8, 0x100, 0, 0, 0x80000000u),
                "string content out-of-bounds"));
  CHECK(trap_is(pass_raw(W2N_STRING_UTF8, W2N_STRING_UTF8, 0x100, "\xff", 1, 1), "invalid utf-8"));
  CHECK(trap_is(pass_raw(W2N_STRING_UTF8, W2N_STRING_UTF16, 0x100, "\xed\xa0\x80", 3, 3),
                "invalid utf-8")); /* an encoded surrogate */
  CHECK(trap_is(pass_raw(W2N_STRING_UTF16, W2N_STRING_UTF8, 0x100, "\x00\xd8", 2, 1),
                "unpaired surrogate found 55296"));
  /* The callee's realloc returns a pointer past the end / an odd pointer for UTF-16. */
  setup(W2N_STRING_UTF8, W2N_STRING_UTF8);
  memcpy(t_mem(&caller, 0x100), "abc", 3);
  callee.mode = T_REALLOC_OOB;
  adapter.lift = callee.opts;
  io[0].lo = 0x100, io[1].lo = 3, io[2].lo = 0x200;
  CHECK_TRAP(call, 0, "string content out-of-bounds");
  setup(W2N_STRING_UTF8, W2N_STRING_UTF16);
  memcpy(t_mem(&caller, 0x100), "abc", 3);
  callee.mode = T_REALLOC_MISALIGNED;
  io[0].lo = 0x100, io[1].lo = 3, io[2].lo = 0x200;
  CHECK_TRAP(call, 0, "unaligned pointer");

  /* Host side: store "a€" in latin1+utf16 (tagged UTF-16), read it back as UTF-8. */
  t_side_init(&host, W2N_STRING_LATIN1_UTF16, 2);
  host_str = euro, host_len = 4;
  CHECK(!t_trap(host_store, 0));
  uint32_t hp, ht;
  memcpy(&hp, t_mem(&host, 0x10), 4);
  memcpy(&ht, t_mem(&host, 0x14), 4);
  CHECK(ht == (2 | TAG) && memcmp(t_mem(&host, hp), "a\0\xac\x20", 4) == 0);
  load_ptr = hp, load_len = ht;
  CHECK(!t_trap(host_load, 0) && loaded_len == 4 && memcmp(loaded, euro, 4) == 0 &&
        loaded[4] == 0);
  host.mode = T_REALLOC_OOB;
  CHECK_TRAP(host_store, 0, "realloc return: beyond end of memory");
  host.mode = T_REALLOC_MISALIGNED;
  CHECK_TRAP(host_store, 0, "realloc return: result not aligned");
  t_side_init(&host, W2N_STRING_UTF8, 2);
  load_ptr = 0xffff, load_len = 2;
  CHECK_TRAP(host_load, 0, "string pointer/length out of bounds of memory");
  memcpy(t_mem(&host, 0x20), "\xff\xc3", 2);
  load_ptr = 0x20, load_len = 1;
  CHECK_TRAP(host_load, 0, "invalid utf-8 sequence of 1 bytes from index 0");
  load_ptr = 0x21, load_len = 1;
  CHECK_TRAP(host_load, 0, "incomplete utf-8 byte sequence from index 0");
  t_side_init(&host, W2N_STRING_UTF16, 2);
  load_ptr = 0x21, load_len = 1;
  CHECK_TRAP(host_load, 0, "string pointer not aligned to 2");
  return t_finish();
}
