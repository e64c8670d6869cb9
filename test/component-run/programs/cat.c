// Copies stdin to stdout byte for byte (binary data, every byte value) in stdio-sized chunks.
#include <stdio.h>

int main(void) {
  static char buf[10007];
  size_t n, total = 0;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    if (fwrite(buf, 1, n, stdout) != n) return 2;
    total += n;
  }
  fprintf(stderr, "copied %zu bytes%s\n", total, ferror(stdin) ? " (read error)" : "");
  return ferror(stdin) ? 3 : 0;
}
