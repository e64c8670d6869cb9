// The layouts the compiler writes into canon.h's type descriptors (compiler/lowering/
// component_layout.h, component_descriptors.h), which the runtime's engine reads instead of
// computing them: elem_size, alignment, flatten_type's length (saturated at 17), record field
// offsets, discriminant sizes and payload offsets, over 32- and 64-bit memories. Every expected
// value is worked out from CanonicalABI.md / definitions.py in the comment next to it.
#include "compiler/lowering/component_descriptors.h"
#include "compiler/lowering/component_layout.h"

#include "w2n/canon.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <catch2/catch.hpp>

using namespace w2n;
using canon::PtrType;
using plan::kNone;

namespace {

// Plan types as static instantiation makes them: the primitives first, at their W2N_CT_* kind.
struct PlanTypes {
  plan::Plan plan;

  PlanTypes() {
    for (uint32_t k = W2N_CT_BOOL; k <= W2N_CT_STRING; ++k)
      of(k, {}, 0);
  }
  uint32_t add(plan::ValueType t) {
    plan.types.push_back(std::move(t));
    return static_cast<uint32_t>(plan.types.size() - 1);
  }
  uint32_t of(uint32_t kind, std::vector<uint32_t> members, uint32_t count = kNone) {
    plan::ValueType t;
    t.kind = kind;
    t.count = count == kNone ? static_cast<uint32_t>(members.size()) : count;
    t.members = std::move(members);
    return add(t);
  }
  uint32_t record(std::vector<uint32_t> fields) { return of(W2N_CT_RECORD, std::move(fields)); }
  uint32_t tuple(std::vector<uint32_t> fields) { return of(W2N_CT_TUPLE, std::move(fields)); }
  uint32_t variant(std::vector<uint32_t> cases) { return of(W2N_CT_VARIANT, std::move(cases)); }
  uint32_t option(uint32_t t) { return of(W2N_CT_OPTION, {kNone, t}, 2); }
  uint32_t result(uint32_t ok, uint32_t err) { return of(W2N_CT_RESULT, {ok, err}, 2); }
  uint32_t list(uint32_t elem, uint32_t length = 0) { return of(W2N_CT_LIST, {elem}, length); }
  uint32_t labelled(uint32_t kind, uint32_t n) { return of(kind, {}, n); }
  uint32_t handle(uint32_t kind) {
    plan::ValueType t;
    t.kind = kind;
    t.resource = 0;
    return add(t);
  }
};

struct Expect {
  uint64_t size, align;
  uint32_t flat;
  uint64_t payload = 0;
  std::vector<uint64_t> offsets = {};
};

void check(plan::TypeLayouts &layouts, uint32_t id, PtrType ptr, const Expect &e) {
  const plan::PlanLayout &l = layouts.of(id, ptr);
  INFO("type " << id << (ptr == PtrType::I64 ? " (64-bit memory)" : ""));
  CHECK(l.memory.layout.size == e.size);
  CHECK(l.memory.layout.align == e.align);
  CHECK(l.flatCount == e.flat);
  CHECK(l.memory.payloadOffset == e.payload);
  CHECK(l.memory.offsets == e.offsets);
}
// For types without strings or lists inside: the same in both memories.
void checkBoth(plan::TypeLayouts &layouts, uint32_t id, const Expect &e) {
  check(layouts, id, PtrType::I32, e);
  check(layouts, id, PtrType::I64, e);
}

uint64_t intAt(const llvm::Constant *c, unsigned i) {
  return llvm::cast<llvm::ConstantInt>(c->getAggregateElement(i))->getZExtValue();
}

std::vector<uint64_t> offsetsOf(const llvm::Constant *layout) {
  auto *g = llvm::dyn_cast<llvm::GlobalVariable>(layout->getAggregateElement(4u));
  if (!g) return {};
  auto *data = llvm::cast<llvm::ConstantDataArray>(g->getInitializer());
  std::vector<uint64_t> out;
  for (unsigned i = 0; i < data->getNumElements(); ++i)
    out.push_back(data->getElementAsInteger(i));
  return out;
}

// Reads a w2n_clayout constant back.
Expect read(const llvm::Constant *layout) {
  return {intAt(layout, 0), intAt(layout, 1), static_cast<uint32_t>(intAt(layout, 2)),
          intAt(layout, 3), offsetsOf(layout)};
}

void checkSame(const Expect &got, const Expect &want) {
  CHECK(got.size == want.size);
  CHECK(got.align == want.align);
  CHECK(got.flat == want.flat);
  CHECK(got.payload == want.payload);
  CHECK(got.offsets == want.offsets);
}

} // namespace

