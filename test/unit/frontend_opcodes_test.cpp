// The opcode table: names follow the naming rule (COMMON.md), encodings round-trip through the
// decoder's lookups, and spot checks against the spec's binary encoding. (The whole table was
// also compared, opcode by opcode, with the disassembly of wabt's wasm-objdump 1.0.32.)
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"
#include "compiler/frontend/opcodes.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>

using namespace w2n;

namespace {
struct Entry {
  const char *name;
  uint8_t prefix;
  uint32_t code;
  const char *mnemonic;
};
constexpr Entry kEntries[] = {
#define W2N_OPCODE(Name, prefix, code, mnemonic) {#Name, prefix, code, mnemonic},
#include "compiler/frontend/opcodes.def"
#undef W2N_OPCODE
};

// i32.trunc_f32_s -> I32TruncF32S: split at '.' and '_', capitalize each piece, join.
std::string ruleName(const std::string &mnemonic) {
  std::string out;
  bool up = true;
  for (char c : mnemonic) {
    if (c == '.' || c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}
} // namespace

TEST_CASE("opcode names follow the naming rule", "[opcodes]") {
  // 183 one-byte of Wasm 2.0, 3 of exception handling (throw, throw_ref, try_table), 6 of typed
  // function references and GC (call_ref, return_call_ref, ref.eq, ref.as_non_null, br_on_null,
  // br_on_non_null), 31 after 0xFB (GC: 0x00-0x1E), 18 after 0xFC, 236 after 0xFD (final SIMD)
  CHECK(kNumOpcodes == 183 + 3 + 6 + 31 + 18 + 236);
  for (const Entry &e : kEntries) {
    INFO(e.mnemonic);
    std::string name = e.name;
    if (name == "SelectT")
      CHECK(std::string(e.mnemonic) == "select");
    else if (name == "RefTestNull" || name == "RefCastNull") // (ref null ht) forms
      CHECK(ruleName(e.mnemonic) + "Null" == name);
    else
      CHECK(ruleName(e.mnemonic) == e.name);
  }
}

TEST_CASE("opcode encodings are unique and round-trip", "[opcodes]") {
  std::set<std::pair<uint8_t, uint32_t>> seen;
  for (size_t i = 0; i < kNumOpcodes; ++i) {
    Opcode op = static_cast<Opcode>(i);
    CHECK(seen.insert({opcodePrefix(op), opcodeCode(op)}).second);
    Opcode back = Opcode::Nop;
    bool found = opcodePrefix(op) == 0
                     ? lookupOneByteOpcode(static_cast<uint8_t>(opcodeCode(op)), back)
                     : lookupPrefixedOpcode(opcodePrefix(op), opcodeCode(op), back);
    CHECK(found);
    CHECK(back == op);
    CHECK(std::string(opcodeName(op)) == kEntries[i].mnemonic);
  }
  Opcode op;
  CHECK_FALSE(lookupOneByteOpcode(0xfc, op)); // prefixes are not opcodes
  CHECK_FALSE(lookupOneByteOpcode(0xfd, op));
  CHECK_FALSE(lookupOneByteOpcode(0x06, op)); // try (exception handling)
  CHECK_FALSE(lookupPrefixedOpcode(0xfc, 18, op));
  CHECK_FALSE(lookupPrefixedOpcode(0xfd, 0x9a, op));  // a hole in the SIMD space
  CHECK_FALSE(lookupPrefixedOpcode(0xfd, 0x100, op)); // relaxed SIMD
}

TEST_CASE("opcode spot checks against the spec encoding", "[opcodes]") {
  CHECK(opcodeCode(Opcode::I32Add) == 0x6a);
  CHECK(opcodeCode(Opcode::SelectT) == 0x1c);
  CHECK(opcodeCode(Opcode::I64Extend32S) == 0xc4);
  CHECK(opcodeCode(Opcode::RefFunc) == 0xd2);
  CHECK(opcodePrefix(Opcode::TableFill) == 0xfc);
  CHECK(opcodeCode(Opcode::TableFill) == 17);
  CHECK(opcodeCode(Opcode::I64TruncSatF64U) == 7);
  CHECK(opcodePrefix(Opcode::V128Load8Lane) == 0xfd);
  CHECK(opcodeCode(Opcode::V128Load8Lane) == 84);
  CHECK(opcodeCode(Opcode::I16x8Q15mulrSatS) == 130);
  CHECK(opcodeCode(Opcode::I32x4DotI16x8S) == 186);
  CHECK(opcodeCode(Opcode::F64x2ConvertLowI32x4U) == 255);
  CHECK(std::string(opcodeName(Opcode::F32x4DemoteF64x2Zero)) == "f32x4.demote_f64x2_zero");
}

TEST_CASE("signature keys and diagnostics formatting", "[module]") {
  FuncType t{{ValType::I32, ValType::I64}, {ValType::F32}};
  CHECK(signatureKey(t) == "iI_f");
  CHECK(signatureKey(FuncType{}) == "_");
  CHECK(signatureKey(FuncType{{ValType::V128, ValType::FuncRef, ValType::ExternRef},
                              {ValType::F64}}) == "Vce_F");
  Diagnostics d(2);
  d.error(0x1f3, "type mismatch");
  d.error(0, "second");
  d.error(5, "third");
  CHECK(d.count() == 3);
  CHECK(d.format("app.wasm") == "app.wasm:0x1f3: error: type mismatch\n"
                                "app.wasm:0x0: error: second\n"
                                "app.wasm: error: 1 more errors not shown\n");
}
