// Canonical definitions (CanonicalABI.md "canonical definitions"): canon lift and lower with
// their options (memory, realloc, post-return, string-encoding) checked against the flattened
// function type, and resource.new/drop/rep.
#include "compiler/frontend/component/canon_flatten.h"
#include "compiler/frontend/component/component_validator.h"

namespace w2n::component {

namespace {
std::string idx(uint32_t i) { return std::to_string(i); }

// flatten_functype (canon_flatten.h) plus whether the values themselves live in memory
// (strings, lists), which the memory and realloc options depend on.
struct Flat {
  canon::FlatFuncType type;
  bool paramsNeedMemory = false, resultsNeedMemory = false;
};

Flat flatten(const TypeStore &s, const FuncT &f, canon::FlatContext context, canon::PtrType ptr) {
  Flat out;
  out.type = canon::flattenFuncType(s, f, context, ptr);
  for (const auto &p : f.params)
    if (needsMemory(s, p.second)) out.paramsNeedMemory = true;
  if (f.result && needsMemory(s, *f.result)) out.resultsNeedMemory = true;
  return out;
}
} // namespace

bool Validator::canon(const CanonDef &d) {
  Scope &s = cur();
  const CanonOptions &o = d.options;
  // Pointers are i64 into a 64-bit memory (cm64).
  canon::PtrType ptr = canon::PtrType::I32;
  auto checkCommonOptions = [&]() {
    if (o.realloc && !o.memory)
      return error(o.reallocOffset,
                   "canonical option `realloc` requires `memory` to also be specified");
    if (o.memory && o.memory->value >= s.coreMemories.size())
      return error(o.memoryOffset,
                   "unknown memory " + idx(o.memory->value) + ": memory index out of bounds");
    if (o.memory && s.coreMemories[o.memory->value].shared)
      return error(o.memoryOffset, "mismatch in the shared flag for memories");
    if (o.memory && s.coreMemories[o.memory->value].is64) {
      if (!features_.cm64)
        return error(o.memoryOffset, "64-bit memories require the `cm64` feature to be enabled");
      ptr = canon::PtrType::I64;
    }
    if (o.realloc) {
      FuncType f;
      if (!coreFuncAt(o.realloc->value, o.reallocOffset, f)) return false;
      ValType p = canon::ptrValType(ptr);
      FuncType want{{p, p, p, p}, {p}};
      if (!(f == want))
        return error(o.reallocOffset,
                     "canonical option `realloc` uses a core function with an incorrect signature");
    }
    return true;
  };
  switch (d.kind) {
  case CanonDef::Kind::Lift: {
    FuncType core;
    if (!coreFuncAt(d.func, d.offset, core)) return false;
    AnyTypeId t;
    if (!typeAt(d.type.value, d.offset, t)) return false;
    if (t.kind != TypeKind::Func)
      return error(d.offset, "type index " + idx(d.type.value) + " is not a function type");
    if (!checkCommonOptions()) return false;
    if (o.gc || o.coreType) { // values as GC references: no flattening, memory or realloc
      FuncType unused;
      if (!gcOptions(d, store.funcs[t.id], unused)) return false;
      s.funcs.push_back(t.id);
      return true;
    }
    Flat flat = flatten(store, store.funcs[t.id], canon::FlatContext::Lift, ptr);
    bool paramsViaMemory = flat.type.paramsInMemory;
    bool resultsViaMemory = flat.type.resultsInMemory;
    if ((flat.paramsNeedMemory || paramsViaMemory || flat.resultsNeedMemory || resultsViaMemory) &&
        !o.memory)
      return error(d.offset, "canonical option `memory` is required");
    if ((flat.paramsNeedMemory || paramsViaMemory) && !o.realloc)
      return error(d.offset, "canonical option `realloc` is required");
    const std::vector<ValType> &params = flat.type.params;
    const std::vector<ValType> &results = flat.type.results;
    if (core.params != params)
      return error(d.offset, "lowered parameter types `" + coreTypesList(params) +
                                 "` do not match parameter types `" + coreTypesList(core.params) +
                                 "` of core function " + idx(d.func));
    if (core.results != results)
      return error(d.offset, "lowered result types `" + coreTypesList(results) +
                                 "` do not match result types `" + coreTypesList(core.results) +
                                 "` of core function " + idx(d.func));
    if (o.postReturn) {
      FuncType f;
      if (!coreFuncAt(o.postReturn->value, o.postReturnOffset, f)) return false;
      if (!(f.params == results && f.results.empty()))
        return error(o.postReturnOffset, "canonical option `post-return` uses a core function "
                                         "with an incorrect signature");
    }
    s.funcs.push_back(t.id);
    return true;
  }
  case CanonDef::Kind::Lower: {
    if (d.func >= s.funcs.size())
      return error(d.offset, "unknown function " + idx(d.func) + ": function index out of bounds");
    if (o.postReturn)
      return error(o.postReturnOffset,
                   "canonical option `post-return` cannot be specified for lowerings");
    if (!checkCommonOptions()) return false;
    if (o.gc || o.coreType) {
      FuncType lowered;
      if (!gcOptions(d, store.funcs[s.funcs[d.func]], lowered)) return false;
      s.coreFuncs.push_back(std::move(lowered));
      return true;
    }
    Flat flat = flatten(store, store.funcs[s.funcs[d.func]], canon::FlatContext::Lower, ptr);
    bool paramsViaMemory = flat.type.paramsInMemory;
    bool resultsViaMemory = flat.type.resultsInMemory;
    if ((flat.paramsNeedMemory || paramsViaMemory || flat.resultsNeedMemory || resultsViaMemory) &&
        !o.memory)
      return error(d.offset, "canonical option `memory` is required");
    if (flat.resultsNeedMemory && !o.realloc)
      return error(d.offset, "canonical option `realloc` is required");
    s.coreFuncs.push_back(FuncType{flat.type.params, flat.type.results});
    return true;
  }
  case CanonDef::Kind::ResourceNew:
  case CanonDef::Kind::ResourceRep: {
    uint32_t r = 0;
    if (!resourceAt(d.type.value, d.offset, r)) return false;
    if (!s.localResources.count(store.rootOf(r)))
      return error(d.offset, "type " + idx(d.type.value) + " is not a local resource");
    ValType rep = store.resources[store.rootOf(r)].rep.value_or(ValType::I32);
    if (d.kind == CanonDef::Kind::ResourceNew)
      s.coreFuncs.push_back(FuncType{{rep}, {ValType::I32}});
    else
      s.coreFuncs.push_back(FuncType{{ValType::I32}, {rep}});
    return true;
  }
  case CanonDef::Kind::ResourceDrop: {
    uint32_t r = 0;
    if (!resourceAt(d.type.value, d.offset, r)) return false;
    s.coreFuncs.push_back(FuncType{{ValType::I32}, {}});
    return true;
  }
  }
  return true;
}

} // namespace w2n::component
