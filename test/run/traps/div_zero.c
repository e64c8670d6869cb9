/* EXPECT: integer divide by zero */
#include <stdio.h>
volatile int zero = 0;
int main(void) {
  printf("%d\n", 1 / zero);
  return 0;
}
