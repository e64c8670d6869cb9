// The calculator component's implementation: plain C for wasm32 with the component model's
// canonical ABI written by hand (no bindings generator): `jco embed` attaches calculator.wit and
// `jco new` makes the component (see build.sh). Exports are named as wit-component expects:
// "<interface>#<function>", with "cabi_post_..." run after a result has been read.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("example:calculator/math#add") double add(double a, double b) { return a + b; }

EXPORT("example:calculator/math#multiply") double multiply(double a, double b) { return a * b; }

// result<f64, string> flattens to more than one core value, so it is returned in memory: the
// case (0 ok, 1 err) at offset 0, the payload at offset 8 (f64, or the string's pointer and
// length).
static struct {
  uint8_t is_err;
  union {
    double ok;
    struct {
      const char *ptr;
      uint32_t len;
    } err;
  } val;
} sqrt_ret;

static const char kNegative[] = "square root of a negative number";

EXPORT("example:calculator/math#sqrt") void *calc_sqrt(double n) {
  if (n < 0) {
    sqrt_ret.is_err = 1;
    sqrt_ret.val.err.ptr = kNegative;
    sqrt_ret.val.err.len = sizeof kNegative - 1;
  } else {
    sqrt_ret.is_err = 0;
    sqrt_ret.val.ok = __builtin_sqrt(n);
  }
  return &sqrt_ret;
}

// The string is static: nothing to free after the caller has read the result.
EXPORT("cabi_post_example:calculator/math#sqrt") void calc_sqrt_post(void *ret) { (void)ret; }
