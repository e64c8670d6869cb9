/* What the process and its Wasm stacks are, for every kind of output: the arguments and
   environment (set by an executable's entry; empty in a library, whose instances get theirs
   from the host), the dedicated Wasm stack of each thread with the limit compiled code checks,
   and the runtime's lock. */
#include "rt.h"

#define W2N_WASM_STACK_SIZE (8u << 20)
/* Faults here mean stack exhaustion (a frame larger than the margin jumped past the limit). */
#define W2N_WASM_STACK_GUARD (1u << 20)
/* Room below the limit for host code (runtime, WASI) and for the frame of the function whose
   entry check passed last. */
#define W2N_WASM_STACK_MARGIN (256u << 10)

W2N_THREAD uintptr_t __w2n_stack_limit;
int w2n_argc;
char **w2n_argv;
char **w2n_envp;
W2N_THREAD uintptr_t w2n_stack_lo, w2n_stack_hi, w2n_stack_guard_lo;

void w2n_lock_acquire(w2n_lock *lock) {
  for (unsigned spins = 0; __atomic_exchange_n(&lock->held, 1, __ATOMIC_ACQUIRE); spins++)
    if (spins > 100) w2n_sys(W2N_SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

void w2n_map_wasm_stack(void) {
  size_t total = W2N_WASM_STACK_GUARD + W2N_WASM_STACK_SIZE;
  char *region = w2n_mmap(0, total, W2N_PROT_NONE, W2N_MAP_NORESERVE);
  if (!region || w2n_mprotect(region + W2N_WASM_STACK_GUARD, W2N_WASM_STACK_SIZE, W2N_PROT_RW) != 0)
    w2n_fatal("cannot map the Wasm stack");
  w2n_stack_guard_lo = (uintptr_t)region;
  w2n_stack_lo = (uintptr_t)region + W2N_WASM_STACK_GUARD;
  w2n_stack_hi = w2n_stack_lo + W2N_WASM_STACK_SIZE;
  __w2n_stack_limit = w2n_stack_lo + W2N_WASM_STACK_MARGIN;
}
