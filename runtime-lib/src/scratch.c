/* Scratch memory for values that live for one call made from outside the component (the WAVE
   program's arguments, a library call's converted arguments): mmap'd chunks, reset after the
   call. Kept apart from the canonical ABI engine's arena (canon_arena.c), which the call itself
   resets. */
#include "rt.h"

#define SCRATCH_CHUNK (1u << 20)

typedef struct scratch_chunk {
  struct scratch_chunk *next;
  size_t size, used;
} scratch_chunk;

static W2N_THREAD scratch_chunk *scratch;

#define HEADER ((sizeof(scratch_chunk) + 15) & ~(size_t)15)

void *w2n_scratch_alloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!scratch || scratch->size - scratch->used < size) {
    size_t want =
        size + HEADER > SCRATCH_CHUNK ? (size + HEADER + 4095) & ~(size_t)4095 : SCRATCH_CHUNK;
    scratch_chunk *c = w2n_mmap(0, want, W2N_PROT_RW, 0);
    if (!c) w2n_fatal("out of memory");
    c->next = scratch;
    c->size = want;
    c->used = HEADER;
    scratch = c;
  }
  char *p = (char *)scratch + scratch->used;
  scratch->used += size;
  for (size_t i = 0; i < size; i++)
    p[i] = 0;
  return p;
}

/* Keeps the newest chunk for the next call, returns the others. */
void w2n_scratch_reset(void) {
  if (!scratch) return;
  while (scratch->next) {
    scratch_chunk *next = scratch->next;
    scratch->next = next->next;
    w2n_munmap(next, next->size);
  }
  scratch->used = HEADER;
}
