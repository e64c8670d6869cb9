// Code generation for a component's plan (component_plan.h): the objects of canon.h (component
// instances, canonical options, adapters, resource types, value type descriptors), the thunks
// of lowered functions, and the function that instantiates everything in plan order. The core
// modules themselves are lowered separately, module i with the symbol prefix "w2n_m<i>_".
#pragma once

#include "compiler/frontend/diagnostics.h"
#include "compiler/lowering/component_library.h"
#include "compiler/lowering/component_plan.h"

namespace llvm {
class Module;
}

namespace w2n {

enum class ComponentMainKind {
  Command, // __w2n_program_main runs the wasi:cli/run export
  Script,  // __w2n_program_main serves the component wast driver (w2n_component_script_main)
  Invoke,  // __w2n_program_main calls exports as its arguments say, in WAVE
           // (w2n_component_invoke_main)
  Library, // no program main: the instantiation code for a library's API (component_library.h)
};

// The kind of program a component makes: a command when it exports wasi:cli/run, otherwise one
// that invokes its exports.
ComponentMainKind programKindOf(const plan::Plan &plan);

// Symbol prefix of plan module i.
std::string componentModulePrefix(uint32_t module);

// For a Library, `library` receives what the API needs (component_library.h). With
// trapUnknownImports, imported functions the host lacks trap when called (not for libraries).
bool emitComponentMain(const plan::Plan &plan, ComponentMainKind kind, llvm::Module &out,
                       Diagnostics &diags, ComponentLibrary *library = nullptr,
                       bool trapUnknownImports = false);

} // namespace w2n
