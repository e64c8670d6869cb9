// A C host of the calculator library (examples/calculator, --emit=lib or --emit=shared): reads
// calls like `add(1.5, 2)` from stdin and prints each result as run.sh compares it with node
// (ref.mjs): an f64 as its 16 hex digits of IEEE bits, a result as `ok BITS` or `err TEXT`.
// Usage: host [REPEAT]: with REPEAT, the calls are made REPEAT times over (printed once), so
// that valgrind sees a million calls and more.
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  printf("%016llx", (unsigned long long)u);
}

static bool quiet;
#define printf(...) (quiet ? 0 : printf(__VA_ARGS__))

int main(int argc, char **argv) {
  long repeat = argc > 1 ? atol(argv[1]) : 1;
  w2n_error *err = NULL;
  calc_instance *inst = calc_instantiate(NULL, &err);
  if (!inst) {
    printf("instantiate failed: %s\n", w2n_error_message(err));
    return 1;
  }
  static char lines[64][256];
  int count = 0;
  while (count < 64 && fgets(lines[count], sizeof lines[count], stdin))
    count++;
  char name[32];
  for (long pass = 0; pass < repeat; pass++, quiet = true)
    for (int l = 0; l < count; l++) {
      char *line = lines[l];
      char *open = strchr(line, '(');
      if (!open) continue;
      char *start = line;
      while (*start == ' ')
        start++;
      if (!strncmp(start, "math.", 5)) start += 5;
      snprintf(name, sizeof name, "%.*s", (int)(open - start), start);
      char *rest;
      double a = strtod(open + 1, &rest), b = 0;
      if (*rest == ',') b = strtod(rest + 1, NULL);
      double r;
      bool ok;
      if (!strcmp(name, "sqrt")) {
        calc_result_f64_string_t res;
        ok = example_calculator_math_sqrt(inst, a, &res, &err);
        if (ok && res.is_err) {
          printf("err %.*s\n", (int)res.val.err.len, (const char *)res.val.err.ptr);
        } else if (ok) {
          printf("ok ");
          bits(res.val.ok);
          printf("\n");
        }
        if (ok) example_calculator_math_sqrt_free(&res);
      } else {
        ok = !strcmp(name, "add") ? example_calculator_math_add(inst, a, b, &r, &err)
                                  : example_calculator_math_multiply(inst, a, b, &r, &err);
        if (ok) {
          bits(r);
          printf("\n");
        }
      }
      if (!ok) {
        printf("error %s\n", w2n_error_message(err));
        w2n_error_free(err);
      }
    }
  calc_instance_free(inst);
  return 0;
}
