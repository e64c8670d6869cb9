// `wasm2native validate FILE...`: decode and validate each file (core module or component, told
// apart by the preamble), one line per error; and `wasm2native wit FILE` for components.
#include "compiler/driver/driver.h"

#include "compiler/frontend/api.h"
#include "compiler/frontend/component/component_api.h"

namespace w2n::driver {

llvm::Error parseFeatures(llvm::StringRef list, Features &out) {
  if (list.empty()) return llvm::Error::success();
  llvm::SmallVector<llvm::StringRef, 8> names;
  list.split(names, ',');
  for (llvm::StringRef ref : names) {
    std::string entry = ref.str();
    bool on = entry.empty() || entry[0] != '-'; // "-name" turns a feature off
    std::string name = on ? entry : entry.substr(1);
    if (name == "cm-nested-names")
      out.component.nestedNames = on;
    else if (name == "cm-implements")
      out.component.implements = on;
    else if (name == "cm64")
      out.component.cm64 = on;
    else if (name == "exceptions")
      out.exceptions = on;
    else if (name == "gc")
      out.gc = on;
    else
      return llvm::createStringError(
          std::errc::invalid_argument,
          "unknown feature `%s` (known: exceptions, gc, cm-nested-names, "
          "cm-implements, cm64; -NAME turns one off)",
          entry.c_str());
  }
  return llvm::Error::success();
}

int validateFiles(const std::vector<std::string> &paths, std::ostream &err,
                  const Features &features) {
  int failed = 0;
  for (const std::string &path : paths) {
    auto bytes = readInputFile(path);
    if (!bytes) {
      err << formatError(bytes.takeError());
      ++failed;
      continue;
    }
    if (component::isComponentBinary(bytes->data(), bytes->size())) {
      component::Component comp;
      Diagnostics diags;
      if (!component::readComponent(bytes->data(), bytes->size(), comp, diags) ||
          !component::validateComponent(comp, diags, features.component)) {
        err << formatError(llvm::make_error<InputError>(path, std::move(diags)));
        ++failed;
      }
      continue;
    }
    Module module;
    if (llvm::Error error = loadModule(*bytes, path, module, features)) {
      err << formatError(std::move(error));
      ++failed;
    }
  }
  return failed;
}

int printWitFile(const std::string &path, std::ostream &out, std::ostream &err) {
  auto bytes = readInputFile(path);
  if (!bytes) {
    err << formatError(bytes.takeError());
    return 1;
  }
  if (!component::isComponentBinary(bytes->data(), bytes->size())) {
    err << "wasm2native: error: " << path
        << " is not a component (wit prints the world of a component)\n";
    return 1;
  }
  component::Component comp;
  Diagnostics diags;
  std::string text;
  if (!component::readComponent(bytes->data(), bytes->size(), comp, diags) ||
      !component::printWit(comp, text, diags)) {
    err << formatError(llvm::make_error<InputError>(path, std::move(diags)));
    return 1;
  }
  out << text;
  return 0;
}

} // namespace w2n::driver
