// FunctionDecoder driving an interface: a recording interface (values are numbered) checks the
// callbacks decoder_interface.h promises — only reachable code, block params and results, `end`
// semantics including if-without-else, branches to the function frame, finishFunction.
#include "compiler/frontend/function_decoder.h"
#include "frontend_wasm_builder.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace w2n;
using namespace w2n::test;

namespace {
struct Recorder {
  struct Value {
    int id = -1; // -1: default-constructed (never produced by this interface)
  };
  struct Ctrl : ControlBase {};
  std::ostringstream log;
  int next = 0;

  static std::string ids(std::span<const Value> vs) {
    std::string s = "[";
    for (size_t i = 0; i < vs.size(); ++i) {
      if (i) s += ' ';
      s += std::to_string(vs[i].id);
    }
    return s + "]";
  }
  void def(Value *v) { v->id = next++; }
  static const char *kind(ControlKind k) {
    switch (k) {
    case ControlKind::Function:
      return "func";
    case ControlKind::Block:
      return "block";
    case ControlKind::Loop:
      return "loop";
    case ControlKind::If:
      return "if";
    case ControlKind::Else:
      return "else";
    case ControlKind::TryTable:
      return "try";
    }
    return "?";
  }

  template <typename D> void startFunction(D &) { log << "start "; }
  template <typename D> void finishFunction(D &, std::span<const Value> r) {
    log << "finish" << ids(r) << " ";
  }
  template <typename D> void i32Const(D &, Value *v, int32_t c) {
    def(v);
    log << "i32:" << c << "=" << v->id << " ";
  }
  template <typename D> void i64Const(D &, Value *v, int64_t) { def(v); }
  template <typename D> void f32Const(D &, Value *v, uint32_t) { def(v); }
  template <typename D> void f64Const(D &, Value *v, uint64_t) { def(v); }
  template <typename D> void v128Const(D &, Value *v, const uint8_t *) { def(v); }
  template <typename D> void simpleOp(D &, Opcode op, std::span<const Value> a, Value *v) {
    def(v);
    log << opcodeName(op) << ids(a) << "=" << v->id << " ";
  }
  template <typename D> void simdLaneOp(D &, Opcode, uint8_t, std::span<const Value>, Value *v) {
    def(v);
  }
  template <typename D>
  void simdShuffle(D &, const uint8_t *, const Value &, const Value &, Value *v) {
    def(v);
  }
  template <typename D> void drop(D &, const Value &v) { log << "drop" << v.id << " "; }
  template <typename D>
  void select(D &, ValType t, const Value &, const Value &, const Value &, Value *v) {
    def(v);
    log << "select:" << valTypeName(t) << " ";
  }
  template <typename D> void localGet(D &, uint32_t i, Value *v) {
    def(v);
    log << "get" << i << "=" << v->id << " ";
  }
  template <typename D> void localSet(D &, uint32_t i, const Value &v) {
    log << "set" << i << "(" << v.id << ") ";
  }
  template <typename D> void localTee(D &, uint32_t, const Value &, Value *v) { def(v); }
  template <typename D> void globalGet(D &, GlobalIndex, Value *v) { def(v); }
  template <typename D> void globalSet(D &, GlobalIndex, const Value &) {}
  template <typename D> void load(D &, Opcode, const MemArg &, const Value &, Value *v) { def(v); }
  template <typename D> void store(D &, Opcode, const MemArg &, const Value &, const Value &) {}
  template <typename D>
  void loadLane(D &, Opcode, const MemArg &, uint8_t, const Value &, const Value &, Value *v) {
    def(v);
  }
  template <typename D>
  void storeLane(D &, Opcode, const MemArg &, uint8_t, const Value &, const Value &) {}
  template <typename D> void memorySize(D &, MemoryIndex, Value *v) { def(v); }
  template <typename D> void memoryGrow(D &, MemoryIndex, const Value &, Value *v) { def(v); }
  template <typename D>
  void memoryInit(D &, DataIndex, MemoryIndex, const Value &, const Value &, const Value &) {}
  template <typename D> void dataDrop(D &, DataIndex) {}
  template <typename D>
  void memoryCopy(D &, MemoryIndex, MemoryIndex, const Value &, const Value &, const Value &) {}
  template <typename D>
  void memoryFill(D &, MemoryIndex, const Value &, const Value &, const Value &) {}
  template <typename D> void tableGet(D &, TableIndex, const Value &, Value *v) { def(v); }
  template <typename D> void tableSet(D &, TableIndex, const Value &, const Value &) {}
  template <typename D> void tableSize(D &, TableIndex, Value *v) { def(v); }
  template <typename D> void tableGrow(D &, TableIndex, const Value &, const Value &, Value *v) {
    def(v);
  }
  template <typename D>
  void tableFill(D &, TableIndex, const Value &, const Value &, const Value &) {}
  template <typename D>
  void tableCopy(D &, TableIndex, TableIndex, const Value &, const Value &, const Value &) {}
  template <typename D>
  void tableInit(D &, ElemIndex, TableIndex, const Value &, const Value &, const Value &) {}
  template <typename D> void elemDrop(D &, ElemIndex) {}
  template <typename D> void refNull(D &, ValType, Value *v) { def(v); }
  template <typename D> void refIsNull(D &, const Value &, Value *v) { def(v); }
  template <typename D> void refFunc(D &, FuncIndex, Value *v) { def(v); }
  template <typename D>
  void call(D &, FuncIndex f, std::span<const Value> args, std::span<Value> results) {
    for (Value &r : results)
      def(&r);
    log << "call" << f.value << ids(args) << "->" << ids(results) << " ";
  }
  template <typename D>
  void callIndirect(D &, TableIndex, TypeIndex, const Value &, std::span<const Value>,
                    std::span<Value> results) {
    for (Value &r : results)
      def(&r);
  }
  void enter(const char *what, Ctrl &c, std::span<const Value> in, std::span<Value> out) {
    log << what << ids(in) << "->";
    for (Value &v : out)
      def(&v);
    log << ids(out) << " ";
    (void)c;
  }
  template <typename D> void block(D &, Ctrl &c, std::span<const Value> in, std::span<Value> out) {
    enter("block", c, in, out);
  }
  template <typename D> void loop(D &, Ctrl &c, std::span<const Value> in, std::span<Value> out) {
    enter("loop", c, in, out);
  }
  template <typename D>
  void if_(D &, Ctrl &c, const Value &cond, std::span<const Value> in, std::span<Value> out) {
    log << "cond" << cond.id << " ";
    enter("if", c, in, out);
  }
  template <typename D>
  void else_(D &, Ctrl &, bool thenReachable, std::span<const Value> thenResults,
             std::span<Value> paramsOut) {
    log << "else" << (thenReachable ? "" : "!") << ids(thenResults) << "->";
    for (Value &v : paramsOut)
      def(&v);
    log << ids(paramsOut) << " ";
  }
  template <typename D>
  void end(D &, Ctrl &c, bool fallthrough, std::span<const Value> results,
           std::span<Value> resultsOut) {
    log << "end:" << kind(c.kind) << (fallthrough ? "" : "!") << ids(results) << "->";
    for (Value &v : resultsOut)
      def(&v);
    log << ids(resultsOut) << " ";
  }
  template <typename D> void br(D &, Ctrl &target, std::span<const Value> vs) {
    log << "br:" << kind(target.kind) << ids(vs) << " ";
  }
  template <typename D> void brIf(D &, Ctrl &target, const Value &cond, std::span<const Value> vs) {
    log << "br_if:" << kind(target.kind) << "(" << cond.id << ")" << ids(vs) << " ";
  }
  template <typename D>
  void brTable(D &, std::span<Ctrl *const> targets, Ctrl &def, const Value &key,
               std::span<const Value> vs) {
    log << "br_table(" << key.id << "):";
    for (Ctrl *t : targets)
      log << kind(t->kind) << ",";
    log << kind(def.kind) << ids(vs) << " ";
  }
  template <typename D> void return_(D &, std::span<const Value> vs) {
    log << "return" << ids(vs) << " ";
  }
  template <typename D> void unreachable(D &) { log << "unreachable "; }
  template <typename D>
  void tryTable(D &, Ctrl &c, std::span<const CatchClause> catches, std::span<Ctrl *const> targets,
                std::span<const Value> in, std::span<Value> out) {
    log << "try[";
    for (size_t i = 0; i < catches.size(); ++i)
      log << (i ? "," : "") << "catch" << static_cast<int>(catches[i].kind) << ":"
          << kind(targets[i]->kind);
    log << "]";
    enter("", c, in, out);
  }
  template <typename D> void throw_(D &, TagIndex t, std::span<const Value> args) {
    log << "throw" << t.value << ids(args) << " ";
  }
  template <typename D> void throwRef(D &, const Value &v) { log << "throw_ref" << v.id << " "; }
  template <typename D>
  void gcOp(D &, Opcode op, const GcImm &imm, std::span<const Value> args, Value *out) {
    log << opcodeName(op) << ":" << imm.type << ids(args);
    if (out) {
      def(out);
      log << "=" << out->id;
    }
    log << " ";
  }
  template <typename D>
  void brOn(D &, Opcode op, Ctrl &target, const GcImm &, std::span<const Value> values) {
    log << opcodeName(op) << ":" << kind(target.kind) << ids(values) << " ";
  }
  template <typename D>
  void callRef(D &, TypeIndex t, const Value &ref, std::span<const Value> args,
               std::span<Value> results) {
    log << "call_ref:" << t.value << "(" << ref.id << ")" << ids(args);
    for (Value &r : results)
      def(&r);
    log << ids(results) << " ";
  }
};

// Decodes function 0 of a one-function module of the given type; returns the callback log.
// With `tags` (a tag section's contents) the module is read as inside a component, where
// exception handling is on.
std::string trace(const Bytes &type, const Bytes &code, const Bytes &locals = {0x00},
                  const Bytes &moreTypes = {}, const Bytes &tags = {}) {
  Bytes body = cat({locals, code});
  Bytes bin = cat({header(), section(1, cat({u(moreTypes.empty() ? 1 : 2), type, moreTypes})),
                   section(3, {0x01, 0x00}), tags.empty() ? Bytes{} : section(13, tags),
                   section(10, cat({u(1), u(body.size()), body}))});
  Module m;
  Diagnostics d;
  if (tags.empty())
    REQUIRE(readModule(bin.data(), bin.size(), m, d));
  else
    REQUIRE(readModule(bin.data(), 0, bin.size(), m, d));
  Recorder r;
  FunctionDecoder<Recorder> decoder(m, FuncIndex(0), r, d);
  bool ok = decoder.decode();
  INFO(d.format("test"));
  REQUIRE(ok);
  std::string s = r.log.str();
  if (!s.empty()) s.pop_back();
  return s;
}
} // namespace

