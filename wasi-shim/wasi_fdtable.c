/* The guest's descriptor table (preview1), one per capability context (wasi.h): guest numbers map
   to host file descriptors. 0, 1 and 2 are the context's stdio (an executable's are the
   process's; their host fds are never closed: the runtime keeps reporting traps on 2), then one
   entry per preopened directory in --dir order; path_open takes the lowest free number. */
#include "wasi_internal.h"

static bool grow(w2n_wasi_ctx *c, uint32_t needed) {
  if (needed <= c->capacity) return true;
  uint32_t n = c->capacity ? c->capacity : 16;
  while (n < needed) {
    if (n > (1u << 30)) return false;
    n *= 2;
  }
  w2n_wasi_fd *t = w2n_alloc_try((size_t)n * sizeof *t);
  if (!t) return false;
  for (uint32_t i = 0; i < c->capacity; i++)
    t[i] = c->table[i];
  w2n_free(c->table, (size_t)c->capacity * sizeof *c->table);
  c->table = t;
  c->capacity = n;
  return true;
}

/* Is this host fd a terminal? (TCGETS succeeds only on ttys.) */
static bool is_tty(int fd) {
  uint8_t termios[64];
  return w2n_sys(W2N_SYS_ioctl, fd, 0x5401, (long)termios, 0, 0, 0) == 0;
}

/* Guest stdio fd `fd` on the host fd the context gives it (none: the number stays free). */
static void add_stdio(w2n_wasi_ctx *c, int fd) {
  if (c->stdio[fd] < 0) return;
  w2n_wasi_fd *e = &c->table[fd];
  e->host = c->stdio[fd];
  e->kind = W2N_WASI_FD_FILE;
  e->stdio = fd == 0 ? W2N_WASI_STDIO_IN : W2N_WASI_STDIO_OUT;
  e->preopen = -1;
  w2n_statx st;
  /* The real type, so that wasi-libc buffers fully when output is redirected; a character
     device only when it is a terminal. */
  if (is_tty(e->host))
    e->filetype = 2;
  else if (w2n_wasi_statx(e->host, "", W2N_AT_EMPTY_PATH, &st) == 0)
    e->filetype = (st.mode & 0170000) == 0020000 ? 0 : w2n_wasi_filetype(st.mode);
  w2n_wasi_rights_init(e, e->stdio == W2N_WASI_STDIO_IN ? W2N_O_RDONLY : W2N_O_WRONLY, 0);
}

static void fail_preopen(const char *host, long err) {
  w2n_out out = {.fd = 2};
  w2n_out_str(&out, "wasm2native: cannot open the directory '");
  w2n_out_str(&out, host);
  w2n_out_str(&out, "' granted with --dir (Linux error ");
  w2n_out_dec(&out, -err);
  w2n_out_str(&out, ")\n");
  w2n_out_flush(&out);
  w2n_exit(1);
}

w2n_wasi_ctx *w2n_wasi_preopens(void) {
  w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  uint32_t failed = 0;
  long err = w2n_wasi_ctx_open(c, &failed);
  if (err) fail_preopen(c->config->preopen_host[failed], err);
  return c;
}

void w2n_wasi_init(void) {
  w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  if (c->table_ready) return;
  w2n_wasi_preopens();
  c->table_ready = true;
  const w2n_wasi_config *config = c->config;
  if (!grow(c, 3 + config->num_preopens)) w2n_fatal("out of memory");
  for (int fd = 0; fd < 3; fd++)
    add_stdio(c, fd);
  for (uint32_t i = 0; i < config->num_preopens; i++) {
    w2n_wasi_fd *e = &c->table[3 + i];
    *e = (w2n_wasi_fd){
        .host = c->preopen_fds[i], .kind = W2N_WASI_FD_DIR, .filetype = 3, .preopen = (int32_t)i};
    w2n_wasi_rights_init(e, W2N_O_RDONLY, 0);
  }
}

w2n_wasi_fd *w2n_wasi_fd_at(int32_t fd) {
  w2n_wasi_init();
  w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  if (fd < 0 || (uint32_t)fd >= c->capacity || c->table[fd].kind == W2N_WASI_FD_FREE) return 0;
  return &c->table[fd];
}

int32_t w2n_wasi_fd_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e) return W2N_WASI_EBADF;
  if (rights & e->dropped_base) return W2N_WASI_ENOTCAPABLE;
  *out = e;
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_file_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->kind != W2N_WASI_FD_FILE || e->stdio) return W2N_WASI_EBADF;
  return w2n_wasi_fd_lookup(fd, rights, out);
}

int32_t w2n_wasi_dir_lookup(int32_t fd, uint64_t rights, w2n_wasi_fd **out) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e || e->kind != W2N_WASI_FD_DIR) return W2N_WASI_EBADF;
  return w2n_wasi_fd_lookup(fd, rights, out);
}

int32_t w2n_wasi_fd_insert(const w2n_wasi_fd *entry, int32_t *fd_out) {
  w2n_wasi_init();
  w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  uint32_t fd = 0;
  while (fd < c->capacity && c->table[fd].kind != W2N_WASI_FD_FREE)
    fd++;
  if (fd > 0x7fffffffu - 1 || !grow(c, fd + 1)) return W2N_WASI_ENFILE;
  c->table[fd] = *entry;
  *fd_out = (int32_t)fd;
  return W2N_WASI_ESUCCESS;
}

void w2n_wasi_fd_release(int32_t fd) {
  w2n_wasi_fd *e = w2n_wasi_fd_at(fd);
  if (!e) return;
  if (!e->stdio) w2n_sys(W2N_SYS_close, e->host, 0, 0, 0, 0, 0);
  *e = (w2n_wasi_fd){0};
}

void w2n_wasi_fd_move(int32_t from, int32_t to) {
  w2n_wasi_fd_release(to);
  w2n_wasi_ctx *c = w2n_wasi_ctx_current();
  c->table[to] = c->table[from];
  c->table[from] = (w2n_wasi_fd){0};
}
