/* The guest's descriptor table: guest numbers map to host file descriptors. 0, 1 and 2 are the
   process's stdio (their host fds are never closed: the runtime keeps reporting traps on 2), then
   one entry per preopened directory in --dir order; path_open takes the lowest free number. */
#include "wasi_internal.h"

static w2n_wasi_fd *table;
static uint32_t capacity;
static bool initialized;

static const w2n_wasi_config empty_config = {W2N_WASI_CONFIG_VERSION, 0, 0, 0, 0, 0, 0};

const w2n_wasi_config *w2n_wasi_config_get(void) {
  const w2n_wasi_config *c = &__w2n_wasi_config;
  return c && c->version == W2N_WASI_CONFIG_VERSION ? c : &empty_config;
}

static bool grow(uint32_t needed) {
  if (needed <= capacity) return true;
  uint32_t n = capacity ? capacity : 16;
  while (n < needed) {
    if (n > (1u << 30)) return false;
    n *= 2;
  }
  w2n_wasi_fd *t = w2n_alloc_shared_try((size_t)n * sizeof *t);
  if (!t) return false;
  for (uint32_t i = 0; i < capacity; i++)
    t[i] = table[i];
  w2n_free(table, (size_t)capacity * sizeof *table);
  table = t;
  capacity = n;
  return true;
}

/* Is this host fd a terminal? (TCGETS succeeds only on ttys.) */
static bool is_tty(int fd) {
  uint8_t termios[64];
  return w2n_sys(W2N_SYS_ioctl, fd, 0x5401, (long)termios, 0, 0, 0) == 0;
}

static void add_stdio(int fd) {
  w2n_wasi_fd *e = &table[fd];
  e->host = fd;
  e->kind = W2N_WASI_FD_FILE;
  e->stdio = fd == 0 ? W2N_WASI_STDIO_IN : W2N_WASI_STDIO_OUT;
  e->preopen = -1;
  w2n_statx st;
  /* The real type, so that wasi-libc buffers fully when output is redirected; a character
     device only when it is a terminal. */
  if (is_tty(fd))
    e->filetype = 2;
  else if (w2n_wasi_statx(fd, "", W2N_AT_EMPTY_PATH, &st) == 0)
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

void w2n_wasi_init(void) {
  if (initialized) return;
  initialized = true;
  const w2n_wasi_config *c = w2n_wasi_config_get();
  if (!grow(3 + c->num_preopens)) w2n_fatal("out of memory");
  for (int fd = 0; fd < 3; fd++)
    add_stdio(fd);
  for (uint32_t i = 0; i < c->num_preopens; i++) {
    long fd = w2n_wasi_sys(W2N_SYS_openat, W2N_AT_FDCWD, (long)c->preopen_host[i],
                           W2N_O_RDONLY | W2N_O_DIRECTORY | W2N_O_CLOEXEC, 0, 0, 0);
    if (fd < 0) fail_preopen(c->preopen_host[i], fd);
    w2n_wasi_fd *e = &table[3 + i];
    *e = (w2n_wasi_fd){
        .host = (int32_t)fd, .kind = W2N_WASI_FD_DIR, .filetype = 3, .preopen = (int32_t)i};
    w2n_wasi_rights_init(e, W2N_O_RDONLY, 0);
  }
}

w2n_wasi_fd *w2n_wasi_fd_at(int32_t fd) {
  w2n_wasi_init();
  if (fd < 0 || (uint32_t)fd >= capacity || table[fd].kind == W2N_WASI_FD_FREE) return 0;
  return &table[fd];
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
  uint32_t fd = 0;
  while (fd < capacity && table[fd].kind != W2N_WASI_FD_FREE)
    fd++;
  if (fd > 0x7fffffffu - 1 || !grow(fd + 1)) return W2N_WASI_ENFILE;
  table[fd] = *entry;
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
  table[to] = table[from];
  table[from] = (w2n_wasi_fd){0};
}
