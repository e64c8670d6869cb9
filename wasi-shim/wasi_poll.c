/* poll_oneoff: clock and fd subscriptions, waited for with one ppoll on the host fds and the
   earliest clock deadline (on CLOCK_MONOTONIC; a realtime deadline is converted). Every
   subscription that is ready when ppoll returns gets an event, in subscription order. A
   subscription on a descriptor that is not open is reported in its event (BADF), as the witx
   describes, rather than failing the call. No subscriptions is EINVAL (it would sleep forever),
   as in Wasmtime. */
#include "wasi_internal.h"

#define SUB_SIZE 48
#define EVENT_SIZE 32
#define POLLIN 0x001
#define POLLOUT 0x004
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define FIONREAD 0x541b
#define MAX_SUBS 4096

enum { EVENT_CLOCK = 0, EVENT_FD_READ = 1, EVENT_FD_WRITE = 2 };

typedef struct pollfd {
  int32_t fd;
  int16_t events, revents;
} pollfd;

typedef struct timespec64 {
  int64_t sec, nsec;
} timespec64;

typedef struct sub_state {
  uint64_t deadline; /* clock: monotonic ns */
  int32_t error;     /* set when the subscription fails on its own */
  int32_t slot;      /* index into the pollfd array, or -1 */
} sub_state;

