// Canonical type identities and subtyping (gc_types.h).
#include "compiler/frontend/gc_types.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/SHA256.h"

#include <array>

#include <unordered_map>

namespace w2n {

namespace {

constexpr uint32_t kMaxSubtypingDepth = 63; // as Wasmtime and V8

std::string hexOf(llvm::ArrayRef<uint8_t> bytes, size_t n) {
  static const char *digits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n && i < bytes.size(); ++i) {
    s += digits[bytes[i] >> 4];
    s += digits[bytes[i] & 15];
  }
  return s;
}

bool needsCanon(const Module &m, uint32_t i) {
  const GcTypeDef &d = m.typeDefs[i];
  if (d.kind != CompositeKind::Func || d.recSize != 1 || d.super || !d.final || d.shared)
    return true;
  for (const auto *list : {&m.types[i].params, &m.types[i].results})
    for (ValType t : *list)
      if (valTypeLetter(t) == 'r') return true;
  return false;
}

} // namespace

void canonicalizeTypes(Module &m, uint32_t from) {
  size_t n = m.types.size();
  std::vector<std::string> keys = std::move(m.canonKeys);
  keys.resize(n);
  std::unordered_map<std::string, uint32_t> ids;
  for (uint32_t i = 0; i < from; ++i)
    ids.emplace(keys[i], m.canonIds[i]);
  m.canonIds.resize(n, 0);
  for (uint32_t s = from; s < n;) {
    uint32_t size = m.typeDefs[s].recSize;
    std::string group;
    // Appends a type index: relative inside the group, by its key outside.
    auto ref = [&](uint32_t j) {
      if (j >= s && j < s + size) {
        group += '@';
        group += std::to_string(j - s);
      } else {
        group += '<';
        group += keys[j];
        group += '>';
      }
    };
    auto val = [&](char tag, ValType t) {
      group += tag;
      if (isRefType(t) && heap::isConcrete(heapOf(t))) {
        group += isNullable(t) ? 'n' : 'N';
        ref(heap::typeIndex(heapOf(t)));
      } else {
        group += std::to_string(static_cast<uint32_t>(t));
      }
    };
    for (uint32_t i = s; i < s + size; ++i) {
      const GcTypeDef &d = m.typeDefs[i];
      group += d.final ? "{F" : "{O";
      if (d.shared) group += 'S';
      if (d.super) {
        group += 's';
        ref(*d.super);
      }
      group += 'k';
      group += std::to_string(static_cast<int>(d.kind));
      if (d.kind == CompositeKind::Func) {
        for (ValType t : m.types[i].params)
          val('p', t);
        for (ValType t : m.types[i].results)
          val('r', t);
      } else {
        for (const FieldType &f : d.fields) {
          group += std::to_string(f.packedBytes);
          val(f.mutable_ ? 'm' : 'c', f.type);
        }
      }
      group += '}';
    }
    std::array<uint8_t, 32> digest = llvm::SHA256::hash(
        llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(group.data()), group.size()));
    std::string h = hexOf(digest, 16);
    for (uint32_t i = s; i < s + size; ++i) {
      keys[i] = h;
      keys[i] += 'x';
      keys[i] += std::to_string(i - s);
      m.canonIds[i] = ids.emplace(keys[i], i).first->second;
      if (needsCanon(m, i)) m.types[i].canon = keys[i];
      m.types[i].canonSupers.clear();
      for (auto t = m.typeDefs[i].super; t && *t < i; t = m.typeDefs[*t].super)
        m.types[i].canonSupers.push_back(signatureKey(m.types[*t]));
    }
    s += size;
  }
  m.canonKeys = std::move(keys);
}

ValType moduleIndependent(const Module &m, ValType t) {
  if (!isRefType(t) || !heap::isConcrete(heapOf(t))) return t;
  static std::unordered_map<std::string, uint32_t> ids;
  const std::string &key = m.canonKeys[heap::typeIndex(heapOf(t))];
  uint32_t id = ids.emplace(key, static_cast<uint32_t>(ids.size())).first->second;
  return makeRef(heap::kConcrete + id, isNullable(t));
}

bool isSharedHeap(const Module &m, uint32_t h) {
  if (!heap::isConcrete(h)) return heap::isSharedAbstract(h);
  return heap::typeIndex(h) < m.typeDefs.size() && m.typeDefs[heap::typeIndex(h)].shared;
}

namespace {

// heapTop / heapBottom of an unshared heap type (or of a concrete one, ignoring sharedness).
uint32_t topOf(const Module &m, uint32_t h) {
  if (heap::isConcrete(h))
    return concreteKind(m, h) == CompositeKind::Func ? heap::Func : heap::Any;
  switch (h) {
  case heap::Func:
  case heap::NoFunc:
    return heap::Func;
  case heap::Extern:
  case heap::NoExtern:
    return heap::Extern;
  case heap::Exn:
  case heap::NoExn:
    return heap::Exn;
  default:
    return heap::Any;
  }
}

uint32_t bottomOf(const Module &m, uint32_t h) {
  switch (topOf(m, h)) {
  case heap::Func:
    return heap::NoFunc;
  case heap::Extern:
    return heap::NoExtern;
  case heap::Exn:
    return heap::NoExn;
  default:
    return heap::None;
  }
}

} // namespace

