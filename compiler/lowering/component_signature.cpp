// WIT text of plan types (component_signature.h).
#include "compiler/lowering/component_signature.h"

#include "w2n/canon.h"

namespace w2n::plan {

namespace {

std::string labelled(const Plan &plan, const ValueType &t, const char *open, bool withPayloads) {
  std::string out = open;
  for (size_t i = 0; i < t.labels.size(); ++i) {
    out += i ? ", " : " ";
    out += t.labels[i];
    if (withPayloads && i < t.members.size() && t.members[i] != kNone)
      out += (t.kind == W2N_CT_RECORD ? ": " : "(") + witTypeText(plan, t.members[i]) +
             (t.kind == W2N_CT_RECORD ? "" : ")");
  }
  return out + (t.labels.empty() ? "}" : " }");
}

std::string resourceName(const Plan &plan, uint32_t r) {
  if (r == kNone || r >= plan.resources.size()) return "resource";
  const std::string &name = plan.resources[r].name;
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

} // namespace

std::string witTypeText(const Plan &plan, uint32_t id) {
  if (id == kNone || id >= plan.types.size()) return "_";
  const ValueType &t = plan.types[id];
  static const char *const kScalars[] = {"bool", "s8",  "u8",  "s16", "u16",  "s32",   "u32",
                                         "s64",  "u64", "f32", "f64", "char", "string"};
  if (t.kind <= W2N_CT_STRING) return kScalars[t.kind];
  auto member = [&](size_t i) {
    return i < t.members.size() ? witTypeText(plan, t.members[i]) : std::string("_");
  };
  switch (t.kind) {
  case W2N_CT_LIST:
    return "list<" + member(0) + (t.count ? ", " + std::to_string(t.count) : "") + ">";
  case W2N_CT_TUPLE: {
    std::string out = "tuple<";
    for (size_t i = 0; i < t.members.size(); ++i)
      out += (i ? ", " : "") + member(i);
    return out + ">";
  }
  case W2N_CT_RECORD:
    return labelled(plan, t, "record {", true);
  case W2N_CT_VARIANT:
    return labelled(plan, t, "variant {", true);
  case W2N_CT_ENUM:
    return labelled(plan, t, "enum {", false);
  case W2N_CT_FLAGS:
    return labelled(plan, t, "flags {", false);
  case W2N_CT_OPTION:
    return "option<" + member(1) + ">";
  case W2N_CT_RESULT: {
    bool ok = t.members.size() > 0 && t.members[0] != kNone;
    bool err = t.members.size() > 1 && t.members[1] != kNone;
    if (!ok && !err) return "result";
    if (!err) return "result<" + member(0) + ">";
    return "result<" + (ok ? member(0) : std::string("_")) + ", " + member(1) + ">";
  }
  case W2N_CT_OWN:
    return "own<" + resourceName(plan, t.resource) + ">";
  case W2N_CT_BORROW:
    return "borrow<" + resourceName(plan, t.resource) + ">";
  default:
    return "?";
  }
}

std::string witFuncText(const Plan &plan, const FuncType &type) {
  std::string out = "func(";
  for (size_t i = 0; i < type.params.size(); ++i)
    out += (i ? ", " : "") + type.params[i].first + ": " + witTypeText(plan, type.params[i].second);
  out += ")";
  if (type.result != kNone) out += " -> " + witTypeText(plan, type.result);
  return out;
}

} // namespace w2n::plan
