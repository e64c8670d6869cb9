// Recursion unrolling before the optimization pipeline (recursion_inline.cpp).
#pragma once

namespace llvm {
class Module;
} // namespace llvm

namespace w2n {

// Inlines the direct self-calls of small self-recursive functions into themselves, in up to
// three rounds while the body stays small. Returns how many functions changed.
unsigned unrollSelfRecursion(llvm::Module &module);

} // namespace w2n