TEST_CASE("straight-line code", "[decoder]") {
  CHECK(trace(kI32Result, {0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b}) ==
        "start i32:1=0 i32:2=1 i32.add[0 1]=2 finish[2]");
}

TEST_CASE("dead code gets no callbacks", "[decoder]") {
  // unreachable; i32.const 1; drop; block; i32.const 2; drop; end; end
  CHECK(trace(kVoidType, {0x00, 0x41, 0x01, 0x1a, 0x02, 0x40, 0x41, 0x02, 0x1a, 0x0b, 0x0b}) ==
        "start unreachable");
  // After `return` inside a block nothing reaches the block's end: `end` is still called (the
  // block was entered reachably) but what follows it is dead.
  CHECK(trace(kVoidType, {0x02, 0x40, 0x0f, 0x0b, 0x41, 0x05, 0x1a, 0x0b}) ==
        "start block[]->[] return[] end:block![]->[]");
  // A branch to the block makes the code after its end reachable again.
  CHECK(trace(kVoidType, {0x02, 0x40, 0x0c, 0x00, 0x41, 0x07, 0x1a, 0x0b, 0x41, 0x05, 0x1a,
                          0x0b}) == "start block[]->[] br:block[] end:block![]->[] i32:5=0 "
                                    "drop0 finish[]");
}

