// How GC objects are laid out in memory, shared by lowering and runtime-lib/src/gc.c.
//   every object   [0, 8)  the run-time type (w2n_rtt*, abi.h)
//   struct         fields from offset 8 in declaration order, each at its natural alignment
//   array          [8, 12) the length (u32); elements from offset 16
// References are pointers; an i31 is the pointer value (v << 1) | 1, so objects (16-byte aligned)
// and i31s are told apart by the low bit, and null is 0.
#pragma once

#include "compiler/frontend/module.h"

#include <vector>

namespace w2n {

inline constexpr uint32_t kGcLengthOffset = 8, kGcArrayElems = 16, kGcStructFields = 8;

// Bytes a field occupies (packed i8/i16, numbers, v128, references as pointers).
uint32_t gcStorageSize(const FieldType &f);

struct GcStructLayout {
  std::vector<uint32_t> offsets; // per field
  uint32_t size = kGcStructFields;
  std::vector<uint32_t> refOffsets; // fields holding references (for tracing)
};
GcStructLayout gcStructLayout(const GcTypeDef &def);

} // namespace w2n
