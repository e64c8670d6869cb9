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

static chunk chunks[MAX_CHUNKS];
static uint32_t num_chunks, cur; /* chunks[cur] is being filled */
static size_t used;              /* bytes used in chunks[cur] */

static size_t page_round(size_t n) { return (n + 4095) & ~(size_t)4095; }

void *w2n_arena_alloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  if (num_chunks && chunks[cur].size - used >= size) {
    void *p = chunks[cur].base + used;
    used += size;
    return p;
  }
  /* Move on to the next chunk; replace it when it is too small. */
  uint32_t next = num_chunks ? cur + 1 : 0;
  if (next < num_chunks && chunks[next].size < size) {
    /* Drop it and every later one (all unused now), to keep the stack order simple. */
    for (uint32_t i = next; i < num_chunks; i++)
      w2n_munmap(chunks[i].base, chunks[i].size);
    num_chunks = next;
  }
  if (next >= num_chunks) {
    if (num_chunks == MAX_CHUNKS) w2n_fatal("canonical ABI scratch memory exhausted");
    size_t want = CHUNK_MIN << (num_chunks < 8 ? num_chunks : 8);
    if (want < size) want = page_round(size);
    uint8_t *base = w2n_mmap(0, want, W2N_PROT_RW, 0);
    if (!base) w2n_fatal("out of memory");
    chunks[num_chunks].base = base;
    chunks[num_chunks].size = want;
    num_chunks++;
  }
  cur = next;
  used = size;
  return chunks[cur].base;
}

w2n_arena_mark w2n_arena_get_mark(void) {
  w2n_arena_mark m;
  m.chunk = cur;
  m.used = used;
  return m;
}

void w2n_arena_release(w2n_arena_mark mark) {
  cur = mark.chunk;
  used = mark.used;
}

void w2n_arena_reset(void) {
  cur = 0;
  used = 0;
}
