// The GC proposal's type relations: canonical identities of defined types (iso-recursive
// equivalence: two types are the same when their recursion groups are structurally identical,
// references inside a group counted relative to it) and subtyping of heap and value types.
#pragma once

#include "compiler/frontend/module.h"

#include <string>

namespace w2n {

// Fills Module::canonIds and FuncType::canon (for function types whose letters do not identify
// them) once the type section is read. The canonical key of a type is a SHA-256 of its group's
// structure, so it is equal across modules for equivalent types.
// Types below `from` keep the identities computed before (a component's core types grow).
void canonicalizeTypes(Module &m, uint32_t from = 0);
// The type section's definitions from `from` on are valid: shared types contain only shared
// types (shared-everything threads), declared subtypes are (supertype earlier and not final, same
// kind and sharedness, matching fields and signatures, depth limit). An error message, or empty.
std::string checkTypeDefs(const Module &m, uint32_t &badType, uint32_t from = 0);
// Whether a function of type `provided` may stand where `expected` is required: the same
// signature key, or `expected` among its declared supertypes.
bool funcTypeMatches(const FuncType &provided, const FuncType &expected);

// Shared-everything threads: a (shared ...) abstract type, or a concrete one defined shared.
bool isSharedHeap(const Module &m, uint32_t h);
bool isHeapSubtype(const Module &m, uint32_t a, uint32_t b);
bool isSubtype(const Module &m, ValType a, ValType b);
bool isFieldSubtype(const Module &m, const FieldType &a, const FieldType &b);
// The top and bottom of a heap type's hierarchy (any/none, func/nofunc, extern/noextern,
// exn/noexn).
uint32_t heapTop(const Module &m, uint32_t h);
uint32_t heapBottom(const Module &m, uint32_t h);
// `t` with a concrete heap type replaced by a program-wide id of its canonical key, so that types
// of different modules compare equal exactly when they are equivalent (for linking checks only:
// the result is not an index of any module).
ValType moduleIndependent(const Module &m, ValType t);
// The kind a concrete heap type defines.
inline CompositeKind concreteKind(const Module &m, uint32_t h) {
  return m.typeDefs[heap::typeIndex(h)].kind;
}

} // namespace w2n
