// Helpers for the lowering tests: assemble WebAssembly text with wabt's wat2wasm (Debian's wabt),
// read and validate it, and lower it into an LLVM module prepared for x86-64 or AArch64.
#pragma once

#include "compiler/codegen/codegen.h"
#include "compiler/frontend/api.h"
#include "compiler/lowering/lower.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace w2n::test {

inline bool haveWat2wasm() { return bool(llvm::sys::findProgramByName("wat2wasm")); }

// The binary for `wat`, or nothing when wat2wasm is missing or rejects the text.
inline std::optional<std::vector<uint8_t>> assemble(const std::string &wat, bool names = true) {
  auto tool = llvm::sys::findProgramByName("wat2wasm");
  if (!tool) return std::nullopt;
  llvm::SmallString<128> in, out;
  llvm::sys::fs::createTemporaryFile("w2n-lowering", "wat", in);
  llvm::sys::fs::createTemporaryFile("w2n-lowering", "wasm", out);
  std::ofstream(in.c_str()) << wat;
  std::vector<llvm::StringRef> args{*tool, in, "-o", out};
  if (names) args.push_back("--debug-names");
  int status = llvm::sys::ExecuteAndWait(*tool, args);
  std::optional<std::vector<uint8_t>> bytes;
  if (status == 0)
    if (auto buf = llvm::MemoryBuffer::getFile(out))
      bytes.emplace((*buf)->getBufferStart(), (*buf)->getBufferEnd());
  llvm::sys::fs::remove(in);
  llvm::sys::fs::remove(out);
  return bytes;
}

// One module lowered into LLVM IR; `ok` says whether reading, validation and lowering succeeded
// and the result verifies.
struct Lowered {
  std::vector<uint8_t> bytes;
  Module wasm;
  Diagnostics diags;
  std::unique_ptr<llvm::LLVMContext> ctx = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> ir;
  std::unique_ptr<llvm::TargetMachine> tm;
  bool ok = false;
  std::string verifyErrors;

  llvm::Function *function(const std::string &name) const { return ir->getFunction(name); }
  std::string text() const {
    std::string s;
    llvm::raw_string_ostream os(s);
    ir->print(os, nullptr);
    return s;
  }
  std::string text(const std::string &function) const {
    std::string s;
    llvm::raw_string_ostream os(s);
    if (llvm::Function *f = ir->getFunction(function)) f->print(os);
    return s;
  }
};

inline std::unique_ptr<Lowered> lowerWat(const std::string &wat, Arch arch = Arch::X86_64,
                                         const LowerOptions &options = {}) {
  auto l = std::make_unique<Lowered>();
  auto bytes = assemble(wat);
  if (!bytes) return l;
  l->bytes = std::move(*bytes);
  if (!readModule(l->bytes.data(), l->bytes.size(), l->wasm, l->diags) ||
      !validateModule(l->wasm, l->diags))
    return l;
  auto tm = createTargetMachine(TargetOptions{arch, 2, ""});
  if (!tm) {
    llvm::consumeError(tm.takeError());
    return l;
  }
  l->tm = std::move(*tm);
  l->ir = std::make_unique<llvm::Module>("test", *l->ctx);
  prepareModule(*l->ir, *l->tm);
  if (!lowerModule(l->wasm, *l->ir, options, l->diags)) return l;
  llvm::raw_string_ostream errors(l->verifyErrors);
  l->ok = !llvm::verifyModule(*l->ir, &errors);
  return l;
}

// Reads `bytes` as a module inside a component (`embedded`: the Wasm 3.0 proposals it may use are
// on) or as a standalone one with GC on, validates it and, if valid, lowers it for x86-64 and
// verifies the IR. Returns whether it validated; `verified` whether the IR verified.
inline bool lowerAndVerify(const std::vector<uint8_t> &bytes, bool embedded, bool &verified,
                           std::string &errors) {
  Module m;
  Diagnostics d;
  verified = false;
  bool read = embedded ? readModule(bytes.data(), 0, bytes.size(), m, d)
                       : readModule(bytes.data(), bytes.size(), m, d, false, true);
  if (!read || !validateModule(m, d)) return false;
  auto tm = createTargetMachine(TargetOptions{Arch::X86_64, 2, ""});
  if (!tm) {
    errors = llvm::toString(tm.takeError());
    return true;
  }
  llvm::LLVMContext ctx;
  llvm::Module ir("test", ctx);
  prepareModule(ir, **tm);
  if (!lowerModule(m, ir, LowerOptions{}, d)) return true;
  llvm::raw_string_ostream os(errors);
  verified = !llvm::verifyModule(ir, &os);
  return true;
}

// Every single-byte mutation of `bytes` (from offset 8) to each of `values` that still validates
// is lowered and verified (lowerAndVerify). Returns how many validated; `failures` gets one line
// ("byte I = V: errors") per mutation whose IR did not verify.
inline size_t lowerMutations(const std::vector<uint8_t> &bytes,
                             std::initializer_list<uint8_t> values, bool embedded,
                             std::vector<std::string> &failures) {
  size_t valid = 0;
  for (size_t i = 8; i < bytes.size(); ++i)
    for (uint8_t v : values) {
      if (bytes[i] == v) continue;
      std::vector<uint8_t> mutated = bytes;
      mutated[i] = v;
      bool verified = false;
      std::string errors;
      if (!lowerAndVerify(mutated, embedded, verified, errors)) continue;
      ++valid;
      if (!verified)
        failures.push_back("byte " + std::to_string(i) + " = " + std::to_string(v) + ": " + errors);
    }
  return valid;
}

} // namespace w2n::test
