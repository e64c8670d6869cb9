/* wasi:cli/environment: the arguments and the environment of the capability context (wasi.h),
   as preview1 gives them (wasi_args.c): an executable's argv (argv[0] included) and what the
   build granted; a library instance's what its host granted. There is no initial working
   directory. */
#include "wasip2_internal.h"

/* get-environment: func() -> list<tuple<string, string>>
   (elements of 16 bytes: key (ptr, len), value (ptr, len)) */
void __w2n_p2_wasi_cli_environment_get_environment(w2n_p2_opts *o, uint32_t ret) {
  uint32_t env_count = 0;
  const char *const *env_list = w2n_wasi_environment(&env_count);
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, env_count * 16);
  for (uint32_t i = 0; i < env_count; i++) {
    const char *s = env_list[i];
    size_t n = w2n_wasi_env_name_len(s);
    w2n_canon_store_string(o, list + 16 * i, s, n);
    const char *v = s[n] ? s + n + 1 : s + n;
    w2n_canon_store_string(o, list + 16 * i + 8, v, w2n_strlen(v));
  }
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(p, list);
  w2n_wasi_store_u32(p + 4, env_count);
}

/* get-arguments: func() -> list<string> */
void __w2n_p2_wasi_cli_environment_get_arguments(w2n_p2_opts *o, uint32_t ret) {
  const w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  uint32_t n = c->num_args;
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, n * 8);
  for (uint32_t i = 0; i < n; i++)
    w2n_canon_store_string(o, list + 8 * i, c->args[i], w2n_strlen(c->args[i]));
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(p, list);
  w2n_wasi_store_u32(p + 4, n);
}

/* initial-cwd: func() -> option<string> (none: the guest has no working directory) */
void __w2n_p2_wasi_cli_environment_initial_cwd(w2n_p2_opts *o, uint32_t ret) {
  uint8_t *p = w2n_canon_mem(o, ret, 12, 4);
  p[0] = 0;
}
