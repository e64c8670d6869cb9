/* Internal declarations shared by the runtime's source files (not part of the ABI with compiled
   code, which is include/w2n/abi.h). Every runtime C file includes this header first. */
#ifndef W2N_RT_H
#define W2N_RT_H

/* All runtime code goes into one output section, so that trap backtraces can tell runtime frames
   (skipped) from compiled Wasm functions by address: the linker defines __start_/__stop_ for it. */
#pragma clang section text = "w2n_rt_text"

#include "arch.h"
#include "w2n/abi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses (documented in README.md): a Wasm trap ends the process like abort() (128 +
   SIGABRT); a crash that is not a trap (a runtime or compiler bug) like a segfault (128 + SIGSEGV).
 */
#define W2N_EXIT_TRAP 134
#define W2N_EXIT_FATAL 139

/* ---- Threads. An executable runs Wasm on one thread; a library's instances may be used from
   several threads at once (each instance by one thread at a time), so its per-thread state is
   thread-local (initial-exec: a few words, small enough for a shared library's static TLS) and
   the shared structures take a lock. ---- */
#ifdef W2N_LIBRARY
#define W2N_THREAD __thread __attribute__((tls_model("initial-exec")))
#else
#define W2N_THREAD
#endif

/* A spin lock (contention is rare and short: allocator and registry updates). */
typedef struct w2n_lock {
  int held;
} w2n_lock;
void w2n_lock_acquire(w2n_lock *lock);
static inline void w2n_lock_release(w2n_lock *lock) {
  __atomic_store_n(&lock->held, 0, __ATOMIC_RELEASE);
}

/* ---- System calls (arch.h provides w2n_syscall6 and the numbers). ---- */
static inline long w2n_sys(long n, long a, long b, long c, long d, long e, long f) {
  return w2n_syscall6(n, a, b, c, d, e, f);
}
long w2n_write_all(int fd, const void *buf, size_t len);
__attribute__((noreturn)) void w2n_exit(int status);
void *w2n_mmap(void *addr, size_t len, int prot, int flags); /* anonymous; 0 on failure */
int w2n_mprotect(void *addr, size_t len, int prot);
int w2n_munmap(void *addr, size_t len);

#define W2N_PROT_NONE 0
#define W2N_PROT_RW 3
#define W2N_MAP_PRIVATE 0x02
#define W2N_MAP_ANONYMOUS 0x20
#define W2N_MAP_NORESERVE 0x4000

/* ---- Process state kept by the entry code. ---- */
extern int w2n_argc;
extern char **w2n_argv;
extern char **w2n_envp;
/* The Wasm stack of this thread: [lo, hi) usable; [guard_lo, lo) is the PROT_NONE guard below it
   (0 until the thread has one). */
extern W2N_THREAD uintptr_t w2n_stack_lo, w2n_stack_hi, w2n_stack_guard_lo;
/* Maps the Wasm stack (with its guard) and sets the limit compiled code checks. */
void w2n_map_wasm_stack(void);

/* ---- Context save/restore (per-arch assembly). ---- */
typedef uint64_t w2n_jmpbuf[32];
__attribute__((returns_twice)) int w2n_setjmp(w2n_jmpbuf buf);
__attribute__((noreturn)) void w2n_longjmp(w2n_jmpbuf buf, int value);
/* Calls fn(arg) on the stack whose (16-byte aligned) top is `top`, with the frame-pointer chain
   ended there, and returns its result. */
int w2n_run_on_stack(uintptr_t top, int (*fn)(void *), void *arg);

/* ---- Traps. ---- */
/* A trap catcher (script mode): while one is active, a trap unwinds to it with the code. */
typedef struct w2n_trap_catcher {
  w2n_jmpbuf buf;
  uint32_t code;
  struct w2n_trap_catcher *prev;
} w2n_trap_catcher;
extern W2N_THREAD w2n_trap_catcher *w2n_active_catcher;
const char *w2n_trap_message(uint32_t code);
/* The message of the last component model trap (W2N_TRAP_CANON). */
const char *w2n_trap_detail(void);
/* Entered with a fresh stack when the signal handler turns a fault into a trap. */
__attribute__((noreturn)) void w2n_trap_from_signal(uint32_t code, uintptr_t pc, uintptr_t fp);
/* Runs fn(arg) with a trap catcher; returns the trap code, or W2N_NO_TRAP when fn returned. */
#define W2N_NO_TRAP 0xffffffffu
uint32_t w2n_call_catching(void (*fn)(void *), void *arg);
/* Prints "  at <name>" for the Wasm functions on the frame-pointer chain from fp (and pc first,
   when nonzero). */
