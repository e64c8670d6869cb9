// Ends as argv[1] says: "exit N" calls exit(N), "return N" returns N from main, after argv[3]
// lines. Output is left in stdio's buffer, so the exit path must flush it. WASI 0.2's exit carries only ok/err: any
// nonzero code must end the process with status 1.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int code = atoi(argv[2]);
  for (int i = argc > 3 ? atoi(argv[3]) : 0; i > 0; i--) printf("%d lines to go\n", i);
  printf("ending with %s %d", argv[1], code); // no newline, not flushed
  fprintf(stderr, "to stderr\n");
  if (strcmp(argv[1], "exit") == 0) exit(code);
  return code;
}
