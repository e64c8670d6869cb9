// The layout of an instance's context (vmctx): the one block of memory that compiled code of a
// module reaches through its first argument. Lowering, the instantiate function and the export
// descriptors (which give the runtime byte offsets into it) all read offsets from here.
//
// Layout, in this order (every offset is a multiple of 8, cells and funcrefs of 16):
//   0                 ptr   base of memory 0 (cached at instantiation; never moves), or unused
//   8 + 8*m           ptr   w2n_memory* of memory m (imported or defined)
//   ...               ptr   w2n_table* per table (imported or defined)
//   ...               ptr   const w2n_funcref* per imported function
//   ...               ptr   cell pointer per imported global (the exporter's 16-byte cell)
//   ...  (16-aligned) 16 B  value cell per defined global (w2n_val layout, value in low bytes)
//   ...               32 B  w2n_funcref per defined function that can be referenced (ref.func,
//                           element segments, exports); others get no slot
//   ...               16 B  per element segment: {ptr items, i32 length} (length 0 once dropped)
//   ...               4 B   per data segment: its current length (0 once dropped)
//   ...  (8-aligned)  8 B   per tag: imported, a pointer to the exporter's w2n_tag; defined, the
//                           w2n_tag itself (its address is the tag's identity)
// The whole block is allocated zeroed by __w2n_alloc (16-byte aligned).
#pragma once

#include "compiler/frontend/module.h"

#include <cstdint>
#include <vector>

namespace w2n {

inline constexpr uint32_t kNoSlot = UINT32_MAX;

struct VmctxLayout {
  static constexpr uint32_t kMemBase = 0;
  std::vector<uint32_t> memories;      // w2n_memory* slots, by memory index
  std::vector<uint32_t> tables;        // w2n_table* slots, by table index
  std::vector<uint32_t> importedFuncs; // const w2n_funcref* slots, by function index (< imports)
  std::vector<uint32_t> globals;       // imported: cell pointer slot; defined: the cell itself
  std::vector<uint32_t> funcrefs;      // by function index; kNoSlot for imports and unreferenced
  std::vector<uint32_t> elemSegments;  // {items, length}
  std::vector<uint32_t> dataLengths;   // i32 length per data segment
  std::vector<uint32_t> tags;          // imported: w2n_tag* slot; defined: the w2n_tag
  uint32_t size = 0;                   // total bytes (a multiple of 16)

  // Offsets inside a w2n_funcref / w2n_memory / w2n_table (runtime-lib/include/w2n/abi.h).
  static constexpr uint32_t kFuncrefCode = 0, kFuncrefVmctx = 8, kFuncrefSig = 16,
                            kFuncrefArrayCall = 24, kFuncrefSize = 32;
  static constexpr uint32_t kMemoryBase = 0, kMemorySize = 8;
  static constexpr uint32_t kTableElems = 0, kTableSize = 8;
  static constexpr uint32_t kElemItems = 0, kElemLength = 8;
};

// Which defined functions need a w2n_funcref in the vmctx: those an export, an element segment, a
// global initializer or a ref.func may name.
std::vector<bool> referencedFunctions(const Module &module);

VmctxLayout computeVmctxLayout(const Module &module);

} // namespace w2n
