/* Scratch memory of the canonical ABI engine: the w2n_cval trees and UTF-8 buffers a call lifts
   and lowers. A stack of mmap'd chunks that are kept and reused: an adapter call takes a mark on
   entry and releases to it on return, so nested calls stack up and a returning call frees its
   values; w2n_canon_invoke (the outermost, host-side call) resets everything first, which also
   reclaims what a trap left behind. */
#include "canon_internal.h"

#define CHUNK_MIN (1u << 20)
#define MAX_CHUNKS 64

typedef struct chunk {
  uint8_t *base;
  size_t size;
} chunk;

/* One arena per thread (a library's calls may run on several), made on first use. */
typedef struct arena {
  chunk chunks[MAX_CHUNKS];
  uint32_t num_chunks, cur; /* chunks[cur] is being filled */
  size_t used;              /* bytes used in chunks[cur] */
} arena;
static W2N_THREAD arena *self;

static arena *current(void) {
  if (!self) {
    self = w2n_mmap(0, (sizeof(arena) + 4095) & ~(size_t)4095, W2N_PROT_RW, 0);
    if (!self) w2n_fatal("out of memory");
  }
  return self;
}

static size_t page_round(size_t n) { return (n + 4095) & ~(size_t)4095; }

void *w2n_arena_alloc(size_t size) {
  arena *a = current();
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  if (a->num_chunks && a->chunks[a->cur].size - a->used >= size) {
    void *p = a->chunks[a->cur].base + a->used;
    a->used += size;
    return p;
  }
  /* Move on to the next chunk; replace it when it is too small. */
  uint32_t next = a->num_chunks ? a->cur + 1 : 0;
  if (next < a->num_chunks && a->chunks[next].size < size) {
    /* Drop it and every later one (all unused now), to keep the stack order simple. */
    for (uint32_t i = next; i < a->num_chunks; i++)
      w2n_munmap(a->chunks[i].base, a->chunks[i].size);
    a->num_chunks = next;
  }
  if (next >= a->num_chunks) {
    if (a->num_chunks == MAX_CHUNKS) w2n_fatal("canonical ABI scratch memory exhausted");
    size_t want = CHUNK_MIN << (a->num_chunks < 8 ? a->num_chunks : 8);
    if (want < size) want = page_round(size);
    uint8_t *base = w2n_mmap(0, want, W2N_PROT_RW, 0);
    if (!base) w2n_fatal("out of memory");
    a->chunks[a->num_chunks].base = base;
    a->chunks[a->num_chunks].size = want;
    a->num_chunks++;
  }
  a->cur = next;
  a->used = size;
  return a->chunks[a->cur].base;
}

w2n_arena_mark w2n_arena_get_mark(void) {
  arena *a = current();
  w2n_arena_mark m;
  m.chunk = a->cur;
  m.used = a->used;
  return m;
}

void w2n_arena_release(w2n_arena_mark mark) {
  arena *a = current();
  a->cur = mark.chunk;
  a->used = mark.used;
}

void w2n_arena_reset(void) {
  arena *a = current();
  a->cur = 0;
  a->used = 0;
}
