/* The contract between compiled components and the runtime's canonical ABI support
   (CanonicalABI.md): component instances with their handle tables, resource types, the canonical
   options of a lift or lower, value type descriptors, component values, and the adapters that
   carry a call from one component instance (or the host) to another.

   The compiler (compiler/lowering/component_*.cpp) emits these objects statically and fills the
   run-time parts (memories, funcrefs) while it instantiates the component; the runtime
   (runtime-lib/src/canon_*.c) and the WASI 0.2 host (wasi-shim/wasip2_*.c) read them. Type
   descriptors carry their layouts (w2n_clayout), computed by the compiler: the runtime computes
   no size, alignment, offset or flat count itself.

   Two kinds of callee sit behind a lowered function (a core function made by `canon lower`):
   - A host function (WASI 0.2, `bench`): its code is a C function taking the lowering side's
     options first and then the flat core parameters of the lowered type, exactly as
     `flatten_functype(..., 'lower')` gives them (more than 16 flat params: one pointer to them;
     more than one flat result: a trailing pointer parameter to store them at, and no return
     value). The funcref's vmctx is that w2n_canon_opts.
   - A component function lifted by another (or the same) component instance: a compiler-made
     thunk packs the flat parameters into a w2n_val array and calls w2n_canon_adapter_call,
     which lifts them with the caller's options, lowers them with the callee's, calls the callee,
     carries the results back and runs post-return (a "fused adapter", interpreted). Calls of
     scalars and at most one string or list get a compiled adapter instead, which calls
     w2n_canon_adapter_param / w2n_canon_adapter_result for what is not a scalar. */
#ifndef W2N_CANON_H
#define W2N_CANON_H

#include "w2n/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { W2N_STRING_UTF8 = 0, W2N_STRING_UTF16 = 1, W2N_STRING_LATIN1_UTF16 = 2 };

struct w2n_cinstance;

/* A resource type, one per resource of the program (shared by every instance block, so types
   are compared by address). Host resources have a host destructor (or none); a resource defined
   by a component names its implementing component instance by index in the instance block, and
   the block slot holding its core destructor (i32 -> [], or i64 -> [] when rep64), if any. */
typedef struct w2n_resource_type {
  const char *name; /* for messages, e.g. "wasi:io/streams.output-stream" */
  void (*host_dtor)(uintptr_t rep);
  uint32_t guest;      /* 1: defined by a component; 0: a host resource */
  uint32_t impl_index; /* guest: the implementing component instance in the block */
  uint32_t dtor_slot;  /* guest: block offset of a const w2n_funcref * (filled at
                          instantiation); 0: no destructor */
  uint32_t rep64;      /* 1: represented by i64 (cm64) */
} w2n_resource_type;

/* One slot of a handle table (CanonicalABI.md "Handle tables"). */
typedef struct w2n_handle {
  uint64_t rep;
  const w2n_resource_type *type; /* 0: a free slot */
  uint32_t own;                  /* 1: own, 0: borrow */
  uint32_t lend_count;           /* own handles: borrows outstanding */
  void *borrow_scope;            /* borrow handles: the call that created it */
  uint32_t next_free;            /* free slots: the next free index (0: none) */
  uint32_t pad;
} w2n_handle;

/* Index 0 is never a valid handle; indices stay below 2^28. */
typedef struct w2n_handle_table {
  w2n_handle *elems;
  uint32_t size, capacity; /* elems[0 .. size) in use or free */
  uint32_t free_head;      /* 0: no free slot */
  uint32_t pad;
} w2n_handle_table;

/* A component instance as the canonical ABI sees it: its handle table and its flags. The
   component instances of one instantiation are the array at the start of its instance block
   (component_main.cpp); instantiation sets may_leave and may_enter to 1, index and block. */
typedef struct w2n_cinstance {
  w2n_handle_table handles;
  uint32_t may_leave, may_enter;
  uint32_t index; /* position in the instantiation plan (and in the block's array) */
  uint32_t pad;
  uint8_t *block; /* the instance block: ((w2n_cinstance *)block)[index] is this one */
} w2n_cinstance;

