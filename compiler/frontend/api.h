// The frontend's entry points: read a binary into a Module, validate it (module and every
// function body). Both report user-input errors into Diagnostics with absolute byte offsets.
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"

#include <cstddef>
#include <cstdint>

namespace w2n {

// Decodes a core module binary. The bytes must outlive the Module (bodies are read in place).
// Malformed input (bad magic, truncated sections, bad LEB128s, unknown section ids, features
// beyond Wasm 2.0 ...) yields false with at least one diagnostic; never crashes.
bool readModule(const uint8_t *bytes, size_t size, Module &out, Diagnostics &diags);
// The same with exception handling and/or GC on (`--features exceptions,gc`; see
// Module::exceptions, Module::gc).
bool readModule(const uint8_t *bytes, size_t size, Module &out, Diagnostics &diags, bool exceptions,
                bool gc = false);
// The same for a module embedded at [base + begin, base + end) (a core module inside a
// component): diagnostics and the Module's offsets count from `base`, and out.bytes is `base`.
bool readModule(const uint8_t *base, size_t begin, size_t end, Module &out, Diagnostics &diags);

// Checks everything the Wasm 2.0 validation rules require, including every function body.
bool validateModule(const Module &module, Diagnostics &diags);

} // namespace w2n
