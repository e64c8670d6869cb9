// Composition at compile time (`--plug`): the root component's imports are satisfied by the
// exports of other components, by name, as `wac plug` does, and the plugs' own imports the same
// way (by the host or by other plugs). This file decides who provides what and checks that each
// plug fits (its export a subtype of the import, with the validator's subtyping); static
// instantiation (component_plan) then instantiates the plugs and binds the imports to their
// exports, so calls between them go through the same adapters as nested components'.
#pragma once

#include "compiler/frontend/component/component_api.h"
#include "compiler/frontend/component/component_model.h"
#include "compiler/frontend/diagnostics.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace w2n::component {

// Where a root-level import of a unit is bound when a plug provides it.
struct PlugBinding {
  uint32_t unit = 0;      // the providing plug (index into Composition::units)
  std::string exportName; // its export
};

struct Composition {
  std::vector<const Component *> units; // 0: the root, then the plugs in command-line order
  std::vector<std::string> files;       // their file names, for messages
  // Per unit: import name -> the plug that provides it; an import not here is the host's.
  std::vector<std::map<std::string, PlugBinding>> bindings;
  // The plugs to instantiate, each after the plugs it imports from (the root comes last).
  std::vector<uint32_t> order;
};

// Whether an export named `exported` satisfies an import named `imported`: the same name, or
// the same interface at a semver-compatible version (same major version; for 0.x the same minor;
// for 0.0.x the same patch; no pre-release), as Wasmtime's linker matches versions.
bool versionCompatible(const std::string &imported, const std::string &exported);

// Validates every unit (errors with their file and offset in `diags`), resolves who provides each
// import and checks that every plug fits, is used and that plugs do not import from each other
// in a cycle. A misfit is one diagnostic at the import, naming both types; an unused plug or a
// cycle is one line in `error` (diags empty).
bool compose(Composition &c, const ComponentFeatures &features, Diagnostics &diags,
             std::string &error);

} // namespace w2n::component
