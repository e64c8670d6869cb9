/* Linear memories (guard-page scheme): each reserves W2N_MEMORY_RESERVATION bytes of address space
   with no access, and growing opens pages for reading and writing; compiled code never checks
   bounds, and a fault inside a reservation becomes the trap "out of bounds memory access" (the
   signal handler asks w2n_in_memory_reservation). Also the bulk-memory operations. */
#include "rt.h"

void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define W2N_MAX_PAGES 65536u

/* Reservations, newest first. Nodes are published fully built and never removed, so the signal
   handler can walk the list at any moment. */
typedef struct reservation {
  uintptr_t lo, hi;
  struct reservation *next;
  uint32_t unused; /* released: a new memory may take it */
} reservation;
static reservation *volatile reservations;

bool w2n_in_memory_reservation(uintptr_t addr) {
  for (reservation *r = reservations; r; r = r->next)
    if (addr >= r->lo && addr < r->hi) return true;
  return false;
}

W2N_THREAD void (*w2n_memory_created_hook)(w2n_memory *mem);

/* The reservation stays in the list (the signal handler may be walking it) but covers nothing,
   until a new memory takes it (claim_reservation): a library making and freeing instances
   keeps the list as long as the most memories it had at once. */
void w2n_memory_release(w2n_memory *mem) {
  for (reservation *r = reservations; r; r = r->next)
    if (r->lo == (uintptr_t)mem->base && r->hi) {
      __atomic_store_n(&r->hi, 0, __ATOMIC_RELEASE);
      __atomic_store_n(&r->unused, 1, __ATOMIC_RELEASE);
      break;
    }
  w2n_munmap(mem->base, mem->reserved);
  mem->base = 0;
  mem->size = 0;
}

/* A released list node (hi 0: it covers nothing, so the handler never matches it while lo
   changes), or a new one pushed with compare-and-swap: instances of a library may be made on
   several threads. Nodes outlive every instance (never from an instance's pool). */
static reservation *claim_reservation(void) {
  for (reservation *r = __atomic_load_n(&reservations, __ATOMIC_ACQUIRE); r; r = r->next) {
    uint32_t unused = 1;
    if (__atomic_compare_exchange_n(&r->unused, &unused, 0, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED))
      return r;
  }
  reservation *node = w2n_alloc_shared(sizeof *node);
  reservation *head = __atomic_load_n(&reservations, __ATOMIC_ACQUIRE);
  do
    node->next = head;
  while (!__atomic_compare_exchange_n(&reservations, &head, node, false, __ATOMIC_RELEASE,
                                      __ATOMIC_ACQUIRE));
  return node;
}

/* Reserves `reserve` bytes, opens the first min_pages and registers the reservation. */
static w2n_memory *map_memory(uint64_t reserve, uint64_t min_pages, uint64_t max_pages,
                              uint32_t has_max) {
  w2n_memory *mem = __w2n_alloc(sizeof *mem);
  reservation *node = claim_reservation();
  uint8_t *base = w2n_mmap(0, reserve, W2N_PROT_NONE, W2N_MAP_NORESERVE);
  if (!base) w2n_fatal("cannot reserve address space for a linear memory");
  uint64_t size = min_pages * W2N_PAGE_SIZE;
  if (size && w2n_mprotect(base, size, W2N_PROT_RW) != 0)
    w2n_fatal("cannot commit the initial pages of a linear memory");
  mem->base = base;
  mem->size = size;
  mem->max_pages = max_pages;
  mem->reserved = reserve;
  mem->has_max = has_max ? 1 : 0;
  __atomic_store_n(&node->lo, (uintptr_t)base, __ATOMIC_RELEASE);
  __atomic_store_n(&node->hi, (uintptr_t)base + reserve, __ATOMIC_RELEASE);
  if (w2n_memory_created_hook) w2n_memory_created_hook(mem);
  return mem;
}

