// Process-wide LLVM settings that suit code lowered from Wasm. LLVM keeps such settings in global
// command-line options, so they are applied once per process, by whoever builds the pass
// pipeline (codegen), not by lowering itself.
#pragma once

namespace w2n {

// Turns off IndVarSimplify's widening of 32-bit induction variables. Wasm addresses are
// zext(i32 expression); when LLVM cannot prove the 32-bit arithmetic does not wrap, widening
// rewrites each address as (iv64 + c) & 0xffffffff, which hides the affine access pattern from
// the loop vectorizer. Measured on sightglass gcc-loops (x86-64): 6.7 s with widening, 2.4 s
// without; the shootout benchmarks are unchanged within noise. Idempotent.
void applyWasmLLVMTuning();

} // namespace w2n