/* Component instance i of the block `inst` belongs to. */
static inline w2n_cinstance *w2n_cinstance_sibling(const w2n_cinstance *inst, uint32_t i) {
  return &((w2n_cinstance *)inst->block)[i];
}

/* The canonical options of one lift or lower, and the instance it belongs to. */
typedef struct w2n_canon_opts {
  w2n_memory *memory;             /* 0 when the type needs none */
  const w2n_funcref *realloc;     /* (old, old_size, align, new_size) -> ptr, i32 or i64 each */
  const w2n_funcref *post_return; /* lift only; receives the flat results */
  uint32_t string_encoding;       /* W2N_STRING_* */
  uint32_t memory64;              /* 1: the memory is 64-bit (cm64): pointers and lengths are i64 */
  w2n_cinstance *instance;
} w2n_canon_opts;

/* ---- Value types (the compiler emits these as constant trees, layouts included). ---- */
enum w2n_ctype_kind {
  W2N_CT_BOOL,
  W2N_CT_S8,
  W2N_CT_U8,
  W2N_CT_S16,
  W2N_CT_U16,
  W2N_CT_S32,
  W2N_CT_U32,
  W2N_CT_S64,
  W2N_CT_U64,
  W2N_CT_F32,
  W2N_CT_F64,
  W2N_CT_CHAR,
  W2N_CT_STRING,
  W2N_CT_LIST,    /* members[0]: element; count: fixed length, 0 for a variable-length list */
  W2N_CT_RECORD,  /* count fields, members[i] */
  W2N_CT_TUPLE,   /* count fields, members[i] (a record with fields "0", "1", ...) */
  W2N_CT_VARIANT, /* count cases, members[i] the payload or 0 */
  W2N_CT_ENUM,    /* count cases, no members (members may be 0) */
  W2N_CT_OPTION,  /* count 2: members {0, T} (cases none, some) */
  W2N_CT_RESULT,  /* count 2: members {ok or 0, error or 0} */
  W2N_CT_FLAGS,   /* count labels (1..32) */
  W2N_CT_OWN,
  W2N_CT_BORROW, /* resource */
};

/* flatten_functype's limits. Flat counts in descriptors saturate at W2N_FLAT_COUNT_CAP: the
   engine only asks whether a count exceeds one of these (a variant is lifted flat only when its
   function's values fit, so below the cap its count is exact). */
#define W2N_MAX_FLAT_PARAMS 16
#define W2N_MAX_FLAT_RESULTS 1
#define W2N_FLAT_COUNT_CAP (W2N_MAX_FLAT_PARAMS + 1)

/* The layout of a value type in linear memory whose pointers are 32-bit (index 0 of `layout`
   arrays) or 64-bit (index 1, cm64), as CanonicalABI.md defines it (elem_size, alignment,
   flatten_type). The compiler computes every layout (compiler/frontend/component/canon_layout.h)
   and writes it here; the runtime computes none. */
typedef struct w2n_clayout {
  uint32_t size;           /* elem_size */
  uint32_t align;          /* alignment */
  uint32_t flat_count;     /* flatten_type's length, saturated at W2N_FLAT_COUNT_CAP */
  uint32_t payload_offset; /* variant-likes: where each case's payload starts; else 0 */
  const uint32_t *offsets; /* records and tuples (and parameter lists): each field's offset */
} w2n_clayout;

typedef struct w2n_ctype {
  uint32_t kind; /* w2n_ctype_kind */
  uint32_t count;
  const struct w2n_ctype *const *members;
  const char *const *labels; /* record fields, variant/enum cases, flags; 0 when not needed */
  const w2n_resource_type *resource;
  uint32_t disc_size; /* variant-likes: the discriminant's bytes (1, 2 or 4); else 0 */
  uint32_t pad;
  w2n_clayout layout[2]; /* [0]: in a 32-bit memory, [1]: in a 64-bit memory */
  /* The value as a library's C header declares it for the host (compiler/lowering/
     component_c_layout.h): size, align, field offsets, where an option's, result's or variant's
     payload starts; flat_count is 0. */
  w2n_clayout native;
} w2n_ctype;

