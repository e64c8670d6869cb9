// The host table of component_host.h, built from wasi-shim/wasip2_funcs.def.
#include "compiler/lowering/component_host.h"

#include <vector>

namespace w2n {

namespace {

struct Tables {
  std::vector<HostFunc> funcs;
  std::vector<HostResource> resources;
  Tables() {
#define W2N_P2_FUNC(iface, name, symbol, params, results)                                          \
  funcs.push_back({iface, name, #symbol, std::string(params) + "_" + results});
#define W2N_P2_RESOURCE(iface, name, symbol) resources.push_back({iface, name, #symbol});
#if __has_include("wasi-shim/wasip2_funcs.def")
#include "wasi-shim/wasip2_funcs.def"
#endif
#undef W2N_P2_FUNC
#undef W2N_P2_RESOURCE
  }
};

const Tables &tables() {
  static const Tables t;
  return t;
}

} // namespace

const HostFunc *findHostFunc(const std::string &interface, const std::string &name) {
  for (const HostFunc &f : tables().funcs)
    if (interface == f.interface && name == f.name) return &f;
  return nullptr;
}

const HostResource *findHostResource(const std::string &interface, const std::string &name) {
  for (const HostResource &r : tables().resources)
    if (interface == r.interface && name == r.name) return &r;
  return nullptr;
}

bool hostHasInterface(const std::string &interface) {
  for (const HostFunc &f : tables().funcs)
    if (interface == f.interface) return true;
  for (const HostResource &r : tables().resources)
    if (interface == r.interface) return true;
  return false;
}

} // namespace w2n
