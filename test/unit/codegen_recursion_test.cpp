// Recursion unrolling (compiler/codegen/recursion_inline.cpp): small self-recursive functions are
// inlined into themselves, large ones and non-recursive ones are left alone, and the result is
// valid IR that still recurses (it must still be able to exhaust the stack).
#include "compiler/codegen/recursion_inline.h"

#include <catch2/catch.hpp>

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/SourceMgr.h"

namespace {

std::unique_ptr<llvm::Module> parse(llvm::LLVMContext &ctx, const char *text) {
  llvm::SMDiagnostic err;
  auto m = llvm::parseAssemblyString(text, err, ctx);
  REQUIRE(m);
  return m;
}

unsigned callsTo(llvm::Function &caller, llvm::Function &callee) {
  unsigned n = 0;
  for (llvm::BasicBlock &bb : caller)
    for (llvm::Instruction &i : bb)
      if (auto *cb = llvm::dyn_cast<llvm::CallBase>(&i))
        if (cb->getCalledFunction() == &callee) ++n;
  return n;
}

// fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2), and a non-recursive function.
const char *kFib = R"(
define internal i32 @fib(ptr %vmctx, i32 %n) {
entry:
  %small = icmp ult i32 %n, 2
  br i1 %small, label %done, label %rec
rec:
  %a = sub i32 %n, 1
  %fa = notail call i32 @fib(ptr %vmctx, i32 %a)
  %b = sub i32 %n, 2
  %fb = notail call i32 @fib(ptr %vmctx, i32 %b)
  %s = add i32 %fa, %fb
  ret i32 %s
done:
  ret i32 %n
}
define i32 @plain(ptr %vmctx, i32 %n) {
  %r = notail call i32 @fib(ptr %vmctx, i32 %n)
  ret i32 %r
}
)";

} // namespace

TEST_CASE("small self-recursive functions are unrolled, the rest is untouched", "[codegen]") {
  llvm::LLVMContext ctx;
  auto m = parse(ctx, kFib);
  llvm::Function *fib = m->getFunction("fib");
  llvm::Function *plain = m->getFunction("plain");
  CHECK(callsTo(*fib, *fib) == 2);
  CHECK(w2n::unrollSelfRecursion(*m) == 1);
  CHECK(!llvm::verifyModule(*m, &llvm::errs()));
  // A round inlines every self-call with the body as it is, so the c self-calls become c * c:
  // 2 -> 4 -> 16 while the body stays small. It must still call itself (recursion is unrolled,
  // not removed).
  unsigned after = callsTo(*fib, *fib);
  INFO("self-calls after unrolling: " << after);
  CHECK((after == 4 || after == 16));
  CHECK(callsTo(*plain, *fib) == 1);
  CHECK(m->size() == 2); // the temporary copies are gone
}

TEST_CASE("large self-recursive functions are not unrolled", "[codegen]") {
  llvm::LLVMContext ctx;
  std::string text = "define i32 @big(i32 %n) {\nentry:\n  %v0 = add i32 %n, 1\n";
  for (int i = 1; i < 200; ++i)
    text += "  %v" + std::to_string(i) + " = mul i32 %v" + std::to_string(i - 1) + ", 3\n";
  text += "  %r = notail call i32 @big(i32 %v199)\n  ret i32 %r\n}\n";
  auto m = parse(ctx, text.c_str());
  CHECK(w2n::unrollSelfRecursion(*m) == 0);
  CHECK(callsTo(*m->getFunction("big"), *m->getFunction("big")) == 1);
}
