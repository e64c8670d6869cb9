// fixedSizeTables: runs the function decoder over every body with an interface that only notes
// which tables table.grow names.
#include "compiler/lowering/table_facts.h"

#include "compiler/frontend/function_decoder.h"

#include <algorithm>

namespace w2n {

namespace {

struct GrowScanner : NullInterface {
  std::vector<bool> *grows = nullptr;
  template <typename D> void tableGrow(D &, TableIndex t, const Value &, const Value &, Value *) {
    (*grows)[t.value] = true;
  }
};

} // namespace

std::vector<bool> fixedSizeTables(const Module &module, Diagnostics &diags) {
  std::vector<bool> fixed(module.tables.size(), true);
  for (size_t t = 0; t < module.numImportedTables && t < fixed.size(); ++t)
    fixed[t] = false;
  for (const Export &e : module.exports)
    if (e.kind == ExternKind::Table && e.index < fixed.size()) fixed[e.index] = false;
  if (std::find(fixed.begin(), fixed.end(), true) == fixed.end()) return fixed;
  std::vector<bool> grows(module.tables.size(), false);
  GrowScanner scanner;
  scanner.grows = &grows;
  for (uint32_t f = module.numImportedFuncs; f < module.funcTypes.size(); ++f) {
    FunctionDecoder<GrowScanner> decoder(module, FuncIndex(f), scanner, diags);
    if (!decoder.decode()) return std::vector<bool>(module.tables.size(), false);
  }
  for (size_t t = 0; t < fixed.size(); ++t)
    fixed[t] = fixed[t] && !grows[t];
  return fixed;
}

} // namespace w2n
