/* The contract between compiled Wasm code and the runtime: object layouts, the module descriptor
   that the compiler emits for every module, and the runtime entry points that compiled code calls.
   Included by the freestanding runtime (C) and by the compiler's lowering (C++), which must agree
   on every offset below; the static asserts at the end pin them. */
#ifndef W2N_ABI_H
#define W2N_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Trap codes (see trap_codes.def). */
enum w2n_trap_code {
#define W2N_TRAP(name, code, message) W2N_TRAP_##name = code,
#include "trap_codes.def"
#undef W2N_TRAP
  W2N_TRAP_COUNT
};

/* A value in the generic ("array") calling convention: 16 bytes, little-endian, low bytes first.
   i32/f32 in the low 4 bytes, i64/f64 in the low 8, v128 in all 16, references as a pointer in the
   low 8 (null = 0). */
typedef struct w2n_val {
  uint64_t lo, hi;
} w2n_val;

/* A canonical signature is a symbol "__w2n_sig_<params>_<results>" (letters: i=i32 I=i64 f=f32
   F=f64 V=v128 c=funcref e=externref x=exnref), defined weak/linkonce_odr in every object that
   needs it and so merged by the linker: its address is the type id, equal across modules. Its
   contents are the same letters as a NUL-terminated string ("iI_f"), which the runtime reads to
   marshal values. */
typedef char w2n_sig;

struct w2n_funcref;
/* Generic entry: reads params from io[0..n), writes results to io[0..m). One per signature
   ("__w2n_tramp_<params>_<results>", linkonce_odr); it calls fn->code(fn->vmctx, ...). */
typedef void (*w2n_array_call)(const struct w2n_funcref *fn, w2n_val *io);

/* A function reference: what tables hold, what ref.func yields, what a function import binds to.
   Calling it means code(vmctx, params...) with the native C calling convention; multiple results
   come back as an LLVM aggregate (a struct of the result types). */
typedef struct w2n_funcref {
  void *code;
  void *vmctx;               /* the callee's instance, or a host function's context */
  const w2n_sig *sig;        /* canonical signature = type id */
  w2n_array_call array_call; /* may be 0 for host functions that are never called generically */
} w2n_funcref;

#define W2N_PAGE_SIZE 65536u
/* Guard-page memories reserve this much address space: any 32-bit address plus any 32-bit offset
   plus a 16-byte access stays inside, so compiled code needs no bounds checks. */
#define W2N_MEMORY_RESERVATION (8ull << 30)

typedef struct w2n_memory {
  uint8_t *base;      /* never moves (guard-page scheme) */
  uint64_t size;      /* current size in bytes */
  uint64_t max_pages; /* the declared maximum, or 65536 */
  uint64_t reserved;  /* bytes of address space reserved at base */
  uint32_t has_max;
  uint32_t pad;
} w2n_memory;

enum { W2N_ELEM_FUNCREF = 0x70, W2N_ELEM_EXTERNREF = 0x6f };

typedef struct w2n_table {
  void **elems;  /* funcref tables: const w2n_funcref*; externref tables: opaque pointers */
  uint32_t size; /* current number of elements */
  uint32_t max;  /* declared maximum (valid when has_max) */
  uint32_t has_max;
  uint32_t elem_type; /* W2N_ELEM_* */
  uint32_t capacity;  /* allocated elements */
  uint32_t pad;
} w2n_table;

/* Externref values in the spec harness: ref.extern N is the pointer value N+1; null is 0. */

/* ---- The module descriptor the compiler emits for every module ("<prefix>module"). ---- */
enum {
  W2N_EXTERN_FUNC = 0,
  W2N_EXTERN_TABLE = 1,
  W2N_EXTERN_MEMORY = 2,
  W2N_EXTERN_GLOBAL = 3,
  W2N_EXTERN_TAG = 4
};

/* ---- Exception handling (tags, throw, try_table). ---- */
/* A tag: its address is its identity (a defined tag lives in its instance's vmctx; an import
   binds to the exporter's). */
typedef struct w2n_tag {
  const w2n_sig *sig; /* the tag's parameters as a canonical signature (results empty) */
} w2n_tag;

