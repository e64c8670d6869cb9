// Emission of canon.h's value type descriptors (see component_descriptors.h), laid out as the
// static asserts below and in canon.h pin them.
#include "compiler/lowering/component_descriptors.h"

#include "w2n/canon.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>

#include <cstddef>

namespace w2n {

using canon::PtrType;
using plan::kNone;
using plan::PlanLayout;
using plan::ValueType;

// The LLVM types below spell these structs out field by field (on 64-bit targets).
static_assert(sizeof(w2n_clayout) == 24 && offsetof(w2n_clayout, offsets) == 16);
static_assert(sizeof(w2n_ctype) == 112 && offsetof(w2n_ctype, disc_size) == 32 &&
              offsetof(w2n_ctype, layout) == 40 && offsetof(w2n_ctype, native) == 88);
static_assert(sizeof(w2n_cfunctype) == 72 && offsetof(w2n_cfunctype, params_layout) == 24);

DescriptorEmitter::DescriptorEmitter(const plan::Plan &plan, llvm::Module &out,
                                     ResourceTypeFn resourceType)
    : plan_(plan), out_(out), resourceType_(std::move(resourceType)), ctx_(out.getContext()),
      layouts_(plan), cLayouts_(plan) {
  ptr_ = llvm::PointerType::get(ctx_, 0);
  i32_ = llvm::Type::getInt32Ty(ctx_);
  layoutTy_ = llvm::StructType::get(ctx_, {i32_, i32_, i32_, i32_, ptr_});
}

llvm::Constant *DescriptorEmitter::ctype(uint32_t id) {
  if (id == kNone) return llvm::ConstantPointerNull::get(ptr_);
  if (auto it = ctypes_.find(id); it != ctypes_.end()) return it->second;
  const ValueType &t = plan_.types[id];
  auto *pairTy = llvm::ArrayType::get(layoutTy_, 2);
  auto *ty =
      llvm::StructType::get(ctx_, {i32_, i32_, ptr_, ptr_, ptr_, i32_, i32_, pairTy, layoutTy_});
  auto *g = new llvm::GlobalVariable(out_, ty, true, llvm::GlobalValue::InternalLinkage, nullptr,
                                     "__w2n_ctype" + std::to_string(id));
  ctypes_[id] = g; // before the members: types are trees, but keep it cheap to share
  std::vector<llvm::Constant *> members, labels;
  for (uint32_t m : t.members)
    members.push_back(ctype(m));
  for (const std::string &l : t.labels)
    labels.push_back(cstring(l, "__w2n_label"));
  const PlanLayout &l32 = layouts_.of(id, PtrType::I32), &l64 = layouts_.of(id, PtrType::I64);
  g->setInitializer(llvm::ConstantStruct::get(
      ty, {u32(t.kind), u32(t.count), pointerArray(members, "__w2n_ctype_members"),
           pointerArray(labels, "__w2n_labels"),
           t.resource == kNone ? llvm::ConstantPointerNull::get(ptr_) : resourceType_(t.resource),
           u32(l32.memory.discriminantSize), u32(0), layoutPair(l32, l64), nativeLayout(id)}));
  g->setAlignment(llvm::Align(8));
  return g;
}

llvm::Constant *DescriptorEmitter::cfunctype(const plan::FuncType &f) {
  std::vector<llvm::Constant *> params;
  for (const auto &p : f.params)
    params.push_back(ctype(p.second));
  auto *pairTy = llvm::ArrayType::get(layoutTy_, 2);
  auto *ty = llvm::StructType::get(ctx_, {i32_, i32_, ptr_, ptr_, pairTy});
  auto *g = new llvm::GlobalVariable(
      out_, ty, true, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantStruct::get(
          ty, {u32(f.params.size()), u32(f.result != kNone ? 1 : 0),
               pointerArray(params, "__w2n_params"), ctype(f.result),
               layoutPair(layouts_.params(f, PtrType::I32), layouts_.params(f, PtrType::I64))}),
      "__w2n_functype");
  g->setAlignment(llvm::Align(8));
  return g;
}

llvm::Constant *DescriptorEmitter::layoutPair(const PlanLayout &l32, const PlanLayout &l64) {
  return llvm::ConstantArray::get(llvm::ArrayType::get(layoutTy_, 2), {layout(l32), layout(l64)});
}

llvm::Constant *DescriptorEmitter::layout(const PlanLayout &l) {
  return llvm::ConstantStruct::get(
      layoutTy_, {u32(l.memory.layout.size), u32(l.memory.layout.align), u32(l.flatCount),
                  u32(l.memory.payloadOffset), offsetArray(l.memory.offsets)});
}

llvm::Constant *DescriptorEmitter::nativeLayout(uint32_t id) {
  const plan::CLayout &c = cLayouts_.of(id);
  return llvm::ConstantStruct::get(
      layoutTy_, {u32(c.size), u32(c.align), u32(0), u32(c.payloadOffset), offsetArray(c.offsets)});
}

llvm::Constant *DescriptorEmitter::offsetArray(const std::vector<uint64_t> &offsets) {
  if (offsets.empty()) return llvm::ConstantPointerNull::get(ptr_);
  std::vector<uint32_t> values;
  for (uint64_t o : offsets)
    values.push_back(static_cast<uint32_t>(std::min<uint64_t>(o, UINT32_MAX)));
  llvm::Constant *init = llvm::ConstantDataArray::get(ctx_, values);
  auto *g = new llvm::GlobalVariable(out_, init->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                     init, "__w2n_offsets");
  g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  g->setAlignment(llvm::Align(4));
  return g;
}

// Validated types are below 2^28 bytes; a saturated size stays saturated.
llvm::Constant *DescriptorEmitter::u32(uint64_t v) {
  return llvm::ConstantInt::get(i32_, std::min<uint64_t>(v, UINT32_MAX));
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

} // namespace w2n
