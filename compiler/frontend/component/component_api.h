// The component frontend's entry points: recognize a component binary, read it into a
// Component, validate and type-check it, print its world as WIT. Errors go into Diagnostics
// with absolute byte offsets, like the core frontend (api.h).
#pragma once

#include "compiler/frontend/component/component_model.h"
#include "compiler/frontend/diagnostics.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace w2n::component {

// True when the 8-byte preamble says "component" (magic, version 0x0d 0x00, layer 0x01 0x00).
// A file with the component layer but another version is also routed here (and rejected there).
bool isComponentBinary(const uint8_t *bytes, size_t size);

// Decodes a component binary. The bytes must outlive the Component. Malformed input yields
// false with a diagnostic; component-model async features yield "unsupported feature: component
// model async (...)".
bool readComponent(const uint8_t *bytes, size_t size, Component &out, Diagnostics &diags);

// Component model features that can be switched (wasm-tools' -f names in comments).
struct ComponentFeatures {
  bool nestedNames = false; // cm-nested-names: "a:b:c/d/e" names and dependency paths
  bool implements = true;   // cm-implements: `(implements "a:b/c")` on instance names (in the
                            // spec's tests; Wasmtime can turn it off)
  bool cm64 = false;        // cm64: canonical ABI over 64-bit memories, i64 resource reps
};

// Validates and type-checks a decoded component (every nested core module and component too).
bool validateComponent(const Component &component, Diagnostics &diags,
                       const ComponentFeatures &features = {});

// The component's world in WIT (as `wasm-tools component wit` prints it), for a component that
// validated. Returns false (with a diagnostic) when the world cannot be expressed.
bool printWit(const Component &component, std::string &out, Diagnostics &diags);

} // namespace w2n::component