/* A thrown exception (exceptions.c): `const w2n_tag *tag` at offset 0, `uint32_t exposed` (1
   once it became an exnref value, so never recycled) at W2N_EXN_EXPOSED, and the payload as
   w2n_val slots from W2N_EXN_VALUES. exnref values point to one. */
typedef struct w2n_exn w2n_exn;
#define W2N_EXN_EXPOSED 12
#define W2N_EXN_VALUES 16

/* The record a try_table pushes on the handler chain, in the frame of the function that runs
   it; `buf` is a w2n_setjmp buffer (uint64_t[32]). A throw pops the innermost record and jumps
   to it; compiled code restores the chain head itself on every other way out. */
#define W2N_EXN_HANDLER_BUF 16
#define W2N_EXN_HANDLER_SIZE (16 + 32 * 8)
struct w2n_exn_handler;
/* The innermost handler; 0 when none, w2n_exn_barrier while a component calls another. */
#ifdef W2N_LIBRARY
extern __thread __attribute__((tls_model("initial-exec"))) struct w2n_exn_handler *__w2n_exn_head;
#else
extern struct w2n_exn_handler *__w2n_exn_head;
#endif
w2n_exn *__w2n_exn_new(const w2n_tag *tag, uint32_t count);
/* Throws (throw, throw_ref and rethrow when no catch clause matched): traps when exn is null,
   when no handler is active, or at a component boundary. */
__attribute__((noreturn)) void __w2n_throw(w2n_exn *exn);
/* The exception a landing pad was entered with. */
w2n_exn *__w2n_exn_caught(void);
/* A catch without _ref consumed the exception: its object may be reused. */
void __w2n_exn_release(w2n_exn *exn);
/* Links a try_table's record (W2N_EXN_HANDLER_SIZE bytes, 16-aligned) as the innermost. Compiled
   code then calls w2n_setjmp (per-arch assembly) on the record's buffer. */
void __w2n_try_enter(struct w2n_exn_handler *h);

typedef struct w2n_import_desc {
  const char *module;
  const char *name;
  uint32_t module_len, name_len; /* names may contain NUL bytes */
  uint8_t kind;                  /* W2N_EXTERN_* */
  uint8_t valtype;               /* global: binary value type (0x7f i32 ...); table: element type */
  uint8_t mut;                   /* global: 1 if mutable */
  uint8_t has_max;               /* table/memory */
  uint32_t pad;
  const w2n_sig *sig; /* func; tag: its parameters (results empty) */
  uint64_t min, max;  /* table/memory limits */
} w2n_import_desc;

typedef struct w2n_export_desc {
  const char *name;
  uint32_t name_len;
  uint8_t kind;     /* W2N_EXTERN_* */
  uint8_t valtype;  /* global */
  uint8_t mut;      /* global */
  uint8_t indirect; /* 1: the vmctx slot at `offset` holds a pointer to the object;
                       0: the object itself lives in the vmctx at `offset` */
  uint32_t offset;  /* byte offset in the instance's vmctx */
  uint32_t pad;
} w2n_export_desc;

/* Imports are passed in import order: const w2n_funcref* for functions, w2n_table* for tables,
   w2n_memory* for memories, a pointer to the value cell (a w2n_val-sized, 16-byte aligned
   slot) for globals, and const w2n_tag* for tags. Instantiation allocates the vmctx, runs element
   and data segments and the start function, and returns the vmctx; it traps (through __w2n_trap)
   when a segment or the start function traps. */
typedef void *(*w2n_instantiate_fn)(void *const *imports);

typedef struct w2n_func_name {
  const void *code;
  const char *name;
} w2n_func_name;

typedef struct w2n_module_desc {
  const char *name;
  uint32_t num_imports, num_exports;
  const w2n_import_desc *imports;
  const w2n_export_desc *exports;
  w2n_instantiate_fn instantiate;
  uint32_t num_func_names, pad;
  const w2n_func_name *func_names; /* defined functions, for trap backtraces */
} w2n_module_desc;

/* ---- Runtime entry points called by compiled code. ---- */
__attribute__((noreturn)) void __w2n_trap(uint32_t code);
/* Lowest address the native stack may reach while Wasm code runs; functions that call other
   functions compare their frame address against it on entry. */
