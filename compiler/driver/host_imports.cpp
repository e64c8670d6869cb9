// Checks, before any code is generated, that every function import of a program names a host
// function that the embedded runtime defines (lower.h: imports bind to the symbol
// "__w2n_host_<module>__<name>"), so that an unknown import is reported at the import's offset
// instead of as an undefined symbol from the linker.
#include "compiler/driver/driver.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Object/Archive.h"

namespace w2n::driver {

namespace {

llvm::StringSet<> archiveSymbols(Arch arch) {
  llvm::StringSet<> symbols;
  llvm::MemoryBufferRef buffer(runtimeArchive(arch), "runtime");
  auto archive = llvm::object::Archive::create(buffer);
  if (!archive) {
    llvm::consumeError(archive.takeError());
    return symbols;
  }
  for (const llvm::object::Archive::Symbol &symbol : (*archive)->symbols())
    symbols.insert(symbol.getName());
  return symbols;
}

} // namespace

llvm::Error checkHostImports(const Module &module, Arch arch, const std::string &fileName) {
  llvm::StringSet<> available = archiveSymbols(arch);
  if (available.empty())
    return llvm::Error::success(); // no symbol table to check against; the linker will tell
  Diagnostics diags;
  for (const Import &import : module.imports) {
    if (import.kind != ExternKind::Func)
      continue; // lowering reports the kinds of imports a program cannot have
    if (!available.contains("__w2n_host_" + import.module + "__" + import.name))
      diags.error(import.offset, "unknown import \"" + import.module + "\" \"" + import.name +
                                     "\": the runtime has no such host function");
  }
  if (diags.hasErrors()) return llvm::make_error<InputError>(fileName, std::move(diags));
  return llvm::Error::success();
}

} // namespace w2n::driver
