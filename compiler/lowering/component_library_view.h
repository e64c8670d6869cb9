// How a library presents each export in C (shared by the API code and the header): its C name,
// which parameters are passed by value (numbers, bools, chars, enums, flags, handles) or by
// pointer (everything else), and whether its result owns memory the caller frees.
#pragma once

#include "compiler/lowering/component_library.h"

#include "llvm/IR/IRBuilder.h"

namespace w2n::plan {

struct CParam {
  std::string name; // C identifier
  uint32_t type;
  bool byValue;
};

struct CExport {
  std::string cName;
  std::vector<CParam> params;
  uint32_t result = kNone;
  bool resultOwnsMemory = false; // has strings or lists: <cName>_free releases them
};

bool passedByValue(const Plan &plan, uint32_t type);
bool ownsMemory(const Plan &plan, uint32_t type);
CExport cExportOf(const Plan &plan, const ComponentLibrary::Export &e, const std::string &prefix);
// The guest resources the host can hold an own handle of (in an export's parameters or result),
// each with the C name of the function that drops such a handle.
std::vector<std::pair<uint32_t, std::string>>
cDropFunctions(const Plan &plan, const ComponentLibrary &lib, const std::string &prefix);
// The same for a function the host supplies (its C name is the imports table's field).
CExport cImportOf(const Plan &plan, const ComponentLibrary::Import &i, const std::string &prefix);

} // namespace w2n::plan

namespace w2n {

// Whether a scalar export takes the fast path (no post-return, its core arguments all in
// registers), and the fast path itself (component_library_fast.cpp) at b's insertion point in
// `fn`, the export's C function: it enters the instance and calls the core function through
// w2n_lib_flat_enter, going to `slow` whenever the runtime must make the call.
bool fastExportFits(const plan::Plan &plan, const ComponentLibrary::Export &e,
                    const plan::CExport &c);
void emitFastExportCall(llvm::IRBuilder<> &b, const plan::Plan &plan, const plan::CExport &c,
                        uint64_t adapterOffset, llvm::Function *fn, llvm::BasicBlock *slow);

} // namespace w2n