TEST_CASE("descriptor layouts: primitives", "[canon][layout]") {
  PlanTypes t;
  plan::TypeLayouts l(t.plan);
  // bool/s8/u8 1 byte, s16/u16 2, s32/u32/f32/char 4, s64/u64/f64 8; size = alignment; each
  // one flat value (i32, i64, f32 or f64), whatever the memory.
  const std::pair<uint32_t, uint64_t> rows[] = {
      {W2N_CT_BOOL, 1}, {W2N_CT_S8, 1},  {W2N_CT_U8, 1},  {W2N_CT_S16, 2},
      {W2N_CT_U16, 2},  {W2N_CT_S32, 4}, {W2N_CT_U32, 4}, {W2N_CT_S64, 8},
      {W2N_CT_U64, 8},  {W2N_CT_F32, 4}, {W2N_CT_F64, 8}, {W2N_CT_CHAR, 4}};
  for (auto [kind, n] : rows)
    checkBoth(l, kind, {n, n, 1});
  // string: (pointer, tagged length), two of the memory's pointers.
  check(l, W2N_CT_STRING, PtrType::I32, {8, 4, 2});
  check(l, W2N_CT_STRING, PtrType::I64, {16, 8, 2});
}

TEST_CASE("descriptor layouts: lists, records and tuples", "[canon][layout]") {
  PlanTypes t;
  uint32_t listU8 = t.list(W2N_CT_U8), fixedS16 = t.list(W2N_CT_S16, 3),
           fixedStr = t.list(W2N_CT_STRING, 2);
  uint32_t rec = t.record({W2N_CT_U8, W2N_CT_U32, W2N_CT_S16});
  uint32_t tup = t.tuple({W2N_CT_U8, W2N_CT_F64});
  uint32_t recStr = t.record({W2N_CT_U8, W2N_CT_STRING});
  plan::TypeLayouts l(t.plan);
  // list<u8>: (pointer, length) like a string.
  check(l, listU8, PtrType::I32, {8, 4, 2});
  check(l, listU8, PtrType::I64, {16, 8, 2});
  // list<s16, 3>: three s16 in a row, 6 bytes at alignment 2, three flat values.
  checkBoth(l, fixedS16, {6, 2, 3});
  // list<string, 2>: two strings in a row (16 bytes, or 32), four flat pointers.
  check(l, fixedStr, PtrType::I32, {16, 4, 4});
  check(l, fixedStr, PtrType::I64, {32, 8, 4});
  // record {u8, u32, s16}: offsets 0, 4 (aligned to 4), 8; 10 bytes padded to 4: 12.
  checkBoth(l, rec, {12, 4, 3, 0, {0, 4, 8}});
  // tuple<u8, f64>: f64 at 8, 16 bytes at alignment 8.
  checkBoth(l, tup, {16, 8, 2, 0, {0, 8}});
  // record {u8, string}: the string at its alignment, 4 (8).
  check(l, recStr, PtrType::I32, {12, 4, 3, 0, {0, 4}});
  check(l, recStr, PtrType::I64, {24, 8, 3, 0, {0, 8}});
}

TEST_CASE("descriptor layouts: variants, enums, options, results", "[canon][layout]") {
  PlanTypes t;
  uint32_t enum3 = t.labelled(W2N_CT_ENUM, 3), enum257 = t.labelled(W2N_CT_ENUM, 257);
  uint32_t optS64 = t.option(W2N_CT_S64), optStr = t.option(W2N_CT_STRING);
  uint32_t resU32F32 = t.result(W2N_CT_U32, W2N_CT_F32), resNone = t.result(kNone, kNone);
  uint32_t var1 = t.variant({W2N_CT_F32, W2N_CT_S64, kNone});
  uint32_t ff = t.tuple({W2N_CT_F32, W2N_CT_F32});
  uint32_t var2 = t.variant({ff, W2N_CT_F64, W2N_CT_U8});
  uint32_t varStr = t.variant({W2N_CT_STRING, W2N_CT_F32});
  uint32_t optRec = t.option(t.record({W2N_CT_U8, W2N_CT_U32, W2N_CT_S16}));
  plan::TypeLayouts l(t.plan);
  // enum of 3: a u8 discriminant, no payload (it would start at 1); one flat i32.
  checkBoth(l, enum3, {1, 1, 1, 1});
  CHECK(l.of(enum3, PtrType::I32).memory.discriminantSize == 1);
  // 257 cases need a u16.
  checkBoth(l, enum257, {2, 2, 1, 2});
  CHECK(l.of(enum257, PtrType::I32).memory.discriminantSize == 2);
  // option<s64>: u8 discriminant, payload at 8, 16 bytes; flat i32 i64.
  checkBoth(l, optS64, {16, 8, 2, 8});
  // option<string>: payload at the string's alignment 4 (8): 12 (24) bytes; flat i32 + 2.
  check(l, optStr, PtrType::I32, {12, 4, 3, 4});
  check(l, optStr, PtrType::I64, {24, 8, 3, 8});
  // result<u32, f32>: payload at 4, 8 bytes; one joined slot (i32 with f32).
  checkBoth(l, resU32F32, {8, 4, 2, 4});
  // result without payloads: the discriminant alone.
  checkBoth(l, resNone, {1, 1, 1, 1});
  // variant {f32, s64, none}: payload at 8, 16 bytes; one joined slot (f32 with i64).
  checkBoth(l, var1, {16, 8, 2, 8});
  // variant {tuple<f32, f32>, f64, u8}: max case size 8 at 8: 16 bytes; two payload slots.
  checkBoth(l, var2, {16, 8, 3, 8});
  // variant {string, f32}: the payload at 4 (8), 8 (16) bytes of it; two slots.
  check(l, varStr, PtrType::I32, {12, 4, 3, 4});
  check(l, varStr, PtrType::I64, {24, 8, 3, 8});
  // option<record {u8, u32, s16}>: payload at the record's alignment 4, 4 + 12 = 16 bytes.
  checkBoth(l, optRec, {16, 4, 4, 4});
}

