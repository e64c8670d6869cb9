// The wasm2native command: a thin main over the driver library (compiler/driver/driver.h).
#include "compiler/driver/driver.h"

#include <iostream>

int main(int argc, char **argv) {
  return w2n::driver::runCommandLine(argc, argv, std::cout, std::cerr);
}
