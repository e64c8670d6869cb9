// The C header of a library (component_library.h): the component's exports as C functions and its
// value types as C types, laid out as component_c_layout.h computes (and the header checks that
// with static assertions, so a compiler that lays a type out differently is an error at once).
// GCC 12 warns wrongly about `"literal" + std::string` (GCC bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "compiler/lowering/component_c_layout.h"
#include "compiler/lowering/component_c_names.h"
#include "compiler/lowering/component_library.h"
#include "compiler/lowering/component_library_view.h"
#include "compiler/lowering/component_signature.h"

#include "w2n/canon.h"

#include <map>
#include <set>
#include <sstream>

namespace w2n {

namespace {

using plan::kNone;
using plan::ValueType;

std::string upper(std::string s) {
  for (char &c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

class HeaderWriter {
public:
  HeaderWriter(const plan::Plan &plan, const std::string &prefix)
      : plan_(plan), prefix_(prefix), layouts_(plan) {}

  // The C type of plan type `id`, declaring it (and what it uses) first when needed.
  std::string cType(uint32_t id) {
    const ValueType &t = plan_.types[id];
    static const char *const kScalars[] = {"bool",     "int8_t",  "uint8_t",  "int16_t",
                                           "uint16_t", "int32_t", "uint32_t", "int64_t",
                                           "uint64_t", "float",   "double",   "uint32_t"};
    if (t.kind <= W2N_CT_CHAR) return kScalars[t.kind];
    if (auto it = names_.find(id); it != names_.end()) return it->second;
    std::string name = prefix_ + "_" + mangled(id) + "_t";
    if (auto named = plan_.typeNames.find(id); named != plan_.typeNames.end())
      name = plan::cTypeName(prefix_, named->second);
    // Structurally equal types get one declaration (a handle type used as own and borrow in
    // several places, the same list in two functions); a different type under a taken name
    // gets a name of its own.
    std::string text = declaration(id, name);
    auto [it, fresh] = declared_.emplace(name, text);
    if (!fresh && it->second != text) {
      name = prefix_ + "_type" + std::to_string(id) + "_t";
      text = declaration(id, name);
      fresh = declared_.emplace(name, text).second;
    }
    names_[id] = name;
    if (fresh) types_ << text;
    return name;
  }

  std::string types() const { return types_.str(); }

private:
  // A name for a type without one, from its structure: "list_u8", "option_string".
  std::string mangled(uint32_t id) {
    const ValueType &t = plan_.types[id];
    static const char *const kShort[] = {"bool", "s8",  "u8",  "s16", "u16",  "s32",   "u32",
                                         "s64",  "u64", "f32", "f64", "char", "string"};
    if (t.kind <= W2N_CT_STRING) return kShort[t.kind];
    if (auto named = plan_.typeNames.find(id); named != plan_.typeNames.end()) {
      // Its own name without the interface ("point" for test:rich/api#point), as wit-bindgen
      // spells a named type inside an anonymous one's name.
      const std::string &n = named->second;
      return plan::cIdent(n.substr(n.find('#') + 1));
    }
    auto member = [&](size_t i) {
      return i < t.members.size() && t.members[i] != kNone ? mangled(t.members[i])
                                                           : std::string("void");
    };
    switch (t.kind) {
    case W2N_CT_LIST:
      return "list_" + member(0) + (t.count ? "_" + std::to_string(t.count) : "");
    case W2N_CT_OPTION:
      return "option_" + member(1);
    case W2N_CT_RESULT:
      return "result_" + member(0) + "_" + member(1);
    case W2N_CT_TUPLE: {
      std::string out = "tuple" + std::to_string(t.members.size());
      for (size_t i = 0; i < t.members.size(); ++i)
        out += "_" + member(i);
      return out;
    }
    case W2N_CT_OWN:
    case W2N_CT_BORROW:
      return std::string(t.kind == W2N_CT_OWN ? "own_" : "borrow_") + resourceName(t.resource);
    default:
      return "type" + std::to_string(id);
    }
  }

  std::string resourceName(uint32_t r) {
    const std::string &name = plan_.resources[r].name;
    size_t dot = name.rfind('.');
    return plan::cIdent(dot == std::string::npos ? name : name.substr(dot + 1));
  }

  // The declaration of `id` as `name` (declaring what it uses first, into types_).
  std::string declaration(uint32_t id, const std::string &name) {
    const ValueType &t = plan_.types[id];
    const plan::CLayout &l = layouts_.of(id);
    // Members first, so that they are complete types here.
    std::vector<std::string> members;
    for (uint32_t m : t.members)
      members.push_back(m == kNone ? "" : cType(m));
    std::ostringstream o;
    switch (t.kind) {
    case W2N_CT_STRING:
      o << "// A string: UTF-8 bytes (no NUL needed; results end with one, not counted in len).\n"
        << "typedef struct {\n  uint8_t *ptr;\n  size_t len;\n} " << name << ";\n";
      break;
    case W2N_CT_LIST:
      if (t.count)
        o << "typedef struct {\n  " << members[0] << " elems[" << t.count << "];\n} " << name
          << ";\n";
      else
        o << "typedef struct {\n  " << members[0] << " *ptr;\n  size_t len;\n} " << name << ";\n";
      break;
    case W2N_CT_RECORD:
    case W2N_CT_TUPLE:
      o << "typedef struct {\n";
      for (size_t i = 0; i < members.size(); ++i)
        o << "  " << members[i] << " "
          << (t.kind == W2N_CT_RECORD ? plan::cIdent(t.labels[i]) : "f" + std::to_string(i))
          << ";\n";
      o << "} " << name << ";\n";
      break;
    case W2N_CT_OWN:
    case W2N_CT_BORROW:
      if (plan_.resources[t.resource].host)
        o << "// A handle of resource " << resourceName(t.resource)
          << ", which the host implements: the host's representation.\n";
      else
        o << "// A handle of resource " << resourceName(t.resource) << " (its representation).\n";
      o << "typedef " << (l.size == 8 ? "uint64_t" : "uint32_t") << " " << name << ";\n";
      break;
    case W2N_CT_ENUM:
    case W2N_CT_FLAGS: {
      o << "typedef uint" << l.size * 8 << "_t " << name << ";\n";
      std::string base = upper(name.substr(0, name.size() - 2));
      for (size_t i = 0; i < t.labels.size(); ++i)
        o << "#define " << base << "_" << upper(plan::cIdent(t.labels[i])) << " "
          << (t.kind == W2N_CT_ENUM ? std::to_string(i)
                                    : "((" + name + ")1 << " + std::to_string(i) + ")")
          << "\n";
      break;
    }
    default: { // option, result, variant
      const char *tag = t.kind == W2N_CT_OPTION   ? "bool is_some"
                        : t.kind == W2N_CT_RESULT ? "bool is_err"
                        : l.tagSize == 1          ? "uint8_t tag"
                        : l.tagSize == 2          ? "uint16_t tag"
                                                  : "uint32_t tag";
      o << "typedef struct {\n  " << tag << ";\n";
      std::ostringstream cases;
      for (size_t i = 0; i < members.size(); ++i) {
        if (members[i].empty()) continue;
        std::string field = t.kind == W2N_CT_OPTION   ? "val"
                            : t.kind == W2N_CT_RESULT ? (i == 0 ? "ok" : "err")
                                                      : plan::cIdent(t.labels[i]);
        cases << "    " << members[i] << " " << field << ";\n";
      }
      if (t.kind == W2N_CT_OPTION && !members[1].empty())
        o << "  " << members[1] << " val;\n";
      else if (!cases.str().empty())
        o << "  union {\n" << cases.str() << "  } val;\n";
      o << "} " << name << ";\n";
      if (t.kind == W2N_CT_VARIANT) {
        std::string base = upper(name.substr(0, name.size() - 2));
        for (size_t i = 0; i < t.labels.size(); ++i)
          o << "#define " << base << "_" << upper(plan::cIdent(t.labels[i])) << " " << i << "\n";
      }
      break;
    }
    }
    // The layout the library's code converts values with.
    o << "W2N_LAYOUT(" << name << ", " << l.size << ", " << l.align << ");\n\n";
    return o.str();
  }

  const plan::Plan &plan_;
  std::string prefix_;
  plan::CLayouts layouts_;
  std::map<uint32_t, std::string> names_;
  std::map<std::string, std::string> declared_; // name -> its declaration
  std::ostringstream types_;
};

} // namespace

std::string libraryHeader(const plan::Plan &plan, const ComponentLibrary &lib,
                          const std::string &prefix, const std::string &source) {
  HeaderWriter w(plan, prefix);
  std::ostringstream funcs;
  for (const ComponentLibrary::Export &e : lib.exports) {
    plan::CExport c = plan::cExportOf(plan, e, prefix);
    funcs << "// " << e.name << ": " << plan::witFuncText(plan, e.type) << "\n";
    funcs << "bool " << c.cName << "(" << prefix << "_instance *instance";
    for (const plan::CParam &p : c.params)
      funcs << ", " << (p.byValue ? w.cType(p.type) + " " : "const " + w.cType(p.type) + " *")
            << p.name;
    std::string result = c.result != kNone ? w.cType(c.result) : "";
    if (!result.empty()) funcs << ", " << result << " *ret";
    funcs << ", w2n_error **error);\n";
    if (c.resultOwnsMemory)
      funcs << "// Frees what a result of " << c.cName << " holds (not *ret itself).\n"
            << "void " << c.cName << "_free(" << result << " *ret);\n";
    funcs << "\n";
  }
  for (const auto &[r, name] : plan::cDropFunctions(plan, lib, prefix))
    funcs << "// Drops an own handle of resource " << plan.resources[r].name
          << " the host holds: its destructor runs.\n"
          << "bool " << name << "(" << prefix << "_instance *instance, "
          << (plan.resources[r].rep64 ? "uint64_t" : "uint32_t")
          << " handle, w2n_error **error);\n\n";
  // The imports the host supplies, as a table of function pointers given with the config.
  std::ostringstream imports;
  imports << "// What the host supplies: one function per import the component has (besides "
             "WASI), given\n"
          << "// to " << prefix << "_instantiate as config->imports (all of them: a missing one "
          << "is an error\n"
          << "// there). Each gets config->imports_ctx first; it returns true with the result in "
             "*ret\n"
          << "// (strings and lists malloc'd: the library frees them), or false with *error set\n"
          << "// (w2n_error_new), which makes the call that reached it trap. A resource the "
             "host\n"
          << "// implements has a destructor here too (see \"Resources the host implements\" "
             "above).\n"
          << "typedef struct " << prefix << "_imports {\n";
  for (const ComponentLibrary::Import &i : lib.imports) {
    if (i.dropResource != kNone) {
      // Its own handle type where the plan has one (the same name the functions use).
      std::string handle = "uint64_t";
      for (uint32_t id = 0; id < plan.types.size(); ++id)
        if (plan.types[id].kind == W2N_CT_OWN && plan.types[id].resource == i.dropResource) {
          handle = w.cType(id);
          break;
        }
      imports << "  // " << i.name << ": the host's destructor, run once per own handle\n"
              << "  // the guest drops (or still holds when the instance is freed).\n"
              << "  bool (*" << plan::cFunctionName(prefix, i.name) << ")(void *ctx, " << handle
              << " rep, w2n_error **error);\n";
      continue;
    }
    plan::CExport c = plan::cImportOf(plan, i, prefix);
    imports << "  // " << i.name << ": " << plan::witFuncText(plan, i.type) << "\n"
            << "  bool (*" << c.cName << ")(void *ctx";
    for (const plan::CParam &p : c.params)
      imports << ", " << (p.byValue ? w.cType(p.type) + " " : "const " + w.cType(p.type) + " *")
              << p.name;
    if (c.result != kNone) imports << ", " << w.cType(c.result) << " *ret";
    imports << ", w2n_error **error);\n";
  }
  if (lib.imports.empty()) imports << "  char none; // (no imports)\n";
  imports << "} " << prefix << "_imports;\n\n";
  std::string guard = upper(plan::cIdent(prefix)) + "_H";
  std::ostringstream o;
  o << "// " << prefix << ".h: generated by wasm2native from " << source << ". Do not edit.\n"
    << "//\n"
    << "// The component's exports as C functions. Make an instance with " << prefix
    << "_instantiate (many\n"
    << "// may exist; each has its own memories and handles; one instance must not be used by\n"
    << "// two threads at once), call its exports, free it with " << prefix << "_instance_free.\n"
    << "//\n"
    << "// Every export returns true, or false with *error set (when error is not NULL; free it\n"
    << "// with w2n_error_free): a trap (\"wasm trap: ...\") leaves the instance unusable, every\n"
    << "// later call fails at once; make a new instance. Arguments are borrowed for the call;\n"
    << "// a result is written to *ret and belongs to the caller: release what it holds with\n"
    << "// the export's _free function where it has one (strings and lists are malloc'd;\n"
    << "// strings also end with a NUL that len does not count).\n"
    << "//\n"
    << "// Resources the host implements (imported by the component): a handle is the host's\n"
    << "// own representation of the object, a 64-bit value it chooses (so a pointer fits; the\n"
    << "// guest sees only its handle table's indices). An own handle passes ownership: one the\n"
    << "// host returns from an import (a constructor's) is the guest's from then on, and the\n"
    << "// host's destructor in " << prefix
    << "_imports (<iface>_drop_<resource>) runs exactly once for it: when the\n"
    << "// guest drops it, or when the instance is freed while the guest still holds it. One\n"
    << "// the host receives (an import's argument, an export's result) is the host's: the\n"
    << "// library never drops it. A borrow is valid for the call only. The library cannot check\n"
    << "// a representation: what the host passes is what the guest's handle stands for.\n"
    << "//\n"
    << "// WASI: the instance sees only what its w2n_config grants (directories under guest\n"
    << "// names, environment, arguments, stdio); by default nothing at all (see w2n_config).\n"
    << "// Each instance has its own; a directory that cannot be opened fails instantiation.\n"
    << "//\n"
    << "// Names: WIT's kebab-case in snake_case, prefixed by package and interface\n"
    << "// (example:calculator/math#add is example_calculator_math_add); resource functions\n"
    << "// read <iface>_method_<resource>_<name>, _constructor_<resource>, "
       "_static_<resource>_<name>,\n"
    << "// and an imported resource's destructor <iface>_drop_<resource>.\n"
    << "// Types: string and list<T> as {ptr, len}, records as structs, tuples with fields\n"
    << "// f0, f1, ..., option<T> as {bool is_some; T val}, result<T, E> as {bool is_err;\n"
    << "// union {T ok; E err} val}, variants as a tag (with #defined cases) and a union, enums\n"
    << "// and flags as unsigned integers with #defined values, char as a uint32_t scalar value.\n"
    << "#ifndef " << guard << "\n#define " << guard << "\n\n"
    << "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n"
    << "#define W2N_LAYOUT(T, size, align) static_assert(sizeof(T) == (size) && alignof(T) == "
       "(align), #T)\n"
    << "#else\n"
    << "#define W2N_LAYOUT(T, size, align) _Static_assert(sizeof(T) == (size) && _Alignof(T) == "
       "(align), #T)\n"
    << "#endif\n\n"
    << "#ifndef W2N_LIBRARY_COMMON\n#define W2N_LIBRARY_COMMON\n"
    << "typedef struct w2n_error w2n_error;\n"
    << "// The error's one-line message, valid until w2n_error_free.\n"
    << "const char *w2n_error_message(const w2n_error *error);\n"
    << "void w2n_error_free(w2n_error *error);\n"
    << "// An error with this message (a host's import reports failure with one).\n"
    << "w2n_error *w2n_error_new(const char *message);\n"
    << "// What an instance is given: the host's imports and the WASI capabilities it grants.\n"
    << "// Nothing is granted by default: a zeroed w2n_config (or NULL) gives no directory, an\n"
    << "// empty environment, no arguments, an empty stdin, and stdout/stderr that go nowhere\n"
    << "// (as in Wasmtime's WasiCtxBuilder): a library guest must not read the host's terminal "
       "or\n"
    << "// write into its output unless the host says so. Every string is copied at "
       "instantiation.\n"
    << "typedef struct w2n_preopen {\n"
    << "  const char *host_path;  // a host directory (relative: to the working directory)\n"
    << "  const char *guest_path; // the name the guest sees (wasi:filesystem/preopens)\n"
    << "} w2n_preopen;\n"
    << "#define W2N_STDIO_NONE 0    // stdin empty; stdout/stderr discarded (the default)\n"
    << "#define W2N_STDIO_INHERIT 1 // the process's own fd 0, 1 or 2\n"
    << "#define W2N_STDIO_FD 2      // w2n_stdio.fd, duplicated at instantiation (close yours)\n"
    << "#define W2N_STDIO_CALLBACK 3 // w2n_config.stdio_callbacks (read for stdin, write else)\n"
    << "typedef struct w2n_stdio {\n  uint32_t kind;\n  int32_t fd;\n} w2n_stdio;\n"
    << "// Called while the guest reads or writes, on the thread of the call into the library.\n"
    << "typedef struct w2n_stdio_callbacks {\n"
    << "  void *ctx; // given to both\n"
    << "  // stdin: up to cap bytes into buf; how many, 0 at its end, negative on an error.\n"
    << "  int64_t (*read)(void *ctx, uint8_t *buf, size_t cap);\n"
    << "  // stdout (stream 1) or stderr (2): all len bytes; false on an error (the guest's\n"
    << "  // write fails).\n"
    << "  bool (*write)(void *ctx, int stream, const uint8_t *bytes, size_t len);\n"
    << "} w2n_stdio_callbacks;\n"
    << "#define W2N_CONFIG_VERSION 0\n"
    << "typedef struct w2n_config {\n"
    << "  const void *imports; // the library's NAME_imports (NULL: the component has none)\n"
    << "  void *imports_ctx;   // given to every import as its first argument\n"
    << "  uint32_t version;    // W2N_CONFIG_VERSION (later versions add fields at the end)\n"
    << "  // Directories the guest may use, and nothing outside them (.., symbolic links and\n"
    << "  // absolute paths cannot escape). One that cannot be opened fails instantiation.\n"
    << "  uint32_t num_preopens;\n"
    << "  const w2n_preopen *preopens;\n"
    << "  uint32_t num_env;\n"
    << "  uint32_t num_args;\n"
    << "  const char *const *env;  // \"NAME=VALUE\" each (a later NAME overrides an earlier)\n"
    << "  const char *const *args; // the guest's arguments, exactly (no program name added)\n"
    << "  w2n_stdio stdio[3];      // stdin, stdout, stderr\n"
    << "  w2n_stdio_callbacks stdio_callbacks; // for W2N_STDIO_CALLBACK\n"
    << "} w2n_config;\n"
    << "W2N_LAYOUT(w2n_config, sizeof(void *) == 8 ? 104 : 72, sizeof(void *));\n"
    << "#endif\n\n"
    << "typedef struct " << prefix << "_instance " << prefix << "_instance;\n"
    << "// A new instance, or NULL with *error set (instantiation trapped).\n"
    << prefix << "_instance *" << prefix
    << "_instantiate(const w2n_config *config, w2n_error **error);\n"
    << "void " << prefix << "_instance_free(" << prefix << "_instance *instance);\n\n"
    << w.types() << imports.str() << funcs.str() << "#undef W2N_LAYOUT\n\n"
    << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return o.str();
}

} // namespace w2n
