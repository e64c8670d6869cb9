// The few functions module.h declares: value type names and canonical signature keys.
#include "compiler/frontend/module.h"

namespace w2n {

std::string heapTypeName(uint32_t h) {
  if (heap::isSharedAbstract(h)) return "(shared " + heapTypeName(heap::unshared(h)) + ")";
  switch (h) {
  case heap::Exn:
    return "exn";
  case heap::Array:
    return "array";
  case heap::Struct:
    return "struct";
  case heap::I31:
    return "i31";
  case heap::Eq:
    return "eq";
  case heap::Any:
    return "any";
  case heap::Extern:
    return "extern";
  case heap::Func:
    return "func";
  case heap::None:
    return "none";
  case heap::NoExtern:
    return "noextern";
  case heap::NoFunc:
    return "nofunc";
  case heap::NoExn:
    return "noexn";
  }
  return std::to_string(heap::typeIndex(h));
}

std::string valTypeName(ValType t) {
  switch (t) {
  case ValType::I32:
    return "i32";
  case ValType::I64:
    return "i64";
  case ValType::F32:
    return "f32";
  case ValType::F64:
    return "f64";
  case ValType::V128:
    return "v128";
  case ValType::Bottom:
    return "unknown";
  default:
    break;
  }
  if (!isRefType(t)) return "?";
  uint32_t h = heapOf(t);
  if (isNullable(t) && !heap::isConcrete(h) && !heap::isSharedAbstract(h)) {
    if (h == heap::None) return "nullref";
    if (h == heap::NoExtern) return "nullexternref";
    if (h == heap::NoFunc) return "nullfuncref";
    if (h == heap::NoExn) return "nullexnref";
    return heapTypeName(h) + "ref";
  }
  return std::string(isNullable(t) ? "(ref null " : "(ref ") + heapTypeName(h) + ")";
}

// Letters as runtime-lib/include/w2n/abi.h defines them for __w2n_sig_ symbols. References all
// share one machine representation; FuncType::canon tells GC types apart.
char valTypeLetter(ValType t) {
  switch (t) {
  case ValType::I32:
    return 'i';
  case ValType::I64:
    return 'I';
  case ValType::F32:
    return 'f';
  case ValType::F64:
    return 'F';
  case ValType::V128:
    return 'V';
  case ValType::FuncRef:
    return 'c';
  case ValType::ExternRef:
    return 'e';
  case ValType::ExnRef:
    return 'x';
  case ValType::Bottom:
    return '?';
  default:
    return isRefType(t) ? 'r' : '?';
  }
}

std::string signatureKey(const FuncType &type) {
  std::string key;
  key.reserve(type.params.size() + type.results.size() + 1);
  for (ValType t : type.params)
    key += valTypeLetter(t);
  key += '_';
  for (ValType t : type.results)
    key += valTypeLetter(t);
  if (!type.canon.empty()) key += "_g" + type.canon;
  return key;
}

} // namespace w2n
