// Machine code emission into memory: an object file or assembly text for the module. Nothing
// here touches the file system, so callers decide where (and how atomically) bytes are written.
#include "compiler/codegen/codegen.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

namespace w2n {

llvm::Expected<std::vector<char>> emitCode(llvm::Module &module, llvm::TargetMachine &tm,
                                           EmitKind kind) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  // The code generator still runs on the legacy pass manager in LLVM 19.
  llvm::legacy::PassManager passes;
  llvm::CodeGenFileType type = kind == EmitKind::Object ? llvm::CodeGenFileType::ObjectFile
                                                        : llvm::CodeGenFileType::AssemblyFile;
  if (tm.addPassesToEmitFile(passes, stream, nullptr, type))
    return llvm::createStringError("the %s backend cannot emit this file type",
                                   tm.getTargetTriple().str().c_str());
  passes.run(module);
  return std::vector<char>(buffer.begin(), buffer.end());
}

} // namespace w2n