TEST_CASE("block parameters and results", "[decoder]") {
  // Type 1 = [i32] -> [i32]. i32.const 3; block (type 1) i32.const 4; i32.add; end
  Bytes type1 = {0x60, 0x01, 0x7f, 0x01, 0x7f};
  CHECK(trace(kI32Result, {0x41, 0x03, 0x02, 0x01, 0x41, 0x04, 0x6a, 0x0b, 0x0b}, {0x00}, type1) ==
        "start i32:3=0 block[0]->[1] i32:4=2 i32.add[1 2]=3 end:block[3]->[4] finish[4]");
  // A loop with a parameter: the branch carries the loop's params.
  CHECK(trace(kI32Result, {0x41, 0x03, 0x03, 0x01, 0x41, 0x00, 0x0d, 0x00, 0x0b, 0x0b}, {0x00},
              type1) == "start i32:3=0 loop[0]->[1] i32:0=2 br_if:loop(2)[1] end:loop[1]->[3] "
                        "finish[3]");
}

TEST_CASE("if, else and if without else", "[decoder]") {
  // i32.const 1; if (result i32) i32.const 2 else i32.const 3 end
  CHECK(trace(kI32Result, {0x41, 0x01, 0x04, 0x7f, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0b, 0x0b}) ==
        "start i32:1=0 cond0 if[]->[] i32:2=1 else[1]->[] i32:3=2 end:else[2]->[3] finish[3]");
  // Then-arm ends in unreachable: else gets thenReachable=false.
  CHECK(trace(kI32Result, {0x41, 0x01, 0x04, 0x7f, 0x00, 0x05, 0x41, 0x03, 0x0b, 0x0b}) ==
        "start i32:1=0 cond0 if[]->[] unreachable else![]->[] i32:3=1 end:else[1]->[2] finish[2]");
  // if without else with [i32] -> [i32]: end gets the then-results; code after is reachable
  // through the implicit else even when the then-arm returns.
  Bytes type1 = {0x60, 0x01, 0x7f, 0x01, 0x7f};
  CHECK(trace(kI32Result, {0x41, 0x05, 0x41, 0x01, 0x04, 0x01, 0x0f, 0x0b, 0x0b}, {0x00}, type1) ==
        "start i32:5=0 i32:1=1 cond1 if[0]->[2] return[2] end:if![]->[3] finish[3]");
}