// A shared type's hierarchy is the shared version of its unshared one.
uint32_t heapTop(const Module &m, uint32_t h) {
  return topOf(m, heap::unshared(h)) | (isSharedHeap(m, h) ? heap::kShared : 0);
}

uint32_t heapBottom(const Module &m, uint32_t h) {
  return bottomOf(m, heap::unshared(h)) | (isSharedHeap(m, h) ? heap::kShared : 0);
}

bool isHeapSubtype(const Module &m, uint32_t a, uint32_t b) {
  if (a == b) return true;
  // Shared and unshared types form separate hierarchies of the same shape.
  if (isSharedHeap(m, a) != isSharedHeap(m, b)) return false;
  a = heap::unshared(a);
  b = heap::unshared(b);
  if (a == b) return true;
  bool ca = heap::isConcrete(a), cb = heap::isConcrete(b);
  if (ca && cb) {
    uint32_t target = m.canonIds[heap::typeIndex(b)];
    for (uint32_t t = heap::typeIndex(a);;) {
      if (m.canonIds[t] == target) return true;
      if (!m.typeDefs[t].super) return false;
      t = *m.typeDefs[t].super;
    }
  }
  if (topOf(m, a) != topOf(m, b)) return false;
  if (a == bottomOf(m, a)) return true; // the bottom is below everything of its hierarchy
  if (b == topOf(m, b)) return true;
  if (cb) return false; // only the bottom and the type's own subtypes lie below a concrete type
  if (ca) {
    CompositeKind k = concreteKind(m, a);
    if (k == CompositeKind::Struct) return b == heap::Struct || b == heap::Eq;
    if (k == CompositeKind::Array) return b == heap::Array || b == heap::Eq;
    return false; // func: only func itself (the top) lies above
  }
  // Abstract types of the any hierarchy: i31, struct, array <: eq.
  return b == heap::Eq && (a == heap::I31 || a == heap::Struct || a == heap::Array);
}

bool isSubtype(const Module &m, ValType a, ValType b) {
  if (a == b || a == ValType::Bottom) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return isHeapSubtype(m, heapOf(a), heapOf(b));
}

bool isFieldSubtype(const Module &m, const FieldType &a, const FieldType &b) {
  if (a.mutable_ != b.mutable_ || a.packedBytes != b.packedBytes) return false;
  if (a.mutable_) return isSubtype(m, a.type, b.type) && isSubtype(m, b.type, a.type);
  return isSubtype(m, a.type, b.type);
}

bool funcTypeMatches(const FuncType &provided, const FuncType &expected) {
  if (signatureKey(provided) == signatureKey(expected)) return true;
  if (expected.canon.empty()) return false;
  std::string want = signatureKey(expected);
  for (const std::string &s : provided.canonSupers)
    if (s == want) return true;
  return false;
}

std::string checkTypeDefs(const Module &m, uint32_t &bad, uint32_t from) {
  // Numbers are shared; a reference is when its heap type is.
  auto sharedValue = [&](ValType t) { return !isRefType(t) || isSharedHeap(m, heapOf(t)); };
  for (uint32_t i = from; i < m.typeDefs.size(); ++i) {
    const GcTypeDef &d = m.typeDefs[i];
    bad = i;
    if (d.shared) {
      bool ok = true;
      for (const FieldType &f : d.fields)
        ok = ok && sharedValue(f.type);
      if (d.kind == CompositeKind::Func)
        for (const auto *list : {&m.types[i].params, &m.types[i].results})
          for (ValType t : *list)
            ok = ok && sharedValue(t);
      if (!ok) return "shared composite type must contain shared types";
    }
    if (!d.super) continue;
    uint32_t s = *d.super;
    if (s >= i)
      return "supertype " + std::to_string(s) + " must be defined before type " + std::to_string(i);
    const GcTypeDef &sd = m.typeDefs[s];
    if (sd.final)
      return "type " + std::to_string(i) + " cannot be a subtype of final type " +
             std::to_string(s);
    if (d.depth > kMaxSubtypingDepth)
      return "subtyping depth exceeds the limit of " + std::to_string(kMaxSubtypingDepth);
    std::string mismatch =
        "type " + std::to_string(i) + " does not match its supertype " + std::to_string(s);
    if (sd.kind != d.kind || sd.shared != d.shared) return mismatch;
    if (d.kind == CompositeKind::Func) {
      const FuncType &f = m.types[i], &g = m.types[s];
      if (f.params.size() != g.params.size() || f.results.size() != g.results.size())
        return mismatch;
      for (size_t k = 0; k < f.params.size(); ++k)
        if (!isSubtype(m, g.params[k], f.params[k])) return mismatch;
      for (size_t k = 0; k < f.results.size(); ++k)
        if (!isSubtype(m, f.results[k], g.results[k])) return mismatch;
      continue;
    }
    if (d.fields.size() < sd.fields.size() ||
        (d.kind == CompositeKind::Array && d.fields.size() != sd.fields.size()))
      return mismatch;
    for (size_t k = 0; k < sd.fields.size(); ++k)
      if (!isFieldSubtype(m, d.fields[k], sd.fields[k])) return mismatch;
  }
  return {};
}

} // namespace w2n
