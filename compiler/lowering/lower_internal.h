// The parts of lowerModule that live in their own files: the instantiate function, the module
// descriptor, and symbol naming. Internal to compiler/lowering.
#pragma once

#include "compiler/lowering/lower_context.h"

#include <string>
#include <vector>

namespace w2n {

// "<prefix>instantiate": allocates and initializes an instance (abi.h's w2n_instantiate_fn).
// It is "<prefix>instantiate_setup" (everything but the start function; returns the vmctx)
// followed by "<prefix>instantiate_start" (runs the start function), which a program main can
// call separately to hand the memory to WASI in between.
llvm::Function *emitInstantiate(LowerContext &lc);

// A constant expression of the GC proposal's extended form (ConstExpr::Kind::Expr) compiled into
// a private function (ptr vmctx) -> `type` that the instantiate function calls.
llvm::Function *lowerConstExpr(LowerContext &lc, const ConstExpr &e, ValType type);

// "<prefix>module": the w2n_module_desc with imports, exports and function names.
void emitDescriptor(LowerContext &lc, llvm::Function *instantiate);

// LLVM symbol names for the defined functions (index = function index; empty for imports):
// "<prefix><name>" from the name section, sanitized and unique, else "<prefix>f<index>".
std::vector<std::string> functionSymbols(const Module &module, const std::string &prefix);

// The name shown in backtraces: the name section's name, else "f<index>".
std::string displayName(const Module &module, uint32_t funcIndex);

// A private constant holding `bytes` followed by a NUL (names may contain NULs themselves).
llvm::Constant *stringConstant(LowerContext &lc, llvm::StringRef bytes, const llvm::Twine &name);

// Output is linked into static executables, where every symbol resolves inside the image: marks
// all of the module's globals and functions dso_local so references need no GOT or PLT.
void markDsoLocal(llvm::Module &out);

} // namespace w2n
