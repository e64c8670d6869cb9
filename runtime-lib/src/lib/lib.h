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
typedef struct w2n_lib_instance w2n_lib_instance;

/* The generated header's w2n_config (same layout; compiler/lowering/component_header.cpp writes
   it with its comments). Zero everywhere grants nothing. */
typedef struct w2n_preopen {
  const char *host_path;  /* a directory of the host */
  const char *guest_path; /* the name the guest sees it under */
} w2n_preopen;
enum { W2N_STDIO_NONE = 0, W2N_STDIO_INHERIT = 1, W2N_STDIO_FD = 2, W2N_STDIO_CALLBACK = 3 };
typedef struct w2n_stdio {
  uint32_t kind; /* W2N_STDIO_* */
  int32_t fd;    /* W2N_STDIO_FD: a host fd, duplicated at instantiation */
} w2n_stdio;
typedef struct w2n_stdio_callbacks {
  void *ctx;
  int64_t (*read)(void *ctx, uint8_t *buf, size_t cap);
  bool (*write)(void *ctx, int stream, const uint8_t *bytes, size_t len);
} w2n_stdio_callbacks;
#define W2N_CONFIG_VERSION 0u
typedef struct w2n_config {
  const void *imports; /* the library's NAME_imports: one function pointer per import */
  void *imports_ctx;   /* given to every import as its first argument */
  uint32_t version;    /* W2N_CONFIG_VERSION */
  uint32_t num_preopens;
  const w2n_preopen *preopens;
  uint32_t num_env;
  uint32_t num_args;
  const char *const *env;  /* "NAME=VALUE" */
  const char *const *args; /* exactly what the guest's arguments are */
  w2n_stdio stdio[3];      /* stdin, stdout, stderr */
  w2n_stdio_callbacks stdio_callbacks; /* W2N_STDIO_CALLBACK */
} w2n_config;
_Static_assert(sizeof(void *) != 8 ||
                   (sizeof(w2n_config) == 104 && offsetof(w2n_config, stdio) == 56 &&
                    offsetof(w2n_config, stdio_callbacks) == 80),
               "w2n_config layout (the generated header has the same)");

/* What the API code calls an import with: the host's function, its context, pointers to the
   arguments in the header's C layout, where the result goes, and the error the host may set. */
typedef bool (*w2n_lib_import_caller)(const void *fn, void *ctx, void *const *args, void *ret,
                                      w2n_error **error);

/* An import the host supplies; emitted by the compiler, in header order. A resource's destructor
   has no type and no caller (w2n_lib_host_drop calls it: its signature is always the same). */
typedef struct w2n_lib_import {
  const char *name; /* "example:host/log#log", "example:store/store#[resource-drop]blob" */
  const w2n_cfunctype *type;
  w2n_lib_import_caller caller;
} w2n_lib_import;

/* The block slot (w2n_lib_component.host_slot) where instantiation puts what the import
   functions need: the component, the host's table and context. */
typedef struct w2n_lib_host {
  const struct w2n_lib_component *component;
  const void *const *table;
  void *ctx;
} w2n_lib_host;

/* The state of a lowered import (its funcref's vmctx), filled at instantiation: the lowering's
   options, the import's index, where the block's w2n_lib_host is. */
typedef struct w2n_lib_import_state {
  w2n_canon_opts opts;
  uint32_t index;
  uint32_t host_slot;
} w2n_lib_import_state;

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
  uint32_t num_imports;
  const w2n_lib_import *imports;
  uint64_t host_slot;     /* block offset of its w2n_lib_host */
  uint32_t num_instances; /* component instances at the start of the block (w2n_cinstance) */
} w2n_lib_component;

/* lib_instance.c: a w2n_error with this message (for the host's imports too). */
W2N_API w2n_error *w2n_error_new(const char *message);
/* lib_instance.c: the w2n_lib_host of the instance this thread runs code for (0: none), and
   whether that instance is being freed. */
const w2n_lib_host *w2n_lib_current_host(bool *freeing);
/* lib_imports.c: the host's destructor of a resource it implements (import `index`). */
void w2n_lib_host_drop(uint32_t index, uint64_t rep);

/* lib_values.c. from_native: a C value (the header's layout, w2n_ctype.native) into a w2n_cval
   tree in scratch memory; returns 0 or what is wrong with it. to_native: a result into the C
   layout, strings and lists in host memory (malloc); false when memory ran out. free_native:
   releases what to_native allocated inside a value. */
/* lib_wasi.c: the WASI capabilities of a new instance, from its config (0 with *err set when one
   cannot be granted, e.g. a directory that does not open); and freeing them with it. */
struct w2n_wasi_ctx *w2n_lib_wasi_new(const w2n_config *config, w2n_error **err);
void w2n_lib_wasi_free(struct w2n_wasi_ctx *ctx);

const char *w2n_lib_from_native(const w2n_ctype *t, const void *c, w2n_cval *out);
bool w2n_lib_to_native(const w2n_ctype *t, const w2n_cval *v, void *c);
void w2n_lib_free_native(const w2n_ctype *t, void *c);

#endif
