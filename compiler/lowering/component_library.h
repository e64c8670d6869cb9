// The library output of a component (--emit=lib / --emit=shared): the C API the generated header
// declares, and the header itself. Both come from one description of the exports, so the header
// and the code behind it cannot disagree; the C layouts are component_c_layout.h's, which the
// runtime's value conversion reads from the descriptors too.
#pragma once

#include "compiler/lowering/component_plan.h"

#include <map>
#include <string>
#include <vector>

namespace llvm {
class Constant;
class Function;
class Module;
} // namespace llvm

namespace w2n {

// What emitComponentMain (ComponentMainKind::Library) leaves for the API: the instantiate
// function, the instance block's size, and each invocable export's adapter in the block.
struct ComponentLibrary {
  struct Export {
    std::string name;         // "example:calculator/math#add"
    uint32_t lifted;          // plan::Lifted index
    uint64_t adapterOffset;   // its w2n_adapter in the instance block
    plan::FuncType type;      // as exported (plan::Export::type: the names the header uses)
    llvm::Constant *functype; // its w2n_cfunctype
  };
  // A function the host supplies (an import the WASI host does not provide).
  struct Import {
    std::string name; // "example:host/log#log", or a plain function name
    plan::FuncType type;
    llvm::Constant *functype;
  };
  llvm::Function *instantiate = nullptr;
  uint64_t blockSize = 0;
  uint64_t hostSlot = 0; // the block's w2n_lib_host
  std::vector<Export> exports;
  std::vector<Import> imports;
  std::map<uint32_t, llvm::Constant *> resourceTypes; // guest resources: their w2n_resource_type
};

// The API functions (`<prefix>_instantiate`, `<prefix>_instance_free`, one per export, `_free`
// for results that own memory) into `out`, which holds the instantiation code. Returns the
// names of the symbols the library exports.
std::vector<std::string> emitLibraryApi(const plan::Plan &plan, const ComponentLibrary &lib,
                                        const std::string &prefix, llvm::Module &out);

// The C header for the same API; `source` names the component in the header's comment.
std::string libraryHeader(const plan::Plan &plan, const ComponentLibrary &lib,
                          const std::string &prefix, const std::string &source);

// Gives every global of `module` hidden visibility except `exported` (a library exports only
// its API; the runtime inside it is hidden too), and makes the runtime's per-thread variables
// that compiled code reads thread-local.
void hideForLibrary(llvm::Module &module, const std::vector<std::string> &exported);

} // namespace w2n
