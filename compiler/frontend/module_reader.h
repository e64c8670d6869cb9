// The core-module binary reader, split over several files by concern: module_reader.cpp (header,
// section loop, simple sections), reader_segments.cpp (constant expressions, element and data
// segments), name_section.cpp (the "name" custom section). Internal to the frontend; callers use
// readModule() from api.h.
#pragma once

#include "compiler/frontend/binary_cursor.h"
#include "compiler/frontend/module.h"
#include "compiler/frontend/value_types.h"

#include <string>
#include <utility>
#include <vector>

namespace w2n {

class ModuleReader {
public:
  // Reads the module at [bytes + begin, bytes + size); offsets count from `bytes` (a module
  // nested in a component keeps the offsets of the whole file).
  ModuleReader(const uint8_t *bytes, size_t size, Module &module, Diagnostics &diags,
               size_t begin = 0)
      : bytes_(bytes), size_(size), begin_(begin), m_(module), diags_(diags) {}
  bool read();

  // Pieces shared with other readers (the component reader will reuse them).
  // `shared` / `pageSizeLog2`: where a memory's shared flag and custom page size go; null when
  // the proposal is not accepted.
  static bool readLimits(Cursor &c, Limits &out, bool memory, bool *shared = nullptr,
                         uint8_t *pageSizeLog2 = nullptr, bool *is64 = nullptr);
  // One subtype of a type section (GC: [sub [final] supertype] comptype) into `type` (function
  // types) and `def`; the supertype index is left unchecked (the caller knows the bound).
  static bool readSubTypeBody(Cursor &c, const RefTypeRules &rules, FuncType &type, GcTypeDef &def);
  // A memory type, with the proposals accepted inside components.
  bool readMemoryType(Cursor &c, MemoryType &out);

private:
  bool readHeader(Cursor &c);
  bool readSection(uint8_t id, Cursor &c);
  bool readCustomSection(Cursor &c);
  bool readTypeSection(Cursor &c);
  bool readSubType(Cursor &c, uint32_t groupStart, uint32_t groupSize);
  bool readImportSection(Cursor &c);
  bool readFunctionSection(Cursor &c);
  bool readTableSection(Cursor &c);
  bool readMemorySection(Cursor &c);
  bool readGlobalSection(Cursor &c);
  bool readExportSection(Cursor &c);
  bool readStartSection(Cursor &c);
  bool readElementSection(Cursor &c);
  bool readDataCountSection(Cursor &c);
  bool readCodeSection(Cursor &c);
  bool readDataSection(Cursor &c);
  bool readTagSection(Cursor &c);
  // A tag type: the attribute byte (0, exception) and a function type index.
  bool readTagType(Cursor &c, TypeIndex &out);
  bool finish(Cursor &c);

  bool readTableType(Cursor &c, TableType &out, bool withInit = false);
  // `globalLimit`: global.get may name globals below it (GC modules: those defined earlier).
  bool readConstExpr(Cursor &c, ConstExpr &out, uint32_t globalLimit);
  bool readGcConstExpr(Cursor &c, ConstExpr &out, uint32_t globalLimit);
  uint32_t allGlobals() const { return static_cast<uint32_t>(m_.globalTypes.size()); }
  bool readElemSegment(Cursor &c, ElemSegment &out);
  bool readDataSegment(Cursor &c, DataSegment &out);
  // Never fails the module: a malformed name section is ignored (from the failing subsection on).
  void readNameSection(const uint8_t *begin, const uint8_t *end);
  void computeDeclaredFuncRefs();

  const uint8_t *bytes_;
  size_t size_;
  size_t begin_;
  Module &m_;
  Diagnostics &diags_;
  bool sawFunctionSection_ = false;
  bool sawCodeSection_ = false;
  bool sawDataSection_ = false;
  std::vector<std::pair<uint32_t, std::string>> pendingFuncNames_;
  std::vector<uint32_t> exprFuncRefs_; // ref.func inside Expr constant expressions
};

} // namespace w2n