#ifdef W2N_LIBRARY
extern __thread __attribute__((tls_model("initial-exec"))) uintptr_t __w2n_stack_limit;
#else
extern uintptr_t __w2n_stack_limit;
#endif

void *__w2n_alloc(size_t size); /* zeroed, 16-byte aligned; never returns null (exits instead) */
w2n_memory *__w2n_memory_new(uint64_t min_pages, uint64_t max_pages, uint32_t has_max);
/* Returns the old size in pages, or -1 (0xffffffff) when the memory cannot grow. */
uint32_t __w2n_memory_grow(w2n_memory *mem, uint32_t delta_pages);
/* Bulk memory: bounds are checked first and trap with nothing written. */
void __w2n_memory_fill(w2n_memory *mem, uint32_t dst, uint32_t value, uint32_t len);
void __w2n_memory_copy(w2n_memory *dst_mem, w2n_memory *src_mem, uint32_t dst, uint32_t src,
                       uint32_t len);
void __w2n_memory_init(w2n_memory *mem, uint32_t dst, const uint8_t *seg, uint32_t seg_len,
                       uint32_t src, uint32_t len);

w2n_table *__w2n_table_new(uint32_t min, uint32_t max, uint32_t has_max, uint32_t elem_type,
                           void *init);
uint32_t __w2n_table_grow(w2n_table *table, void *init, uint32_t delta);
void __w2n_table_fill(w2n_table *table, uint32_t dst, void *value, uint32_t len);
void __w2n_table_copy(w2n_table *dst_table, w2n_table *src_table, uint32_t dst, uint32_t src,
                      uint32_t len);
void __w2n_table_init(w2n_table *table, uint32_t dst, void *const *seg, uint32_t seg_len,
                      uint32_t src, uint32_t len);

/* ---- GC objects (layout: compiler/lowering/gc_layout.h). ---- */
#define W2N_RTT_STRUCT 1u
#define W2N_RTT_ARRAY 2u
#define W2N_RTT_REF_ELEMS 0x100u /* an array whose elements are references */
/* The run-time type of a struct or array type, emitted by the compiler (one per canonical type
   of the program); casts compare addresses: supers[k] is the ancestor at depth k. */
typedef struct w2n_rtt {
  uint32_t kind;  /* W2N_RTT_STRUCT or W2N_RTT_ARRAY, | W2N_RTT_REF_ELEMS */
  uint32_t depth; /* number of declared supertypes above the type */
  uint32_t size;  /* struct: object bytes; array: element bytes */
  uint32_t num_refs;
  const uint32_t *ref_offsets; /* struct fields that hold references */
  const struct w2n_rtt *supers[];
} w2n_rtt;
/* A struct with all fields zero (their default), header set. Never returns null. */
void *__w2n_gc_new_struct(const w2n_rtt *rtt);
/* An array of `length` zeroed elements; traps when it would be too large. */
void *__w2n_gc_new_array(const w2n_rtt *rtt, uint32_t length);

/* ---- Program entry. ---- */
/* Generated by the compiler for an executable; called by the runtime's process entry after it set
   up the stack, signals and arguments. Returns the process exit status. */
int __w2n_program_main(void);
/* Registers a module's function names for trap backtraces. */
void w2n_register_module(const w2n_module_desc *desc);
/* Runs the spec-harness command protocol on stdin/stdout against these modules (test driver). */
int w2n_script_main(const w2n_module_desc *const *modules, uint32_t count);

/* Looks up an export by name; returns 0 when absent. */
const w2n_export_desc *w2n_find_export(const w2n_module_desc *desc, const char *name,
                                       uint32_t name_len);
/* The object an export refers to (w2n_funcref*, w2n_table*, w2n_memory*, or the global cell). */
void *w2n_export_object(const w2n_export_desc *exp, void *vmctx);

#ifdef __cplusplus
}
#endif

#if !defined(__cplusplus)
_Static_assert(sizeof(w2n_val) == 16, "w2n_val");
_Static_assert(sizeof(w2n_funcref) == 32, "w2n_funcref");
_Static_assert(offsetof(w2n_memory, base) == 0 && offsetof(w2n_memory, size) == 8, "w2n_memory");
_Static_assert(offsetof(w2n_table, elems) == 0 && offsetof(w2n_table, size) == 8, "w2n_table");
#endif

#endif
