/* EXPECT: integer overflow */
#include <limits.h>
#include <stdio.h>
volatile int minus_one = -1, int_min = INT_MIN;
int main(void) {
  printf("%d\n", int_min / minus_one);
  return 0;
}
