/* wasi:clocks: monotonic-clock (CLOCK_MONOTONIC, in nanoseconds; subscriptions are deadline
   pollables) and wall-clock (CLOCK_REALTIME as a datetime). */
#include "wasip2_internal.h"

typedef struct timespec_k {
  int64_t sec, nsec;
} timespec_k;

enum { CLOCK_REALTIME_K = 0, CLOCK_MONOTONIC_K = 1 };

static timespec_k resolution(int clock) {
  timespec_k ts = {0, 1};
  w2n_sys(W2N_SYS_clock_getres, clock, (long)&ts, 0, 0, 0, 0);
  return ts;
}

/* now: func() -> instant */
uint64_t __w2n_p2_wasi_clocks_monotonic_clock_now(w2n_p2_opts *o) {
  return w2n_p2_monotonic_now();
}

/* resolution: func() -> duration */
uint64_t __w2n_p2_wasi_clocks_monotonic_clock_resolution(w2n_p2_opts *o) {
  timespec_k ts = resolution(CLOCK_MONOTONIC_K);
  return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

/* subscribe-instant: func(when: instant) -> own<pollable> */
uint32_t __w2n_p2_wasi_clocks_monotonic_clock_subscribe_instant(w2n_p2_opts *o, uint64_t when) {
  return w2n_p2_new_pollable(o, P2_POLL_TIMER, -1, 0, when);
}

/* subscribe-duration: func(when: duration) -> own<pollable> */
uint32_t __w2n_p2_wasi_clocks_monotonic_clock_subscribe_duration(w2n_p2_opts *o, uint64_t when) {
  uint64_t now = w2n_p2_monotonic_now();
  uint64_t deadline = when > UINT64_MAX - now ? UINT64_MAX : now + when;
  return w2n_p2_new_pollable(o, P2_POLL_TIMER, -1, 0, deadline);
}

/* record datetime { seconds: u64, nanoseconds: u32 }: 16 bytes, align 8. */
static void store_datetime(w2n_p2_opts *o, uint32_t ret, timespec_k ts) {
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  w2n_wasi_store_u64(p, ts.sec < 0 ? 0 : (uint64_t)ts.sec);
  w2n_wasi_store_u32(p + 8, ts.sec < 0 ? 0 : (uint32_t)ts.nsec);
}

/* now: func() -> datetime */
void __w2n_p2_wasi_clocks_wall_clock_now(w2n_p2_opts *o, uint32_t ret) {
  timespec_k ts = {0, 0};
  w2n_sys(W2N_SYS_clock_gettime, CLOCK_REALTIME_K, (long)&ts, 0, 0, 0, 0);
  store_datetime(o, ret, ts);
}

/* resolution: func() -> datetime */
void __w2n_p2_wasi_clocks_wall_clock_resolution(w2n_p2_opts *o, uint32_t ret) {
  store_datetime(o, ret, resolution(CLOCK_REALTIME_K));
}
