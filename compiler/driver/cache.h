// The build cache (--cache-dir DIR, or WASM2NATIVE_CACHE_DIR): the objects of every core module
// of a component, kept under a SHA-256 of everything that decides them (the module's bytes, the
// compiler's identity, the target and every option that changes code), so that another build
// with the same module (two JavaScript components carrying the same engine) reuses them. Entries
// are written to a temporary name and renamed into place, so builds sharing a directory never
// see a torn one; an entry that does not read back whole is a miss. A cache that cannot be used
// is a warning, never a failed compile.
#pragma once

#include "compiler/driver/driver.h"

#include <optional>
#include <string>
#include <vector>

namespace w2n::driver {

class ObjectCache {
public:
  // `dir` empty: no cache (every lookup misses, nothing is stored).
  explicit ObjectCache(std::string dir) : dir_(std::move(dir)) {}

  // The key of core module `module`, lowered with `prefix` for an output of `kind` ("exe",
  // "lib"): hex SHA-256.
  std::string key(const Module &module, const CompileOptions &options, const std::string &prefix,
                  const char *kind) const;
  bool enabled() const { return !dir_.empty(); }
  std::optional<std::vector<std::vector<char>>> load(const std::string &key);
  void store(const std::string &key, const std::vector<std::vector<char>> &objects);

  unsigned hits() const { return hits_; }
  unsigned misses() const { return misses_; }

private:
  std::string path(const std::string &key) const;
  void warn(const std::string &what);

  std::string dir_;
  unsigned hits_ = 0, misses_ = 0;
  bool warned_ = false;
};

// The cache directory a compile uses: --cache-dir, else $WASM2NATIVE_CACHE_DIR, else none.
std::string cacheDirectory(const CompileOptions &options);

// The object of a core module of a component, from the cache or compiled (and then stored):
// `compile` runs the pipeline. Also counts the hit or miss in the time report.
llvm::Expected<std::vector<std::vector<char>>>
cachedModuleObjects(ObjectCache &cache, const Module &module, const CompileOptions &options,
                    const std::string &prefix, const char *kind,
                    const std::function<llvm::Expected<std::vector<std::vector<char>>>()> &compile);

} // namespace w2n::driver