w2n_memory *__w2n_memory_new(uint64_t min_pages, uint64_t max_pages, uint32_t has_max) {
  if (min_pages > W2N_MAX_PAGES || (has_max && max_pages < min_pages))
    w2n_fatal("invalid memory limits");
  return map_memory(W2N_MEMORY_RESERVATION, min_pages,
                    has_max && max_pages < W2N_MAX_PAGES ? max_pages : W2N_MAX_PAGES, has_max);
}

/* 64-bit memories (memory64): compiled code checks every access against the size, so the
   reservation only has to hold the memory's maximum (without one, at least 16 GiB, at most
   1 TiB: growing beyond the reservation fails as memory.grow may). */
#define W2N_MEMORY64_DEFAULT_RESERVATION ((uint64_t)16 << 30)
#define W2N_MEMORY64_MAX_RESERVATION ((uint64_t)1 << 40)

w2n_memory *__w2n_memory64_new(uint64_t min_pages, uint64_t max_pages, uint32_t has_max) {
  uint64_t limit = W2N_MEMORY64_MAX_RESERVATION / W2N_PAGE_SIZE;
  if (min_pages > limit || (has_max && max_pages < min_pages))
    w2n_fatal("cannot reserve address space for a 64-bit linear memory of that size");
  uint64_t reserve =
      has_max && max_pages < limit ? max_pages * W2N_PAGE_SIZE : W2N_MEMORY64_DEFAULT_RESERVATION;
  if (reserve < min_pages * W2N_PAGE_SIZE) reserve = min_pages * W2N_PAGE_SIZE;
  if (reserve == 0) reserve = W2N_PAGE_SIZE; /* a memory with maximum 0 still has a base */
  return map_memory(reserve, min_pages, has_max ? max_pages : limit, has_max);
}

/* Both memory.grow forms: a 32-bit memory's max_pages is at most 65536. */
uint64_t __w2n_memory64_grow(w2n_memory *mem, uint64_t delta_pages) {
  uint64_t old_pages = mem->size / W2N_PAGE_SIZE;
  if (delta_pages == 0) return old_pages;
  if (delta_pages > mem->max_pages - old_pages) return UINT64_MAX;
  uint64_t new_size = (old_pages + delta_pages) * W2N_PAGE_SIZE;
  if (new_size > mem->reserved) return UINT64_MAX;
  /* Pages past the old size were never accessible, so they are still zero. */
  if (w2n_mprotect(mem->base + mem->size, new_size - mem->size, W2N_PROT_RW) != 0)
    return UINT64_MAX;
  mem->size = new_size;
  return old_pages;
}

uint32_t __w2n_memory_grow(w2n_memory *mem, uint32_t delta_pages) {
  uint64_t old = __w2n_memory64_grow(mem, delta_pages);
  return old == UINT64_MAX ? 0xffffffffu : (uint32_t)old;
}

void __w2n_memory64_init(w2n_memory *mem, uint64_t dst, const uint8_t *seg, uint32_t len) {
  if (dst > mem->size || len > mem->size - dst) __w2n_trap(W2N_TRAP_MEMORY_OOB);
  memmove(mem->base + dst, seg, len);
}

void __w2n_memory_fill(w2n_memory *mem, uint32_t dst, uint32_t value, uint32_t len) {
  if ((uint64_t)dst + len > mem->size) __w2n_trap(W2N_TRAP_MEMORY_OOB);
  memset(mem->base + dst, (int)(value & 0xff), len);
}

void __w2n_memory_copy(w2n_memory *dst_mem, w2n_memory *src_mem, uint32_t dst, uint32_t src,
                       uint32_t len) {
  if ((uint64_t)src + len > src_mem->size || (uint64_t)dst + len > dst_mem->size)
    __w2n_trap(W2N_TRAP_MEMORY_OOB);
  memmove(dst_mem->base + dst, src_mem->base + src, len);
}

void __w2n_memory_init(w2n_memory *mem, uint32_t dst, const uint8_t *seg, uint32_t seg_len,
                       uint32_t src, uint32_t len) {
  if ((uint64_t)src + len > seg_len || (uint64_t)dst + len > mem->size)
    __w2n_trap(W2N_TRAP_MEMORY_OOB);
  memmove(mem->base + dst, seg + src, len);
}
