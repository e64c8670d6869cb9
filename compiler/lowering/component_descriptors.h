// The value type descriptors of canon.h (w2n_ctype, w2n_cfunctype) for a plan's types: constant
// trees the runtime's canonical ABI engine reads when it lifts and lowers values, with every
// layout it needs written in (component_layout.h), so the runtime computes none. Kept apart from
// the instantiation code (component_main.cpp) because every output kind needs them.
#pragma once

#include "compiler/lowering/component_c_layout.h"
#include "compiler/lowering/component_layout.h"
#include "compiler/lowering/component_plan.h"

#include <functional>
#include <map>

namespace llvm {
class Constant;
class LLVMContext;
class Module;
class PointerType;
class StructType;
class Type;
} // namespace llvm

namespace w2n {

class DescriptorEmitter {
public:
  // Gives the w2n_resource_type of plan resource r, which own/borrow descriptors point at.
  using ResourceTypeFn = std::function<llvm::Constant *(uint32_t)>;

  DescriptorEmitter(const plan::Plan &plan, llvm::Module &out, ResourceTypeFn resourceType);

  // The w2n_ctype of plan type `id` (one global per id); a null pointer for plan::kNone.
  llvm::Constant *ctype(uint32_t id);
  // A w2n_cfunctype for `f`.
  llvm::Constant *cfunctype(const plan::FuncType &f);

private:
  // w2n_clayout[2]: the layout in a 32-bit and in a 64-bit memory.
  llvm::Constant *layoutPair(const plan::PlanLayout &l32, const plan::PlanLayout &l64);
  llvm::Constant *layout(const plan::PlanLayout &l);
  // The C layout of plan type `id` (w2n_ctype.native).
  llvm::Constant *nativeLayout(uint32_t id);
  llvm::Constant *offsetArray(const std::vector<uint64_t> &offsets);
  llvm::Constant *pointerArray(const std::vector<llvm::Constant *> &items, const std::string &name);
  llvm::Constant *cstring(const std::string &s, const std::string &name);
  llvm::Constant *u32(uint64_t v);

  const plan::Plan &plan_;
  llvm::Module &out_;
  ResourceTypeFn resourceType_;
  llvm::LLVMContext &ctx_;
  llvm::PointerType *ptr_;
  llvm::Type *i32_;
  llvm::StructType *layoutTy_;
  plan::TypeLayouts layouts_;
  plan::CLayouts cLayouts_;
  std::map<uint32_t, llvm::Constant *> ctypes_;
};

} // namespace w2n
