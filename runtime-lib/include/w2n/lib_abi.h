/* The contract between a library's generated entry points (compiler/lowering/component_library.cpp)
   and its runtime (runtime-lib/src/lib/): the start of an instance, which the fast export calls
   read, and the frame of a fast call. Static asserts in lib_instance.c pin both. */
#ifndef W2N_LIB_ABI_H
#define W2N_LIB_ABI_H

#include <stdint.h>

/* The first members of every w2n_lib_instance. */
typedef struct w2n_lib_instance_head {
  uint8_t *block;    /* the instance block (component instances, adapters, ...) */
  uint32_t poisoned; /* a call trapped: no call enters it again */
  uint32_t freeing;  /* w2n_lib_instance_free runs the host's destructors */
} w2n_lib_instance_head;
/* Where the instance's w2n_lib_context is (what w2n_lib_context_current points at). */
#define W2N_LIB_INSTANCE_CONTEXT 16

/* A fast export call (numbers only, arguments in registers), which the generated code makes
   from a thread that runs no instance's code (so no trap catcher, exception handler or instance
   context is active). It fills this frame, links it as the thread's trap catcher (a
   w2n_trap_catcher: buf, code, prev), enters the instance and calls w2n_lib_flat_enter (per-arch
   lib_entry.S) with the core function's arguments and itself as the sixth integer argument. That
   saves the caller's registers in buf as setjmp would, with the caller's return address as the
   place to resume, calls `target` on the Wasm stack, and on the way back leaves the instance: the
   callee may be entered again, and the thread's catcher and context are 0 again. A trap returns
   from w2n_lib_flat_enter too, with `code` set: then w2n_lib_flat_trapped leaves the instance. */
typedef struct w2n_lib_flat_frame {
  uint64_t buf[32];
  uint32_t code; /* W2N_NO_TRAP until a trap */
  uint32_t pad;
  void *prev;          /* not set (there is no catcher before it) */
  uintptr_t stack_top; /* of this thread's Wasm stack (16-byte aligned) */
  void *target;        /* the core function */
  uint32_t *may_enter; /* the callee's w2n_cinstance.may_enter */
  /* What the generated code needs after the call, kept here rather than in registers that the
     call would make it save. */
  void *instance;
  void *error; /* w2n_error ** */
  void *ret;   /* where the result goes */
} w2n_lib_flat_frame;
/* lib_entry.S reads these by offset. */
#define W2N_LIB_FLAT_STACK_TOP 272
#define W2N_LIB_FLAT_TARGET 280
#define W2N_LIB_FLAT_MAY_ENTER 288

#endif
