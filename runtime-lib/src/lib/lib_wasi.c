/* The WASI capabilities of a library instance: what the host grants in its w2n_config, checked
   and copied (the host's strings may go away after instantiation) into the instance's own
   capability context (wasi-shim/wasi.h), which the shim reads while a call runs in the instance.
   Nothing is granted by default: no directory, an empty environment, no arguments, an empty stdin
   and stdout/stderr that go nowhere. Preopened directories are opened here, so that a missing one
   is an error from NAME_instantiate and never an exit of the host process. */
#include "../../../wasi-shim/wasi.h"
#include "lib.h"

void *malloc(size_t size);
void free(void *ptr);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
char *strerror(int errnum);

/* The context and what it points to, in one allocation. */
typedef struct lib_wasi {
  w2n_wasi_ctx ctx;
  w2n_wasi_config config;
  uint8_t owns_stdio[3]; /* a duplicate made here: closed with the instance */
} lib_wasi;

/* Sets *err to the message a b c d (any may be null). */
static bool fail4(w2n_error **err, const char *a, const char *b, const char *c, const char *d) {
  char msg[512];
  size_t n = 0;
  const char *parts[4] = {a, b, c, d};
  for (int i = 0; i < 4; i++)
    for (const char *s = parts[i]; s && *s && n < sizeof msg - 1; s++)
      msg[n++] = *s;
  msg[n] = 0;
  if (err) *err = w2n_error_new(msg);
  return false;
}

static bool fail(w2n_error **err, const char *a, const char *b, const char *c) {
  return fail4(err, a, b, c, 0);
}

/* Checks what the host gives before anything is opened or copied. */
static bool check(const w2n_config *c, w2n_error **err) {
  if (c->version != W2N_CONFIG_VERSION)
    return fail(err, "w2n_config.version is not W2N_CONFIG_VERSION", 0, 0);
  if (c->num_preopens && !c->preopens) return fail(err, "w2n_config.preopens is NULL", 0, 0);
  for (uint32_t i = 0; i < c->num_preopens; i++)
    if (!c->preopens[i].host_path || !c->preopens[i].guest_path)
      return fail(err, "a preopened directory without a host or guest path", 0, 0);
  if (c->num_env && !c->env) return fail(err, "w2n_config.env is NULL", 0, 0);
  for (uint32_t i = 0; i < c->num_env; i++) {
    if (!c->env[i]) return fail(err, "an environment entry is NULL", 0, 0);
    if (!c->env[i][w2n_wasi_env_name_len(c->env[i])])
      return fail(err, "the environment entry '", c->env[i], "' is not NAME=VALUE");
  }
  if (c->num_args && !c->args) return fail(err, "w2n_config.args is NULL", 0, 0);
  for (uint32_t i = 0; i < c->num_args; i++)
    if (!c->args[i]) return fail(err, "an argument is NULL", 0, 0);
  for (int i = 0; i < 3; i++) {
    if (c->stdio[i].kind > W2N_STDIO_CALLBACK ||
        (c->stdio[i].kind == W2N_STDIO_FD && c->stdio[i].fd < 0))
      return fail(err, "w2n_config.stdio: an unknown kind or a negative fd", 0, 0);
    if (c->stdio[i].kind == W2N_STDIO_CALLBACK &&
        !(i == 0 ? (void *)c->stdio_callbacks.read : (void *)c->stdio_callbacks.write))
      return fail(err,
                  i == 0 ? "w2n_config.stdio[0] is W2N_STDIO_CALLBACK without a read callback"
                         : "w2n_config.stdio: W2N_STDIO_CALLBACK without a write callback",
                  0, 0);
  }
  return true;
}

static size_t text_size(const char *s) { return w2n_strlen(s) + 1; }

/* Bump allocation inside the one block (pointer arrays first, then the strings). */
typedef struct arena {
  uint8_t *next;
} arena;

static void *take(arena *a, size_t size) {
  void *p = a->next;
  a->next += (size + 7) & ~(size_t)7;
  return p;
}

static const char *copy(arena *a, const char *s) {
  size_t n = text_size(s);
  char *d = take(a, n);
  memcpy(d, s, n);
  return d;
}

