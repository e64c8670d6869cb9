// lowerModule: declares one LLVM function per defined Wasm function (named from the name section
// so perf, gdb and trap backtraces show Wasm names), lowers each body by running the function
// decoder with FunctionLowering as its interface, then emits the instantiate function and the
// module descriptor.
#include "compiler/frontend/function_decoder.h"
#include "compiler/lowering/function_lowering.h"
#include "compiler/lowering/lower_internal.h"
#include "compiler/lowering/table_facts.h"

#include "llvm/IR/Verifier.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace w2n {

std::string displayName(const Module &module, uint32_t funcIndex) {
  if (funcIndex < module.funcNames.size() && !module.funcNames[funcIndex].empty())
    return module.funcNames[funcIndex];
  std::string name = "f"; // (not "f" + ...: GCC 12 warns falsely, -Wrestrict)
  name += std::to_string(funcIndex);
  return name;
}

std::vector<std::string> functionSymbols(const Module &module, const std::string &prefix) {
  std::vector<std::string> symbols(module.funcTypes.size());
  std::set<std::string> used;
  auto fallback = [&](uint32_t f) { return prefix + "f" + std::to_string(f); };
  // Reserve the fallback names of unnamed functions first so a named "f3" cannot take them.
  for (uint32_t f = module.numImportedFuncs; f < module.funcTypes.size(); ++f)
    if (f >= module.funcNames.size() || module.funcNames[f].empty())
      used.insert(symbols[f] = fallback(f));
  for (uint32_t f = module.numImportedFuncs; f < module.funcTypes.size(); ++f) {
    if (!symbols[f].empty()) continue;
    std::string name = prefix;
    for (char c : module.funcNames[f]) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == '$';
      name += ok ? c : '_';
    }
    std::string unique = name;
    for (unsigned n = 1; used.count(unique); ++n)
      unique = name + "." + std::to_string(n);
    used.insert(unique);
    symbols[f] = unique;
  }
  return symbols;
}

bool lowerModule(const Module &module, llvm::Module &out, const LowerOptions &options,
                 Diagnostics &diags) {
  LowerContext lc(module, out, options, diags);
  lc.fixedSizeTables = fixedSizeTables(module, diags);
  std::vector<std::string> symbols = functionSymbols(module, options.symbolPrefix);
  for (uint32_t f = module.numImportedFuncs; f < module.funcTypes.size(); ++f) {
    auto *fn = llvm::Function::Create(lc.funcType(module.funcType(FuncIndex(f))),
                                      llvm::GlobalValue::InternalLinkage, symbols[f], out);
    lc.setFunctionAttributes(fn);
    llvm::Argument *vmctx = fn->getArg(0);
    vmctx->setName("vmctx");
    vmctx->addAttr(llvm::Attribute::NonNull);
    vmctx->addAttr(llvm::Attribute::NoUndef);
    vmctx->addAttr(llvm::Attribute::getWithAlignment(lc.ctx, llvm::Align(16)));
    vmctx->addAttr(llvm::Attribute::getWithDereferenceableBytes(lc.ctx, lc.layout.size));
    lc.funcs[f] = fn;
  }
  for (uint32_t f = module.numImportedFuncs; f < module.funcTypes.size(); ++f) {
    FunctionLowering lowering(lc, FuncIndex(f), lc.funcs[f]);
    FunctionDecoder<FunctionLowering> decoder(module, FuncIndex(f), lowering, diags);
    if (!decoder.decode()) return false;
    lowering.complete();
    size_t done = f - module.numImportedFuncs + 1;
    if (options.onProgress && done % 256 == 0) options.onProgress(done, module.funcs.size());
  }
  emitDescriptor(lc, emitInstantiate(lc));
  if (diags.hasErrors()) return false;
  markDsoLocal(out);
#ifndef NDEBUG
  // Lowering a validated module must always give valid IR; anything else is a bug here.
  if (llvm::verifyModule(out, &llvm::errs()))
    llvm::report_fatal_error("lowering produced invalid LLVM IR");
#endif
  return !diags.hasErrors();
}

llvm::Function *lowerConstExpr(LowerContext &lc, const ConstExpr &e, ValType type) {
  FuncType sig;
  sig.results.push_back(type);
  auto *fn = llvm::Function::Create(lc.funcType(sig), llvm::GlobalValue::PrivateLinkage,
                                    lc.symbol("const_expr"), lc.out);
  lc.setFunctionAttributes(fn);
  FunctionLowering lowering(lc, sig, fn);
  const Module &m = lc.wasm;
  FunctionDecoder<FunctionLowering> decoder(m, m.bytes + e.offset, m.bytes + e.offset + e.exprSize,
                                            sig, static_cast<uint32_t>(m.globalTypes.size()),
                                            lowering, lc.diags);
  decoder.decode(); // validated before: cannot fail
  lowering.complete();
  return fn;
}

} // namespace w2n
