// Emits the capability configuration of a WASI program (wasi_config.h) as an LLVM constant laid
// out like w2n_wasi_config in wasi-shim/wasi.h: four u32 (version, inherit_env, num_preopens,
// num_env) and three pointers to arrays of NUL-terminated strings. The runtime reads it when
// the program starts, so the capabilities are fixed when the executable is built.
#include "compiler/lowering/wasi_config.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

namespace w2n {

namespace {

constexpr uint32_t kConfigVersion = 1; // W2N_WASI_CONFIG_VERSION

bool hasNul(const std::string &s) { return s.find('\0') != std::string::npos; }

llvm::Constant *stringConstant(llvm::Module &out, const std::string &s) {
  llvm::Constant *data = llvm::ConstantDataArray::getString(out.getContext(), s, true);
  auto *g = new llvm::GlobalVariable(out, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                     data, "__w2n_wasi_str");
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(1));
  return g;
}

// A private array of string pointers, or null when empty.
llvm::Constant *stringArray(llvm::Module &out, const std::vector<std::string> &strings,
                            const char *name) {
  llvm::PointerType *ptr = llvm::PointerType::get(out.getContext(), 0);
  if (strings.empty()) return llvm::ConstantPointerNull::get(ptr);
  std::vector<llvm::Constant *> elems;
  for (const std::string &s : strings)
    elems.push_back(stringConstant(out, s));
  auto *type = llvm::ArrayType::get(ptr, elems.size());
  auto *g = new llvm::GlobalVariable(out, type, true, llvm::GlobalValue::PrivateLinkage,
                                     llvm::ConstantArray::get(type, elems), name);
  g->setAlignment(llvm::Align(8));
  return g;
}

} // namespace

llvm::Expected<WasiConfig::Preopen> parseDirFlag(const std::string &arg) {
  WasiConfig::Preopen p;
  size_t sep = arg.find("::");
  p.host = sep == std::string::npos ? arg : arg.substr(0, sep);
  p.guest = sep == std::string::npos ? arg : arg.substr(sep + 2);
  if (p.host.empty() || p.guest.empty() || hasNul(arg))
    return llvm::createStringError(
        std::errc::invalid_argument,
        "--dir expects HOST or HOST::GUEST with non-empty paths, got '%s'", arg.c_str());
  return p;
}

llvm::Error checkEnvFlag(const std::string &arg) {
  if (arg.empty() || arg[0] == '=' || hasNul(arg))
    return llvm::createStringError(std::errc::invalid_argument,
                                   "--env expects NAME=VALUE or NAME, got '%s'", arg.c_str());
  return llvm::Error::success();
}

void emitWasiConfig(llvm::Module &out, const WasiConfig &config) {
  llvm::LLVMContext &ctx = out.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::PointerType *ptr = llvm::PointerType::get(ctx, 0);
  std::vector<std::string> hosts, guests;
  for (const WasiConfig::Preopen &p : config.preopens) {
    hosts.push_back(p.host);
    guests.push_back(p.guest);
  }
  auto *type = llvm::StructType::get(ctx, {i32, i32, i32, i32, ptr, ptr, ptr});
  llvm::Constant *init = llvm::ConstantStruct::get(
      type, {llvm::ConstantInt::get(i32, kConfigVersion),
             llvm::ConstantInt::get(i32, config.inheritEnv ? 1 : 0),
             llvm::ConstantInt::get(i32, static_cast<uint32_t>(config.preopens.size())),
             llvm::ConstantInt::get(i32, static_cast<uint32_t>(config.env.size())),
             stringArray(out, hosts, "__w2n_wasi_preopen_host"),
             stringArray(out, guests, "__w2n_wasi_preopen_guest"),
             stringArray(out, config.env, "__w2n_wasi_env")});
  auto *g = new llvm::GlobalVariable(out, type, true, llvm::GlobalValue::ExternalLinkage, init,
                                     "__w2n_wasi_config");
  g->setDSOLocal(true);
  g->setAlignment(llvm::Align(8));
}

} // namespace w2n
