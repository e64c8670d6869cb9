// The runner redirects all three standard streams to files or pipes, so none is a terminal.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
  return 0;
}
