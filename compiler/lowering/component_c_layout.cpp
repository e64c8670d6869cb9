// C layouts of plan types (component_c_layout.h).
#include "compiler/lowering/component_c_layout.h"

#include "w2n/canon.h"

#include <algorithm>

namespace w2n::plan {

namespace {

uint64_t alignTo(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

} // namespace

uint32_t cTagSize(uint32_t cases) { return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4; }

uint32_t cFlagsSize(uint32_t count) {
  return count <= 8 ? 1 : count <= 16 ? 2 : count <= 32 ? 4 : 8;
}

const CLayout &CLayouts::of(uint32_t id) {
  if (auto it = memo_.find(id); it != memo_.end()) return it->second;
  const ValueType &t = plan_.types[id];
  CLayout l;
  auto scalar = [&](uint64_t size) {
    l.size = size;
    l.align = size;
  };
  switch (t.kind) {
  case W2N_CT_BOOL:
  case W2N_CT_S8:
  case W2N_CT_U8:
    scalar(1);
    break;
  case W2N_CT_S16:
  case W2N_CT_U16:
    scalar(2);
    break;
  case W2N_CT_S32:
  case W2N_CT_U32:
  case W2N_CT_F32:
  case W2N_CT_CHAR:
    scalar(4);
    break;
  case W2N_CT_S64:
  case W2N_CT_U64:
  case W2N_CT_F64:
    scalar(8);
    break;
  case W2N_CT_OWN:
  case W2N_CT_BORROW: {
    // A resource the host implements (imported) has whatever representation the host chose:
    // 64 bits, so that it can be a pointer. The guest never sees it (only its handles).
    bool wide = t.resource < plan_.resources.size() &&
                (plan_.resources[t.resource].rep64 || plan_.resources[t.resource].host);
    scalar(wide ? 8 : 4);
    break;
  }
  case W2N_CT_STRING:
    l.size = 16;
    l.align = 8;
    break;
  case W2N_CT_LIST:
    if (t.count == 0) {
      l.size = 16;
      l.align = 8;
    } else { // a fixed-length list: the elements in a row, as a C array
      const CLayout &e = of(t.members[0]);
      l.size = e.size * t.count;
      l.align = e.align;
    }
    break;
  case W2N_CT_RECORD:
  case W2N_CT_TUPLE: {
    uint64_t at = 0;
    for (uint32_t m : t.members) {
      const CLayout &f = of(m);
      at = alignTo(at, f.align);
      l.offsets.push_back(at);
      at += f.size;
      l.align = std::max(l.align, f.align);
    }
    l.size = alignTo(at, l.align);
    break;
  }
  case W2N_CT_ENUM:
    scalar(cTagSize(t.count));
    l.tagSize = static_cast<uint32_t>(l.size);
    break;
  case W2N_CT_FLAGS:
    scalar(cFlagsSize(t.count));
    l.tagSize = static_cast<uint32_t>(l.size);
    break;
  default: { // option, result, variant: a tag, then the payloads' union (when there is one)
    l.tagSize = t.kind == W2N_CT_VARIANT ? cTagSize(t.count) : 1;
    uint64_t payloadSize = 0, payloadAlign = 1;
    bool anyPayload = false;
    for (uint32_t m : t.members) {
      if (m == kNone) continue;
      const CLayout &p = of(m);
      payloadSize = std::max(payloadSize, p.size);
      payloadAlign = std::max(payloadAlign, p.align);
      anyPayload = true;
    }
    l.align = std::max<uint64_t>(l.tagSize, payloadAlign);
    l.payloadOffset = anyPayload ? alignTo(l.tagSize, payloadAlign) : 0;
    l.size = alignTo(anyPayload ? l.payloadOffset + payloadSize : l.tagSize, l.align);
    break;
  }
  }
  return memo_[id] = std::move(l);
}

} // namespace w2n::plan
