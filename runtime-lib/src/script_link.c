/* Import resolution for the script driver: module names registered by `register` (and the
   spectest host instance), and the Wasm 2.0 import matching rules — functions by canonical
   signature (the same symbol address), globals by value type and mutability, tables and memories
   by element type and limits subtyping against the exporter's current size and declared maximum. */
#include "script.h"

#define W2N_MAX_REGISTRATIONS 4096

typedef struct registration {
  const char *name;
  uint32_t len;
  script_instance inst;
} registration;

static registration registrations[W2N_MAX_REGISTRATIONS];
static uint32_t registration_count;

void w2n_link_register(const char *name, uint32_t len, script_instance inst) {
  /* A later registration under the same name replaces the earlier one. */
  for (uint32_t i = 0; i < registration_count; i++) {
    if (w2n_bytes_equal(registrations[i].name, registrations[i].len, name, len)) {
      registrations[i].inst = inst;
      return;
    }
  }
  if (registration_count == W2N_MAX_REGISTRATIONS) w2n_fatal("too many registered module names");
  char *copy = __w2n_alloc(len + 1);
  for (uint32_t i = 0; i < len; i++)
    copy[i] = name[i];
  registrations[registration_count++] = (registration){copy, len, inst};
}

static const registration *find_registration(const char *name, uint32_t len) {
  for (uint32_t i = 0; i < registration_count; i++)
    if (w2n_bytes_equal(registrations[i].name, registrations[i].len, name, len))
      return &registrations[i];
  return 0;
}

/* Limits {cur, max?} of the exporter match an import's {min, max?}. */
static bool limits_match(uint64_t cur, bool has_max, uint64_t max, const w2n_import_desc *imp) {
  if (cur < imp->min) return false;
  return !imp->has_max || (has_max && max <= imp->max);
}

static bool import_matches(const w2n_import_desc *imp, const w2n_export_desc *exp, void *obj) {
  if (imp->kind != exp->kind) return false;
  switch (imp->kind) {
  case W2N_EXTERN_FUNC:
    return ((const w2n_funcref *)obj)->sig == imp->sig;
  case W2N_EXTERN_GLOBAL:
    return exp->valtype == imp->valtype && exp->mut == imp->mut;
  case W2N_EXTERN_TABLE: {
    const w2n_table *t = obj;
    return t->elem_type == imp->valtype && limits_match(t->size, t->has_max, t->max, imp);
  }
  case W2N_EXTERN_MEMORY: {
    const w2n_memory *m = obj;
    return limits_match(m->size / W2N_PAGE_SIZE, m->has_max, m->max_pages, imp);
  }
  default:
    return false;
  }
}

const char *w2n_link_imports(const w2n_module_desc *desc, void **imports) {
  for (uint32_t i = 0; i < desc->num_imports; i++) {
    const w2n_import_desc *imp = &desc->imports[i];
    const registration *reg = find_registration(imp->module, imp->module_len);
    if (!reg) return "unknown import";
    const w2n_export_desc *exp = w2n_find_export(reg->inst.desc, imp->name, imp->name_len);
    if (!exp) return "unknown import";
    void *obj = w2n_export_object(exp, reg->inst.vmctx);
    if (!import_matches(imp, exp, obj)) return "incompatible import type";
    imports[i] = obj;
  }
  return 0;
}
