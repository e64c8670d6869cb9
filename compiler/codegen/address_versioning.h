// Loop versioning for wasm32 address arithmetic (address_versioning.cpp).
#pragma once

#include "llvm/IR/PassManager.h"

namespace w2n {

// A function pass for the -O2/-O3 pipeline (before the loop vectorizer): gives loops whose
// memory addresses are 32-bit induction sequences a fast version with 64-bit address arithmetic,
// entered when a check before the loop shows no address wraps around 2^32 in it.
class AddressVersioningPass : public llvm::PassInfoMixin<AddressVersioningPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &f, llvm::FunctionAnalysisManager &fam);
};

} // namespace w2n
