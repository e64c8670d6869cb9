/* Declarations shared by the library output's runtime files (runtime-lib/src/lib/): what the
   compiler emits for a library (the component's description) and the value conversions between
   the generated header's C types and the canonical ABI engine's w2n_cval trees. */
#ifndef W2N_LIB_H
#define W2N_LIB_H

#include "../rt.h"
#include "w2n/canon.h"

/* Exported from the library (everything else in it is hidden). */
#define W2N_API __attribute__((visibility("default")))

typedef struct w2n_error w2n_error;
typedef struct w2n_config w2n_config; /* the generated header's; nothing is read from it yet */
typedef struct w2n_lib_instance w2n_lib_instance;

/* An export the header declares a function for; emitted by the compiler, in header order. */
typedef struct w2n_lib_export {
  const char *name;        /* "example:calculator/math#add" */
  uint64_t adapter_offset; /* its adapter in the instance block */
  const w2n_cfunctype *type;
} w2n_lib_export;

typedef struct w2n_lib_component {
  uint64_t block_size;
  void (*instantiate)(uint8_t *block);
  const w2n_lib_export *exports;
  uint32_t num_exports;
  uint32_t pad;
} w2n_lib_component;

/* lib_values.c. from_native: a C value (the header's layout, w2n_ctype.native) into a w2n_cval
   tree in scratch memory; returns 0 or what is wrong with it. to_native: a result into the C
   layout, strings and lists in host memory (malloc); false when memory ran out. free_native:
   releases what to_native allocated inside a value. */
const char *w2n_lib_from_native(const w2n_ctype *t, const void *c, w2n_cval *out);
bool w2n_lib_to_native(const w2n_ctype *t, const w2n_cval *v, void *c);
void w2n_lib_free_native(const w2n_ctype *t, void *c);

#endif
