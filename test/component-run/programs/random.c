// Random bytes print facts only: two 32-byte draws, neither all zero, and different.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[32], b[32], zero[32] = {0};
  if (getentropy(a, sizeof a) != 0 || getentropy(b, sizeof b) != 0) {
    printf("getentropy failed\n");
    return 2;
  }
  printf("first draw %s\n", memcmp(a, zero, 32) ? "nonzero" : "ALL ZERO");
  printf("second draw %s\n", memcmp(b, zero, 32) ? "nonzero" : "ALL ZERO");
  printf("draws %s\n", memcmp(a, b, 32) ? "differ" : "EQUAL");
  int seen[256] = {0}, distinct = 0; // 1024 bytes should hit most values
  for (int k = 0; k < 32; k++) {
    unsigned char c[32];
    getentropy(c, sizeof c);
    for (int i = 0; i < 32; i++) distinct += !seen[c[i]]++;
  }
  printf("spread %s\n", distinct > 128 ? "ok" : "poor");
  return 0;
}
