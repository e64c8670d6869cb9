/* The start-up benchmark: the smallest program that uses the C library's stdio. */
#include <stdio.h>

int main(void) {
  puts("hello world");
  return 0;
}
