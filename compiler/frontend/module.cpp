// The few functions module.h declares: value type names and canonical signature keys.
#include "compiler/frontend/module.h"

namespace w2n {

const char *valTypeName(ValType t) {
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
  case ValType::FuncRef:
    return "funcref";
  case ValType::ExternRef:
    return "externref";
  case ValType::ExnRef:
    return "exnref";
  case ValType::Bottom:
    return "unknown";
  }
  return "?";
}

// Letters as runtime-lib/include/w2n/abi.h defines them for __w2n_sig_ symbols.
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
  }
  return '?';
}

std::string signatureKey(const FuncType &type) {
  std::string key;
  key.reserve(type.params.size() + type.results.size() + 1);
  for (ValType t : type.params)
    key += valTypeLetter(t);
  key += '_';
  for (ValType t : type.results)
    key += valTypeLetter(t);
  return key;
}

} // namespace w2n
