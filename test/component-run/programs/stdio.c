// stdout and stderr interleaved, unbuffered and line-buffered, with formatting of ints, floats
// and strings; each stream is compared on its own.
#include <math.h>
#include <stdio.h>

int main(void) {
  setvbuf(stderr, NULL, _IONBF, 0);
  for (int i = 0; i < 50; i++) {
    printf("out %3d %-6s|%08.3f|%e|%x\n", i, i % 2 ? "odd" : "even", sqrt(i), exp(i / 7.0), i * 2654435761u);
    if (i % 7 == 0) fprintf(stderr, "err %d %g\n", i, 1.0 / (i + 1));
  }
  fputs("no newline at the end", stdout);
  return 0;
}
