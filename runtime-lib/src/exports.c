/* Export lookup on module descriptors: by name (names are byte strings that may hold NULs), and
   from an export to its object inside an instance's vmctx. */
#include "rt.h"

const w2n_export_desc *w2n_find_export(const w2n_module_desc *desc, const char *name,
                                       uint32_t name_len) {
  for (uint32_t i = 0; i < desc->num_exports; i++) {
    const w2n_export_desc *exp = &desc->exports[i];
    if (w2n_bytes_equal(exp->name, exp->name_len, name, name_len)) return exp;
  }
  return 0;
}

void *w2n_export_object(const w2n_export_desc *exp, void *vmctx) {
  char *slot = (char *)vmctx + exp->offset;
  return exp->indirect ? *(void **)slot : (void *)slot;
}
