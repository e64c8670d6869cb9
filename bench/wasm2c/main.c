/* Entry point for a wasm2c-translated benchmark: the module is translated with the name "mod"
   (wasm2c -n mod), so this one file starts any of them: instantiate with the `bench` and WASI
   instances, bind the guest memory, run `_start`, and report a trap like wasm2native does
   (message on stderr, exit status 134). */
#include "mod.h"
#include "wasi_shim.h"

#include <stdio.h>
#include <string.h>

extern WASM_RT_UNWIND_TARGET wasm_rt_jmp_buf; /* defined by wabt's wasm-rt-impl */

int main(int argc, char **argv) {
  static Z_mod_instance_t instance;
  static struct Z_bench_instance_t bench;
  static w2c_wasi wasi;
  const char *slash = strrchr(argv[0], '/');
  argv[0] = slash ? (char *)slash + 1 : argv[0];
  wasi.argc = argc;
  wasi.argv = argv;
  wasm_rt_init();
  Z_mod_init_module();
  wasm_rt_set_unwind_target(&wasm_rt_jmp_buf);
  int trap = wasm_rt_try(wasm_rt_jmp_buf);
  if (trap == 0) {
#ifdef MOD_NO_BENCH /* the module imports only WASI */
    (void)bench;
    Z_mod_instantiate(&instance, &wasi);
#else
    Z_mod_instantiate(&instance, &bench, &wasi);
#endif
    wasi.memory = Z_modZ_memory(&instance);
    Z_modZ__start(&instance);
    return 0;
  }
  fflush(stdout);
  fprintf(stderr, "wasm trap: %s\n", wasm_rt_strerror((wasm_rt_trap_t)trap));
  return 134;
}
