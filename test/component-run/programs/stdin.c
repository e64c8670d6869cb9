// Reads stdin to EOF through read() in odd-sized chunks; prints a summary and the last line.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static char buf[4099], last[256];
  unsigned long long total = 0, lines = 0;
  unsigned hash = 2166136261u; // FNV-1a
  size_t lastlen = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      hash = (hash ^ (unsigned char)buf[i]) * 16777619u;
      if (buf[i] == '\n') {
        lines++;
        lastlen = 0;
      } else if (lastlen < sizeof last - 1) {
        last[lastlen++] = buf[i];
      }
    }
    total += n;
  }
  if (n < 0) {
    perror("read");
    return 2;
  }
  last[lastlen] = 0;
  printf("bytes=%llu lines=%llu fnv=%08x\n", total, lines, hash);
  printf("tail=<%s>\n", last);
  return 0;
}
