// C names for generated headers (component_c_names.h).
// GCC 12 warns wrongly about `"literal" + std::string` (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "compiler/lowering/component_c_names.h"

#include <set>

namespace w2n::plan {

namespace {

// "example:calculator/math@1.0.0" -> "example_calculator_math"; "math" -> "" (a plain name
// gets the library prefix instead).
std::string interfacePrefix(const std::string &inst) {
  size_t colon = inst.find(':'), slash = inst.find('/');
  if (colon == std::string::npos || slash == std::string::npos) return "";
  std::string pkg = inst.substr(colon + 1, slash - colon - 1);
  std::string iface = inst.substr(slash + 1);
  iface = iface.substr(0, iface.find('@'));
  return cIdent(inst.substr(0, colon)) + "_" + cIdent(pkg) + "_" + cIdent(iface);
}

// "[method]counter.get" -> "method_counter_get", "[constructor]counter" -> "constructor_counter",
// "[resource-drop]blob" -> "drop_blob" (an imported resource's destructor the host supplies).
std::string functionPart(const std::string &fn) {
  if (fn.rfind("[resource-drop]", 0) == 0) return "drop_" + cIdent(fn.substr(15));
  for (const char *kind : {"constructor", "method", "static"}) {
    std::string tag = std::string("[") + kind + "]";
    if (fn.rfind(tag, 0) != 0) continue;
    std::string rest = fn.substr(tag.size());
    size_t dot = rest.find('.');
    std::string out = std::string(kind) + "_" + cIdent(rest.substr(0, dot));
    if (dot != std::string::npos) out += "_" + cIdent(rest.substr(dot + 1));
    return out;
  }
  return cIdent(fn);
}

std::string scoped(const std::string &prefix, const std::string &name) {
  size_t hash = name.find('#');
  if (hash == std::string::npos) return prefix + "_" + functionPart(name);
  std::string inst = name.substr(0, hash), iface = interfacePrefix(inst);
  std::string head = iface.empty() ? prefix + "_" + cIdent(inst) : iface;
  return head + "_" + functionPart(name.substr(hash + 1));
}

} // namespace

std::string cIdent(const std::string &witName) {
  static const std::set<std::string> kReserved = {
      "auto",     "break",   "case",     "char",   "const",    "continue", "default",
      "do",       "double",  "else",     "enum",   "extern",   "float",    "for",
      "goto",     "if",      "inline",   "int",    "long",     "register", "restrict",
      "return",   "short",   "signed",   "sizeof", "static",   "struct",   "switch",
      "typedef",  "union",   "unsigned", "void",   "volatile", "while",    "bool",
      "true",     "false",   "class",    "new",    "delete",   "this",     "template",
      "operator", "private", "public",   "try",    "catch",    "throw",    "namespace"};
  std::string out;
  for (char c : witName) {
    if (c == '-' || c == '.' || c == ':' || c == '/' || c == '@' || c == '%')
      out += '_';
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else
      out += c;
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9') || kReserved.count(out)) out += '_';
  return out;
}

std::string cFunctionName(const std::string &prefix, const std::string &exportName) {
  return scoped(prefix, exportName);
}

std::string cTypeName(const std::string &prefix, const std::string &typeName) {
  return scoped(prefix, typeName) + "_t";
}

} // namespace w2n::plan