struct w2n_wasi_ctx *w2n_lib_wasi_new(const w2n_config *config, w2n_error **err) {
  static const w2n_config none = {0};
  const w2n_config *c = config ? config : &none;
  if (!check(c, err)) return 0;
  uint32_t np = c->num_preopens, ne = c->num_env, na = c->num_args;
  size_t size = (sizeof(lib_wasi) + 7) & ~(size_t)7;
  /* 8 bytes per pointer (at least what one takes) and each piece rounded up to 8, as take does */
  size += 8 * ((size_t)2 * np + 2 * ne + na) + 8 * (((size_t)np * 4 + 7) / 8);
  for (uint32_t i = 0; i < np; i++)
    size += ((text_size(c->preopens[i].host_path) + 7) & ~(size_t)7) +
            ((text_size(c->preopens[i].guest_path) + 7) & ~(size_t)7);
  for (uint32_t i = 0; i < ne; i++)
    size += (text_size(c->env[i]) + 7) & ~(size_t)7;
  for (uint32_t i = 0; i < na; i++)
    size += (text_size(c->args[i]) + 7) & ~(size_t)7;
  lib_wasi *w = malloc(size);
  if (!w) return fail(err, "out of memory", 0, 0), (struct w2n_wasi_ctx *)0;
  memset(w, 0, sizeof *w);
  arena a = {(uint8_t *)w + ((sizeof(lib_wasi) + 7) & ~(size_t)7)};
  const char **hosts = take(&a, 8 * (size_t)np), **guests = take(&a, 8 * (size_t)np);
  const char **env = take(&a, 8 * (size_t)ne), **env_list = take(&a, 8 * (size_t)ne);
  const char **args = take(&a, 8 * (size_t)na);
  w->ctx.preopen_fds = take(&a, (size_t)np * 4);
  for (uint32_t i = 0; i < np; i++) {
    hosts[i] = copy(&a, c->preopens[i].host_path);
    guests[i] = copy(&a, c->preopens[i].guest_path);
  }
  for (uint32_t i = 0; i < ne; i++)
    env[i] = copy(&a, c->env[i]);
  for (uint32_t i = 0; i < na; i++)
    args[i] = copy(&a, c->args[i]);
  w->config = (w2n_wasi_config){W2N_WASI_CONFIG_VERSION, 0, np, ne, hosts, guests, env};
  w->ctx.config = &w->config;
  w->ctx.args = args;
  w->ctx.num_args = na;
  w->ctx.env = env_list; /* every entry is NAME=VALUE: a later one overrides an earlier one */
  w->ctx.num_env = w2n_wasi_env_build(&w->config, env_list);
  w->ctx.env_ready = true;
  uint32_t failed = 0;
  long e = w2n_wasi_ctx_open(&w->ctx, &failed);
  if (e) {
    fail4(err, "cannot open the preopened directory '", hosts[failed], "': ", strerror((int)-e));
    free(w);
    return 0;
  }
  w->ctx.stdio_callback_ctx = c->stdio_callbacks.ctx;
  w->ctx.stdio_read = c->stdio_callbacks.read;
  w->ctx.stdio_write = c->stdio_callbacks.write;
  for (int i = 0; i < 3; i++) {
    w->ctx.stdio[i] = -1;
    if (c->stdio[i].kind == W2N_STDIO_INHERIT) w->ctx.stdio[i] = i;
    if (c->stdio[i].kind == W2N_STDIO_CALLBACK) w->ctx.stdio[i] = W2N_WASI_STDIO_CALLBACK;
    if (c->stdio[i].kind != W2N_STDIO_FD) continue;
    long fd = w2n_sys(W2N_SYS_fcntl, c->stdio[i].fd, 1030 /* F_DUPFD_CLOEXEC */, 0, 0, 0, 0);
    if (fd < 0) {
      for (int j = 0; j < i; j++)
        if (w->owns_stdio[j]) w2n_sys(W2N_SYS_close, w->ctx.stdio[j], 0, 0, 0, 0, 0);
      w2n_wasi_ctx_close(&w->ctx);
      free(w);
      return fail(err, "w2n_config.stdio: the fd cannot be duplicated: ", strerror((int)-fd), 0),
             (struct w2n_wasi_ctx *)0;
    }
    w->ctx.stdio[i] = (int32_t)fd;
    w->owns_stdio[i] = 1;
  }
  return &w->ctx;
}

void w2n_lib_wasi_free(struct w2n_wasi_ctx *ctx) {
  if (!ctx) return;
  lib_wasi *w = (lib_wasi *)ctx;
  w2n_wasi_ctx_close(ctx);
  for (int i = 0; i < 3; i++)
    if (w->owns_stdio[i]) w2n_sys(W2N_SYS_close, ctx->stdio[i], 0, 0, 0, 0, 0);
  free(w);
}