TEST_CASE("descriptor layouts: flags and handles", "[canon][layout]") {
  PlanTypes t;
  uint32_t f8 = t.labelled(W2N_CT_FLAGS, 8), f9 = t.labelled(W2N_CT_FLAGS, 9),
           f17 = t.labelled(W2N_CT_FLAGS, 17), f32 = t.labelled(W2N_CT_FLAGS, 32);
  uint32_t own = t.handle(W2N_CT_OWN), borrow = t.handle(W2N_CT_BORROW);
  plan::TypeLayouts l(t.plan);
  // Up to 8 labels fit a u8, up to 16 a u16, up to 32 a u32; one flat i32.
  checkBoth(l, f8, {1, 1, 1});
  checkBoth(l, f9, {2, 2, 1});
  checkBoth(l, f17, {4, 4, 1});
  checkBoth(l, f32, {4, 4, 1});
  // A handle is an i32 index, also in a 64-bit memory.
  checkBoth(l, own, {4, 4, 1});
  checkBoth(l, borrow, {4, 4, 1});
}

TEST_CASE("descriptor layouts: flat counts saturate above MAX_FLAT_PARAMS", "[canon][layout]") {
  PlanTypes t;
  uint32_t r16 = t.record(std::vector<uint32_t>(16, W2N_CT_U32));
  uint32_t r17 = t.record(std::vector<uint32_t>(17, W2N_CT_U32));
  uint32_t huge = t.list(W2N_CT_U32, 1000);
  uint32_t optHuge = t.option(huge);
  plan::TypeLayouts l(t.plan);
  // 16 u32s: 16 flat values exactly, 64 bytes.
  CHECK(l.of(r16, PtrType::I32).flatCount == 16);
  // 17: more than MAX_FLAT_PARAMS, which is all the engine asks (saturated at 17).
  CHECK(l.of(r17, PtrType::I32).flatCount == plan::kFlatCountCap);
  CHECK(l.of(r17, PtrType::I32).memory.layout.size == 68);
  // list<u32, 1000>: 1000 flat values and 4000 bytes; the count saturates, the size does not.
  check(l, huge, PtrType::I32, {4000, 4, plan::kFlatCountCap});
  CHECK(l.of(optHuge, PtrType::I32).flatCount == plan::kFlatCountCap);
  CHECK(l.of(optHuge, PtrType::I32).memory.layout.size == 4004);
}

TEST_CASE("descriptor layouts: parameter tuples", "[canon][layout]") {
  PlanTypes t;
  uint32_t listU16 = t.list(W2N_CT_U16);
  plan::TypeLayouts l(t.plan);
  plan::FuncType scalars;
  for (uint32_t k : {W2N_CT_U8, W2N_CT_S16, W2N_CT_F32, W2N_CT_F64, W2N_CT_CHAR, W2N_CT_BOOL})
    scalars.params.emplace_back("p", k);
  // u8 at 0, s16 at 2, f32 at 4, f64 at 8, char at 16, bool at 20; 21 bytes padded to 8: 24.
  for (PtrType p : {PtrType::I32, PtrType::I64}) {
    plan::PlanLayout s = l.params(scalars, p);
    CHECK(s.memory.layout.size == 24);
    CHECK(s.memory.layout.align == 8);
    CHECK(s.flatCount == 6);
    CHECK(s.memory.offsets == std::vector<uint64_t>{0, 2, 4, 8, 16, 20});
  }
  // No parameters: an empty tuple, 0 bytes at alignment 1, nothing flat.
  plan::PlanLayout none = l.params(plan::FuncType{}, PtrType::I32);
  CHECK(none.memory.layout.size == 0);
  CHECK(none.memory.layout.align == 1);
  CHECK(none.flatCount == 0);
  // (string, list<u16>): the list after the string's 8 (16) bytes; four flat values.
  plan::FuncType mixed;
  mixed.params = {{"s", W2N_CT_STRING}, {"l", listU16}};
  plan::PlanLayout m32 = l.params(mixed, PtrType::I32), m64 = l.params(mixed, PtrType::I64);
  CHECK(m32.memory.offsets == std::vector<uint64_t>{0, 8});
  CHECK(m32.memory.layout.size == 16);
  CHECK(m32.flatCount == 4);
  CHECK(m64.memory.offsets == std::vector<uint64_t>{0, 16});
  CHECK(m64.memory.layout.size == 32);
  CHECK(m64.memory.layout.align == 8);
}

