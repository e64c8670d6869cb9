// The whole environment, sorted (hosts need not keep an order), then two lookups.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  int n = 0;
  while (environ[n]) n++;
  qsort(environ, n, sizeof *environ, cmp);
  printf("count=%d\n", n);
  for (int i = 0; i < n; i++) printf("%s\n", environ[i]);
  const char *g = getenv("GREETING");
  printf("GREETING=%s\n", g ? g : "(unset)");
  printf("NOT_GRANTED=%s\n", getenv("NOT_GRANTED") ? "set" : "(unset)");
  return 0;
}
