// Shared by host.c (WAVE printing, main) and host_calls.c (the calls) of the rich world's C host.
#ifndef RICH_HOST_H
#define RICH_HOST_H

#include "rich.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
// A string argument from a literal (which may hold NULs: the length is the literal's).
#define S(lit) ((rich_string_t){(uint8_t *)(lit), sizeof(lit) - 1})

// ---- WAVE printing (stdout), as wasm-wave writes values ----
void p_cp(uint32_t c); // a code point inside quotes, escaped as wasm-wave escapes it
void p_char(uint32_t c);
void p_string(const rich_string_t *s);
void p_bool(const bool *b);
void p_f32(float x);
void p_f64(double x);
void p_point(const test_rich_api_point_t *p);
void p_list_string(const rich_list_string_t *l);
void p_list_u8(const rich_list_u8_t *l);
void p_option_string(const rich_option_string_t *o);
void p_small(test_rich_api_small_t f);
void p_inner(const test_rich_api_inner_t *v);
void p_payload(const test_rich_api_payload_t *v);
extern const char *const kColors[3];

// ---- Calls ----
enum { RUN, LIST, SPEC_RUN, SPEC_LIST, SPEC_EXPECTED, API };
extern int mode;
extern rich_instance *inst;
extern w2n_error *err; // the last call's error

// LIST: prints the call's WAVE text; RUN: true, make the call.
bool call(const char *text);
// The same for the spec-reasoned calls: SPEC_LIST prints the call, SPEC_EXPECTED what it
// returns, SPEC_RUN says to make it.
bool spec(const char *text, const char *want);
// `called` (the export's return value); when false, prints an error line instead of a result.
bool ok(bool called);
// Ends a result line.
void end(void);

#define CALL(text) if (call(text))
#define SPEC(text, want) if (spec(text, want))

void calls(void);      // the calls node is the reference for
void spec_calls(void); // the calls jco cannot make, with their expected results
void api_checks(void); // arguments the C API must refuse; a handle the host drops

#endif
