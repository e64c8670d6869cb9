/* Allocation of GC objects (struct and array instances of the GC proposal). Objects come from
   the runtime's bump allocator and are never freed: there is no collector yet, so a program's
   GC heap only grows (runtime memory use is bounded by what it allocates in total). */
#include "rt.h"

/* Arrays larger than this trap ("allocation size too large") rather than exhaust memory. */
#define W2N_GC_MAX_BYTES ((uint64_t)1 << 32)

void *__w2n_gc_new_struct(const w2n_rtt *rtt) {
  void **obj = w2n_alloc_try(rtt->size);
  if (!obj) w2n_fatal("out of memory (GC heap)");
  obj[0] = (void *)rtt;
  return obj;
}

void *__w2n_gc_new_array(const w2n_rtt *rtt, uint32_t length) {
  uint64_t bytes = 16 + (uint64_t)length * rtt->size;
  if (bytes > W2N_GC_MAX_BYTES) __w2n_trap(W2N_TRAP_ALLOCATION_TOO_LARGE);
  void **obj = w2n_alloc_try((size_t)bytes);
  if (!obj) __w2n_trap(W2N_TRAP_ALLOCATION_TOO_LARGE);
  obj[0] = (void *)rtt;
  ((uint32_t *)obj)[2] = length;
  return obj;
}
