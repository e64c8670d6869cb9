/* The runtime's allocator: instances, tables and driver state are allocated and (nearly) never
   freed, so small blocks come from a bump pointer over mmap'd chunks and large ones (which tables
   regrow) get their own mapping, returned with w2n_free. A lock keeps it whole when a library is
   used from several threads.
   A library instance is freed, though: while one is made or called, its pool is this thread's
   (w2n_lib_context_current), and what is allocated then comes from the pool's own mappings,
   unmapped with the instance (w2n_alloc_pool_release). What outlives every instance (caches,
   process-wide tables) is allocated with w2n_alloc_shared_try, never from a pool.
   Every mapping starts with a region header on one list, because the GC scans this memory for
   references to GC objects (globals, tables and exception payloads live here; see gc.c). */
#include "rt.h"

#define W2N_CHUNK (1u << 20)
#define W2N_POOL_CHUNK (16u << 10) /* an instance needs a few hundred bytes */
#define W2N_LARGE (64u << 10)

typedef struct region {
  struct region *next, *prev;
  size_t size;                /* bytes mapped, header included */
  w2n_alloc_pool *pool;       /* 0: the process's */
  struct region *pool_next;   /* the pool's regions */
  struct region **pool_where; /* what points at this one in that list */
} region;
_Static_assert(sizeof(region) == 48, "region header keeps 16-byte alignment");

static char *chunk_next, *chunk_end;
static region *regions;
static w2n_lock lock;

W2N_THREAD w2n_lib_context *w2n_lib_context_current;

static size_t page_round(size_t size) { return (size + 4095) & ~(size_t)4095; }

static region *map_region(size_t size, w2n_alloc_pool *pool) {
  region *r = w2n_mmap(0, size, W2N_PROT_RW, 0);
  if (!r) return 0;
  r->size = size;
  r->prev = 0;
  r->next = regions;
  if (regions) regions->prev = r;
  regions = r;
  r->pool = pool;
  if (pool) {
    r->pool_next = pool->regions;
    if (pool->regions) pool->regions->pool_where = &r->pool_next;
    r->pool_where = &pool->regions;
    pool->regions = r;
  }
  return r;
}

/* Off both lists (the lock held). */
static void unlink_region(region *r) {
  if (r->prev)
    r->prev->next = r->next;
  else
    regions = r->next;
  if (r->next) r->next->prev = r->prev;
  if (r->pool) {
    *r->pool_where = r->pool_next;
    if (r->pool_next) r->pool_next->pool_where = r->pool_where;
  }
}

static void *alloc_locked(size_t size, w2n_alloc_pool *pool) {
  if (size >= W2N_LARGE) {
    region *r = map_region(page_round(size + sizeof(region)), pool);
    return r ? (char *)r + sizeof(region) : 0;
  }
  char **next = pool ? &pool->next : &chunk_next, **end = pool ? &pool->end : &chunk_end;
  if ((size_t)(*end - *next) < size) {
    size_t chunk = pool ? W2N_POOL_CHUNK : W2N_CHUNK;
    region *r = map_region(chunk, pool);
    if (!r) return 0;
    *next = (char *)r + sizeof(region);
    *end = (char *)r + chunk;
  }
  void *p = *next; /* fresh anonymous pages are zero, and nothing is reused */
  *next += size;
  return p;
}

static void *alloc_in(size_t size, w2n_alloc_pool *pool) {
  if (size == 0) size = 1;
  if (size > ((size_t)1 << 46)) return 0;
  size = (size + 15) & ~(size_t)15;
  w2n_lock_acquire(&lock);
  void *p = alloc_locked(size, pool);
  w2n_lock_release(&lock);
  return p;
}

void *w2n_alloc_try(size_t size) {
  w2n_lib_context *c = w2n_lib_context_current;
  return alloc_in(size, c ? &c->pool : 0);
}

void *w2n_alloc_shared_try(size_t size) { return alloc_in(size, 0); }

void w2n_free(void *ptr, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if (!ptr || size < W2N_LARGE) return;
  region *r = (region *)((char *)ptr - sizeof(region));
  w2n_lock_acquire(&lock);
  unlink_region(r);
  w2n_lock_release(&lock);
  w2n_munmap(r, r->size);
}

void w2n_alloc_pool_release(w2n_alloc_pool *pool) {
  w2n_lock_acquire(&lock);
  while (pool->regions) {
    region *r = pool->regions;
    unlink_region(r);
    w2n_munmap(r, r->size);
  }
  pool->next = pool->end = 0;
  w2n_lock_release(&lock);
}

void w2n_alloc_each_region(void (*fn)(const void *begin, const void *end, void *ctx), void *ctx) {
  w2n_lib_context *c = w2n_lib_context_current;
  /* A library instance's pool is changed only by the thread that runs its code: no lock. */
  const char *in_use = c ? c->pool.next : chunk_next;
  for (region *r = c ? c->pool.regions : regions; r; r = c ? r->pool_next : r->next) {
    const char *begin = (const char *)r + sizeof(region), *end = (const char *)r + r->size;
    if (begin <= in_use && in_use <= end) end = in_use; /* the chunk in use */
    fn(begin, end, ctx);
  }
}

void *__w2n_alloc(size_t size) {
  void *p = w2n_alloc_try(size);
  if (!p) w2n_fatal("out of memory");
  return p;
}

void *w2n_alloc_shared(size_t size) {
  void *p = w2n_alloc_shared_try(size);
  if (!p) w2n_fatal("out of memory");
  return p;
}
