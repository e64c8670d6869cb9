// Per-opcode facts the function decoder needs besides the encoding: how the instruction is decoded
// (its immediates) and, for operators without control flow, its operand and result types. One
// constexpr table built from opcodes.def order, so the decoder's hot loop is a table lookup
// rather than a switch over hundreds of operators.
#pragma once

#include "compiler/frontend/module.h"
#include "compiler/frontend/opcodes.h"

#include <array>
#include <initializer_list>

namespace w2n {

enum class OpKind : uint8_t {
  Special,     // decoded by hand (control, variables, constants, tables, bulk memory, ...)
  Simple,      // N operands -> one result, no immediates
  Load,        // memarg; [i32] -> out
  Store,       // memarg; [i32 in[1]] -> []
  LoadLane,    // memarg, lane; [i32 v128] -> v128
  StoreLane,   // memarg, lane; [i32 v128] -> []
  ExtractLane, // lane; [v128] -> out
  ReplaceLane, // lane; [v128 in[1]] -> v128
};

struct OpInfo {
  OpKind kind = OpKind::Special;
  uint8_t numIn = 0;
  ValType in[3] = {ValType::Bottom, ValType::Bottom, ValType::Bottom};
  ValType out = ValType::Bottom;
  uint8_t maxAlignLog2 = 0; // natural alignment of memory accesses
  uint8_t lanes = 0;        // lane count of lane operations
};

namespace detail {
constexpr std::array<OpInfo, kNumOpcodes> buildOpInfo() {
  using O = Opcode;
  constexpr ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32, F64 = ValType::F64,
                    V128 = ValType::V128;
  std::array<OpInfo, kNumOpcodes> t{};
  auto idx = [](O op) { return static_cast<size_t>(op); };
  auto simple = [&](O first, O last, std::initializer_list<ValType> in, ValType out) {
    for (size_t i = idx(first); i <= idx(last); ++i) {
      OpInfo info;
      info.kind = OpKind::Simple;
      for (ValType v : in)
        info.in[info.numIn++] = v;
      info.out = out;
      t[i] = info;
    }
  };
  auto un = [&](O first, O last, ValType in, ValType out) { simple(first, last, {in}, out); };
  auto bin = [&](O first, O last, ValType in, ValType out) { simple(first, last, {in, in}, out); };
  auto mem = [&](O op, OpKind kind, ValType type, uint8_t align, uint8_t lanes = 0) {
    OpInfo info;
    info.kind = kind;
    info.maxAlignLog2 = align;
    info.lanes = lanes;
    if (kind == OpKind::Load) {
      info.numIn = 1;
      info.in[0] = I32;
      info.out = type;
    } else if (kind == OpKind::Store) {
      info.numIn = 2;
      info.in[0] = I32;
      info.in[1] = type;
    } else { // lane loads/stores
      info.numIn = 2;
      info.in[0] = I32;
      info.in[1] = V128;
      info.out = kind == OpKind::LoadLane ? V128 : ValType::Bottom;
    }
    t[idx(op)] = info;
  };
  auto lane = [&](O op, OpKind kind, uint8_t lanes, ValType scalar) {
    OpInfo info;
    info.kind = kind;
    info.lanes = lanes;
    info.in[0] = V128;
    if (kind == OpKind::ExtractLane) {
      info.numIn = 1;
      info.out = scalar;
    } else {
      info.numIn = 2;
      info.in[1] = scalar;
      info.out = V128;
    }
    t[idx(op)] = info;
  };

  // Most SIMD operators from i8x16.eq on are [v128 v128] -> v128; the others are set below.
  bin(O::I8x16Eq, O::F64x2ConvertLowI32x4U, V128, V128);

  // ---- Numeric MVP, sign extension, saturating truncation ----
  un(O::I32Eqz, O::I32Eqz, I32, I32);
  bin(O::I32Eq, O::I32GeU, I32, I32);
  un(O::I64Eqz, O::I64Eqz, I64, I32);
  bin(O::I64Eq, O::I64GeU, I64, I32);
  bin(O::F32Eq, O::F32Ge, F32, I32);
  bin(O::F64Eq, O::F64Ge, F64, I32);
  un(O::I32Clz, O::I32Popcnt, I32, I32);
  bin(O::I32Add, O::I32Rotr, I32, I32);
  un(O::I64Clz, O::I64Popcnt, I64, I64);
  bin(O::I64Add, O::I64Rotr, I64, I64);
  un(O::F32Abs, O::F32Sqrt, F32, F32);
  bin(O::F32Add, O::F32Copysign, F32, F32);
  un(O::F64Abs, O::F64Sqrt, F64, F64);
  bin(O::F64Add, O::F64Copysign, F64, F64);
  un(O::I32WrapI64, O::I32WrapI64, I64, I32);
  un(O::I32TruncF32S, O::I32TruncF32U, F32, I32);
  un(O::I32TruncF64S, O::I32TruncF64U, F64, I32);
  un(O::I64ExtendI32S, O::I64ExtendI32U, I32, I64);
  un(O::I64TruncF32S, O::I64TruncF32U, F32, I64);
  un(O::I64TruncF64S, O::I64TruncF64U, F64, I64);
  un(O::F32ConvertI32S, O::F32ConvertI32U, I32, F32);
  un(O::F32ConvertI64S, O::F32ConvertI64U, I64, F32);
  un(O::F32DemoteF64, O::F32DemoteF64, F64, F32);
  un(O::F64ConvertI32S, O::F64ConvertI32U, I32, F64);
  un(O::F64ConvertI64S, O::F64ConvertI64U, I64, F64);
  un(O::F64PromoteF32, O::F64PromoteF32, F32, F64);
  un(O::I32ReinterpretF32, O::I32ReinterpretF32, F32, I32);
  un(O::I64ReinterpretF64, O::I64ReinterpretF64, F64, I64);
  un(O::F32ReinterpretI32, O::F32ReinterpretI32, I32, F32);
  un(O::F64ReinterpretI64, O::F64ReinterpretI64, I64, F64);
  un(O::I32Extend8S, O::I32Extend16S, I32, I32);
  un(O::I64Extend8S, O::I64Extend32S, I64, I64);
  un(O::I32TruncSatF32S, O::I32TruncSatF32U, F32, I32);
  un(O::I32TruncSatF64S, O::I32TruncSatF64U, F64, I32);
  un(O::I64TruncSatF32S, O::I64TruncSatF32U, F32, I64);
  un(O::I64TruncSatF64S, O::I64TruncSatF64U, F64, I64);

  // ---- Memory ----
  mem(O::I32Load, OpKind::Load, I32, 2);
  mem(O::I64Load, OpKind::Load, I64, 3);
  mem(O::F32Load, OpKind::Load, F32, 2);
  mem(O::F64Load, OpKind::Load, F64, 3);
  mem(O::I32Load8S, OpKind::Load, I32, 0);
  mem(O::I32Load8U, OpKind::Load, I32, 0);
  mem(O::I32Load16S, OpKind::Load, I32, 1);
  mem(O::I32Load16U, OpKind::Load, I32, 1);
  mem(O::I64Load8S, OpKind::Load, I64, 0);
  mem(O::I64Load8U, OpKind::Load, I64, 0);
  mem(O::I64Load16S, OpKind::Load, I64, 1);
  mem(O::I64Load16U, OpKind::Load, I64, 1);
  mem(O::I64Load32S, OpKind::Load, I64, 2);
  mem(O::I64Load32U, OpKind::Load, I64, 2);
  mem(O::I32Store, OpKind::Store, I32, 2);
  mem(O::I64Store, OpKind::Store, I64, 3);
  mem(O::F32Store, OpKind::Store, F32, 2);
  mem(O::F64Store, OpKind::Store, F64, 3);
  mem(O::I32Store8, OpKind::Store, I32, 0);
  mem(O::I32Store16, OpKind::Store, I32, 1);
  mem(O::I64Store8, OpKind::Store, I64, 0);
  mem(O::I64Store16, OpKind::Store, I64, 1);
  mem(O::I64Store32, OpKind::Store, I64, 2);
  mem(O::V128Load, OpKind::Load, V128, 4);
  for (O op : {O::V128Load8x8S, O::V128Load8x8U, O::V128Load16x4S, O::V128Load16x4U,
               O::V128Load32x2S, O::V128Load32x2U, O::V128Load64Splat, O::V128Load64Zero})
    mem(op, OpKind::Load, V128, 3);
  mem(O::V128Load8Splat, OpKind::Load, V128, 0);
  mem(O::V128Load16Splat, OpKind::Load, V128, 1);
  mem(O::V128Load32Splat, OpKind::Load, V128, 2);
  mem(O::V128Load32Zero, OpKind::Load, V128, 2);
  mem(O::V128Store, OpKind::Store, V128, 4);
  mem(O::V128Load8Lane, OpKind::LoadLane, V128, 0, 16);
  mem(O::V128Load16Lane, OpKind::LoadLane, V128, 1, 8);
  mem(O::V128Load32Lane, OpKind::LoadLane, V128, 2, 4);
  mem(O::V128Load64Lane, OpKind::LoadLane, V128, 3, 2);
  mem(O::V128Store8Lane, OpKind::StoreLane, V128, 0, 16);
  mem(O::V128Store16Lane, OpKind::StoreLane, V128, 1, 8);
  mem(O::V128Store32Lane, OpKind::StoreLane, V128, 2, 4);
  mem(O::V128Store64Lane, OpKind::StoreLane, V128, 3, 2);

  // ---- SIMD ----
  bin(O::I8x16Swizzle, O::I8x16Swizzle, V128, V128);
  un(O::I8x16Splat, O::I32x4Splat, I32, V128);
  un(O::I64x2Splat, O::I64x2Splat, I64, V128);
  un(O::F32x4Splat, O::F32x4Splat, F32, V128);
  un(O::F64x2Splat, O::F64x2Splat, F64, V128);
  lane(O::I8x16ExtractLaneS, OpKind::ExtractLane, 16, I32);
  lane(O::I8x16ExtractLaneU, OpKind::ExtractLane, 16, I32);
  lane(O::I8x16ReplaceLane, OpKind::ReplaceLane, 16, I32);
  lane(O::I16x8ExtractLaneS, OpKind::ExtractLane, 8, I32);
  lane(O::I16x8ExtractLaneU, OpKind::ExtractLane, 8, I32);
  lane(O::I16x8ReplaceLane, OpKind::ReplaceLane, 8, I32);
  lane(O::I32x4ExtractLane, OpKind::ExtractLane, 4, I32);
  lane(O::I32x4ReplaceLane, OpKind::ReplaceLane, 4, I32);
  lane(O::I64x2ExtractLane, OpKind::ExtractLane, 2, I64);
  lane(O::I64x2ReplaceLane, OpKind::ReplaceLane, 2, I64);
  lane(O::F32x4ExtractLane, OpKind::ExtractLane, 4, F32);
  lane(O::F32x4ReplaceLane, OpKind::ReplaceLane, 4, F32);
  lane(O::F64x2ExtractLane, OpKind::ExtractLane, 2, F64);
  lane(O::F64x2ReplaceLane, OpKind::ReplaceLane, 2, F64);
  simple(O::V128Bitselect, O::V128Bitselect, {V128, V128, V128}, V128);
  for (O op : {O::V128AnyTrue, O::I8x16AllTrue, O::I8x16Bitmask, O::I16x8AllTrue, O::I16x8Bitmask,
               O::I32x4AllTrue, O::I32x4Bitmask, O::I64x2AllTrue, O::I64x2Bitmask})
    un(op, op, V128, I32);
  for (O op : {O::I8x16Shl, O::I8x16ShrS, O::I8x16ShrU, O::I16x8Shl, O::I16x8ShrS, O::I16x8ShrU,
               O::I32x4Shl, O::I32x4ShrS, O::I32x4ShrU, O::I64x2Shl, O::I64x2ShrS, O::I64x2ShrU})
    simple(op, op, {V128, I32}, V128);
  for (O op : {O::V128Not,
               O::F32x4DemoteF64x2Zero,
               O::F64x2PromoteLowF32x4,
               O::I8x16Abs,
               O::I8x16Neg,
               O::I8x16Popcnt,
               O::F32x4Ceil,
               O::F32x4Floor,
               O::F32x4Trunc,
               O::F32x4Nearest,
               O::F64x2Ceil,
               O::F64x2Floor,
               O::F64x2Trunc,
               O::F64x2Nearest,
               O::I16x8ExtaddPairwiseI8x16S,
               O::I16x8ExtaddPairwiseI8x16U,
               O::I32x4ExtaddPairwiseI16x8S,
               O::I32x4ExtaddPairwiseI16x8U,
               O::I16x8Abs,
               O::I16x8Neg,
               O::I16x8ExtendLowI8x16S,
               O::I16x8ExtendHighI8x16S,
               O::I16x8ExtendLowI8x16U,
               O::I16x8ExtendHighI8x16U,
               O::I32x4Abs,
               O::I32x4Neg,
               O::I32x4ExtendLowI16x8S,
               O::I32x4ExtendHighI16x8S,
               O::I32x4ExtendLowI16x8U,
               O::I32x4ExtendHighI16x8U,
               O::I64x2Abs,
               O::I64x2Neg,
               O::I64x2ExtendLowI32x4S,
               O::I64x2ExtendHighI32x4S,
               O::I64x2ExtendLowI32x4U,
               O::I64x2ExtendHighI32x4U,
               O::F32x4Abs,
               O::F32x4Neg,
               O::F32x4Sqrt,
               O::F64x2Abs,
               O::F64x2Neg,
               O::F64x2Sqrt,
               O::I32x4TruncSatF32x4S,
               O::I32x4TruncSatF32x4U,
               O::F32x4ConvertI32x4S,
               O::F32x4ConvertI32x4U,
               O::I32x4TruncSatF64x2SZero,
               O::I32x4TruncSatF64x2UZero,
               O::F64x2ConvertLowI32x4S,
               O::F64x2ConvertLowI32x4U})
    un(op, op, V128, V128);
  return t;
}
} // namespace detail

inline constexpr std::array<OpInfo, kNumOpcodes> kOpInfo = detail::buildOpInfo();

inline const OpInfo &opInfo(Opcode op) { return kOpInfo[static_cast<size_t>(op)]; }

} // namespace w2n
