// The component binary reader (Binary.md), one method per section, split over files by concern:
// component_reader.cpp (preamble, section loop, instances, aliases, canon, start, imports,
// exports, values, the name section) and component_reader_types.cpp (core types, value types,
// function/component/instance/resource types). Nested core modules go through the core
// ModuleReader with absolute offsets; nested components recurse with a depth limit. Internal to
// the frontend; callers use readComponent() from component_api.h.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/component/component_model.h"

#include <string>

namespace w2n::component {

// Nesting limit for components inside components and types inside types: a hostile file cannot
// exhaust the native stack.
inline constexpr unsigned kMaxNesting = 100;

class ComponentReader {
public:
  ComponentReader(const uint8_t *bytes, size_t size, Diagnostics &diags)
      : bytes_(bytes), size_(size), diags_(diags) {}

  // Reads the component at [begin, end) of the file into `out`.
  bool read(size_t begin, size_t end, Component &out, unsigned depth);

  // Pieces shared with the type reader.
  bool readValTypeRef(Cursor &c, ValTypeRef &out);
  bool readExternDesc(Cursor &c, ExternDesc &out);
  bool readExternName(Cursor &c, ExternName &out);
  bool readSort(Cursor &c, SortRef &out);
  bool readCoreSort(Cursor &c, CoreSort &out);
  bool readAlias(Cursor &c, Alias &out);
  bool readCoreType(Cursor &c, CoreTypeDef &out, bool insideModuleType);
  bool readType(Cursor &c, TypeDef &out, unsigned depth);

private:
  bool readPreamble(Cursor &c);
  bool readSection(uint8_t id, Cursor &c, Component &out, unsigned depth);
  bool readCustomSection(Cursor &c, Component &out);
  bool readCoreModuleSection(Cursor &c, Component &out);
  bool readCoreInstanceSection(Cursor &c, Component &out);
  bool readCoreTypeSection(Cursor &c, Component &out);
  bool readComponentSection(Cursor &c, Component &out, unsigned depth);
  bool readInstanceSection(Cursor &c, Component &out);
  bool readAliasSection(Cursor &c, Component &out);
  bool readTypeSection(Cursor &c, Component &out, unsigned depth);
  bool readCanonSection(Cursor &c, Component &out);
  bool readStartSection(Cursor &c, Component &out);
  bool readImportSection(Cursor &c, Component &out);
  bool readExportSection(Cursor &c, Component &out);
  bool readValueSection(Cursor &c, Component &out);

  // A section that is a vector of definitions of one kind: each item read by `one(T &)` from
  // its offset (in T::offset) and added to `out` at that offset.
  template <typename T, typename Read>
  static bool readDefinitions(Cursor &c, Component &out, Definition::Kind kind, Read one) {
    return readVector(c, [&] {
      T item;
      item.offset = c.offset();
      if (!one(item)) return false;
      Definition d;
      d.kind = kind;
      d.offset = item.offset;
      d.item = std::move(item);
      out.definitions.push_back(std::move(d));
      return true;
    });
  }

  bool readCanonDef(Cursor &c, CanonDef &out);
  bool readCanonOptions(Cursor &c, CanonOptions &out);
  bool readDefValType(Cursor &c, uint8_t opcode, uint64_t at, DefValType &out);
  bool readTypeDecls(Cursor &c, TypeDef &out, bool component, unsigned depth);
  bool readCoreExternType(Cursor &c, CoreExternType &out);
  bool readLabel(Cursor &c, std::string &out);
  // A record field or function parameter: label, then value type.
  bool readLabeledType(Cursor &c, LabeledType &out);

  const uint8_t *bytes_;
  size_t size_;
  Diagnostics &diags_;
};

// Two lowercase hex digits.
inline std::string fmtHex(uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return {kDigits[b >> 4], kDigits[b & 15]};
}

// "unsupported feature: component model async (<what>)" at `at`.
bool failAsync(Cursor &c, uint64_t at, const char *what);

} // namespace w2n::component
