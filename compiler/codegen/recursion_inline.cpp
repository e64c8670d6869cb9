// Recursion unrolling. LLVM's inliner never inlines a function into itself, so a small
// self-recursive Wasm function (fib, ackermann, tree walks) pays a full call, with its stack
// check, at every level; GCC inlines such recursion several levels deep (wasm2c + gcc ran
// sightglass shootout-fib2 2.6x faster than the same C through clang). This inlines the direct
// self-calls of small functions into themselves before the pipeline runs: each round replaces
// every self-call by the body as it is (one self-call per body: the calls per level halve).
// Semantics are untouched: recursion still uses the stack and every remaining call still checks the
// limit, only in fewer, larger frames.
#include "compiler/codegen/recursion_inline.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <vector>

namespace w2n {

namespace {

// Sizes count instructions of the unoptimized, just-lowered body (locals still in allocas).
constexpr unsigned kMaxStartSize = 120;  // fib and ackermann lower to under 40
constexpr unsigned kMaxResultSize = 640; // a round inlining c calls makes size * (c + 1)
constexpr unsigned kMaxSelfCalls = 2;    // in the original body
constexpr unsigned kMaxRounds = 3;

// Self-calls of f; none when f calls a returns-twice function (a try_table's setjmp), whose
// frame is what a throw returns to: such functions are left as they are.
std::vector<llvm::CallBase *> selfCalls(llvm::Function &f, unsigned &size) {
  std::vector<llvm::CallBase *> calls;
  size = 0;
  for (llvm::BasicBlock &bb : f)
    for (llvm::Instruction &i : bb) {
      ++size;
      if (auto *cb = llvm::dyn_cast<llvm::CallBase>(&i)) {
        if (cb->hasFnAttr(llvm::Attribute::ReturnsTwice)) return {};
        if (cb->getCalledFunction() == &f) calls.push_back(cb);
      }
    }
  return calls;
}

} // namespace

unsigned unrollSelfRecursion(llvm::Module &module) {
  std::vector<llvm::Function *> candidates;
  for (llvm::Function &f : module)
    if (!f.isDeclaration()) candidates.push_back(&f);
  unsigned changed = 0;
  for (llvm::Function *f : candidates) {
    for (unsigned round = 0; round < kMaxRounds; ++round) {
      unsigned size = 0;
      std::vector<llvm::CallBase *> calls = selfCalls(*f, size);
      if (calls.empty() || (round == 0 && (size > kMaxStartSize || calls.size() > kMaxSelfCalls)) ||
          size * (calls.size() + 1) > kMaxResultSize)
        break;
      // A copy of the body as it is now; its own self-calls still call f.
      llvm::ValueToValueMapTy map;
      llvm::Function *copy = llvm::CloneFunction(f, map);
      for (llvm::CallBase *call : calls) {
        call->setCalledFunction(copy);
        llvm::InlineFunctionInfo info;
        (void)llvm::InlineFunction(*call, info);
      }
      copy->eraseFromParent();
      if (round == 0) ++changed;
    }
  }
  return changed;
}

} // namespace w2n
