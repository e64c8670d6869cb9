// Loop versioning for wasm32 address arithmetic.
//
// A Wasm address is a 32-bit value that wraps around: lowering computes `membase + zext(a)` where
// `a` is i32 arithmetic, often `p + i` or `p + i + 16` with `i` a loop counter. LLVM cannot move
// the zext inward without knowing the 32-bit sums never wrap, so every access recomputes a 32-bit
// sum (and often zero-extends a 32-bit induction variable) instead of stepping a 64-bit pointer:
// in matmul's inner loop two extra instructions per access. Native code has none of this.
//
// For an innermost loop whose addresses are affine 32-bit sequences {start, +, step}, this pass
// adds a check in front of the loop that none of the sequences wraps over the loop's iterations
// (SCEV "no unsigned wrap" predicates, the machinery the vectorizer uses for its own checks) and
// clones the loop: the original runs when the check fails, exactly as before; in the checked copy
// each zext(a) becomes the 64-bit sequence {zext(start), +, step}, which is the same value on
// every iteration the check covered. Semantics never change: only values are rewritten that the
// check proved equal.
#include "compiler/codegen/address_versioning.h"

#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopAccessAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/LoopVersioning.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

#include <vector>

namespace w2n {

namespace {

constexpr unsigned kMaxLoopInstructions = 300; // each versioned loop is duplicated
constexpr unsigned kMaxCandidates = 16;        // each adds a few instructions to the check
constexpr uint64_t kMinConstantTrips = 8;      // shorter loops do not repay the check

// A sequence's start as `base + offset` (offset a small constant, 0 when there is none).
struct SplitStart {
  const llvm::SCEV *base;
  int64_t offset = 0;
};

SplitStart splitStart(llvm::ScalarEvolution &se, const llvm::SCEV *start) {
  auto *add = llvm::dyn_cast<llvm::SCEVAddExpr>(start);
  if (!add || add->getNumOperands() < 2) return {start, 0};
  auto *c = llvm::dyn_cast<llvm::SCEVConstant>(add->getOperand(0));
  if (!c) return {start, 0};
  int64_t offset = c->getAPInt().getSExtValue();
  if (offset < -(int64_t(1) << 20) || offset > (int64_t(1) << 20)) return {start, 0};
  return {se.getMinusSCEV(start, c), offset};
}

// zext(i32 -> i64) instructions in `loop` that feed an address (a GEP) and that SCEV does not
// already see as a 64-bit affine sequence.
std::vector<llvm::ZExtInst *> addressZExts(llvm::Loop &loop, llvm::ScalarEvolution &se,
                                           unsigned &size) {
  std::vector<llvm::ZExtInst *> out;
  size = 0;
  for (llvm::BasicBlock *bb : loop.blocks())
    for (llvm::Instruction &i : *bb) {
      ++size;
      auto *z = llvm::dyn_cast<llvm::ZExtInst>(&i);
      if (!z || !z->getSrcTy()->isIntegerTy(32) || !z->getDestTy()->isIntegerTy(64)) continue;
      bool address = false;
      for (llvm::User *u : z->users())
        address |= llvm::isa<llvm::GetElementPtrInst>(u);
      if (address && !llvm::isa<llvm::SCEVAddRecExpr>(se.getSCEV(z))) out.push_back(z);
    }
  return out;
}

bool versionLoop(llvm::Loop &loop, llvm::LoopInfo &li, llvm::DominatorTree &dt,
                 llvm::ScalarEvolution &se, llvm::AssumptionCache &ac,
                 llvm::LoopAccessInfoManager &lais) {
  if (!loop.isInnermost()) return false;
  // A dedicated preheader and exits (the vectorizer makes the same normalization).
  llvm::simplifyLoop(&loop, &dt, &li, &se, &ac, nullptr, false);
  if (!loop.isLoopSimplifyForm() || !loop.isRotatedForm() || !loop.getExitingBlock() ||
      !loop.getUniqueExitBlock())
    return false;
  unsigned size = 0;
  std::vector<llvm::ZExtInst *> zexts = addressZExts(loop, se, size);
  if (zexts.empty() || size > kMaxLoopInstructions) return false;

  const llvm::LoopAccessInfo &lai = lais.getInfo(loop);
  if (lai.hasConvergentOp()) return false;
  // LoopVersioning checks the predicate of the LoopAccessInfo's PSE, so the predicates go there
  // (the analysis is dropped right after).
  auto &pse = const_cast<llvm::PredicatedScalarEvolution &>(lai.getPSE());
  const llvm::SCEV *btc = pse.getSymbolicMaxBackedgeTakenCount();
  if (llvm::isa<llvm::SCEVCouldNotCompute>(btc)) return false;
  if (auto *c = llvm::dyn_cast<llvm::SCEVConstant>(btc))
    if (c->getAPInt().ult(kMinConstantTrips)) return false;
  std::vector<llvm::ZExtInst *> chosen;
  std::vector<const llvm::SCEVAddRecExpr *> sequences;
  std::vector<SplitStart> starts;
  for (llvm::ZExtInst *z : zexts) {
    const llvm::SCEVAddRecExpr *ar = pse.getAsAddRec(z->getOperand(0));
    if (!ar || ar->getLoop() != &loop || !ar->isAffine() ||
        !llvm::isa<llvm::SCEVConstant>(ar->getStepRecurrence(se)))
      continue;
    pse.setNoOverflow(z->getOperand(0), llvm::SCEVWrapPredicate::IncrementNUSW);
    // `base + c` in 32 bits is zext(base) + c in 64 bits when the 32-bit sum does not wrap:
    // checked too, so that out[o], out[o + 1], ... share one 64-bit sequence (one register).
    SplitStart split = splitStart(se, ar->getStart());
    if (split.offset > 0)
      pse.addPredicate(*se.getComparePredicate(
          llvm::ICmpInst::ICMP_ULE, split.base,
          se.getConstant(split.base->getType(), UINT32_MAX - uint64_t(split.offset))));
    else if (split.offset < 0)
      pse.addPredicate(
          *se.getComparePredicate(llvm::ICmpInst::ICMP_UGE, split.base,
                                  se.getConstant(split.base->getType(), uint64_t(-split.offset))));
    chosen.push_back(z);
    sequences.push_back(ar);
    starts.push_back(split);
    if (chosen.size() == kMaxCandidates) break;
  }
  if (chosen.empty() || pse.getPredicate().isAlwaysTrue()) return false;

  if (!loop.isLCSSAForm(dt)) llvm::formLCSSARecursively(loop, dt, &li, &se);
  llvm::LoopVersioning lver(lai, {}, &loop, &li, &dt, &se);
  lver.versionLoop();

  // In the checked loop (the original one, entered when the check passes) every chosen zext is
  // the 64-bit sequence {zext(base), +, sext(step)} plus the start's constant offset.
  const llvm::DataLayout &dl = loop.getHeader()->getDataLayout();
  llvm::SCEVExpander expander(se, dl, "w2n.addr");
  llvm::Type *i64 = llvm::Type::getInt64Ty(loop.getHeader()->getContext());
  for (size_t k = 0; k < chosen.size(); ++k) {
    const llvm::SCEVAddRecExpr *ar = sequences[k];
    const llvm::SCEV *wide =
        se.getAddExpr(se.getAddRecExpr(se.getZeroExtendExpr(starts[k].base, i64),
                                       se.getSignExtendExpr(ar->getStepRecurrence(se), i64), &loop,
                                       llvm::SCEV::FlagAnyWrap),
                      se.getConstant(i64, uint64_t(starts[k].offset), /*isSigned=*/true));
    llvm::Value *v = expander.expandCodeFor(wide, i64, chosen[k]);
    chosen[k]->replaceAllUsesWith(v);
    chosen[k]->eraseFromParent();
  }
  return true;
}

} // namespace

llvm::PreservedAnalyses AddressVersioningPass::run(llvm::Function &f,
                                                   llvm::FunctionAnalysisManager &fam) {
  auto &li = fam.getResult<llvm::LoopAnalysis>(f);
  auto &se = fam.getResult<llvm::ScalarEvolutionAnalysis>(f);
  auto &dt = fam.getResult<llvm::DominatorTreeAnalysis>(f);
  auto &lais = fam.getResult<llvm::LoopAccessAnalysis>(f);
  auto &ac = fam.getResult<llvm::AssumptionAnalysis>(f);
  std::vector<llvm::Loop *> work;
  for (llvm::Loop *top : li)
    for (llvm::Loop *l : llvm::depth_first(top))
      if (l->isInnermost()) work.push_back(l);
  bool changed = false;
  for (llvm::Loop *l : work) {
    if (versionLoop(*l, li, dt, se, ac, lais)) {
      changed = true;
      lais.clear();
    }
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

} // namespace w2n
