// C names for a library's generated header (wit-bindgen's C conventions): WIT's kebab-case
// becomes snake_case, a package and interface prefix a function, and resource functions read
// `<iface>_<method|static|constructor>_<resource>[_<name>]`.
#pragma once

#include <string>

namespace w2n::plan {

// "my-func" -> "my_func"; C keywords and names starting with a digit get a trailing '_'.
std::string cIdent(const std::string &witName);

// The C function for export `name` ("f", or "pkg:ns/iface@1.0#f" / "inst#f") of a library whose
// names start with `prefix` (used for root functions and plainly named instances).
std::string cFunctionName(const std::string &prefix, const std::string &exportName);

// The C type name for a value type exported as `typeName` ("thing" or "inst#thing").
std::string cTypeName(const std::string &prefix, const std::string &typeName);

} // namespace w2n::plan
