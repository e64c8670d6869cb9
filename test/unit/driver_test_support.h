// Helpers for the driver tests: running the CLI in-process, scratch directories, small modules
// (assembled with wabt's wat2wasm from the text shown beside each), and ELF header checks.
#pragma once

#include "compiler/driver/driver.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace w2n::test {

struct CliResult {
  int status;
  std::string out, err;
};

inline CliResult runCli(std::vector<std::string> args) {
  args.insert(args.begin(), "wasm2native");
  std::vector<const char *> argv;
  for (const std::string &arg : args)
    argv.push_back(arg.c_str());
  std::ostringstream out, err;
  int status = driver::runCommandLine(int(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

inline size_t countLines(const std::string &text) {
  size_t lines = 0;
  for (char c : text)
    lines += c == '\n';
  return lines;
}

// A scratch directory, removed with everything in it at the end of the test.
struct TempDir {
  llvm::SmallString<128> path;
  TempDir() { llvm::sys::fs::createUniqueDirectory("w2n-driver-test", path); }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(const std::string &name) const { return (path + "/" + name).str(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    return names;
  }
};

inline void writeBytes(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

inline std::string readText(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, false, false);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

// (module)
inline const std::vector<uint8_t> kEmptyModule = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

// (module
//   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//   (memory (export "memory") 1)
//   (func (export "_start") i32.const 7 call $exit))
inline const std::vector<uint8_t> kExit7Module = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60,
    0x00, 0x00, 0x02, 0x24, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73,
    0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f,
    0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73,
    0x74, 0x61, 0x72, 0x74, 0x00, 0x01, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x07, 0x10, 0x00, 0x0b};

// kExit7Module with exception handling: a tag (param i32) and _start doing
//   block (result i32) try_table (catch 0 0) i32.const 42 throw 0 end unreachable end
//   call $proc_exit
// so the catch hands 42 to proc_exit. Needs --features exceptions as a standalone module.
inline const std::vector<uint8_t> kThrow42Module = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00,
    0x60, 0x00, 0x00, 0x02, 0x24, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61,
    0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09,
    0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01,
    0x05, 0x03, 0x01, 0x00, 0x01, 0x0d, 0x03, 0x01, 0x00, 0x00, 0x07, 0x13, 0x02, 0x06, 0x6d,
    0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00,
    0x01, 0x0a, 0x15, 0x01, 0x13, 0x00, 0x02, 0x7f, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x41,
    0x2a, 0x08, 0x00, 0x0b, 0x00, 0x0b, 0x10, 0x00, 0x0b};

// (module (func (result i32) i64.const 1)) -- wat2wasm --no-check; wasm-validate reports
// "type mismatch in implicit return" at 0x1a, inside the code section (0x15..0x1b).
inline const std::vector<uint8_t> kInvalidModule = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01,
    0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b};

// Version 2 in the header: malformed at offset 4 ("unknown binary version").
inline const std::vector<uint8_t> kBadVersionModule = {0x00, 0x61, 0x73, 0x6d,
                                                       0x02, 0x00, 0x00, 0x00};

struct ElfFacts {
  bool isElf64 = false;
  uint16_t type = 0, machine = 0;
  bool hasInterpreter = false, hasDynamic = false;
};

// Reads the ELF header and program headers (little-endian ELF64).
inline ElfFacts inspectElf(const std::string &path) {
  ElfFacts facts;
  std::string data = readText(path);
  auto u16 = [&](size_t at) { return uint16_t(uint8_t(data[at]) | uint8_t(data[at + 1]) << 8); };
  auto u32 = [&](size_t at) { return uint32_t(u16(at)) | uint32_t(u16(at + 2)) << 16; };
  auto u64 = [&](size_t at) { return uint64_t(u32(at)) | uint64_t(u32(at + 4)) << 32; };
  if (data.size() < 64 ||
      data.compare(0, 4,
                   "\x7f"
                   "ELF") != 0 ||
      data[4] != 2)
    return facts;
  facts.isElf64 = true;
  facts.type = u16(16);
  facts.machine = u16(18);
  uint64_t phoff = u64(32);
  uint16_t phentsize = u16(54), phnum = u16(56);
  for (uint16_t i = 0; i < phnum; ++i) {
    size_t at = phoff + size_t(i) * phentsize;
    if (at + 4 > data.size()) break;
    uint32_t type = u32(at);
    facts.hasInterpreter |= type == 3; // PT_INTERP
    facts.hasDynamic |= type == 2;     // PT_DYNAMIC
  }
  return facts;
}

} // namespace w2n::test
