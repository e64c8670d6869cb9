// Parallel code generation for large modules: the optimized module is split into a fixed number
// of partitions (functions distributed round-robin by size), each partition travels as bitcode
// into its own LLVMContext and is compiled on a thread of its own. The partition count depends
// only on the module, never on the machine, so the output stays the same everywhere.
#include "compiler/codegen/codegen.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <atomic>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace w2n {

namespace {

// Below this many instructions a module is compiled whole: splitting costs more than it saves.
constexpr size_t kInstructionsPerPartition = 60000;
constexpr unsigned kMaxPartitions = 8;

} // namespace

unsigned codegenPartitions(const llvm::Module &module) {
  size_t instructions = 0;
  for (const llvm::Function &function : module)
    instructions += function.getInstructionCount();
  size_t partitions = instructions / kInstructionsPerPartition;
  return unsigned(std::clamp<size_t>(partitions, 1, kMaxPartitions));
}

llvm::Expected<std::vector<std::vector<char>>>
emitObjectsInParallel(llvm::Module &module, const TargetOptions &opts, unsigned partitions,
                      const std::function<void(size_t, size_t)> &onDone) {
  std::vector<llvm::SmallVector<char, 0>> bitcode;
  llvm::SplitModule(
      module, partitions,
      [&](std::unique_ptr<llvm::Module> part) {
        llvm::SmallVector<char, 0> buffer;
        llvm::raw_svector_ostream stream(buffer);
        llvm::WriteBitcodeToFile(*part, stream);
        bitcode.push_back(std::move(buffer));
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  // Everything is in the partitions now: the module's code goes, so that its memory (most of the
  // compile's, for a large module) is free while they are compiled.
  for (llvm::Function &function : module)
    function.deleteBody();
#ifdef __GLIBC__
  // The worker threads allocate from arenas of their own: give the freed pages back to the
  // system rather than keep them beside those.
  malloc_trim(0);
#endif

  std::vector<std::vector<char>> objects(bitcode.size());
  std::vector<std::string> errors(bitcode.size());
  std::atomic<size_t> finished = 0;
  {
    llvm::DefaultThreadPool pool(llvm::heavyweight_hardware_concurrency(bitcode.size()));
    for (size_t i = 0; i < bitcode.size(); ++i)
      pool.async([&, i] {
        llvm::LLVMContext context;
        llvm::MemoryBufferRef buffer(llvm::StringRef(bitcode[i].data(), bitcode[i].size()),
                                     "partition");
        llvm::Expected<std::unique_ptr<llvm::Module>> part =
            llvm::parseBitcodeFile(buffer, context);
        if (!part) {
          errors[i] = llvm::toString(part.takeError());
          return;
        }
        auto tm = createTargetMachine(opts);
        if (!tm) {
          errors[i] = llvm::toString(tm.takeError());
          return;
        }
        auto object = emitCode(**part, **tm, EmitKind::Object);
        if (!object) {
          errors[i] = llvm::toString(object.takeError());
          return;
        }
        objects[i] = std::move(*object);
        if (onDone) onDone(++finished, bitcode.size());
      });
    pool.wait();
  }
  for (const std::string &error : errors)
    if (!error.empty()) return llvm::createStringError("code generation failed: %s", error.c_str());
  return objects;
}

} // namespace w2n
