// The WASI 0.2 host as the compiler sees it: the table of host functions and resources that
// wasi-shim/wasip2_funcs.def declares (shared with the runtime), looked up by interface (without
// version) and name, with each function's lowered core signature to check imports against.
#pragma once

#include "compiler/frontend/module.h"

#include <string>

namespace w2n {

struct HostFunc {
  const char *interface, *name, *symbol;
  std::string signature; // signatureKey form (module.h): "iiii_", "_i"
};

struct HostResource {
  const char *interface, *name, *symbol;
};

// Null when the host has no such function / resource. Versions are matched by the caller.
const HostFunc *findHostFunc(const std::string &interface, const std::string &name);
const HostResource *findHostResource(const std::string &interface, const std::string &name);

// Whether the host implements any function or resource of this interface (for "missing interface"
// errors).
bool hostHasInterface(const std::string &interface);

} // namespace w2n
