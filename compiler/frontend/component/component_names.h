// Import and export names of components (Explainer.md "Import and Export Definitions"): plain
// names (kebab-case labels, [constructor]/[method]/[static] annotations), interface names with
// optional versions, and the import-only dependency/url/integrity forms; plus the canonical form
// that decides strong uniqueness.
#pragma once

#include <string>

namespace w2n::component {

struct ParsedName {
  enum class Kind : uint8_t {
    Label,
    Constructor,
    Method,
    Static,
    Interface,
    Dependency,
    Url,
    Hash
  };
  Kind kind = Kind::Label;
  std::string resource; // Constructor/Method/Static: the resource label
  std::string item;     // Method/Static: the function label
  std::string version;  // Interface: the version after '@'
  bool hasVersion = false;
  std::string key; // the canonical form for strong uniqueness
};

bool isKebab(const std::string &s);
// Parses a name; `error` gets the reference validator's message on failure.
// nestedNames (cm-nested-names): a package path may have more namespace segments
// ("a:b:c:d") and interface names more projections ("a:b/c/d").
bool parseExternName(const std::string &name, bool import, ParsedName &out, std::string &error,
                     bool nestedNames = false);
bool isValidSemver(const std::string &s);
// A canonversion: "1", "0.2", "0.0.3" or "0.0.0" (no leading zeros).
bool isCanonVersion(const std::string &s);
std::string lowerAscii(std::string s);

} // namespace w2n::component
