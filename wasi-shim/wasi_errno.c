/* Linux errno → WASI errno from the table in wasi_errno.def, and the EINTR-retrying system call
   used for everything that may block. Errors are rare, so a linear search is enough. */
#include "wasi_internal.h"

static const struct {
  uint8_t linux_errno, wasi;
} errno_table[] = {
#define W2N_WASI_ERRNO(name, wasi, linux_errno) {linux_errno, wasi},
#include "wasi_errno.def"
#undef W2N_WASI_ERRNO
};

int32_t w2n_wasi_errno_from_linux(long err) {
  for (size_t i = 0; i < sizeof errno_table / sizeof errno_table[0]; i++)
    if (errno_table[i].linux_errno != 0 && errno_table[i].linux_errno == -err)
      return errno_table[i].wasi;
  return W2N_WASI_EIO;
}

long w2n_wasi_sys(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  do
    r = w2n_sys(n, a, b, c, d, e, f);
  while (r == -W2N_EINTR);
  return r;
}