typedef struct w2n_cfunctype {
  uint32_t num_params;
  uint32_t has_result;
  const w2n_ctype *const *params;
  const w2n_ctype *result; /* 0 when !has_result */
  /* The parameters as one tuple (its flat count, and where they go in memory when they do not
     fit flat); payload_offset is 0. */
  w2n_clayout params_layout[2];
} w2n_cfunctype;

/* ---- Component values (what lifting produces and lowering consumes). ---- */
typedef struct w2n_cval {
  uint32_t kind;  /* the w2n_ctype_kind of its type */
  uint32_t count; /* STRING: bytes in `bytes` (UTF-8); LIST/RECORD/TUPLE: elements */
  union {
    uint64_t u; /* BOOL (0/1), unsigned integers, FLAGS (bit i = label i), CHAR (scalar value),
                   ENUM / VARIANT / OPTION / RESULT (case index), OWN / BORROW (rep) */
    int64_t s;  /* signed integers */
    float f32;
    double f64;
  };
  const char *bytes;      /* STRING: UTF-8, not NUL-terminated */
  struct w2n_cval *elems; /* LIST/RECORD/TUPLE: `count` elements; VARIANT-likes: 0 or the payload */
} w2n_cval;

/* ---- Adapters. ---- */
typedef struct w2n_adapter {
  const w2n_cfunctype *type;
  w2n_canon_opts lower;      /* the caller's side (the canon lower) */
  w2n_canon_opts lift;       /* the callee's side (the canon lift) */
  const w2n_funcref *callee; /* the lifted core function (called through its array_call) */
} w2n_adapter;

/* A lowered function's thunk calls this with the flat parameters in io[0 ..); the flat result
   (at most one; more are stored through the trailing pointer parameter) comes back in io[0]. */
void w2n_canon_adapter_call(const w2n_adapter *a, w2n_val *io);
/* A compiled adapter's parameter `index`, a string or a list without handles: lifted from the
   caller's memory (a->lower) and lowered into the callee's (a->lift: realloc, transcoding) as
   the interpreted adapter does; out[0] gets the callee's pointer, out[1] its (tagged) length. */
void w2n_canon_adapter_param(const w2n_adapter *a, uint32_t index, uint64_t ptr, uint64_t len,
                             uint64_t *out);
/* A compiled adapter's result of any type: lifted from the callee's flat result (its one flat
   value, or the pointer to it) and lowered into the caller, returned as the caller's flat value
   or stored at the caller's `retptr` (then 0 is returned). */
uint64_t w2n_canon_adapter_result(const w2n_adapter *a, uint64_t flat, uint64_t retptr);

/* Calls a lifted function from the host side (the component wast driver, program main): lowers
   `args` into the callee, calls it, lifts the result into `result` (storage valid until the next
   call), runs post-return. Traps as the canonical ABI says. */
void w2n_canon_invoke(const w2n_adapter *a, const w2n_cval *args, w2n_cval *result);

/* A root component export the component wast driver can invoke. */
typedef struct w2n_cexport {
  const char *name; /* "f", or "inst#f" for a function exported by an exported instance */
  const w2n_adapter *adapter;
} w2n_cexport;
/* The component wast driver (runtime-lib/src/component_script.c): runs `instantiate` (which
   instantiates the component and fills the adapters) under a trap catcher, then serves the
   command protocol on stdin/stdout against the exports. */
int w2n_component_script_main(void (*instantiate)(void), const w2n_cexport *exports,
                              uint32_t count);

/* ---- Handle tables (runtime-lib/src/canon_handles.c). Each traps with the canonical ABI's
   message ("unknown handle index N", "handle index N used with the wrong type", ...). ---- */
uint32_t w2n_handle_new_own(w2n_cinstance *inst, const w2n_resource_type *type, uint64_t rep);
/* lift_borrow of a host call: the rep of an own or borrow handle of `type`. */
uint64_t w2n_handle_rep(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type);
/* lift_own: removes an own handle (trapping if it is lent out) and gives its rep. */
uint64_t w2n_handle_take_own(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type);
/* Runs a resource's destructor for `rep` on behalf of `caller` (entering the implementing
   instance unless it is the caller): what dropping an own handle does. */
