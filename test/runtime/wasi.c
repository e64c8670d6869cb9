/* The WASI preview1 shim, called like compiled code calls it: through the host function objects
   "__w2n_host_wasi_snapshot_preview1__<name>" with the native signature. Arguments come from
   argv, the environment is empty (no configuration is linked in), fd_write goes to
   stdout/stderr, every guest pointer is bounds-checked (EFAULT = 21), unknown descriptors are
   EBADF = 8, stdio reports its real type (run.sh redirects stdout to a regular file, 4, which can
   seek; stdin is /dev/null, a character device that is not a terminal, reported as UNKNOWN, 0),
   a bad whence is EINVAL = 28, and proc_exit ends the process with its status. */
#include "wasi.h"
#include "rt_test.h"

T_SIG(iiii_i, "iiii_i");

#define HOST(name) __w2n_host_wasi_snapshot_preview1__##name
extern const w2n_funcref HOST(args_sizes_get), HOST(args_get), HOST(environ_sizes_get),
    HOST(environ_get), HOST(fd_write), HOST(fd_close), HOST(fd_seek), HOST(fd_fdstat_get),
    HOST(proc_exit);

typedef int32_t (*fn_ii_i)(void *, int32_t, int32_t);
typedef int32_t (*fn_i_i)(void *, int32_t);
typedef int32_t (*fn_iiii_i)(void *, int32_t, int32_t, int32_t, int32_t);
typedef int32_t (*fn_iIii_i)(void *, int32_t, int64_t, int32_t, int32_t);
typedef void (*fn_i_)(void *, int32_t);

static w2n_memory *mem;

static int32_t call_ii_i(const w2n_funcref *f, int32_t a, int32_t b) {
  return ((fn_ii_i)f->code)(f->vmctx, a, b);
}
static int32_t fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nwritten) {
  return ((fn_iiii_i)HOST(fd_write).code)(0, fd, iovs, n, nwritten);
}
static int32_t fd_close(int32_t fd) { return ((fn_i_i)HOST(fd_close).code)(0, fd); }
static int32_t fd_seek(int32_t fd, int64_t offset, int32_t whence, int32_t out) {
  return ((fn_iIii_i)HOST(fd_seek).code)(0, fd, offset, whence, out);
}

