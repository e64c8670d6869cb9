// The build cache (cache.h). An entry is one file, <dir>/<key[0:2]>/<key>: "w2n-objects 1\n",
// the number of objects and each one's size (little-endian u64s), then the objects.
#include "compiler/driver/cache.h"

#include "compiler/driver/report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fmt/format.h>
#include <random>

namespace w2n::driver {

namespace {

constexpr llvm::StringLiteral kMagic = "w2n-objects 1\n";

// What identifies this compiler: its version, and its executable's size and modification time,
// so that a rebuilt compiler never reuses objects of the one before.
std::string compilerIdentity() {
  std::string id = "wasm2native 0.1.0 LLVM " LLVM_VERSION_STRING;
  struct stat st {};
  if (stat("/proc/self/exe", &st) == 0)
    id += fmt::format(" {} {}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  return id;
}

void putU64(std::string &out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t getU64(const char *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= uint64_t(static_cast<uint8_t>(p[i])) << (8 * i);
  return v;
}

} // namespace

std::string cacheDirectory(const CompileOptions &options) {
  if (!options.cacheDir.empty()) return options.cacheDir;
  const char *env = std::getenv("WASM2NATIVE_CACHE_DIR");
  return env ? env : "";
}

std::string ObjectCache::key(const Module &module, const CompileOptions &options,
                             const std::string &prefix, const char *kind) const {
  llvm::SHA256 hash;
  // Each field ends with a NUL, so that no two different sequences of fields read the same.
  auto field = [&](llvm::StringRef s) {
    hash.update(s);
    hash.update(llvm::StringRef("", 1));
  };
  field(compilerIdentity());
  field(targetTriple(options.target.arch));
  field(options.target.cpu);
  field(std::to_string(options.target.optLevel));
  field(options.target.pic ? "pic" : "static");
  field(options.stackChecks ? "stack-checks" : "no-stack-checks");
  field(kind);
  field(prefix);
  hash.update(llvm::ArrayRef<uint8_t>(module.bytes, module.size));
  std::array<uint8_t, 32> digest = hash.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string ObjectCache::path(const std::string &key) const {
  llvm::SmallString<256> p(dir_);
  llvm::sys::path::append(p, key.substr(0, 2), key);
  return std::string(p);
}

void ObjectCache::warn(const std::string &what) {
  if (warned_) return;
  warned_ = true;
  llvm::errs() << "wasm2native: warning: the cache in '" << dir_ << "' is not used: " << what
               << "\n";
}

std::optional<std::vector<std::vector<char>>> ObjectCache::load(const std::string &key) {
  if (dir_.empty()) return std::nullopt;
  auto buffer = llvm::MemoryBuffer::getFile(path(key), /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  auto miss = [&] {
    ++misses_;
    return std::nullopt;
  };
  if (!buffer) return miss();
  llvm::StringRef data = (*buffer)->getBuffer();
  if (!data.consume_front(kMagic) || data.size() < 8) return miss();
  uint64_t count = getU64(data.data());
  data = data.drop_front(8);
  if (count == 0 || count > 64 || data.size() < 8 * count) return miss();
  std::vector<uint64_t> sizes(count);
  uint64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    sizes[i] = getU64(data.data() + 8 * i);
    total += sizes[i];
  }
  data = data.drop_front(8 * count);
  if (total != data.size()) return miss(); // torn or truncated: compile again
  std::vector<std::vector<char>> objects;
  for (uint64_t size : sizes) {
    objects.emplace_back(data.begin(), data.begin() + size);
    data = data.drop_front(size);
  }
  ++hits_;
  return objects;
}

void ObjectCache::store(const std::string &key, const std::vector<std::vector<char>> &objects) {
  if (dir_.empty()) return;
  std::string final = path(key);
  if (std::error_code ec = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(final)))
    return warn(ec.message());
  std::string bytes(kMagic);
  putU64(bytes, objects.size());
  for (const std::vector<char> &object : objects)
    putU64(bytes, object.size());
  for (const std::vector<char> &object : objects)
    bytes.append(object.begin(), object.end());
  // A name no other build uses, in the same directory, then one rename.
  std::random_device random;
  std::string temporary = fmt::format("{}.tmp.{}.{}", final, getpid(), random());
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(temporary, ec, llvm::sys::fs::OF_None);
    if (ec) return warn(ec.message());
    out << bytes;
    out.close();
    if (out.has_error()) {
      out.clear_error();
      llvm::sys::fs::remove(temporary);
      return warn("writing an entry failed");
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, final)) {
    llvm::sys::fs::remove(temporary);
    return warn(ec.message());
  }
}

llvm::Expected<std::vector<std::vector<char>>> cachedModuleObjects(
    ObjectCache &cache, const Module &module, const CompileOptions &options,
    const std::string &prefix, const char *kind,
    const std::function<llvm::Expected<std::vector<std::vector<char>>>()> &compile) {
  if (!cache.enabled()) return compile();
  std::string key = cache.key(module, options, prefix, kind);
  if (auto objects = cache.load(key)) return std::move(*objects);
  auto objects = compile();
  if (objects) cache.store(key, *objects);
  return objects;
}

} // namespace w2n::driver
