/* Correctly rounded conversions between decimal text and IEEE 754 binary64/binary32, as the WAVE
   value text (WebAssembly Value Encoding, wasm-tools crates/wasm-wave) writes and reads floats.
   Self-contained (no rt.h) so that tests can include it alone. */
#ifndef W2N_DECIMAL_FLOAT_H
#define W2N_DECIMAL_FLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* The longest texts the formatters write, without the terminating NUL they also write: "-0."
   then 323 zeros and "5" for -5e-324 (no f64 needs a digit below 10^-324, so no text is longer;
   -DBL_MAX is 310 characters), and "-0." then 44 zeros and "1" for the least f32 subnormal. A
   buffer needs W2N_F64_TEXT_MAX + 1 (W2N_F32_TEXT_MAX + 1) bytes. */
#define W2N_F64_TEXT_MAX 327
#define W2N_F32_TEXT_MAX 48

/* Writes v as Rust's Display does (what WAVE's writer produces): the shortest digit string that
   reads back as v in v's own precision (the closest such one to v, the one farther from zero on
   an exact tie), without an exponent ("1e20" is
   "100000000000000000000", 1e-7 is "0.0000001", 3.0 is "3"); "-0" for negative zero, "inf",
   "-inf", and "nan" for every NaN. Returns the length (the NUL not counted). */
uint32_t w2n_format_f64(double v, char *buf);
uint32_t w2n_format_f32(float v, char *buf);

/* Reads WAVE's float syntax: a JSON number -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? or one
   of nan, inf, -inf, and nothing else (no spaces, no '+' sign, no "1." or ".5"). The result is the
   value correctly rounded to the target precision (to nearest, ties to even), ±inf beyond the
   largest finite value, ±0 or a subnormal below the smallest normal; "nan" is the canonical quiet
   NaN. Any number of digits and any exponent are accepted, in time linear in len and with no
   allocation. Returns false (and leaves *out alone) on anything else. */
bool w2n_parse_f64(const char *s, uint32_t len, double *out);
bool w2n_parse_f32(const char *s, uint32_t len, float *out);

#endif
