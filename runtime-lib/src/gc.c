/* The GC heap (struct and array instances of the GC proposal): a non-moving mark-sweep collector.
   Objects live in 256 KiB blocks of one size class each (found from any address inside them by
   alignment) or, above 4 KiB, in their own mapping. A collection runs when the bytes allocated
   since the last one exceed the live bytes it found (at least 16 MiB), from an allocation:
   - roots are found conservatively: every word of the Wasm stack below the allocating frame
     (registers spilled there first) and of the runtime allocator's memory, which holds the
     instances' globals, tables, element segments and exception payloads; a word that points
     anywhere into an object keeps it (compiled code may hold only a pointer to a field);
   - objects are traced precisely from their run-time types (reference fields and elements);
   - unreached objects are zeroed onto their block's free list (allocation hands out zeroed
     memory) and large ones unmapped.
   An executable has one heap. In a library each instance has its own (made at its first GC
   allocation, released with it), whose roots are that instance's allocations: GC references
   never cross a component boundary, and so instances used on several threads at once never
   share a heap. */
#include "rt.h"

#define BLOCK_SHIFT 18
#define BLOCK_SIZE ((uintptr_t)1 << BLOCK_SHIFT)
#define MAX_OBJECTS (BLOCK_SIZE / 16)
#define MIN_THRESHOLD ((uint64_t)16 << 20)
/* Arrays larger than this trap ("allocation size too large") rather than exhaust memory. */
#define MAX_OBJECT_BYTES ((uint64_t)1 << 32)

static const uint32_t class_sizes[] = {16,  32,  48,  64,  80,   96,   128,  160,  192, 256,
                                       320, 384, 512, 768, 1024, 1536, 2048, 3072, 4096};
#define NUM_CLASSES (sizeof class_sizes / sizeof class_sizes[0])
#define MAX_SMALL 4096

typedef struct block {
  uint32_t size, count; /* object size, objects that fit */
  uint32_t fresh;       /* objects [fresh, count) were never handed out */
  uint32_t cls;
  void *free_list;                 /* freed objects, linked through their first word */
  struct block *next_avail;        /* the class's blocks with free_list or fresh objects */
  uint64_t used[MAX_OBJECTS / 64]; /* allocated objects */
  uint64_t marked[MAX_OBJECTS / 64];
} block;
#define FIRST_OBJECT (((sizeof(block) + 15) / 16) * 16)

typedef struct large {
  size_t mapped; /* bytes of the mapping (header included) */
  uint32_t marked, pad;
} large;
#define LARGE_HEADER 16

typedef struct w2n_gc_heap {
  block *avail[NUM_CLASSES];
  block **blocks; /* sorted by address */
  size_t num_blocks, cap_blocks;
  large **larges; /* sorted by address */
  size_t num_larges, cap_larges;
  uintptr_t lo, hi; /* every object is in [lo, hi) */
  uint64_t since_gc, threshold;
  void **mark_stack;
  size_t mark_top, mark_cap;
} gc_heap;

/* ---- Bookkeeping arrays (mapped directly, not scanned as roots). ---- */
static void *grow_array(void *old, size_t *cap, size_t elem) {
  size_t n = *cap ? *cap * 2 : 256;
  void *p = w2n_mmap(0, n * elem, W2N_PROT_RW, 0);
  if (!p) w2n_fatal("out of memory (GC heap)");
  if (old) {
    __builtin_memcpy(p, old, *cap * elem);
    w2n_munmap(old, *cap * elem);
  }
  *cap = n;
  return p;
}

static void insert_sorted(gc_heap *h, void ***arr, size_t *n, size_t *cap, void *item) {
  if (*n == *cap) *arr = grow_array(*arr, cap, sizeof(void *));
  size_t i = *n;
  while (i > 0 && (uintptr_t)(*arr)[i - 1] > (uintptr_t)item) {
    (*arr)[i] = (*arr)[i - 1];
    --i;
  }
  (*arr)[i] = item;
  ++*n;
  if ((uintptr_t)item < h->lo) h->lo = (uintptr_t)item;
}