TEST_CASE("descriptors carry the layouts as canon.h lays them out", "[canon][layout]") {
  PlanTypes t;
  uint32_t rec = t.record({W2N_CT_U8, W2N_CT_U32, W2N_CT_S16});
  uint32_t optStr = t.option(W2N_CT_STRING);
  uint32_t own = t.handle(W2N_CT_OWN);
  llvm::LLVMContext ctx;
  llvm::Module m("descriptors", ctx);
  auto *resource = new llvm::GlobalVariable(m, llvm::Type::getInt8Ty(ctx), true,
                                            llvm::GlobalValue::ExternalLinkage, nullptr, "res");
  DescriptorEmitter emitter(t.plan, m, [&](uint32_t) { return resource; });
  const llvm::DataLayout &dl = m.getDataLayout();

  auto *g = llvm::cast<llvm::GlobalVariable>(emitter.ctype(rec));
  // The emitted struct is canon.h's w2n_ctype (as long as pointers are 8 bytes, which the default
  // data layout and both targets have).
  CHECK(dl.getTypeAllocSize(g->getValueType()) == sizeof(w2n_ctype));
  const llvm::Constant *init = g->getInitializer();
  CHECK(intAt(init, 0) == W2N_CT_RECORD);
  CHECK(intAt(init, 1) == 3);
  CHECK(intAt(init, 5) == 0); // no discriminant
  const llvm::Constant *pair = init->getAggregateElement(7);
  checkSame(read(pair->getAggregateElement(0u)), {12, 4, 3, 0, {0, 4, 8}});
  checkSame(read(pair->getAggregateElement(1u)), {12, 4, 3, 0, {0, 4, 8}});
  // As a C struct {uint8_t; uint32_t; int16_t}: the same offsets, 12 bytes at alignment 4.
  checkSame(read(init->getAggregateElement(8)), {12, 4, 0, 0, {0, 4, 8}});

  init = llvm::cast<llvm::GlobalVariable>(emitter.ctype(optStr))->getInitializer();
  CHECK(intAt(init, 5) == 1); // a u8 discriminant
  pair = init->getAggregateElement(7);
  checkSame(read(pair->getAggregateElement(0u)), {12, 4, 3, 4});
  checkSame(read(pair->getAggregateElement(1u)), {24, 8, 3, 8});
  // In C: {bool is_some; {uint8_t *ptr; size_t len} val}: val at 8, 24 bytes at alignment 8.
  checkSame(read(init->getAggregateElement(8)), {24, 8, 0, 8});

  init = llvm::cast<llvm::GlobalVariable>(emitter.ctype(own))->getInitializer();
  CHECK(init->getAggregateElement(4) == resource);
  checkSame(read(init->getAggregateElement(7)->getAggregateElement(1u)), {4, 4, 1});

  plan::FuncType f;
  f.params = {{"a", W2N_CT_U8}, {"b", optStr}};
  f.result = rec;
  auto *fg = llvm::cast<llvm::GlobalVariable>(emitter.cfunctype(f));
  CHECK(dl.getTypeAllocSize(fg->getValueType()) == sizeof(w2n_cfunctype));
  const llvm::Constant *finit = fg->getInitializer();
  CHECK(intAt(finit, 0) == 2);
  CHECK(intAt(finit, 1) == 1);
  CHECK(finit->getAggregateElement(3) == emitter.ctype(rec));
  // (u8, option<string>): the option at its alignment 4 (8), 1 + 3 flat values.
  pair = finit->getAggregateElement(4);
  checkSame(read(pair->getAggregateElement(0u)), {16, 4, 4, 0, {0, 4}});
  checkSame(read(pair->getAggregateElement(1u)), {32, 8, 4, 0, {0, 8}});
}
