// Mnemonics for diagnostics and debugging output, from opcodes.def.
#include "compiler/frontend/opcodes.h"

namespace w2n {

namespace {
constexpr const char *kOpcodeNames[] = {
#define W2N_OPCODE(Name, prefix, code, mnemonic) mnemonic,
#include "compiler/frontend/opcodes.def"
#undef W2N_OPCODE
};
static_assert(sizeof(kOpcodeNames) / sizeof(kOpcodeNames[0]) == kNumOpcodes);
} // namespace

const char *opcodeName(Opcode op) {
  size_t i = static_cast<size_t>(op);
  return i < kNumOpcodes ? kOpcodeNames[i] : "<invalid opcode>";
}

} // namespace w2n