/* The index of the last entry at or below p, or -1. */
static long find_at_or_below(void **arr, size_t n, uintptr_t p) {
  long lo = 0, hi = (long)n - 1, found = -1;
  while (lo <= hi) {
    long mid = (lo + hi) / 2;
    if ((uintptr_t)arr[mid] <= p) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

static inline int bit(const uint64_t *bits, uint32_t i) { return (bits[i / 64] >> (i % 64)) & 1; }
static inline void set_bit(uint64_t *bits, uint32_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }
static inline void clear_bit(uint64_t *bits, uint32_t i) {
  bits[i / 64] &= ~((uint64_t)1 << (i % 64));
}

/* ---- Finding objects from arbitrary words. ---- */
/* The start of the allocated object containing address p, or 0. */
static void *object_at(const gc_heap *h, uintptr_t p, block **in_block, large **in_large) {
  if (p < h->lo || p >= h->hi) return 0;
  block *b = (block *)(p & ~(BLOCK_SIZE - 1));
  long i = find_at_or_below((void **)h->blocks, h->num_blocks, (uintptr_t)b);
  if (i >= 0 && h->blocks[i] == b) {
    uintptr_t first = (uintptr_t)b + FIRST_OBJECT;
    if (p < first) return 0;
    uint32_t index = (uint32_t)((p - first) / b->size);
    if (index >= b->fresh || !bit(b->used, index)) return 0;
    *in_block = b;
    return (void *)(first + (uintptr_t)index * b->size);
  }
  i = find_at_or_below((void **)h->larges, h->num_larges, p);
  if (i < 0) return 0;
  large *l = h->larges[i];
  if (p < (uintptr_t)l + LARGE_HEADER || p >= (uintptr_t)l + l->mapped) return 0;
  *in_large = l;
  return (char *)l + LARGE_HEADER;
}

/* ---- Marking. ---- */
static void mark(gc_heap *h, uintptr_t p) {
  block *b = 0;
  large *l = 0;
  void *obj = object_at(h, p, &b, &l);
  if (!obj) return;
  if (b) {
    uint32_t index = (uint32_t)(((uintptr_t)obj - (uintptr_t)b - FIRST_OBJECT) / b->size);
    if (bit(b->marked, index)) return;
    set_bit(b->marked, index);
  } else {
    if (l->marked) return;
    l->marked = 1;
  }
  if (h->mark_top == h->mark_cap)
    h->mark_stack = grow_array(h->mark_stack, &h->mark_cap, sizeof(void *));
  h->mark_stack[h->mark_top++] = obj;
}

static void scan_range(const void *begin, const void *end, void *heap) {
  for (const uintptr_t *w = begin; (const void *)(w + 1) <= end; ++w)
    mark(heap, *w);
}

static void trace(gc_heap *h, void *obj) {
  const w2n_rtt *rtt = *(const w2n_rtt **)obj;
  if ((rtt->kind & 0xff) == W2N_RTT_STRUCT) {
    for (uint32_t i = 0; i < rtt->num_refs; ++i)
      mark(h, *(uintptr_t *)((char *)obj + rtt->ref_offsets[i]));
  } else if (rtt->kind & W2N_RTT_REF_ELEMS) {
    uint32_t n = ((uint32_t *)obj)[2];
    uintptr_t *elems = (uintptr_t *)((char *)obj + 16);
    for (uint32_t i = 0; i < n; ++i)
      mark(h, elems[i]);
  }
}

/* ---- Sweeping. ---- */
static uint64_t sweep(gc_heap *h) {
  uint64_t live = 0;
  for (uint32_t c = 0; c < NUM_CLASSES; ++c)
    h->avail[c] = 0;
  for (size_t i = 0; i < h->num_blocks; ++i) {
    block *b = h->blocks[i];
    char *first = (char *)b + FIRST_OBJECT;
    for (uint32_t w = 0; w * 64 < b->fresh; ++w) {
      uint64_t dead = b->used[w] & ~b->marked[w];
      live += (uint64_t)__builtin_popcountll(b->marked[w]) * b->size;
      while (dead) {
        uint32_t index = w * 64 + (uint32_t)__builtin_ctzll(dead);
        dead &= dead - 1;
        void **obj = (void **)(first + (uintptr_t)index * b->size);
        __builtin_memset(obj, 0, b->size);
        obj[0] = b->free_list;
        b->free_list = obj;
        clear_bit(b->used, index);
      }
      b->marked[w] = 0;
    }
    if (b->free_list || b->fresh < b->count) {
      b->next_avail = h->avail[b->cls];
      h->avail[b->cls] = b;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < h->num_larges; ++i) {
    large *l = h->larges[i];
    if (!l->marked) {
      w2n_munmap(l, l->mapped);
      continue;
    }
    l->marked = 0;
    live += l->mapped;
    h->larges[kept++] = l;
  }
  h->num_larges = kept;
  return live;
}

static void collect(gc_heap *h) {
  w2n_jmpbuf regs; /* callee-saved registers, which may hold references, spilled to the stack */
  w2n_setjmp(regs);
  uintptr_t sp = (uintptr_t)&regs;
  if (sp < w2n_stack_lo || sp >= w2n_stack_hi) return; /* not on the Wasm stack: keep all */
  h->mark_top = 0;
  scan_range(&regs, (const void *)w2n_stack_hi, h);
  w2n_alloc_each_region(scan_range, h); /* the current instance's only, in a library */
  while (h->mark_top)
    trace(h, h->mark_stack[--h->mark_top]);
  uint64_t live = sweep(h);
  h->threshold = live > MIN_THRESHOLD ? live : MIN_THRESHOLD;
}

/* ---- Allocation. ---- */
static block *new_block(gc_heap *h, uint32_t cls) {
  /* Map twice the size and keep the aligned block inside. */
  char *raw = w2n_mmap(0, 2 * BLOCK_SIZE, W2N_PROT_RW, 0);
  if (!raw) return 0;
  uintptr_t aligned = ((uintptr_t)raw + BLOCK_SIZE - 1) & ~(BLOCK_SIZE - 1);
  if (aligned > (uintptr_t)raw) w2n_munmap(raw, aligned - (uintptr_t)raw);
  uintptr_t tail = (uintptr_t)raw + 2 * BLOCK_SIZE - (aligned + BLOCK_SIZE);
  if (tail) w2n_munmap((void *)(aligned + BLOCK_SIZE), tail);
  block *b = (block *)aligned;
  b->size = class_sizes[cls];
  b->cls = cls;
  b->count = (uint32_t)((BLOCK_SIZE - FIRST_OBJECT) / b->size);
  insert_sorted(h, (void ***)&h->blocks, &h->num_blocks, &h->cap_blocks, b);
  if (aligned + BLOCK_SIZE > h->hi) h->hi = aligned + BLOCK_SIZE;
  b->next_avail = h->avail[cls];
  h->avail[cls] = b;
  return b;
}

static void *alloc_small(gc_heap *h, uint32_t size) {
  uint32_t cls = 0;
  while (class_sizes[cls] < size)
    ++cls;
  for (;;) {
    block *b = h->avail[cls];
    if (!b && !(b = new_block(h, cls))) return 0;
    uint32_t index;
    void **obj;
    if (b->free_list) {
      obj = b->free_list;
      b->free_list = obj[0];
      obj[0] = 0;
      index = (uint32_t)(((uintptr_t)obj - (uintptr_t)b - FIRST_OBJECT) / b->size);
    } else if (b->fresh < b->count) {
      index = b->fresh++;
      obj = (void **)((char *)b + FIRST_OBJECT + (uintptr_t)index * b->size);
    } else {
      h->avail[cls] = b->next_avail; /* full: off the list until a sweep frees something */
      continue;
    }
    set_bit(b->used, index);
    return obj;
  }
}

static void *alloc_large(gc_heap *h, uint64_t size) {
  size_t mapped = (size_t)((size + LARGE_HEADER + 4095) & ~(uint64_t)4095);
  large *l = w2n_mmap(0, mapped, W2N_PROT_RW, 0);
  if (!l) return 0;
  l->mapped = mapped;
  insert_sorted(h, (void ***)&h->larges, &h->num_larges, &h->cap_larges, l);
  if ((uintptr_t)l + mapped > h->hi) h->hi = (uintptr_t)l + mapped;
  return (char *)l + LARGE_HEADER;
}

static gc_heap process_heap = {.lo = UINTPTR_MAX, .threshold = MIN_THRESHOLD};

/* The heap of the instance whose code runs (a library's), else the process's. */
static gc_heap *current_heap(void) {
  w2n_lib_context *c = w2n_lib_context_current;
  if (!c) return &process_heap;
  if (!c->gc) {
    gc_heap *h = w2n_mmap(0, sizeof(gc_heap), W2N_PROT_RW, 0); /* not scanned as a root */
    if (!h) w2n_fatal("out of memory (GC heap)");
    h->lo = UINTPTR_MAX;
    h->threshold = MIN_THRESHOLD;
    c->gc = h;
  }
  return c->gc;
}

void w2n_gc_heap_release(gc_heap *h) {
  if (!h) return;
  for (size_t i = 0; i < h->num_blocks; ++i)
    w2n_munmap(h->blocks[i], BLOCK_SIZE);
  for (size_t i = 0; i < h->num_larges; ++i)
    w2n_munmap(h->larges[i], h->larges[i]->mapped);
  if (h->blocks) w2n_munmap(h->blocks, h->cap_blocks * sizeof(void *));
  if (h->larges) w2n_munmap(h->larges, h->cap_larges * sizeof(void *));
  if (h->mark_stack) w2n_munmap(h->mark_stack, h->mark_cap * sizeof(void *));
  w2n_munmap(h, sizeof(gc_heap));
}

static void *gc_alloc(uint64_t size) {
  gc_heap *h = current_heap();
  h->since_gc += size;
  if (h->since_gc > h->threshold) {
    h->since_gc = size;
    collect(h);
  }
  return size <= MAX_SMALL ? alloc_small(h, (uint32_t)size) : alloc_large(h, size);
}

void *__w2n_gc_new_struct(const w2n_rtt *rtt) {
  void **obj = gc_alloc(rtt->size);
  if (!obj) w2n_fatal("out of memory (GC heap)");
  obj[0] = (void *)rtt;
  return obj;
}

void *__w2n_gc_new_array(const w2n_rtt *rtt, uint32_t length) {
  uint64_t bytes = 16 + (uint64_t)length * rtt->size;
  if (bytes > MAX_OBJECT_BYTES) __w2n_trap(W2N_TRAP_ALLOCATION_TOO_LARGE);
  void **obj = gc_alloc(bytes);
  if (!obj) __w2n_trap(W2N_TRAP_ALLOCATION_TOO_LARGE);
  obj[0] = (void *)rtt;
  ((uint32_t *)obj)[2] = length;
  return obj;
}
