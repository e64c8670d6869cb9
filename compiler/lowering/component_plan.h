// Static instantiation (DESIGN.md): the whole instantiation graph of a validated component is
// interpreted at compile time into one flat plan — which core modules are instantiated in which
// order, what each of their imports is bound to, which functions are lowered (to the host or
// through an adapter to a lifted function), which resources and component instances exist — so
// the executable does no name lookups at run time. Types are resolved in each instance's own
// environment, so every instantiation of a component gets resources of its own.
#pragma once

#include "compiler/frontend/component/component_compose.h"
#include "compiler/frontend/component/component_model.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/module.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace w2n::plan {

inline constexpr uint32_t kNone = UINT32_MAX;

// A resolved component value type (the w2n_ctype of canon.h): kind is a w2n_ctype_kind.
struct ValueType {
  uint32_t kind = 0;
  uint32_t count = 0;
  std::vector<uint32_t> members; // type ids; kNone for a case without payload
  std::vector<std::string> labels;
  uint32_t resource = kNone; // own/borrow: a Resource id
};

struct FuncType {
  std::vector<std::pair<std::string, uint32_t>> params; // name, type id
  uint32_t result = kNone;
};

// A core function: an export of a core instance, a lowered function, or a resource builtin.
struct CoreFunc {
  enum class Kind : uint8_t { Export, Lowered, ResourceNew, ResourceRep, ResourceDrop };
  Kind kind = Kind::Export;
  uint32_t instance = kNone; // Export: core instance
  std::string name;          // Export: export name
  uint32_t index = kNone;    // Lowered: lowered id; Resource*: resource op id
};

// Any core item a module import can be bound to.
struct CoreItem {
  ExternKind kind = ExternKind::Func;
  CoreFunc func;             // Func
  uint32_t instance = kNone; // Table/Memory/Global/Tag: the core instance exporting it
  std::string name;          // and the export name
};

// A resource type at run time: one per host resource and per (definition, component instance).
struct Resource {
  std::string name; // for messages: "wasi:io/streams.output-stream", or "<component>.<name>"
  bool host = false;
  std::string hostInterface, hostName; // host: interface without version, resource name
  uint32_t instance = kNone;           // guest: the defining component instance
  std::optional<CoreFunc> dtor;        // guest: its destructor, if any
  bool rep64 = false;                  // guest: represented by i64 (cm64)
};

struct CoreInstance {
  uint32_t module = 0;            // index into Plan::modules
  std::vector<CoreItem> imports;  // one per module import, in order
  uint32_t componentInstance = 0; // the component instance it belongs to
};

struct Options {
  std::optional<CoreItem> memory;
  std::optional<CoreFunc> realloc, postReturn;
  uint32_t encoding = 0; // W2N_STRING_*
  uint32_t instance = 0; // component instance
  bool memory64 = false; // the memory is 64-bit (cm64): pointers and lengths are i64
};

struct Lifted {
  FuncType type;
  CoreFunc core;
  Options options;
};

struct Lowered {
  FuncType type;
  Options options;
  bool host = false;
  std::string hostInterface, hostName; // host: interface without version, function name
  std::string importName;              // host: the full import name (for messages)
  uint32_t lifted = kNone;             // adapter: the callee
  uint64_t offset = 0;                 // the canon lower definition
};

struct ResourceOp {
  uint32_t resource = 0;
  uint32_t instance = 0; // the component instance of the canon definition
};

// The order things happen at instantiation: core instances are created in definition order;
// options and adapters are filled as soon as what they name exists.
struct Step {
  // Start: a component start function (a lifted function without params or results) runs.
  enum class Kind : uint8_t { CoreInstance, Lowered, Lifted, Resource, Start };
  Kind kind = Kind::CoreInstance;
  uint32_t index = 0;
};

struct Export {
  std::string name; // "f", or "inst#f" for a function of an exported instance
  uint32_t lifted = kNone;
  bool host = false; // re-export of a host import (not invocable through the plan)
  // The type it is exported with: the export's ascribed type where it has one (wit-component
  // exports an interface's functions with types that use the interface's named type exports),
  // else the lifted type. Structurally equal to the lifted type; its ids carry the type names.
  FuncType type;
};

// An import of the root component: what the host must provide.
struct HostImport {
  std::string name; // "wasi:io/streams@0.2.12", or a plain function name
  uint64_t offset = 0;
  bool instance = false;
  std::vector<std::string> funcs, resources; // instance: its function and resource exports
  std::string file;                          // the plug that imports it (--plug); empty: the root
};

struct Plan {
  std::vector<const Module *> modules;
  std::vector<CoreInstance> coreInstances;
  std::vector<ValueType> types;
  std::vector<Resource> resources;
  std::vector<Lifted> lifted;
  std::vector<Lowered> lowered;
  std::vector<ResourceOp> resourceOps; // indexed by CoreFunc::index of Resource* funcs
  std::vector<Step> steps;
  uint32_t componentInstances = 0;
  std::vector<Export> exports; // the root component's function exports, flattened
  // The names the root exports value types under: "thing", or "inst#thing" inside an exported
  // instance (the first name a type is exported under; for generated declarations).
  std::map<uint32_t, std::string> typeNames;
  std::vector<HostImport> hostImports;
};

// Bounds on the work of static instantiation: a few hundred bytes of nested components can ask
// for 2^22 instances, so planning counts before it expands. The defaults are far above any real
// component (the largest have tens of instances and thousands of definitions).
struct PlanLimits {
  uint32_t maxInstances = 10000;     // component instances, and core instances, each
  uint64_t maxDefinitions = 1000000; // definitions interpreted, over all instantiations
};

// Interprets `root` (validated) into a plan. Errors (unsupported features such as component
// values or start functions, a limit crossed) go to diags with their offsets. With a
// composition (checked by component::compose; units[0] is `root`), its plugs are instantiated
// first, in its order, and imports are bound to their exports where it says so.
bool buildPlan(const component::Component &root, Plan &out, Diagnostics &diags,
               const PlanLimits &limits = {}, const component::Composition *composition = nullptr);

// "wasi:io/streams@0.2.12" -> ("wasi:io/streams", "0.2.12"); no '@': version empty.
std::pair<std::string, std::string> splitVersion(const std::string &name);

} // namespace w2n::plan
