// validateModule: the module-level rules of Wasm 2.0 (limits, index spaces, constant expressions,
// segments, exports, start) and every function body through FunctionDecoder<NullInterface>.
// Errors are collected (up to the Diagnostics limit) rather than stopping at the first one.
#include "compiler/frontend/api.h"
#include "compiler/frontend/function_decoder.h"

#include <string_view>
#include <unordered_set>

namespace w2n {

namespace {
constexpr uint64_t kMaxMemoryPages = 65536;

class ModuleValidator {
public:
  ModuleValidator(const Module &m, Diagnostics &d) : m_(m), d_(d) {}

  bool run() {
    size_t before = d_.count();
    checkTypes();
    checkTables();
    checkMemories();
    checkGlobals();
    checkExports();
    checkStart();
    checkElems();
    checkDatas();
    checkBodies();
    return d_.count() == before;
  }

private:
  void error(uint64_t offset, std::string message) { d_.error(offset, std::move(message)); }
  uint32_t allGlobals() const { return static_cast<uint32_t>(m_.globalTypes.size()); }

  void checkTypes() {
    for (const Import &imp : m_.imports)
      if (imp.kind == ExternKind::Func && !m_.isFuncType(imp.funcType.value))
        error(imp.offset, "unknown type " + std::to_string(imp.funcType.value));
    for (const Function &f : m_.funcs)
      if (!m_.isFuncType(f.type.value))
        error(f.bodyOffset, "unknown type " + std::to_string(f.type.value));
    for (size_t i = 0; i < m_.tags.size(); ++i) {
      uint64_t at = i < m_.numImportedTags ? importOffset(ExternKind::Tag, i) : 0;
      if (!m_.isFuncType(m_.tags[i].value))
        error(at, "unknown type " + std::to_string(m_.tags[i].value));
      else if (!m_.types[m_.tags[i].value].results.empty())
        error(at, "non-empty tag result type");
    }
  }

  void checkLimits(const Limits &l, uint64_t offset, uint64_t maxAllowed, const char *what) {
    if (l.min > maxAllowed || (l.max && *l.max > maxAllowed)) error(offset, std::string(what));
    if (l.max && l.min > *l.max) error(offset, "size minimum must not be greater than maximum");
  }

  uint64_t importOffset(ExternKind kind, size_t index) {
    for (const Import &imp : m_.imports)
      if (imp.kind == kind && index-- == 0) return imp.offset;
    return 0;
  }

  void checkTables() {
    for (size_t i = 0; i < m_.tables.size(); ++i)
      checkLimits(m_.tables[i].limits, importOffset(ExternKind::Table, i),
                  m_.tables[i].is64 ? ~0ull : 0xffffffffull, "table size must be at most 2^32-1");
    for (size_t i = 0; i < m_.tableInits.size(); ++i)
      if (m_.tableInits[i].kind != ConstExpr::Kind::RefNull)
        checkConstExpr(m_.tableInits[i], m_.tables[m_.numImportedTables + i].elemType,
                       m_.numImportedGlobals); // the table section precedes the globals
  }

  void checkMemories() {
    for (size_t i = 0; i < m_.memories.size(); ++i) {
      // 4 GiB (memory64: 2^64 bytes) in pages of the memory's size (64 KiB, or 1 byte with
      // custom page sizes)
      const MemoryType &mt = m_.memories[i];
      uint64_t maxPages = mt.is64 ? (mt.pageSizeLog2 ? 1ull << 48 : ~0ull)
                                  : (kMaxMemoryPages << 16) >> mt.pageSizeLog2;
      checkLimits(m_.memories[i].limits, importOffset(ExternKind::Memory, i), maxPages,
                  "memory size must be at most 65536 pages (4GiB)");
      if (m_.memories[i].shared && !m_.memories[i].limits.max)
        error(importOffset(ExternKind::Memory, i), "shared memory must have maximum");
    }
    if (m_.memories.size() > 1 && !m_.multiMemory)
      error(importOffset(ExternKind::Memory, 1), "multiple memories");
  }

