// Names of sorts and primitive types, as diagnostics and the WIT printer spell them.
#include "compiler/frontend/component/component_model.h"

namespace w2n::component {

const char *sortName(SortRef s) {
  if (s.sort == Sort::Core) {
    switch (s.core) {
    case CoreSort::Func:
      return "core func";
    case CoreSort::Table:
      return "core table";
    case CoreSort::Memory:
      return "core memory";
    case CoreSort::Global:
      return "core global";
    case CoreSort::Tag:
      return "core tag";
    case CoreSort::Type:
      return "core type";
    case CoreSort::Module:
      return "module";
    case CoreSort::Instance:
      return "core instance";
    }
    return "core ?";
  }
  switch (s.sort) {
  case Sort::Func:
    return "func";
  case Sort::Value:
    return "value";
  case Sort::Type:
    return "type";
  case Sort::Component:
    return "component";
  case Sort::Instance:
    return "instance";
  case Sort::Core:
    break;
  }
  return "?";
}

const char *primTypeName(PrimType p) {
  static constexpr const char *kNames[] = {"string", "char", "f64", "f32", "u64", "s64", "u32",
                                           "s32",    "u16",  "s16", "u8",  "s8",  "bool"};
  uint8_t b = static_cast<uint8_t>(p);
  return b >= 0x73 && b <= 0x7f ? kNames[b - 0x73] : "?";
}

} // namespace w2n::component