TEST_CASE("try_table and throw", "[decoder]") {
  // Type 1 = [i32] -> [], the type of tag 0. block (result i32) try_table (result i32)
  // (catch 0 0) i32.const 7; throw 0 end end: the catch targets the block (label 0 counts from
  // the frame around the try_table), so the try_table's end is dead and the block's is reached
  // only by the catch.
  Bytes type1 = {0x60, 0x01, 0x7f, 0x00};
  CHECK(trace(kI32Result,
              {0x02, 0x7f, 0x1f, 0x7f, 0x01, 0x00, 0x00, 0x00, 0x41, 0x07, 0x08, 0x00, 0x0b, 0x0b,
               0x0b},
              {0x00}, type1, {0x01, 0x00, 0x01}) ==
        "start block[]->[] try[catch0:block][]->[] i32:7=0 throw0[0] end:try![]->[1] "
        "end:block![]->[2] finish[2]");
}

TEST_CASE("branches to the function frame", "[decoder]") {
  // i32.const 7; br 0 — the target is the function frame; the final end is unreachable.
  CHECK(trace(kI32Result, {0x41, 0x07, 0x0c, 0x00, 0x0b}) == "start i32:7=0 br:func[0]");
  // br_if to the function frame, then fall through.
  CHECK(trace(kI32Result, {0x41, 0x07, 0x41, 0x01, 0x0d, 0x00, 0x0b}) ==
        "start i32:7=0 i32:1=1 br_if:func(1)[0] finish[0]");
  // br_table with a block and the function as targets.
  CHECK(trace(kVoidType, {0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x0b}) ==
        "start block[]->[] i32:0=0 br_table(0):block,func[] end:block![]->[] finish[]");
}

TEST_CASE("locals, calls and select", "[decoder]") {
  // (i32) -> i32 calling itself: local.get 0; call 0; local.set 1 (i32 local); local.get 1
  Bytes type = {0x60, 0x01, 0x7f, 0x01, 0x7f};
  CHECK(trace(type, {0x20, 0x00, 0x10, 0x00, 0x21, 0x01, 0x20, 0x01, 0x0b}, {0x01, 0x01, 0x7f}) ==
        "start get0=0 call0[0]->[1] set1(1) get1=2 finish[2]");
  CHECK(trace(kI32Result, {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1b, 0x0b}) ==
        "start i32:1=0 i32:2=1 i32:0=2 select:i32 finish[3]");
}

TEST_CASE("blocks entered in dead code get no callbacks", "[decoder]") {
  // return; block; i32.const 1; br 0; end; loop; end; end
  CHECK(trace(kVoidType, {0x0f, 0x02, 0x40, 0x41, 0x01, 0x1a, 0x0c, 0x00, 0x0b, 0x03, 0x40, 0x0b,
                          0x0b}) == "start return[]");
}
