// Traps of each kind after some flushed output; nothing after the trap may be printed.
#include <stdio.h>
#include <string.h>

static volatile int zero = 0;
static int depth;

static int recurse(int n);
static int (*volatile recurse_ptr)(int) = recurse; // an unknown callee: no tail call, no loop
static int recurse(int n) {
  depth++;
  return recurse_ptr(n + 1) * 3 + n;
}

static void takes_nothing(void) { puts("wrong function called"); }

int main(int argc, char **argv) {
  const char *kind = argc > 1 ? argv[1] : "";
  printf("before %s trap\n", kind);
  if (!strcmp(kind, "after-output")) { // a lot written before the trap must all arrive
    for (int i = 0; i < 20000; i++) printf("line %5d of the output before the trap\n", i);
    fprintf(stderr, "stderr before the trap\n");
    fflush(stdout);
    __builtin_trap();
  }
  fflush(stdout);
  if (!strcmp(kind, "unreachable")) __builtin_trap();
  if (!strcmp(kind, "divzero")) printf("%d\n", 10 / zero);
  if (!strcmp(kind, "oob")) printf("%d\n", *(volatile int *)(0xfffffff0u + (unsigned)zero));
  if (!strcmp(kind, "stack")) printf("%d\n", recurse(zero));
  if (!strcmp(kind, "indirect")) {
    int (*volatile wrong)(int, int) = (int (*)(int, int))(void *)takes_nothing;
    printf("%d\n", wrong(1, 2));
  }
  printf("after the trap (must not appear)\n");
  return 0;
}
