/* The hello-world example: greets, then echoes its arguments, one per line. */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello from WebAssembly, compiled to native code by wasm2native!\n");
  for (int i = 1; i < argc; i++)
    printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
