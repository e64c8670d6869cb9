/* wasi:cli/environment: the arguments (the process's argv, argv[0] included, as preview1 gives
   them) and the environment the build granted, with preview1's rules (wasi_args.c): nothing by
   default, NAME=VALUE entries as given, NAME entries with the host's value, --inherit-env for
   the whole host environment under those entries. There is no initial working directory. */
#include "wasip2_internal.h"

static const char **env_list;
static uint32_t env_count;
static bool env_ready;

static size_t name_len(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != '=')
    n++;
  return n;
}

static bool same_name(const char *a, const char *b) {
  size_t n = name_len(a);
  return n == name_len(b) && w2n_bytes_equal(a, n, b, n);
}

static const char *host_variable(const char *name) {
  for (char **e = w2n_envp; e && *e; e++)
    if (same_name(*e, name) && (*e)[name_len(*e)] == '=') return *e;
  return 0;
}

/* Does a later configuration entry set the same name? */
static bool overridden(const w2n_wasi_config *c, uint32_t from, const char *s) {
  for (uint32_t i = from; i < c->num_env; i++)
    if (same_name(c->env[i], s)) return true;
  return false;
}

static void build_environment(void) {
  env_ready = true;
  const w2n_wasi_config *c = w2n_wasi_config_get();
  uint32_t host = 0;
  if (c->inherit_env)
    for (char **e = w2n_envp; e && *e; e++)
      host++;
  env_list = __w2n_alloc(((size_t)host + c->num_env + 1) * sizeof *env_list);
  if (c->inherit_env)
    for (char **e = w2n_envp; e && *e; e++)
      if (!overridden(c, 0, *e)) env_list[env_count++] = *e;
  for (uint32_t i = 0; i < c->num_env; i++) {
    const char *s = c->env[i];
    if (overridden(c, i + 1, s)) continue;
    if (s[name_len(s)] != '=') s = host_variable(s);
    if (s) env_list[env_count++] = s;
  }
}

/* get-environment: func() -> list<tuple<string, string>>
   (elements of 16 bytes: key (ptr, len), value (ptr, len)) */
void __w2n_p2_wasi_cli_environment_get_environment(w2n_p2_opts *o, uint32_t ret) {
  if (!env_ready) build_environment();
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, env_count * 16);
  for (uint32_t i = 0; i < env_count; i++) {
    const char *s = env_list[i];
    size_t n = name_len(s);
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
  uint32_t n = w2n_argc > 0 ? (uint32_t)w2n_argc : 0;
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, n * 8);
  for (uint32_t i = 0; i < n; i++)
    w2n_canon_store_string(o, list + 8 * i, w2n_argv[i], w2n_strlen(w2n_argv[i]));
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(p, list);
  w2n_wasi_store_u32(p + 4, n);
}

/* initial-cwd: func() -> option<string> (none: the guest has no working directory) */
void __w2n_p2_wasi_cli_environment_initial_cwd(w2n_p2_opts *o, uint32_t ret) {
  uint8_t *p = w2n_canon_mem(o, ret, 12, 4);
  p[0] = 0;
}
