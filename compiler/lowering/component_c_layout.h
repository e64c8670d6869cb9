// The C layout of plan types: how a library's generated header declares component values for the
// host (strings and lists as {pointer, size_t length}, records and tuples as structs, options and
// results as a bool and a payload, variants as a tag and a union, enums and flags as unsigned
// integers, handles as 32- or 64-bit representations: 64 for imported resources). Computed once
// here for both the header (component_header.cpp) and the descriptors the runtime converts values
// with, so the two cannot disagree. 64-bit targets only (8-byte pointers and size_t, natural
// alignment).
#pragma once

#include "compiler/lowering/component_plan.h"

#include <map>
#include <vector>

namespace w2n::plan {

struct CLayout {
  uint64_t size = 0, align = 1;
  uint64_t payloadOffset = 0;    // option/result/variant: where `val` starts
  uint32_t tagSize = 0;          // option/result: 1 (bool); variant: 1, 2 or 4; enum/flags: size
  std::vector<uint64_t> offsets; // records and tuples: each field's offset
};

class CLayouts {
public:
  explicit CLayouts(const Plan &plan) : plan_(plan) {}
  const CLayout &of(uint32_t id);

private:
  const Plan &plan_;
  std::map<uint32_t, CLayout> memo_;
};

// The unsigned integer size (1, 2, 4, 8) that holds a case index of n cases, or n flag bits.
uint32_t cTagSize(uint32_t cases);
uint32_t cFlagsSize(uint32_t count);

} // namespace w2n::plan
