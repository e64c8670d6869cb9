// The WASI capabilities an executable is built with (--dir, --env, --inherit-env): parsed from
// the command line and emitted into the program object as the constant `__w2n_wasi_config`,
// whose C layout (w2n_wasi_config) is defined in wasi-shim/wasi.h.
#pragma once

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
}

namespace w2n {

struct WasiConfig {
  struct Preopen {
    std::string host;  // a relative path is resolved against the working directory at run time
    std::string guest; // the name the guest sees (fd_prestat_dir_name)
  };
  std::vector<Preopen> preopens; // guest descriptors 3, 4, ... in this order
  std::vector<std::string> env;  // "NAME=VALUE", or "NAME" for the host's value at run time
  bool inheritEnv = false;       // the whole host environment, under the entries of `env`
};

// "HOST[::GUEST]" (split at the first "::"; GUEST defaults to HOST).
llvm::Expected<WasiConfig::Preopen> parseDirFlag(const std::string &arg);
// Checks "NAME=VALUE" or "NAME": a non-empty name, no NUL bytes.
llvm::Error checkEnvFlag(const std::string &arg);

// Defines `__w2n_wasi_config` in `out` (an empty configuration grants nothing).
void emitWasiConfig(llvm::Module &out, const WasiConfig &config);

} // namespace w2n
