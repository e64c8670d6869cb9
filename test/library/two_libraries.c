// Two wasm2native libraries in one host (the calculator and the greeter, both static or both
// shared): each keeps its own code and runtime, though their internal names are the same, and
// the w2n_error functions they both export serve either. Exit status 0 when every check holds;
// the expected values are the components' own definitions (calculator.c: add is a + b;
// greeter.c: greet returns "Hello, NAME!" after logging "greeting NAME").
#include "calc.h"
#include "greeter.h"

#include <stdio.h>
#include <string.h>

static int failed, logs;

static void check(int ok, const char *what) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failed |= !ok;
}

static bool host_fail(void *ctx, uint32_t *ret, w2n_error **error) {
  *error = w2n_error_new("no service");
  return false;
}
static bool host_log(void *ctx, const greeter_string_t *msg, w2n_error **error) {
  logs += msg->len == 10 && !memcmp(msg->ptr, "greeting x", 10);
  return true;
}
static bool host_lookup(void *ctx, const greeter_string_t *key, greeter_option_u32_t *ret,
                        w2n_error **error) {
  ret->is_some = false;
  return true;
}
static bool host_mix(void *ctx, int8_t a, uint16_t b, double c, bool d, double *ret,
                     w2n_error **error) {
  *ret = 0;
  return true;
}
static bool host_small(void *ctx, int16_t *ret, w2n_error **error) {
  *ret = 0;
  return true;
}
static bool host_truth(void *ctx, uint32_t x, bool *ret, w2n_error **error) {
  *ret = false;
  return true;
}

int main(void) {
  greeter_imports imports = {
      .example_greeter_host_fail = host_fail,
      .example_greeter_host_log = host_log,
      .example_greeter_host_lookup = host_lookup,
      .example_greeter_host_mix = host_mix,
      .example_greeter_host_small = host_small,
      .example_greeter_host_truth = host_truth,
  };
  w2n_config config = {.imports = &imports};
  w2n_error *err = NULL;
  calc_instance *calc = calc_instantiate(NULL, &err);
  greeter_instance *greeter = greeter_instantiate(&config, &err);
  check(calc && greeter, "an instance of each library");
  if (!calc || !greeter) return 1;

  double sum = 0;
  check(example_calculator_math_add(calc, 1.5, 2, &sum, NULL) && sum == 3.5,
        "the calculator adds (1.5 + 2 = 3.5)");
  greeter_string_t name = {(uint8_t *)"x", 1}, hello;
  bool ok = example_greeter_api_greet(greeter, &name, &hello, NULL);
  check(ok && hello.len == 9 && !memcmp(hello.ptr, "Hello, x!", 9) && logs == 1,
        "the greeter greets and logs through its import");
  if (ok) example_greeter_api_greet_free(&hello);
  calc_result_f64_string_t root;
  ok = example_calculator_math_sqrt(calc, 16, &root, NULL);
  check(ok && !root.is_err && root.val.ok == 4, "the calculator still works after the greeter");
  if (ok) example_calculator_math_sqrt_free(&root);

  // An error made by one library, read and freed through the other's header: the same type.
  uint32_t got;
  ok = example_greeter_api_broken(greeter, &got, &err);
  check(!ok && !strcmp(w2n_error_message(err), "wasm trap: host import failed: no service"),
        "an error from the greeter");
  w2n_error_free(err);
  greeter_instance_free(greeter);
  calc_instance_free(calc);
  return failed;
}
