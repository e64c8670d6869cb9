/* Clocks: WASI's clock ids 0..3 (realtime, monotonic, process and thread CPU time) are Linux's
   CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID. */
#include "wasi_internal.h"

typedef struct w2n_timespec {
  int64_t sec, nsec;
} w2n_timespec;

static uint64_t nanoseconds(const w2n_timespec *ts) {
  return ts->sec < 0 ? 0 : (uint64_t)ts->sec * 1000000000u + (uint64_t)ts->nsec;
}

int32_t w2n_wasi_clock_res_get(void *ctx, int32_t id, int32_t resolution_ptr) {
  if ((uint32_t)id > 3) return W2N_WASI_EINVAL;
  w2n_timespec ts;
  long r = w2n_sys(W2N_SYS_clock_getres, id, (long)&ts, 0, 0, 0, 0);
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  return w2n_wasi_put_u64((uint32_t)resolution_ptr, nanoseconds(&ts));
}

int32_t w2n_wasi_clock_time_get(void *ctx, int32_t id, int64_t precision, int32_t time_ptr) {
  if ((uint32_t)id > 3) return W2N_WASI_EINVAL;
  w2n_timespec ts;
  long r = w2n_sys(W2N_SYS_clock_gettime, id, (long)&ts, 0, 0, 0, 0);
  if (r < 0) return w2n_wasi_errno_from_linux(r);
  return w2n_wasi_put_u64((uint32_t)time_ptr, nanoseconds(&ts));
}