void w2n_print_backtrace(int fd, uintptr_t pc, uintptr_t fp);
/* Installs the handlers (once per process) and gives this thread what they need: an alternate
   signal stack and a stack to report traps on. */
void w2n_install_signal_handlers(void);
/* The per-thread part of that, for every other thread a library is called on. */
void w2n_signal_thread_init(void);
/* Is this address inside a registered linear-memory reservation? */
bool w2n_in_memory_reservation(uintptr_t addr);
__attribute__((noreturn)) void w2n_fatal(const char *message);

/* ---- Exceptions (exceptions.c). ---- */
/* Installed while one component calls another: an exception reaching it traps instead of
   unwinding into the caller. */
extern struct w2n_exn_handler w2n_exn_barrier;
static inline struct w2n_exn_handler *w2n_exn_barrier_enter(void) {
  struct w2n_exn_handler *saved = __w2n_exn_head;
  __w2n_exn_head = &w2n_exn_barrier;
  return saved;
}
static inline void w2n_exn_barrier_leave(struct w2n_exn_handler *saved) { __w2n_exn_head = saved; }

/* ---- Allocation. ---- */
void *w2n_alloc_try(size_t size); /* zeroed, 16-byte aligned, or 0 */
/* A library instance's allocations (alloc.c): made from its pool while it is this thread's
   current one, and unmapped all at once when the instance is freed. */
typedef struct w2n_alloc_pool {
  struct region *regions;
  char *next, *end;
} w2n_alloc_pool;
/* What runs for a library instance, as the runtime and the WASI shim see it: its pool and its
   WASI context. runtime-lib/src/lib/ points this thread's w2n_lib_context_current at it around
   every call (one pointer, so entering costs a load and two stores); 0 outside calls and in
   executables, which allocate from the process's chunks. */
typedef struct w2n_lib_context {
  w2n_alloc_pool pool;
  struct w2n_wasi_ctx *wasi;
  struct w2n_gc_heap *gc; /* gc.c: made at the instance's first GC allocation */
} w2n_lib_context;
extern W2N_THREAD w2n_lib_context *w2n_lib_context_current;
void w2n_alloc_pool_release(w2n_alloc_pool *pool);
void w2n_gc_heap_release(struct w2n_gc_heap *heap);
/* For what outlives any instance (caches, process-wide tables): never from a pool. */
void *w2n_alloc_shared_try(size_t size);
void *w2n_alloc_shared(size_t size); /* or a fatal error */
void w2n_free(void *ptr, size_t size);
/* Zeroed scratch memory for one call made from outside the component (scratch.c); reset after it.
 */
void *w2n_scratch_alloc(size_t size);
void w2n_scratch_reset(void);
/* Set by a library while it instantiates: told of every linear memory made (memory.c). */
extern W2N_THREAD void (*w2n_memory_created_hook)(w2n_memory *mem);
/* Unmaps a linear memory for good (a library instance being freed). */
void w2n_memory_release(w2n_memory *mem);
/* Calls fn on every range of memory the allocator has handed out (the GC's conservative roots). */
void w2n_alloc_each_region(void (*fn)(const void *begin, const void *end, void *ctx), void *ctx);

/* ---- Formatted output into a buffer flushed to a file descriptor. ---- */
typedef struct w2n_out {
  int fd;
  uint32_t len;
  char buf[4096];
} w2n_out;
void w2n_out_bytes(w2n_out *out, const void *data, size_t len);
void w2n_out_str(w2n_out *out, const char *s);
void w2n_out_char(w2n_out *out, char c);
void w2n_out_hex(w2n_out *out, uint64_t value, int digits); /* lowercase, zero-padded */
void w2n_out_dec(w2n_out *out, int64_t value);
void w2n_out_udec(w2n_out *out, uint64_t value);
void w2n_out_flush(w2n_out *out);

size_t w2n_strlen(const char *s);
bool w2n_bytes_equal(const void *a, size_t alen, const void *b, size_t blen);

/* ---- The test drivers' line input and answers (script_io.c). ---- */
extern w2n_out w2n_script_out; /* stdout */
/* The next line of stdin without its '\n' (the last one may lack it); false at the end. */
bool w2n_script_read_line(char **line, size_t *len);
/* Writes "KIND MESSAGE\n" (or "KIND\n" without a message) to w2n_script_out. */
void w2n_script_answer(const char *kind, const char *message);

#endif
