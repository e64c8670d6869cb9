/* Process start-up after the per-arch _start: keeps argc/argv/envp for WASI, maps the dedicated
   Wasm stack (with a guard region below it) and sets the stack limit that compiled code checks,
   installs the signal handlers, runs __w2n_program_main on the Wasm stack and exits with its
   result. */
#include "rt.h"

#define W2N_WASM_STACK_SIZE (8u << 20)
/* Faults here mean stack exhaustion (a frame larger than the margin jumped past the limit). */
#define W2N_WASM_STACK_GUARD (1u << 20)
/* Room below the limit for host code (runtime, WASI) and for the frame of the function whose
   entry check passed last. */
#define W2N_WASM_STACK_MARGIN (256u << 10)

uintptr_t __w2n_stack_limit;
int w2n_argc;
char **w2n_argv;
char **w2n_envp;
uintptr_t w2n_stack_lo, w2n_stack_hi, w2n_stack_guard_lo;

static void map_wasm_stack(void) {
  size_t total = W2N_WASM_STACK_GUARD + W2N_WASM_STACK_SIZE;
  char *region = w2n_mmap(0, total, W2N_PROT_NONE, W2N_MAP_NORESERVE);
  if (!region || w2n_mprotect(region + W2N_WASM_STACK_GUARD, W2N_WASM_STACK_SIZE, W2N_PROT_RW) != 0)
    w2n_fatal("cannot map the Wasm stack");
  w2n_stack_guard_lo = (uintptr_t)region;
  w2n_stack_lo = (uintptr_t)region + W2N_WASM_STACK_GUARD;
  w2n_stack_hi = w2n_stack_lo + W2N_WASM_STACK_SIZE;
  __w2n_stack_limit = w2n_stack_lo + W2N_WASM_STACK_MARGIN;
}

__attribute__((noreturn, used)) void w2n_rt_start(uintptr_t *initial_sp) {
  w2n_argc = (int)initial_sp[0];
  w2n_argv = (char **)(initial_sp + 1);
  w2n_envp = w2n_argv + w2n_argc + 1;
  map_wasm_stack();
  w2n_install_signal_handlers();
  w2n_exit(w2n_run_on_stack(w2n_stack_hi, __w2n_program_main));
}
