/* String formatting and parsing through stdio and stdlib. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char buf[256];
  snprintf(buf, sizeof buf, "%5d|%-5s|%05.2f|%x|%c", 42, "ab", 3.14159, 255, 'z');
  puts(buf);
  const char *words[] = {"pear", "apple", "fig", "banana"};
  size_t total = 0;
  for (int i = 0; i < 4; i++)
    total += strlen(words[i]);
  printf("total %zu strtol %ld strtod %g\n", total, strtol("-0x1f", NULL, 16), strtod("2.5e3", NULL));
  char *dup = strdup("Hello, World");
  for (char *p = dup; *p; p++)
    if (*p >= 'a' && *p <= 'z')
      *p -= 32;
  printf("%s %d\n", dup, strcmp(dup, "HELLO, WORLD"));
  free(dup);
  fprintf(stderr, "to stderr\n");
  return 0;
}
