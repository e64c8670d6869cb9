// The optimization pipeline: the new pass manager's default per-module pipeline at O1..O3 and
// the O0 pipeline (always-inline and the like) at O0. The module is verified first, so a lowering
// bug surfaces as an error rather than as a crash deep inside a pass.
#include "compiler/codegen/address_versioning.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/recursion_inline.h"
#include "compiler/lowering/llvm_tuning.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

namespace w2n {

llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm, int optLevel) {
  std::string problems;
  llvm::raw_string_ostream problemStream(problems);
  if (llvm::verifyModule(module, &problemStream)) {
    // The first line says enough; the rest dumps IR.
    std::string first = problems.substr(0, problems.find('\n'));
    return llvm::createStringError("internal error: invalid LLVM IR: %s", first.c_str());
  }

  applyWasmLLVMTuning();
  if (optLevel >= 2) unrollSelfRecursion(module);
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  llvm::PassBuilder builder(&tm, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);

  llvm::OptimizationLevel level = llvm::OptimizationLevel::O2;
  switch (optLevel) {
  case 0:
    level = llvm::OptimizationLevel::O0;
    break;
  case 1:
    level = llvm::OptimizationLevel::O1;
    break;
  case 3:
    level = llvm::OptimizationLevel::O3;
    break;
  default:
    break;
  }
  // Before the loop vectorizer: it and the unroller then see the 64-bit addresses.
  builder.registerVectorizerStartEPCallback(
      [](llvm::FunctionPassManager &fpm, llvm::OptimizationLevel) {
        fpm.addPass(AddressVersioningPass());
      });
  llvm::ModulePassManager passes = level == llvm::OptimizationLevel::O0
                                       ? builder.buildO0DefaultPipeline(level)
                                       : builder.buildPerModuleDefaultPipeline(level);
  passes.run(module, mam);
  return llvm::Error::success();
}

} // namespace w2n
