// The library output of a component (--emit=lib / --emit=shared): the C API the generated header
// declares, and the header itself. Both come from one description of the exports, so the header
// and the code behind it cannot disagree; the C layouts are component_c_layout.h's, which the
// runtime's value conversion reads from the descriptors too.
#pragma once

#include "compiler/lowering/component_plan.h"

#include "llvm/IR/Attributes.h"

#include <map>
#include <string>
#include <vector>

namespace llvm {
class Constant;
class Function;
class IRBuilderBase;
class LLVMContext;
class Module;
class Type;
class Value;
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
  // A function the host supplies (an import the WASI host does not provide), or the destructor
  // of a resource the host implements (dropResource: the plan resource; type and functype are
  // empty: its C signature is always bool (void *ctx, uint64_t rep, w2n_error **error)).
  struct Import {
    std::string name; // "example:host/log#log", or "example:store/store#[resource-drop]blob"
    plan::FuncType type;
    llvm::Constant *functype;
    uint32_t dropResource = plan::kNone;
  };
  llvm::Function *instantiate = nullptr;
  uint64_t blockSize = 0;
  uint64_t hostSlot = 0;           // the block's w2n_lib_host
  uint32_t componentInstances = 0; // w2n_cinstance entries at the start of the block
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

// A by-value parameter's LLVM type and extension, as a C compiler passes it (the header's C
// type of a number, bool, char, enum, flags or handle).
struct ScalarAbi {
  llvm::Type *type;
  llvm::Attribute::AttrKind ext; // ZExt, SExt or None
};
ScalarAbi cScalarAbi(const plan::Plan &plan, uint32_t type, llvm::LLVMContext &ctx);

// Numbers and bools only, at most 16 parameters: each is one flat value and a C scalar, so a
// call converts them in a few instructions (the exports' and imports' fast paths).
bool scalarSignature(const plan::Plan &plan, const plan::FuncType &type);

// f (a float or double), with any NaN made the canonical one: the deterministic profile's
// choice, which the runtime's lifting and lowering make too.
llvm::Value *canonicalNan(llvm::IRBuilderBase &b, llvm::Value *f);

// A scalar's C value (the header's type) as its one flat core value, and a flat value (as 64
// bits) back as the C value, with the canonical ABI's conversions: sign or zero extension;
// wrapping to the width, bool as != 0, NaN made canonical.
llvm::Value *lowerScalar(llvm::IRBuilderBase &b, uint32_t kind, llvm::Value *v);
llvm::Value *liftScalar(llvm::IRBuilderBase &b, uint32_t kind, llvm::Value *bits);

// The body of a library import with a scalar signature, called straight from the guest's code:
// `fn` has the import's core signature (state, flat params...) -> flat result; `caller` is the
// calling w2n_cinstance, `host` the block's w2n_lib_host. It traps when the caller may not
// leave, calls the host's function `index` with its C signature, lifts and lowers as the
// canonical ABI does, and traps with the host's message when the host reports an error.
void emitDirectImport(const plan::Plan &plan, const plan::FuncType &type, uint32_t index,
                      llvm::Function *fn, llvm::Value *caller, llvm::Value *host);

// The w2n_resource_type of resource `r`, which the host implements (an import of the component
// that the WASI host does not provide): its host_dtor calls the host's destructor, import
// `index` of the imports table (w2n_lib_host_drop, runtime-lib/src/lib/lib_imports.c).
llvm::Constant *libraryHostResource(uint32_t r, uint32_t index, llvm::Constant *name,
                                    llvm::Module &out);

// Gives every global of `module` hidden visibility except `exported` (a library exports only
// its API; the runtime inside it is hidden too), and makes the runtime's per-thread variables
// that compiled code reads thread-local.
void hideForLibrary(llvm::Module &module, const std::vector<std::string> &exported);

} // namespace w2n
