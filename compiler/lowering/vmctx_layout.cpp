// Computes the vmctx layout documented in vmctx_layout.h.
#include "compiler/lowering/vmctx_layout.h"

namespace w2n {

std::vector<bool> referencedFunctions(const Module &module) {
  std::vector<bool> used(module.funcTypes.size(), false);
  auto mark = [&](uint64_t index) {
    if (index < used.size()) used[index] = true;
  };
  for (size_t i = 0; i < module.declaredFuncRefs.size() && i < used.size(); ++i)
    if (module.declaredFuncRefs[i]) used[i] = true;
  for (const Export &e : module.exports)
    if (e.kind == ExternKind::Func) mark(e.index);
  for (const ElemSegment &seg : module.elems)
    for (const ConstExpr &item : seg.items)
      if (item.kind == ConstExpr::Kind::RefFunc) mark(item.bits);
  for (const Global &g : module.globals)
    if (g.init.kind == ConstExpr::Kind::RefFunc) mark(g.init.bits);
  return used;
}

VmctxLayout computeVmctxLayout(const Module &module) {
  VmctxLayout layout;
  uint64_t offset = 8; // memory 0 base
  auto take = [&](uint64_t bytes, uint64_t align) {
    offset = (offset + align - 1) / align * align;
    uint32_t at = static_cast<uint32_t>(offset);
    offset += bytes;
    return at;
  };
  for (size_t i = 0; i < module.memories.size(); ++i)
    layout.memories.push_back(take(8, 8));
  for (size_t i = 0; i < module.tables.size(); ++i)
    layout.tables.push_back(take(8, 8));
  for (uint32_t i = 0; i < module.numImportedFuncs; ++i)
    layout.importedFuncs.push_back(take(8, 8));
  for (uint32_t i = 0; i < module.numImportedGlobals; ++i)
    layout.globals.push_back(take(8, 8));
  for (size_t i = module.numImportedGlobals; i < module.globalTypes.size(); ++i)
    layout.globals.push_back(take(16, 16));
  std::vector<bool> referenced = referencedFunctions(module);
  layout.funcrefs.assign(module.funcTypes.size(), kNoSlot);
  for (size_t i = module.numImportedFuncs; i < module.funcTypes.size(); ++i)
    if (referenced[i]) layout.funcrefs[i] = take(VmctxLayout::kFuncrefSize, 16);
  for (size_t i = 0; i < module.elems.size(); ++i)
    layout.elemSegments.push_back(take(16, 8));
  for (size_t i = 0; i < module.datas.size(); ++i)
    layout.dataLengths.push_back(take(4, 4));
  for (size_t i = 0; i < module.tags.size(); ++i)
    layout.tags.push_back(take(8, 8));
  offset = (offset + 15) / 16 * 16;
  layout.size = static_cast<uint32_t>(offset);
  return layout;
}

} // namespace w2n
