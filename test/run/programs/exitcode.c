/* Exits with a status taken from the first argument (default 7). */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 7;
  printf("exiting with %d\n", code);
  return code;
}
