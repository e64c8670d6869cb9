// Lowering of a validated core module to LLVM IR: one LLVM function per Wasm function (vmctx
// first), the module's instantiate function and its w2n_module_desc
// (runtime-lib/include/w2n/abi.h).
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"

#include <functional>
#include <string>

namespace llvm {
class Module;
}

namespace w2n {

struct LowerOptions {
  // Prefix of every symbol this module defines, so several modules can share one executable.
  // The descriptor is "<symbolPrefix>module".
  std::string symbolPrefix = "w2n_m0_";
  // Check the native stack limit on entry of functions that call (trap "call stack exhausted").
  bool stackChecks = true;
  // Told (functions lowered, functions in all) every 256 functions: the driver's progress line.
  std::function<void(size_t, size_t)> onProgress;
};

// Adds the module's code and descriptor to `out` (whose triple and data layout are already set).
// Returns false with diagnostics for what cannot be lowered.
bool lowerModule(const Module &module, llvm::Module &out, const LowerOptions &options,
                 Diagnostics &diags);

// Adds __w2n_program_main for a standalone executable: binds every import to the host object
// "__w2n_host_<module>__<name>" (an unknown import is an error naming it), instantiates the module,
// gives the WASI shim the exported "memory", and calls the "_start" export if there is one.
bool emitProgramMain(const Module &module, llvm::Module &out, const LowerOptions &options,
                     Diagnostics &diags);

// Adds __w2n_program_main that runs the spec-harness command protocol over the given module
// descriptors (by symbol name, in order): it calls w2n_script_main.
void emitScriptMain(llvm::Module &out, const std::vector<std::string> &descriptorSymbols);

} // namespace w2n