  // A constant expression of type `expected`; global.get may name only immutable globals below
  // `globalLimit` (Wasm 2.0: the imported ones; GC modules: also those defined earlier).
  void checkConstExpr(const ConstExpr &e, ValType expected, uint32_t globalLimit) {
    if (!m_.gc) globalLimit = m_.numImportedGlobals;
    ValType actual = ValType::I32;
    switch (e.kind) {
    case ConstExpr::Kind::I32:
      actual = ValType::I32;
      break;
    case ConstExpr::Kind::I64:
      actual = ValType::I64;
      break;
    case ConstExpr::Kind::F32:
      actual = ValType::F32;
      break;
    case ConstExpr::Kind::F64:
      actual = ValType::F64;
      break;
    case ConstExpr::Kind::V128:
      actual = ValType::V128;
      break;
    case ConstExpr::Kind::RefNull:
      actual = e.refType;
      break;
    case ConstExpr::Kind::RefFunc:
      if (e.bits >= m_.funcTypes.size())
        return error(e.offset, "unknown function " + std::to_string(e.bits));
      if (!m_.isFuncType(m_.funcTypes[e.bits].value)) return; // reported with the function
      actual =
          m_.gc ? makeRef(heap::kConcrete + m_.funcTypes[e.bits].value, false) : ValType::FuncRef;
      break;
    case ConstExpr::Kind::Expr: {
      FuncType sig;
      sig.results.push_back(expected);
      NullInterface null;
      FunctionDecoder<NullInterface> d(m_, m_.bytes + e.offset, m_.bytes + e.offset + e.exprSize,
                                       sig, globalLimit, null, d_);
      d.decode();
      return;
    }
    case ConstExpr::Kind::GlobalGet:
      if (e.bits >= globalLimit) return error(e.offset, "unknown global " + std::to_string(e.bits));
      if (m_.globalTypes[e.bits].mutable_) return error(e.offset, "constant expression required");
      actual = m_.globalTypes[e.bits].type;
      break;
    }
    if (!isSubtype(m_, actual, expected))
      error(e.offset, std::string("type mismatch in constant expression, expected ") +
                          valTypeName(expected) + " but got " + valTypeName(actual));
  }

  void checkGlobals() {
    for (size_t i = 0; i < m_.globals.size(); ++i)
      checkConstExpr(m_.globals[i].init, m_.globals[i].type.type,
                     static_cast<uint32_t>(m_.numImportedGlobals + i));
  }

  void checkExports() {
    std::unordered_set<std::string_view> names;
    names.reserve(m_.exports.size());
    for (const Export &e : m_.exports) {
      if (!names.insert(e.name).second) error(e.offset, "duplicate export name \"" + e.name + "\"");
      size_t limit = 0;
      const char *what = "";
      switch (e.kind) {
      case ExternKind::Func:
        limit = m_.funcTypes.size(), what = "unknown function ";
        break;
      case ExternKind::Table:
        limit = m_.tables.size(), what = "unknown table ";
        break;
      case ExternKind::Memory:
        limit = m_.memories.size(), what = "unknown memory ";
        break;
      case ExternKind::Global:
        limit = m_.globalTypes.size(), what = "unknown global ";
        break;
      case ExternKind::Tag:
        limit = m_.tags.size(), what = "unknown tag ";
        break;
      }
      if (e.index >= limit) error(e.offset, what + std::to_string(e.index));
    }
  }

  void checkStart() {
    if (!m_.start) return;
    uint32_t f = m_.start->value;
    if (f >= m_.funcTypes.size()) return error(0, "unknown function " + std::to_string(f));
    if (m_.funcTypes[f].value >= m_.types.size()) return;
    const FuncType &t = m_.funcType(*m_.start);
    if (!t.params.empty() || !t.results.empty()) error(0, "start function must have type [] -> []");
  }

  void checkElems() {
    for (const ElemSegment &s : m_.elems) {
      if (s.mode == ElemSegment::Mode::Active) {
        if (s.table.value >= m_.tables.size()) {
          error(s.offset, "unknown table " + std::to_string(s.table.value));
        } else if (!isSubtype(m_, s.elemType, m_.tables[s.table.value].elemType)) {
          error(s.offset, "type mismatch: element segment and table have different element types");
        } else {
          checkConstExpr(s.offsetExpr, m_.tables[s.table.value].indexType(), allGlobals());
        }
      }
      for (const ConstExpr &item : s.items)
        checkConstExpr(item, s.elemType, allGlobals());
    }
  }

  void checkDatas() {
    for (const DataSegment &s : m_.datas) {
      if (s.mode != DataSegment::Mode::Active) continue;
      if (s.memory.value >= m_.memories.size())
        error(s.offset, "unknown memory " + std::to_string(s.memory.value));
      else
        checkConstExpr(s.offsetExpr, m_.memories[s.memory.value].addressType(), allGlobals());
    }
  }

  void checkBodies() {
    NullInterface null;
    for (size_t i = 0; i < m_.funcs.size(); ++i) {
      if (!m_.isFuncType(m_.funcs[i].type.value)) continue; // already reported
      FuncIndex f(static_cast<uint32_t>(m_.numImportedFuncs + i));
      FunctionDecoder<NullInterface> decoder(m_, f, null, d_);
      decoder.decode();
    }
  }

  const Module &m_;
  Diagnostics &d_;
};
} // namespace

bool validateModule(const Module &module, Diagnostics &diags) {
  return ModuleValidator(module, diags).run();
}

} // namespace w2n