static uint32_t load32(uint32_t addr) {
  uint8_t *p = mem->base + addr;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t load64(uint32_t addr) { return load32(addr) | (uint64_t)load32(addr + 4) << 32; }
static void store32(uint32_t addr, uint32_t v) {
  for (int i = 0; i < 4; i++)
    mem->base[addr + i] = (uint8_t)(v >> (8 * i));
}
static void put_bytes(uint32_t addr, const char *s) {
  for (uint32_t i = 0; s[i]; i++)
    mem->base[addr + i] = (uint8_t)s[i];
}
static bool guest_str_eq(uint32_t addr, const char *s) {
  size_t n = t_strlen(s);
  for (size_t i = 0; i <= n; i++)
    if (mem->base[addr + i] != (uint8_t)s[i]) return false;
  return true;
}
static bool str_eq(const char *a, const char *b) {
  size_t i = 0;
  for (; a[i] && a[i] == b[i]; i++) {
  }
  return a[i] == b[i];
}

static void objects(void) {
  CHECK(str_eq(HOST(fd_write).sig, "iiii_i") && HOST(fd_write).sig == __w2n_sig_iiii_i);
  CHECK(str_eq(HOST(args_get).sig, "ii_i") && str_eq(HOST(fd_close).sig, "i_i"));
  CHECK(str_eq(HOST(fd_seek).sig, "iIii_i") && str_eq(HOST(proc_exit).sig, "i_"));
  CHECK(HOST(fd_write).vmctx == 0 && HOST(fd_write).array_call == 0);
}

static void args(void) {
  CHECK(call_ii_i(&HOST(args_sizes_get), 0, 4) == 0);
  CHECK(load32(0) == 3); /* the program name, "alpha", "beta" (from wasi.args) */
  uint32_t size = load32(4);
  CHECK(call_ii_i(&HOST(args_get), 16, 64) == 0);
  uint32_t p0 = load32(16), p1 = load32(20), p2 = load32(24);
  CHECK(p0 == 64 && p1 > p0 && p2 == p1 + 6);
  CHECK(mem->base[p1 - 1] == 0 && guest_str_eq(p1, "alpha") && guest_str_eq(p2, "beta"));
  CHECK(size == p2 + 5 - 64);
  CHECK(call_ii_i(&HOST(args_sizes_get), 65533, 0) == 21);
  CHECK(call_ii_i(&HOST(args_sizes_get), 0, -1) == 21);
  CHECK(call_ii_i(&HOST(args_get), 65532, 0) == 21);     /* 12 bytes of pointers */
  CHECK(call_ii_i(&HOST(args_get), 0, 65536 - 8) == 21); /* the strings do not fit */
  CHECK(call_ii_i(&HOST(environ_sizes_get), 0, 4) == 0);
  CHECK(load32(0) == 0 && load32(4) == 0);
  CHECK(call_ii_i(&HOST(environ_get), 65536, 65536) == 0); /* nothing to write */
  CHECK(call_ii_i(&HOST(environ_sizes_get), 65534, 0) == 21);
}

static void write(void) {
  put_bytes(200, "hel");
  put_bytes(300, "lo\n");
  put_bytes(500, "err\n");
  store32(100, 200), store32(104, 3), store32(108, 300), store32(112, 3);
  store32(140, 500), store32(144, 4);
  CHECK(fd_write(1, 100, 2, 400) == 0 && load32(400) == 6);
  CHECK(fd_write(2, 140, 1, 400) == 0 && load32(400) == 4);
  CHECK(fd_write(1, 100, 0, 400) == 0 && load32(400) == 0);
  CHECK(fd_write(5, 100, 2, 400) == 8 && fd_write(0, 100, 2, 400) == 8);
  CHECK(fd_write(-1, 100, 2, 400) == 8);
  store32(116, 65534), store32(120, 3);  /* a buffer past the end */
  CHECK(fd_write(1, 100, 3, 400) == 21); /* nothing written: checked before writing */
  CHECK(fd_write(1, 65532, 1, 400) == 21);
  CHECK(fd_write(1, 100, 0x20000000, 400) == 21);
  CHECK(fd_write(1, 100, 1, 65534) == 21);
}

static void fds(void) {
  CHECK(call_ii_i(&HOST(fd_fdstat_get), 1, 600) == 0);
  CHECK(mem->base[600] == 4); /* a regular file (run.sh redirects stdout to one) */
  uint64_t rights = load64(608);
  CHECK((rights & (1u << 6)) && (rights & (1u << 2)) && (rights & (1u << 5)) && !(rights & 2));
  CHECK(call_ii_i(&HOST(fd_fdstat_get), 0, 600) == 0 && mem->base[600] == 0);
  rights = load64(608);
  CHECK((rights & 2) && !(rights & (1u << 6)) && !(rights & (1u << 2)));
  CHECK(call_ii_i(&HOST(fd_fdstat_get), 3, 600) == 8);
  CHECK(call_ii_i(&HOST(fd_fdstat_get), 1, 65536 - 23) == 21);
  CHECK(fd_seek(1, 0, 1, 700) == 0 && load64(700) == 6); /* "hello\n" written so far */
  CHECK(fd_seek(1, 0, 3, 700) == 28 && fd_seek(9, 0, 0, 700) == 8);
  CHECK(fd_seek(1, 0, 1, 65536 - 7) == 21);
  CHECK(fd_close(9) == 8);
  CHECK(fd_close(2) == 0 && fd_close(2) == 8);
  CHECK(fd_write(2, 140, 1, 400) == 8 && call_ii_i(&HOST(fd_fdstat_get), 2, 600) == 8);
}

int __w2n_program_main(void) {
  mem = __w2n_memory_new(1, 1, 1);
  w2n_wasi_bind_memory(mem);
  objects();
  args();
  write();
  fds();
  if (t_finish() != 0) return 1;
  ((fn_i_)HOST(proc_exit).code)(0, 7);
  return 1;
}
