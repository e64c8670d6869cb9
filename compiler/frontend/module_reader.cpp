// readModule: the header, the section loop (order, duplicates, sizes) and the sections that are
// plain lists. Structure only; index and type rules are checked by validateModule.
#include "compiler/frontend/module_reader.h"
#include "compiler/frontend/api.h"
#include "compiler/frontend/gc_types.h"
#include "compiler/frontend/value_types.h"

namespace w2n {

namespace {
enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
  kTag = 13, // exception handling proposal
};

// Position of each known section in the required order (datacount sits between element and code,
// tag between memory and global).
int sectionRank(uint8_t id) {
  static constexpr int kRanks[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return kRanks[id];
}

const char *sectionName(uint8_t id) {
  static constexpr const char *kNames[] = {"custom", "type",   "import",     "function", "table",
                                           "memory", "global", "export",     "start",    "element",
                                           "code",   "data",   "data count", "tag"};
  return kNames[id];
}

} // namespace

bool readModule(const uint8_t *bytes, size_t size, Module &out, Diagnostics &diags) {
  return readModule(bytes, size, out, diags, false);
}

bool readModule(const uint8_t *bytes, size_t size, Module &out, Diagnostics &diags, bool exceptions,
                bool gc) {
  out = Module{};
  out.exceptions = exceptions;
  out.gc = gc;
  return ModuleReader(bytes, size, out, diags).read();
}

bool readModule(const uint8_t *base, size_t begin, size_t end, Module &out, Diagnostics &diags) {
  out = Module{};
  out.multiMemory = true; // inside a component (see Module::multiMemory)
  out.exceptions = true;
  out.gc = true;
  return ModuleReader(base, end, out, diags, begin).read();
}

bool ModuleReader::read() {
  m_.bytes = bytes_;
  m_.size = size_;
  Cursor c(bytes_, bytes_ + begin_, bytes_ + size_, diags_, "unexpected end");
  if (!readHeader(c)) return false;
  int lastRank = 0;
  while (!c.atEnd()) {
    uint64_t sectionStart = c.offset();
    uint8_t id = 0;
    uint32_t length = 0;
    if (!c.u8(id)) return false;
    if (id == kTag && !m_.exceptions)
      return c.fail(sectionStart, "unsupported feature: exception handling (tag section; "
                                  "--features exceptions turns it on)");
    if (id > kTag) return c.fail(sectionStart, "malformed section id");
    const uint8_t *sizeField = c.pos();
    if (!c.u32(length)) return false;
    if (length > c.remaining()) return c.fail(c.offsetOf(sizeField), "length out of bounds");
    if (id != kCustom) {
      int rank = sectionRank(id);
      if (rank <= lastRank)
        return c.fail(sectionStart, std::string("unexpected content after last section (") +
                                        sectionName(id) + " section out of order or repeated)");
      lastRank = rank;
    }
    Cursor section(bytes_, c.pos(), c.pos() + length, diags_);
    if (!readSection(id, section)) return false;
    if (!section.atEnd()) return section.failHere("section size mismatch");
    c.setPos(section.end());
  }
  return finish(c);
}

bool ModuleReader::readHeader(Cursor &c) {
  static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kVersion[] = {0x01, 0x00, 0x00, 0x00};
  static constexpr uint8_t kComponentVersion[] = {0x0d, 0x00, 0x01, 0x00};
  const uint8_t *magic = nullptr, *version = nullptr;
  if (!c.bytes(4, magic)) return false;
  if (std::memcmp(magic, kMagic, 4) != 0)
    return c.fail(c.offsetOf(magic), "magic header not detected");
  if (!c.bytes(4, version)) return false;
  if (std::memcmp(version, kComponentVersion, 4) == 0)
    return c.fail(c.offsetOf(version),
                  "unknown binary version (this is a component, not a core module)");
  if (std::memcmp(version, kVersion, 4) != 0)
    return c.fail(c.offsetOf(version), "unknown binary version");
  return true;
}

bool ModuleReader::readSection(uint8_t id, Cursor &c) {
  switch (id) {
  case kCustom:
    return readCustomSection(c);
  case kType:
    return readTypeSection(c);
  case kImport:
    return readImportSection(c);
  case kFunction:
    return readFunctionSection(c);
  case kTable:
    return readTableSection(c);
  case kMemory:
    return readMemorySection(c);
  case kGlobal:
    return readGlobalSection(c);
  case kExport:
    return readExportSection(c);
  case kStart:
    return readStartSection(c);
  case kElement:
    return readElementSection(c);
  case kCode:
    return readCodeSection(c);
  case kData:
    return readDataSection(c);
  case kDataCount:
    return readDataCountSection(c);
  case kTag:
    return readTagSection(c);
  }
  return c.failHere("malformed section id");
}

bool ModuleReader::readCustomSection(Cursor &c) {
  std::string name;
  if (!c.name(name)) return false;
  if (name == "name") readNameSection(c.pos(), c.end());
  c.setPos(c.end());
  return true;
}

// ---- Types ----

bool ModuleReader::readLimits(Cursor &c, Limits &out, bool memory, bool *shared,
                              uint8_t *pageSizeLog2, bool *is64) {
  uint64_t at = c.offset();
  uint8_t flags = 0; // one byte; the spec reports a continuation bit as an over-long integer
  if (!c.u8(flags)) return false;
  if (flags & 0x80) return c.fail(at, "integer representation too long");
  bool customPageSize = false, wide = false;
  if (is64 && (flags & 4)) {
    *is64 = wide = true;
    flags &= ~4;
  }
  if (shared && (flags & 2)) {
    *shared = true;
    flags &= ~2;
  }
  if (memory && pageSizeLog2 && (flags & 8)) {
    customPageSize = true;
    flags &= ~8;
  }
  if (flags > 1) {
    if (memory && (flags == 2 || flags == 3))
      return c.fail(at, "unsupported feature: threads (shared memory)");
    if (flags >= 4 && flags <= 7)
      return c.fail(at, memory ? "unsupported feature: memory64" : "unsupported feature: table64");
    if (memory && flags >= 8 && flags <= 15)
      return c.fail(at, "unsupported feature: custom page sizes");
    return c.fail(at, "integer too large");
  }
  // Limits are u64 for 64-bit memories, u32 otherwise.
  auto bound = [&](uint64_t &v) {
    uint32_t v32 = 0;
    if (wide) return c.u64(v);
    if (!c.u32(v32)) return false;
    v = v32;
    return true;
  };
  uint64_t max = 0;
  out.max.reset();
  if (!bound(out.min)) return false;
  if (flags & 1) {
    if (!bound(max)) return false;
    out.max = max;
  }
  if (customPageSize) {
    uint64_t sizeAt = c.offset();
    uint32_t log2 = 0;
    if (!c.u32(log2)) return false;
    if (log2 != 0 && log2 != 16) return c.fail(sizeAt, "invalid custom page size");
    *pageSizeLog2 = static_cast<uint8_t>(log2);
  }
  return true;
}

bool ModuleReader::readMemoryType(Cursor &c, MemoryType &out) {
  if (!m_.multiMemory) return readLimits(c, out.limits, true);
  return readLimits(c, out.limits, true, &out.shared, &out.pageSizeLog2, &out.is64);
}

bool ModuleReader::readTableType(Cursor &c, TableType &out, bool withInit) {
  uint8_t first = 0;
  if (c.peekU8(first) && first == 0x40)
    return c.failHere("unsupported feature: typed function references (table initializer)");
  uint64_t at = c.offset();
  if (!readRefType(c, out.elemType, refTypeRules(m_))) return false;
  if (!withInit && !isNullable(out.elemType))
    return c.fail(at, "type mismatch: a table of non-nullable references needs an initializer");
  if (!m_.multiMemory) return readLimits(c, out.limits, false);
  if (!readLimits(c, out.limits, false, &out.shared, nullptr, &out.is64)) return false;
  if (out.shared && !isSharedHeap(m_, heapOf(out.elemType)))
    return c.fail(at, "shared tables must have a shared element type");
  return true;
}

// ---- Sections ----

bool ModuleReader::readTypeSection(Cursor &c) {
  auto recGroup = [&] {
    uint64_t at = c.offset();
    uint8_t form = 0;
    if (!c.peekU8(form)) return c.failEnd();
    uint32_t groupSize = 1;
    if (form == 0x4e) { // rec: a recursion group
      if (!m_.gc) return c.fail(at, "unsupported feature: GC types (rec)");
      c.u8(form);
      if (!c.u32(groupSize)) return false;
    }
    uint32_t start = static_cast<uint32_t>(m_.types.size());
    if (uint64_t(start) + groupSize > heap::kMaxTypes)
      return c.fail(at, "too many types (implementation limit is " +
                            std::to_string(heap::kMaxTypes) + ")");
    for (uint32_t k = 0; k < groupSize; ++k)
      if (!readSubType(c, start, groupSize)) return false;
    return true;
  };
  if (!readVector(c, recGroup, [&](uint32_t count) {
        reserveBounded(m_.types, count, c);
        return true;
      }))
    return false;
  if (m_.gc) {
    canonicalizeTypes(m_);
    uint32_t bad = 0;
    std::string err = checkTypeDefs(m_, bad);
    if (!err.empty()) return c.fail(m_.typeDefs[bad].offset, err);
  }
  return true;
}

bool ModuleReader::readSubType(Cursor &c, uint32_t groupStart, uint32_t groupSize) {
  RefTypeRules rules = refTypeRules(m_);
  rules.typeBound = groupStart + groupSize; // a group's types may refer to each other
  FuncType type;
  GcTypeDef def;
  if (!readSubTypeBody(c, rules, type, def)) return false;
  def.recStart = groupStart;
  def.recSize = groupSize;
  if (def.super) {
    uint32_t self = static_cast<uint32_t>(m_.types.size());
    if (*def.super >= rules.typeBound)
      return c.fail(def.offset, "unknown type " + std::to_string(*def.super));
    if (*def.super < self) def.depth = m_.typeDefs[*def.super].depth + 1;
  }
  m_.types.push_back(std::move(type));
  m_.typeDefs.push_back(std::move(def));
  return true;
}

bool ModuleReader::readSubTypeBody(Cursor &c, const RefTypeRules &rules, FuncType &type,
                                   GcTypeDef &def) {
  uint64_t at = c.offset();
  def.offset = at;
  uint8_t form = 0;
  if (!c.u8(form)) return false;
  if (form == 0x50 || form == 0x4f) { // sub / sub final
    if (!rules.gc) return c.fail(at, "unsupported feature: GC types (sub)");
    def.final = form == 0x4f;
    uint32_t n = 0;
    if (!c.u32(n)) return false;
    if (n > 1) return c.fail(at, "multiple supertypes are not supported");
    if (n == 1) {
      uint32_t super = 0;
      if (!c.u32(super)) return false;
      def.super = super;
    }
    if (!c.u8(form)) return false;
  }
  if (form == 0x65) { // shared composite type
    if (!rules.gc)
      return c.fail(at, "unsupported feature: shared-everything threads (shared types; on inside "
                        "components)");
    def.shared = true;
    if (!c.u8(form)) return false;
  }
  if (form == 0x5e || form == 0x5f) {
    if (!rules.gc) return c.fail(at, "unsupported feature: GC types (struct/array)");
    def.kind = form == 0x5e ? CompositeKind::Array : CompositeKind::Struct;
    auto field = [&](FieldType &f) {
      uint8_t b = 0;
      if (!c.peekU8(b)) return c.failEnd();
      if (b == 0x78 || b == 0x77) { // i8 / i16
        c.u8(b);
        f.type = ValType::I32;
        f.packedBytes = b == 0x78 ? 1 : 2;
      } else if (!readValType(c, f.type, rules)) {
        return false;
      }
      return readMutability(c, f.mutable_);
    };
    FieldType element;
    if (form == 0x5e) { // an array: one field
      if (!field(element)) return false;
      def.fields.push_back(element);
    } else if (!readVectorInto(c, def.fields, field)) {
      return false;
    }
  } else if (form & 0x80) { // the form is a one-byte signed integer in the grammar
    return c.fail(at, "integer representation too long");
  } else if (form != 0x60) {
    return c.fail(at, "malformed function type");
  } else if (!readFuncTypeVectors(c, type, rules)) {
    return false;
  }
  return true;
}

bool ModuleReader::readImportSection(Cursor &c) {
  return readVectorInto(c, m_.imports, [&](Import &imp) {
    imp.offset = c.offset();
    if (!c.name(imp.module) || !c.name(imp.name)) return false;
    uint64_t kindAt = c.offset();
    uint8_t kind = 0;
    if (!c.u8(kind)) return false;
    switch (kind) {
    case 0: {
      uint32_t type = 0;
      if (!c.u32(type)) return false;
      imp.funcType = TypeIndex(type);
      m_.funcTypes.push_back(imp.funcType);
      ++m_.numImportedFuncs;
      break;
    }
    case 1:
      if (!readTableType(c, imp.table, true)) return false;
      m_.tables.push_back(imp.table);
      ++m_.numImportedTables;
      break;
    case 2:
      if (!readMemoryType(c, imp.memory)) return false;
      m_.memories.push_back(imp.memory);
      ++m_.numImportedMemories;
      break;
    case 3:
      if (!readGlobalType(c, imp.global, refTypeRules(m_))) return false;
      m_.globalTypes.push_back(imp.global);
      ++m_.numImportedGlobals;
      break;
    case 4:
      if (!m_.exceptions)
        return c.fail(kindAt, "unsupported feature: exception handling (tag import; --features "
                              "exceptions turns it on)");
      if (!readTagType(c, imp.tagType)) return false;
      m_.tags.push_back(imp.tagType);
      ++m_.numImportedTags;
      break;
    default:
      return c.fail(kindAt, "malformed import kind");
    }
    imp.kind = static_cast<ExternKind>(kind);
    return true;
  });
}

bool ModuleReader::readFunctionSection(Cursor &c) {
  sawFunctionSection_ = true;
  if (!readVectorInto(c, m_.funcs, [&](Function &f) { return c.u32(f.type.value); })) return false;
  for (const Function &f : m_.funcs) // the section comes once, after the imports
    m_.funcTypes.push_back(f.type);
  return true;
}

bool ModuleReader::readTableSection(Cursor &c) {
  return readVectorInto(c, m_.tables, [&](TableType &t) {
    ConstExpr init;
    init.kind = ConstExpr::Kind::RefNull;
    uint8_t first = 0;
    if (c.peekU8(first) && first == 0x40) { // 0x40 0x00 tabletype expr: with an initializer
      if (!m_.gc)
        return c.failHere("unsupported feature: typed function references (table initializer)");
      uint64_t at = c.offset();
      uint8_t zero = 0;
      c.u8(first);
      if (!c.u8(zero)) return false;
      if (zero != 0) return c.fail(at, "malformed table type");
      if (!readTableType(c, t, true) || !readConstExpr(c, init, allGlobals())) return false;
    } else if (!readTableType(c, t)) {
      return false;
    }
    init.refType = t.elemType;
    m_.tableInits.push_back(init);
    return true;
  });
}

bool ModuleReader::readMemorySection(Cursor &c) {
  return readVectorInto(c, m_.memories, [&](MemoryType &t) { return readMemoryType(c, t); });
}

bool ModuleReader::readGlobalSection(Cursor &c) {
  return readVectorInto(c, m_.globals, [&](Global &g) {
    if (!readGlobalType(c, g.type, refTypeRules(m_)) ||
        !readConstExpr(c, g.init, static_cast<uint32_t>(m_.globalTypes.size())))
      return false;
    m_.globalTypes.push_back(g.type);
    return true;
  });
}

bool ModuleReader::readExportSection(Cursor &c) {
  return readVectorInto(c, m_.exports, [&](Export &e) {
    e.offset = c.offset();
    if (!c.name(e.name)) return false;
    uint64_t kindAt = c.offset();
    uint8_t kind = 0;
    if (!c.u8(kind)) return false;
    if (kind == 4 && !m_.exceptions)
      return c.fail(kindAt, "unsupported feature: exception handling (tag export; --features "
                            "exceptions turns it on)");
    if (kind > 4) return c.fail(kindAt, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    return c.u32(e.index);
  });
}

bool ModuleReader::readStartSection(Cursor &c) {
  uint32_t index = 0;
  if (!c.u32(index)) return false;
  m_.start = FuncIndex(index);
  return true;
}

bool ModuleReader::readTagType(Cursor &c, TypeIndex &out) {
  uint64_t at = c.offset();
  uint8_t attribute = 0;
  uint32_t type = 0;
  if (!c.u8(attribute)) return false;
  if (attribute != 0) return c.fail(at, "malformed tag attribute");
  if (!c.u32(type)) return false;
  out = TypeIndex(type);
  return true;
}

bool ModuleReader::readTagSection(Cursor &c) {
  return readVectorInto(c, m_.tags, [&](TypeIndex &t) { return readTagType(c, t); });
}

bool ModuleReader::readDataCountSection(Cursor &c) {
  uint32_t count = 0;
  if (!c.u32(count)) return false;
  m_.dataCount = count;
  return true;
}

bool ModuleReader::readCodeSection(Cursor &c) {
  sawCodeSection_ = true;
  uint64_t at = c.offset();
  uint32_t count = 0;
  if (!c.u32(count)) return false;
  if (count != m_.funcs.size())
    return c.fail(at, "function and code section have inconsistent lengths");
  for (Function &f : m_.funcs) {
    const uint8_t *body = nullptr;
    uint32_t size = 0;
    if (!c.lengthPrefixed(body, size)) return false;
    f.bodyOffset = c.offsetOf(body);
    f.bodySize = size;
  }
  return true;
}

bool ModuleReader::finish(Cursor &c) {
  if (sawFunctionSection_ && !m_.funcs.empty() && !sawCodeSection_)
    return c.fail(c.offset(), "function and code section have inconsistent lengths");
  if (m_.dataCount && *m_.dataCount != m_.datas.size())
    return c.fail(c.offset(), "data count and data section have inconsistent lengths");
  computeDeclaredFuncRefs();
  m_.funcNames.assign(m_.funcTypes.size(), std::string());
  for (auto &[index, name] : pendingFuncNames_)
    if (index < m_.funcNames.size()) m_.funcNames[index] = std::move(name);
  pendingFuncNames_.clear();
  return true;
}

// C.refs of the spec: functions that ref.func may name in code — those referenced from element
// segments, global initializers and exports.
void ModuleReader::computeDeclaredFuncRefs() {
  m_.declaredFuncRefs.assign(m_.funcTypes.size(), false);
  auto mark = [&](const ConstExpr &e) {
    if (e.kind == ConstExpr::Kind::RefFunc && e.bits < m_.declaredFuncRefs.size())
      m_.declaredFuncRefs[e.bits] = true;
  };
  for (const Global &g : m_.globals)
    mark(g.init);
  for (const ConstExpr &e : m_.tableInits)
    mark(e);
  for (const ElemSegment &s : m_.elems)
    for (const ConstExpr &e : s.items)
      mark(e);
  for (const Export &e : m_.exports)
    if (e.kind == ExternKind::Func && e.index < m_.declaredFuncRefs.size())
      m_.declaredFuncRefs[e.index] = true;
  for (uint32_t f : exprFuncRefs_)
    if (f < m_.declaredFuncRefs.size()) m_.declaredFuncRefs[f] = true;
}

} // namespace w2n
