/* WASI arguments and environment, from the capability context (wasi.h). An executable's
   arguments are the process's argv (argv[0] included, as wasi-libc expects); its environment is
   what the build granted: nothing by default, NAME=VALUE entries as given, NAME entries with the
   host's value at run time, and with --inherit-env the whole host environment under those
   entries. A library instance's are what its host granted in w2n_config. */
#include "wasi_internal.h"

size_t w2n_wasi_env_name_len(const char *s) {
  size_t n = 0;
  while (s[n] && s[n] != '=')
    n++;
  return n;
}

static bool same_name(const char *a, const char *b) {
  size_t n = w2n_wasi_env_name_len(a);
  return n == w2n_wasi_env_name_len(b) && w2n_bytes_equal(a, n, b, n);
}

static const char *host_variable(const char *name) {
  for (char **e = w2n_envp; e && *e; e++)
    if (same_name(*e, name) && (*e)[w2n_wasi_env_name_len(*e)] == '=') return *e;
  return 0;
}

/* Does a later configuration entry set the same name (so this one is overridden)? */
static bool overridden(const w2n_wasi_config *c, uint32_t from, const char *s) {
  for (uint32_t i = from; i < c->num_env; i++)
    if (same_name(c->env[i], s)) return true;
  return false;
}

uint32_t w2n_wasi_env_build(const w2n_wasi_config *c, const char **out) {
  uint32_t count = 0;
  if (c->inherit_env)
    for (char **e = w2n_envp; e && *e; e++)
      if (!overridden(c, 0, *e)) out[count++] = *e;
  for (uint32_t i = 0; i < c->num_env; i++) {
    const char *s = c->env[i];
    if (overridden(c, i + 1, s)) continue;
    if (s[w2n_wasi_env_name_len(s)] != '=')
      s = host_variable(s); /* "NAME": the host's value, if any */
    if (s) out[count++] = s;
  }
  return count;
}

const char *const *w2n_wasi_environment(uint32_t *count) {
  w2n_wasi_ctx *ctx = w2n_wasi_ctx_current();
  if (!ctx->env_ready) { /* the executable's, built on first use */
    const w2n_wasi_config *c = ctx->config;
    uint32_t host = 0;
    if (c->inherit_env)
      for (char **e = w2n_envp; e && *e; e++)
        host++;
    ctx->env = w2n_alloc_try(((size_t)host + c->num_env + 1) * sizeof *ctx->env);
    if (!ctx->env) w2n_fatal("out of memory");
    ctx->num_env = w2n_wasi_env_build(c, ctx->env);
    ctx->env_ready = true;
  }
  if (count) *count = ctx->num_env;
  return ctx->env;
}

static uint64_t strings_size(const char *const *strings, uint32_t count) {
  uint64_t size = 0;
  for (uint32_t i = 0; i < count; i++)
    size += w2n_strlen(strings[i]) + 1;
  return size;
}

static int32_t sizes_get(const char *const *strings, uint32_t count, int32_t count_ptr,
                         int32_t size_ptr) {
  uint8_t *pc = w2n_wasi_guest((uint32_t)count_ptr, 4);
  uint8_t *ps = w2n_wasi_guest((uint32_t)size_ptr, 4);
  if (!pc || !ps) return W2N_WASI_EFAULT;
  uint64_t size = strings_size(strings, count);
  if (size > UINT32_MAX) return W2N_WASI_EOVERFLOW;
  w2n_wasi_store_u32(pc, count);
  w2n_wasi_store_u32(ps, (uint32_t)size);
  return W2N_WASI_ESUCCESS;
}

/* Writes the pointer array at list_ptr and the NUL-terminated strings at buf_ptr. */
static int32_t strings_get(const char *const *strings, uint32_t count, int32_t list_ptr,
                           int32_t buf_ptr) {
  uint64_t size = strings_size(strings, count);
  uint8_t *list = w2n_wasi_guest((uint32_t)list_ptr, (uint64_t)count * 4);
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, size);
  if (!list || !buf) return W2N_WASI_EFAULT;
  uint32_t offset = 0;
  for (uint32_t i = 0; i < count; i++) {
    w2n_wasi_store_u32(list + 4 * i, (uint32_t)buf_ptr + offset);
    size_t len = w2n_strlen(strings[i]) + 1;
    w2n_wasi_copy(buf + offset, strings[i], len);
    offset += (uint32_t)len;
  }
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_args_sizes_get(void *ctx, int32_t argc_ptr, int32_t buf_size_ptr) {
  const w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  return sizes_get(c->args, c->num_args, argc_ptr, buf_size_ptr);
}

int32_t w2n_wasi_args_get(void *ctx, int32_t argv_ptr, int32_t buf_ptr) {
  const w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  return strings_get(c->args, c->num_args, argv_ptr, buf_ptr);
}

int32_t w2n_wasi_environ_sizes_get(void *ctx, int32_t count_ptr, int32_t size_ptr) {
  uint32_t count;
  const char *const *env = w2n_wasi_environment(&count);
  return sizes_get(env, count, count_ptr, size_ptr);
}

int32_t w2n_wasi_environ_get(void *ctx, int32_t environ_ptr, int32_t buf_ptr) {
  uint32_t count;
  const char *const *env = w2n_wasi_environment(&count);
  return strings_get(env, count, environ_ptr, buf_ptr);
}
