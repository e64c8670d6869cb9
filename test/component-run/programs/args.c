// argv as the command line gave it. argv[0] is the host's name for the program (jco and a native
// executable differ), so only its presence is printed.
#include <stdio.h>

int main(int argc, char **argv) {
  printf("argc=%d argv0=%s\n", argc, argc > 0 && argv[0] ? "present" : "missing");
  for (int i = 1; i < argc; i++) printf("argv[%d]=<%s>\n", i, argv[i]);
  return 0;
}
