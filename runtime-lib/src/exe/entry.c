/* Process start-up of an executable, after the per-arch _start: keeps argc/argv/envp for WASI,
   maps the dedicated Wasm stack, installs the signal handlers, runs __w2n_program_main on the
   Wasm stack and exits with its result. */
#include "rt.h"

static int run_main(void *arg) {
  (void)arg;
  return __w2n_program_main();
}

__attribute__((noreturn, used)) void w2n_rt_start(uintptr_t *initial_sp) {
  w2n_argc = (int)initial_sp[0];
  w2n_argv = (char **)(initial_sp + 1);
  w2n_envp = w2n_argv + w2n_argc + 1;
  w2n_map_wasm_stack();
  w2n_install_signal_handlers();
  w2n_exit(w2n_run_on_stack(w2n_stack_hi, run_main, 0));
}
