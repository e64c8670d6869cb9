// Emission of canon.h's value type descriptors (see component_descriptors.h), laid out as the
// static asserts in canon.h pin them.
#include "compiler/lowering/component_descriptors.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>

namespace w2n {

using plan::kNone;
using plan::ValueType;

DescriptorEmitter::DescriptorEmitter(const plan::Plan &plan, llvm::Module &out,
                                     ResourceTypeFn resourceType)
    : plan_(plan), out_(out), resourceType_(std::move(resourceType)), ctx_(out.getContext()) {
  ptr_ = llvm::PointerType::get(ctx_, 0);
  i32_ = llvm::Type::getInt32Ty(ctx_);
}

llvm::Constant *DescriptorEmitter::ctype(uint32_t id) {
  if (id == kNone) return llvm::ConstantPointerNull::get(ptr_);
  if (auto it = ctypes_.find(id); it != ctypes_.end()) return it->second;
  const ValueType &t = plan_.types[id];
  auto *ty = llvm::StructType::get(ctx_, {i32_, i32_, ptr_, ptr_, ptr_});
  auto *g = new llvm::GlobalVariable(out_, ty, true, llvm::GlobalValue::InternalLinkage, nullptr,
                                     "__w2n_ctype" + std::to_string(id));
  ctypes_[id] = g; // before the members: types are trees, but keep it cheap to share
  std::vector<llvm::Constant *> members, labels;
  for (uint32_t m : t.members)
    members.push_back(ctype(m));
  for (const std::string &l : t.labels)
    labels.push_back(cstring(l, "__w2n_label"));
  g->setInitializer(llvm::ConstantStruct::get(
      ty,
      {llvm::ConstantInt::get(i32_, t.kind), llvm::ConstantInt::get(i32_, t.count),
       pointerArray(members, "__w2n_ctype_members"), pointerArray(labels, "__w2n_labels"),
       t.resource == kNone ? llvm::ConstantPointerNull::get(ptr_) : resourceType_(t.resource)}));
  g->setAlignment(llvm::Align(8));
  return g;
}

llvm::Constant *DescriptorEmitter::pointerArray(const std::vector<llvm::Constant *> &items,
                                                const std::string &name) {
  if (items.empty()) return llvm::ConstantPointerNull::get(ptr_);
  auto *ty = llvm::ArrayType::get(ptr_, items.size());
  auto *g = new llvm::GlobalVariable(out_, ty, true, llvm::GlobalValue::InternalLinkage,
                                     llvm::ConstantArray::get(ty, items), name);
  g->setAlignment(llvm::Align(8));
  return g;
}

llvm::Constant *DescriptorEmitter::cstring(const std::string &s, const std::string &name) {
  auto *init = llvm::ConstantDataArray::getString(ctx_, s, /*AddNull=*/true);
  auto *g = new llvm::GlobalVariable(out_, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                     init, name);
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(1));
  return g;
}

llvm::Constant *DescriptorEmitter::cfunctype(const plan::FuncType &f) {
  std::vector<llvm::Constant *> params;
  for (const auto &p : f.params)
    params.push_back(ctype(p.second));
  auto *ty = llvm::StructType::get(ctx_, {i32_, i32_, ptr_, ptr_});
  auto *g = new llvm::GlobalVariable(
      out_, ty, true, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::get(ty, {llvm::ConstantInt::get(i32_, f.params.size()),
                                     llvm::ConstantInt::get(i32_, f.result != kNone ? 1 : 0),
                                     pointerArray(params, "__w2n_params"), ctype(f.result)}),
      "__w2n_functype");
  g->setAlignment(llvm::Align(8));
  return g;
}

} // namespace w2n
