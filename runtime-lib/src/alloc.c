/* The runtime's allocator: instances, tables and driver state are allocated and (nearly) never
   freed, so small blocks come from a bump pointer over mmap'd chunks and large ones (which tables
   regrow) get their own mapping, returned with w2n_free. Single-threaded, like the rest. */
#include "rt.h"

#define W2N_CHUNK (1u << 20)
#define W2N_LARGE (64u << 10)

static char *chunk_next, *chunk_end;

static size_t page_round(size_t size) { return (size + 4095) & ~(size_t)4095; }

void *w2n_alloc_try(size_t size) {
  if (size == 0) size = 1;
  if (size > ((size_t)1 << 46)) return 0;
  size = (size + 15) & ~(size_t)15;
  if (size >= W2N_LARGE) return w2n_mmap(0, page_round(size), W2N_PROT_RW, 0);
  if ((size_t)(chunk_end - chunk_next) < size) {
    char *chunk = w2n_mmap(0, W2N_CHUNK, W2N_PROT_RW, 0);
    if (!chunk) return 0;
    chunk_next = chunk;
    chunk_end = chunk + W2N_CHUNK;
  }
  void *p = chunk_next; /* fresh anonymous pages are zero, and nothing is reused */
  chunk_next += size;
  return p;
}

void w2n_free(void *ptr, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (ptr && size >= W2N_LARGE) w2n_munmap(ptr, page_round(size));
}

void *__w2n_alloc(size_t size) {
  void *p = w2n_alloc_try(size);
  if (!p) w2n_fatal("out of memory");
  return p;
}
