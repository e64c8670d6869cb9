/* The runtime's allocator: instances, tables and driver state are allocated and (nearly) never
   freed, so small blocks come from a bump pointer over mmap'd chunks and large ones (which tables
   regrow) get their own mapping, returned with w2n_free. A lock keeps it whole when a library is
   used from several threads.
   Every mapping starts with a region header on one list, because the GC scans this memory for
   references to GC objects (globals, tables and exception payloads live here; see gc.c). */
#include "rt.h"

#define W2N_CHUNK (1u << 20)
#define W2N_LARGE (64u << 10)

typedef struct region {
  struct region *next, *prev;
  size_t size; /* bytes mapped, header included */
  size_t pad;
} region;
_Static_assert(sizeof(region) == 32, "region header keeps 16-byte alignment");

static char *chunk_next, *chunk_end;
static region *regions;
static w2n_lock lock;

static size_t page_round(size_t size) { return (size + 4095) & ~(size_t)4095; }

static region *map_region(size_t size) {
  region *r = w2n_mmap(0, size, W2N_PROT_RW, 0);
  if (!r) return 0;
  r->size = size;
  r->prev = 0;
  r->next = regions;
  if (regions) regions->prev = r;
  regions = r;
  return r;
}

static void *alloc_locked(size_t size) {
  if (size >= W2N_LARGE) {
    region *r = map_region(page_round(size + sizeof(region)));
    return r ? (char *)r + sizeof(region) : 0;
  }
  if ((size_t)(chunk_end - chunk_next) < size) {
    region *r = map_region(W2N_CHUNK);
    if (!r) return 0;
    chunk_next = (char *)r + sizeof(region);
    chunk_end = (char *)r + W2N_CHUNK;
  }
  void *p = chunk_next; /* fresh anonymous pages are zero, and nothing is reused */
  chunk_next += size;
  return p;
}

void *w2n_alloc_try(size_t size) {
  if (size == 0) size = 1;
  if (size > ((size_t)1 << 46)) return 0;
  size = (size + 15) & ~(size_t)15;
  w2n_lock_acquire(&lock);
  void *p = alloc_locked(size);
  w2n_lock_release(&lock);
  return p;
}

void w2n_free(void *ptr, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!ptr || size < W2N_LARGE) return;
  region *r = (region *)((char *)ptr - sizeof(region));
  w2n_lock_acquire(&lock);
  if (r->prev)
    r->prev->next = r->next;
  else
    regions = r->next;
  if (r->next) r->next->prev = r->prev;
  w2n_lock_release(&lock);
  w2n_munmap(r, r->size);
}

void w2n_alloc_each_region(void (*fn)(const void *begin, const void *end, void *ctx), void *ctx) {
  for (region *r = regions; r; r = r->next) {
    const char *begin = (const char *)r + sizeof(region), *end = (const char *)r + r->size;
    if (begin <= chunk_next && chunk_next <= end) end = chunk_next; /* the chunk in use */
    fn(begin, end, ctx);
  }
}

void *__w2n_alloc(size_t size) {
  void *p = w2n_alloc_try(size);
  if (!p) w2n_fatal("out of memory");
  return p;
}
