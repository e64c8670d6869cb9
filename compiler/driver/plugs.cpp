// --plug (composition at compile time): reads the plugged components and has the frontend check
// the composition (component_compose.h) before static instantiation binds the root's imports to
// the plugs' exports. Without plugs this is plain validation of the root.
#include "compiler/driver/driver.h"

#include "compiler/frontend/component/component_compose.h"

namespace w2n::driver {

llvm::Error validateWithPlugs(const component::Component &root, const std::string &inputPath,
                              const CompileOptions &options, Plugs &plugs) {
  Diagnostics diags;
  if (options.plugs.empty()) {
    if (!component::validateComponent(root, diags, options.features.component))
      return llvm::make_error<InputError>(inputPath, std::move(diags));
    return llvm::Error::success();
  }
  component::Composition &c = plugs.composition;
  c.units = {&root};
  c.files = {inputPath};
  for (const std::string &path : options.plugs) {
    auto bytes = readInputFile(path);
    if (!bytes) return bytes.takeError();
    plugs.bytes.push_back(std::move(*bytes));
    const std::vector<uint8_t> &b = plugs.bytes.back();
    if (!component::isComponentBinary(b.data(), b.size()))
      return llvm::createStringError("plug %s is not a component (a core module cannot be "
                                     "plugged)",
                                     path.c_str());
    plugs.components.push_back(std::make_unique<component::Component>());
    if (!component::readComponent(b.data(), b.size(), *plugs.components.back(), diags))
      return llvm::make_error<InputError>(path, std::move(diags));
    c.units.push_back(plugs.components.back().get());
    c.files.push_back(path);
  }
  std::string error;
  if (!component::compose(c, options.features.component, diags, error)) {
    if (!error.empty()) return llvm::createStringError("%s", error.c_str());
    return llvm::make_error<InputError>(inputPath, std::move(diags));
  }
  return llvm::Error::success();
}

} // namespace w2n::driver