static uint64_t now(int clock) {
  timespec64 ts;
  w2n_sys(W2N_SYS_clock_gettime, clock, (long)&ts, 0, 0, 0, 0);
  return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

static uint64_t add_sat(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

/* Reads the clock subscription at s into a monotonic deadline. */
static int32_t clock_deadline(const uint8_t *s, uint64_t *deadline) {
  uint32_t id = w2n_wasi_load_u32(s + 16);
  uint64_t timeout = w2n_wasi_load_u64(s + 24);
  uint16_t flags = w2n_wasi_load_u16(s + 40);
  if (flags & ~1u) return W2N_WASI_EINVAL;
  bool absolute = flags & 1;
  uint64_t mono = now(1);
  if (id == 1) {
    *deadline = absolute ? timeout : add_sat(mono, timeout);
  } else if (id == 0) {
    uint64_t real = now(0);
    *deadline =
        absolute ? (timeout > real ? add_sat(mono, timeout - real) : mono) : add_sat(mono, timeout);
  } else {
    return W2N_WASI_EINVAL; /* CPU-time clocks cannot be waited for (Wasmtime: EINVAL) */
  }
  return W2N_WASI_ESUCCESS;
}

/* Bytes that can be read without blocking (1 when unknown but ready). */
static uint64_t readable_bytes(const w2n_wasi_fd *e) {
  if (e->filetype == 4) {
    w2n_statx st;
    long pos = w2n_sys(W2N_SYS_lseek, e->host, 0, 1, 0, 0, 0);
    if (pos >= 0 && w2n_wasi_statx(e->host, "", W2N_AT_EMPTY_PATH, &st) == 0)
      return st.size > (uint64_t)pos ? st.size - (uint64_t)pos : 0;
  }
  int n = 0;
  if (w2n_sys(W2N_SYS_ioctl, e->host, FIONREAD, (long)&n, 0, 0, 0) == 0 && n > 0)
    return (uint64_t)n;
  return 1;
}

static sub_state state[MAX_SUBS];
static pollfd fds[MAX_SUBS];

/* Writes an event for every subscription that is ready; returns how many. */
static uint32_t write_events(const uint8_t *subs, uint32_t n, uint8_t *events) {
  uint64_t t = now(1);
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *s = subs + (size_t)i * SUB_SIZE;
    const sub_state *st = &state[i];
    uint8_t tag = s[8];
    uint16_t error = (uint16_t)st->error, flags = 0;
    uint64_t nbytes = 0;
    if (tag == EVENT_CLOCK) {
      if (st->deadline > t) continue;
    } else if (!st->error) {
      int16_t revents = fds[st->slot].revents;
      if (!revents) continue;
      if (revents & POLLNVAL) error = W2N_WASI_EBADF;
      if (revents & POLLHUP) flags = 1; /* FD_READWRITE_HANGUP */
      if (!error) {
        nbytes = tag == EVENT_FD_READ
                     ? readable_bytes(w2n_wasi_fd_at((int32_t)w2n_wasi_load_u32(s + 16)))
                     : 1;
        if (nbytes == 0) flags = 1;
      }
    }
    uint8_t *ev = events + (size_t)count * EVENT_SIZE;
    for (int k = 0; k < EVENT_SIZE; k++)
      ev[k] = 0;
    w2n_wasi_store_u64(ev, w2n_wasi_load_u64(s)); /* userdata */
    w2n_wasi_store_u16(ev + 8, error);
    ev[10] = tag;
    w2n_wasi_store_u64(ev + 16, nbytes);
    w2n_wasi_store_u16(ev + 24, flags);
    count++;
  }
  return count;
}

int32_t w2n_wasi_poll_oneoff(void *ctx, int32_t in_ptr, int32_t out_ptr, int32_t nsubscriptions,
                             int32_t nevents_ptr) {
  uint32_t n = (uint32_t)nsubscriptions;
  if (n == 0) return W2N_WASI_EINVAL;
  if (n > MAX_SUBS) return W2N_WASI_ENOTSUP;
  const uint8_t *subs = w2n_wasi_guest((uint32_t)in_ptr, (uint64_t)n * SUB_SIZE);
  uint8_t *events = w2n_wasi_guest((uint32_t)out_ptr, (uint64_t)n * EVENT_SIZE);
  if (!subs || !events || !w2n_wasi_guest((uint32_t)nevents_ptr, 4)) return W2N_WASI_EFAULT;

  uint32_t nfds = 0;
  bool have_clock = false, have_error = false;
  uint64_t earliest = UINT64_MAX;
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *s = subs + (size_t)i * SUB_SIZE;
    sub_state *st = &state[i];
    *st = (sub_state){0, 0, -1};
    uint8_t tag = s[8];
    if (tag == EVENT_CLOCK) {
      int32_t err = clock_deadline(s, &st->deadline);
      if (err) return err;
      have_clock = true;
      if (st->deadline < earliest) earliest = st->deadline;
    } else if (tag == EVENT_FD_READ || tag == EVENT_FD_WRITE) {
      int32_t fd = (int32_t)w2n_wasi_load_u32(s + 16);
      w2n_wasi_fd *e;
      st->error = w2n_wasi_fd_lookup(fd, W2N_WASI_RIGHT(W2N_R_POLL_FD_READWRITE), &e);
      if (st->error) {
        have_error = true;
        continue;
      }
      st->slot = (int32_t)nfds;
      fds[nfds++] = (pollfd){e->host, tag == EVENT_FD_READ ? POLLIN : POLLOUT, 0};
    } else {
      return W2N_WASI_EINVAL;
    }
  }

  uint32_t count = 0;
  while (count == 0) { /* ppoll's timeout can end a hair before a deadline: wait again */
    timespec64 ts, *timeout = 0;
    if (have_error) {
      ts = (timespec64){0, 0};
      timeout = &ts;
    } else if (have_clock) {
      uint64_t t = now(1), wait = earliest > t ? earliest - t : 0;
      ts = (timespec64){(int64_t)(wait / 1000000000u), (int64_t)(wait % 1000000000u)};
      timeout = &ts;
    }
    long r = w2n_sys(W2N_SYS_ppoll, (long)fds, nfds, (long)timeout, 0, 0, 0);
    if (r == -W2N_EINTR) continue;
    if (r < 0) return w2n_wasi_errno_from_linux(r);
    count = write_events(subs, n, events);
  }
  return w2n_wasi_put_u32((uint32_t)nevents_ptr, count);
}
