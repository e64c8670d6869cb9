// Type substitution in the validator's TypeStore (compiler/frontend/component/component_types.h).
// Substituting resources (instantiation, an instance type's fresh resources) must map each
// defined type to one new type however often it is met: the component model compares defined
// types by identity where it asks whether a type is named by an export (issue 13: a record holding
// own<r>, exported under a name, and the function using it got two different copies).
#include "compiler/frontend/component/component_types.h"

#include <catch2/catch.hpp>

using namespace w2n;
using component::AnyTypeId;
using component::DefinedT;
using component::EntityT;
using component::ExternDesc;
using component::FuncT;
using component::PrimType;
using component::ResourceT;
using component::Substitution;
using component::TypeKind;
using component::TypeStore;
using component::ValT;
using Kind = component::DefValType::Kind;

namespace {
ValT def(uint32_t id) { return ValT{false, PrimType::Bool, id}; }

// The shape of wasi:io/streams' stream-error: own<r>, a variant holding it, that variant exported
// under a name (a second id for the same type), and a function returning the named type.
struct Shape {
  TypeStore s;
  uint32_t resource = 0, own = 0, variant = 0, named = 0, func = 0, plain = 0;

  Shape() {
    resource = s.addResource(ResourceT{});
    DefinedT o;
    o.kind = Kind::Own;
    o.resource = resource;
    own = s.addDefined(o);
    DefinedT v;
    v.kind = Kind::Variant;
    v.cases = {{"failed", def(own)}, {"closed", std::nullopt}};
    variant = s.addDefined(v);
    named = s.withUnique({TypeKind::Defined, variant}).id;
    FuncT f;
    f.result = def(named);
    func = s.addFunc(f);
    DefinedT l; // a list<u8>: holds no resource
    l.kind = Kind::List;
    l.types = {ValT{true, PrimType::U8, 0}};
    plain = s.addDefined(l);
  }
};
} // namespace

TEST_CASE("substitution copies each defined type once, wherever it meets it",
          "[component][types]") {
  Shape t;
  Substitution m;
  uint32_t fresh = t.s.addResource(ResourceT{});
  m.resources[t.s.rootOf(t.resource)] = fresh;

  EntityT type;
  type.kind = ExternDesc::Kind::Type;
  type.type = {TypeKind::Defined, t.named};
  type.referenced = {TypeKind::Defined, t.variant};
  EntityT func;
  func.kind = ExternDesc::Kind::Func;
  func.id = t.func;

  EntityT typeOut = t.s.substitute(type, m);
  EntityT funcOut = t.s.substitute(func, m);
  // The function still returns the very type the export names.
  REQUIRE(t.s.funcs[funcOut.id].result->def == typeOut.type.id);
  // Both are copies (they hold the mapped resource) and stay two ids, as before.
  CHECK(typeOut.type.id != t.named);
  CHECK(typeOut.referenced.id != t.variant);
  CHECK(typeOut.type.id != typeOut.referenced.id);
  const DefinedT &copy = t.s.defined[typeOut.type.id];
  REQUIRE(copy.cases[0].second);
  CHECK(t.s.defined[copy.cases[0].second->def].resource == fresh);
  // Meeting it again gives the same copy.
  CHECK(t.s.substitute(def(t.named), m).def == typeOut.type.id);
  // What holds no mapped resource is shared, not copied.
  CHECK(t.s.substitute(def(t.plain), m).def == t.plain);
}

TEST_CASE("each substitution makes its own copies", "[component][types]") {
  Shape t;
  Substitution a, b;
  a.resources[t.s.rootOf(t.resource)] = t.s.addResource(ResourceT{});
  b.resources[t.s.rootOf(t.resource)] = t.s.addResource(ResourceT{});
  uint32_t fromA = t.s.substitute(def(t.named), a).def;
  uint32_t fromB = t.s.substitute(def(t.named), b).def;
  CHECK(fromA != fromB); // two instantiations: two types
  AnyTypeId func = t.s.substitute(AnyTypeId{TypeKind::Func, t.func}, b);
  CHECK(t.s.funcs[func.id].result->def == fromB);
}
