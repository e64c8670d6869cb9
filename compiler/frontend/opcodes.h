// The Opcode enumeration and byte-level lookups, generated from opcodes.def so that the reader,
// the function decoder and lowering all agree on one list of instructions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace w2n {

enum class Opcode : uint16_t {
#define W2N_OPCODE(Name, prefix, code, mnemonic) Name,
#include "compiler/frontend/opcodes.def"
#undef W2N_OPCODE
};

inline constexpr size_t kNumOpcodes = 0
#define W2N_OPCODE(Name, prefix, code, mnemonic) +1
#include "compiler/frontend/opcodes.def"
#undef W2N_OPCODE
    ;

// The text-format mnemonic ("i32.add"); typed select is "select" like the untyped one.
const char *opcodeName(Opcode op);

namespace detail {
struct OpcodeEncoding {
  uint8_t prefix = {};
  uint32_t code = {};
};
inline constexpr OpcodeEncoding kOpcodeEncodings[] = {
#define W2N_OPCODE(Name, prefix, code, mnemonic) {prefix, code},
#include "compiler/frontend/opcodes.def"
#undef W2N_OPCODE
};
inline constexpr uint16_t kNoOpcode = 0xffff;
// Dense tables indexed by the byte (one-byte opcodes) or by the code after 0xFC / 0xFD.
template <uint8_t Prefix, size_t N> constexpr std::array<uint16_t, N> makeOpcodeTable() {
  std::array<uint16_t, N> table{};
  for (auto &e : table)
    e = kNoOpcode;
  for (size_t i = 0; i < kNumOpcodes; ++i)
    if (kOpcodeEncodings[i].prefix == Prefix && kOpcodeEncodings[i].code < N)
      table[kOpcodeEncodings[i].code] = static_cast<uint16_t>(i);
  return table;
}
inline constexpr auto kOneByteOpcodes = makeOpcodeTable<0x00, 256>();
inline constexpr auto kFBOpcodes = makeOpcodeTable<0xFB, 32>();
inline constexpr auto kFCOpcodes = makeOpcodeTable<0xFC, 18>();
inline constexpr auto kFDOpcodes = makeOpcodeTable<0xFD, 256>();
} // namespace detail

// The prefix byte (0, 0xFB, 0xFC or 0xFD) and the code of an opcode, as in opcodes.def.
inline constexpr uint8_t opcodePrefix(Opcode op) {
  return detail::kOpcodeEncodings[static_cast<size_t>(op)].prefix;
}
inline constexpr uint32_t opcodeCode(Opcode op) {
  return detail::kOpcodeEncodings[static_cast<size_t>(op)].code;
}

// Lookups for the decoder: false when the byte/code is not a Wasm 2.0 instruction. A prefix
// byte itself (0xFB, 0xFC, 0xFD) is not an opcode.
inline bool lookupOneByteOpcode(uint8_t byte, Opcode &out) {
  uint16_t v = detail::kOneByteOpcodes[byte];
  out = static_cast<Opcode>(v);
  return v != detail::kNoOpcode;
}
inline bool lookupPrefixedOpcode(uint8_t prefix, uint32_t code, Opcode &out) {
  uint16_t v = detail::kNoOpcode;
  if (prefix == 0xFB && code < detail::kFBOpcodes.size())
    v = detail::kFBOpcodes[code];
  else if (prefix == 0xFC && code < detail::kFCOpcodes.size())
    v = detail::kFCOpcodes[code];
  else if (prefix == 0xFD && code < detail::kFDOpcodes.size())
    v = detail::kFDOpcodes[code];
  out = static_cast<Opcode>(v);
  return v != detail::kNoOpcode;
}

} // namespace w2n
