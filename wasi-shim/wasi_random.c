/* random_get: the kernel's CSPRNG (getrandom), in chunks, retried until the buffer is full. */
#include "wasi_internal.h"

int32_t w2n_wasi_random_get(void *ctx, int32_t buf_ptr, int32_t buf_len) {
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, (uint32_t)buf_len);
  if (!buf) return W2N_WASI_EFAULT;
  uint32_t done = 0, len = (uint32_t)buf_len;
  while (done < len) {
    uint32_t chunk = len - done < (1u << 25) ? len - done : (1u << 25);
    long r = w2n_wasi_sys(W2N_SYS_getrandom, (long)(buf + done), chunk, 0, 0, 0, 0);
    if (r < 0) return w2n_wasi_errno_from_linux(r);
    done += (uint32_t)r;
  }
  return W2N_WASI_ESUCCESS;
}
