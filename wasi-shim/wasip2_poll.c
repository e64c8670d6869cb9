/* wasi:io/poll: a pollable is always ready (files, output streams), a monotonic deadline
   (clocks), or a host fd to wait for with ppoll (stdin). poll waits for the first of a list to be
   ready and returns the indices of all that are. */
#include "wasip2_internal.h"

static void pollable_dtor(uintptr_t rep) {
  w2n_p2_delete((void *)rep, sizeof(w2n_p2_pollable));
}

const w2n_resource_type __w2n_p2_res_wasi_io_poll_pollable = {
    .name = "wasi:io/poll.pollable", .host_dtor = pollable_dtor};

uint32_t w2n_p2_new_pollable(w2n_p2_opts *o, uint8_t kind, int fd, int16_t events,
                             uint64_t deadline) {
  w2n_p2_pollable *p = w2n_p2_new(sizeof *p);
  p->kind = kind;
  p->fd = fd;
  p->events = events;
  p->deadline = deadline;
  return w2n_handle_new_own(o->instance, P2_RES(wasi_io_poll_pollable), (uint64_t)(uintptr_t)p);
}

typedef struct timespec_k {
  int64_t sec, nsec;
} timespec_k;

uint64_t w2n_p2_monotonic_now(void) {
  timespec_k ts = {0, 0};
  w2n_sys(W2N_SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0, 0, 0);
  return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

typedef struct pollfd_k {
  int32_t fd;
  int16_t events, revents;
} pollfd_k;

/* Waits until at least one of ps[0 .. n) is ready and sets ready[i] for each that is. */
static uint32_t wait_any(w2n_p2_pollable *const *ps, uint32_t n, uint8_t *ready) {
  pollfd_k small[16];
  pollfd_k *fds = small;
  uint32_t nfds = 0;
  for (uint32_t i = 0; i < n; i++)
    nfds += ps[i]->kind == P2_POLL_FD;
  size_t fds_size = (size_t)nfds * sizeof *fds;
  if (nfds > 16) fds = w2n_p2_new(fds_size);
  uint32_t count;
  for (;;) {
    uint64_t now = w2n_p2_monotonic_now(), next = UINT64_MAX;
    uint32_t k = 0;
    count = 0;
    for (uint32_t i = 0; i < n; i++) {
      const w2n_p2_pollable *p = ps[i];
      ready[i] = 0;
      if (p->kind == P2_POLL_READY || (p->kind == P2_POLL_TIMER && now >= p->deadline)) {
        ready[i] = 1;
        count++;
      } else if (p->kind == P2_POLL_TIMER) {
        if (p->deadline < next) next = p->deadline;
      } else {
        fds[k++] = (pollfd_k){p->fd, p->events, 0};
      }
    }
    timespec_k zero = {0, 0}, wait;
    timespec_k *timeout = 0;
    if (count) {
      timeout = &zero;
    } else if (next != UINT64_MAX) {
      uint64_t d = next - now;
      wait.sec = (int64_t)(d / 1000000000u);
      wait.nsec = (int64_t)(d % 1000000000u);
      timeout = &wait;
    }
    if (nfds || timeout != &zero) {
      long r = w2n_sys(W2N_SYS_ppoll, (long)fds, nfds, (long)timeout, 0, 8, 0);
      if (r > 0) {
        k = 0;
        for (uint32_t i = 0; i < n; i++)
          if (ps[i]->kind == P2_POLL_FD && fds[k++].revents) {
            ready[i] = 1;
            count++;
          }
      }
    }
    if (count) break;
  }
  if (fds != small) w2n_p2_delete(fds, fds_size);
  return count;
}

static w2n_p2_pollable *pollable(w2n_p2_opts *o, uint32_t h) {
  return (w2n_p2_pollable *)(uintptr_t)w2n_handle_rep(o->instance, h,
                                                      P2_RES(wasi_io_poll_pollable));
}

/* [method]pollable.ready: func(self: borrow<pollable>) -> bool */
uint32_t __w2n_p2_wasi_io_poll_pollable_ready(w2n_p2_opts *o, uint32_t self) {
  w2n_p2_pollable *p = pollable(o, self);
  if (p->kind == P2_POLL_READY) return 1;
  if (p->kind == P2_POLL_TIMER) return w2n_p2_monotonic_now() >= p->deadline;
  pollfd_k f = {p->fd, p->events, 0};
  timespec_k zero = {0, 0};
  return w2n_wasi_sys(W2N_SYS_ppoll, (long)&f, 1, (long)&zero, 0, 8, 0) > 0;
}

/* [method]pollable.block: func(self: borrow<pollable>) */
void __w2n_p2_wasi_io_poll_pollable_block(w2n_p2_opts *o, uint32_t self) {
  w2n_p2_pollable *p = pollable(o, self);
  uint8_t ready;
  wait_any(&p, 1, &ready);
}

/* poll: func(in: list<borrow<pollable>>) -> list<u32> */
void __w2n_p2_wasi_io_poll_poll(w2n_p2_opts *o, uint32_t ptr, uint32_t len, uint32_t ret) {
  if (len == 0) w2n_canon_trap("empty poll list", UINT64_MAX);
  if (len > (1u << 28)) w2n_canon_trap("list pointer/length out of bounds of memory", UINT64_MAX);
  const uint8_t *handles = w2n_canon_mem(o, ptr, (uint64_t)len * 4, 4);
  w2n_p2_pollable *ps_small[64];
  uint8_t ready_small[64];
  size_t ps_size = (size_t)len * sizeof(w2n_p2_pollable *), ready_size = len;
  w2n_p2_pollable **ps = len <= 64 ? ps_small : w2n_p2_new(ps_size);
  uint8_t *ready = len <= 64 ? ready_small : w2n_p2_new(ready_size);
  for (uint32_t i = 0; i < len; i++)
    ps[i] = pollable(o, w2n_wasi_load_u32(handles + 4 * i));
  uint32_t count = wait_any(ps, len, ready);
  uint32_t list = w2n_canon_realloc(o, 0, 0, 4, count * 4);
  uint8_t *out = w2n_canon_mem(o, list, (uint64_t)count * 4, 4);
  for (uint32_t i = 0, k = 0; i < len; i++)
    if (ready[i]) w2n_wasi_store_u32(out + 4 * k++, i);
  uint8_t *r = w2n_canon_mem(o, ret, 8, 4);
  w2n_wasi_store_u32(r, list);
  w2n_wasi_store_u32(r + 4, count);
  if (len > 64) {
    w2n_p2_delete(ps, ps_size);
    w2n_p2_delete(ready, ready_size);
  }
}