void w2n_resource_destroy(w2n_cinstance *caller, const w2n_resource_type *type, uint64_t rep);
/* canon resource.drop: an own handle runs the destructor, a borrow handle ends its borrow. */
void w2n_handle_drop(w2n_cinstance *inst, uint32_t index, const w2n_resource_type *type);

/* The core functions `canon resource.new/rep/drop` make: code is one of these, vmctx the
   w2n_resource_ctx (core types: new (i32 rep) -> i32, rep (i32) -> i32, drop (i32) -> []). */
typedef struct w2n_resource_ctx {
  w2n_cinstance *instance; /* the instance whose canon definition this is */
  const w2n_resource_type *type;
} w2n_resource_ctx;
uint32_t w2n_canon_resource_new(const w2n_resource_ctx *ctx, uint32_t rep);
uint32_t w2n_canon_resource_rep(const w2n_resource_ctx *ctx, uint32_t index);
/* ... for resources represented by i64 (new (i64 rep) -> i32, rep (i32) -> i64). */
uint32_t w2n_canon_resource_new64(const w2n_resource_ctx *ctx, uint64_t rep);
uint64_t w2n_canon_resource_rep64(const w2n_resource_ctx *ctx, uint32_t index);
void w2n_canon_resource_drop(const w2n_resource_ctx *ctx, uint32_t index);

/* ---- Guest memory access for host functions and adapters (runtime-lib/src/canon_memory.c). ----
 */
/* A pointer to [ptr, ptr + len) of the options' memory; traps when out of bounds or when ptr is
   not a multiple of align. */
uint8_t *w2n_canon_mem(const w2n_canon_opts *o, uint32_t ptr, uint64_t len, uint32_t align);
/* Calls the options' realloc; traps when there is none or the result is misaligned or out of
   bounds ("realloc return: beyond end of memory"). */
uint32_t w2n_canon_realloc(const w2n_canon_opts *o, uint32_t old_ptr, uint32_t old_size,
                           uint32_t align, uint32_t new_size);
/* Stores a UTF-8 string into guest memory in the options' encoding (allocated with realloc) and
   writes the (ptr, len) pair at guest address `dst` (8 bytes, 4-aligned). */
void w2n_canon_store_string(const w2n_canon_opts *o, uint32_t dst, const char *utf8, size_t len);
/* Reads a guest string (ptr, tagged length as the canonical ABI lifts it) as UTF-8 into a
   runtime buffer that stays valid until the next call of this function; traps on bad bounds,
   alignment or encoding. */
const char *w2n_canon_load_string(const w2n_canon_opts *o, uint32_t ptr, uint32_t len,
                                  size_t *out_len);

/* Traps with a message of the canonical ABI (printed as "wasm trap: <message>"; the script driver
   reports it). `number`, when not UINT64_MAX, is appended after a space, as in "unknown handle
   index 5". */
__attribute__((noreturn)) void w2n_canon_trap(const char *message, uint64_t number);

#ifdef __cplusplus
}
#endif

#if !defined(__cplusplus)
_Static_assert(sizeof(w2n_canon_opts) == 40, "w2n_canon_opts layout (the compiler emits it)");
_Static_assert(sizeof(w2n_cinstance) == 48, "w2n_cinstance layout");
_Static_assert(sizeof(w2n_clayout) == 24, "w2n_clayout layout (the compiler emits it)");
_Static_assert(sizeof(w2n_ctype) == 112 && offsetof(w2n_ctype, layout) == 40 &&
                   offsetof(w2n_ctype, native) == 88,
               "w2n_ctype layout");
_Static_assert(sizeof(w2n_cfunctype) == 72 && offsetof(w2n_cfunctype, params_layout) == 24,
               "w2n_cfunctype layout");
_Static_assert(sizeof(w2n_adapter) == 96, "w2n_adapter layout");
_Static_assert(sizeof(w2n_resource_type) == 32, "w2n_resource_type layout");
#endif

#endif
