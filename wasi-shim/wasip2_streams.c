/* wasi:io/streams: the stream objects and the input-stream methods. A stream is a host fd: stdio
   (read and written at the file position, never closed), or a file stream made by a descriptor
   (its own dup of the fd, read and written at the stream's own offset with pread/pwrite, or
   appended). Reads return what one system call gives (at most P2_READ_MAX bytes); end of file is
   stream-error.closed. A non-blocking read of stdin returns an empty list when nothing is ready.
   Stdio that the capability context does not grant is a stream of kind NONE: empty input,
   output that goes nowhere. */
#include "wasip2_internal.h"

static void stream_dtor(uintptr_t rep) {
  w2n_p2_stream *s = (w2n_p2_stream *)rep;
  if (s->owns_fd) w2n_sys(W2N_SYS_close, s->fd, 0, 0, 0, 0, 0);
  w2n_p2_delete(s, sizeof *s);
}

const w2n_resource_type __w2n_p2_res_wasi_io_streams_input_stream = {
    .name = "wasi:io/streams.input-stream", .host_dtor = stream_dtor};
const w2n_resource_type __w2n_p2_res_wasi_io_streams_output_stream = {
    .name = "wasi:io/streams.output-stream", .host_dtor = stream_dtor};

uint32_t w2n_p2_new_stream(w2n_p2_opts *o, bool output, int fd, uint8_t kind, uint64_t offset) {
  w2n_p2_stream *s = w2n_p2_new(sizeof *s);
  s->fd = fd;
  s->kind = kind;
  s->owns_fd = kind == P2_STREAM_FILE || kind == P2_STREAM_APPEND;
  s->offset = offset;
  return w2n_handle_new_own(o->instance,
                            output ? P2_RES(wasi_io_streams_output_stream)
                                   : P2_RES(wasi_io_streams_input_stream),
                            (uint64_t)(uintptr_t)s);
}

void w2n_p2_store_stream_error(w2n_p2_opts *o, uint8_t *at, long err) {
  if (err == 0) {
    at[0] = 1; /* closed */
    return;
  }
  at[0] = 0; /* last-operation-failed(own<error>) */
  w2n_wasi_store_u32(at + 4, w2n_p2_new_error(o, err));
}

typedef struct pollfd_k {
  int32_t fd;
  int16_t events, revents;
} pollfd_k;

static bool readable_now(int fd) {
  pollfd_k p = {fd, 1 /* POLLIN */, 0};
  struct {
    int64_t sec, nsec;
  } zero = {0, 0};
  return w2n_wasi_sys(W2N_SYS_ppoll, (long)&p, 1, (long)&zero, 0, 8, 0) != 0;
}

long w2n_p2_stream_read(w2n_p2_stream *s, uint8_t *buf, size_t len, bool blocking) {
  if (s->kind == P2_STREAM_NONE) return 0; /* empty: at its end at once */
  if (s->kind == P2_STREAM_CALLBACK) {     /* the host's read: it may block, it is always "ready" */
    const w2n_wasi_ctx *c = w2n_wasi_ctx_current();
    int64_t r = c->stdio_read(c->stdio_callback_ctx, buf, len);
    return r < 0 ? -W2N_EIO : (long)(r > (int64_t)len ? (int64_t)len : r);
  }
  if (s->kind == P2_STREAM_STDIO && !blocking && !readable_now(s->fd)) return -W2N_EAGAIN;
  for (;;) {
    long r = s->kind == P2_STREAM_FILE
                 ? w2n_sys(W2N_SYS_pread64, s->fd, (long)buf, (long)len, (long)s->offset, 0, 0)
                 : w2n_sys(W2N_SYS_read, s->fd, (long)buf, (long)len, 0, 0, 0);
    if (r == -W2N_EINTR) continue;
    if (r == -W2N_EAGAIN && blocking) {
      pollfd_k p = {s->fd, 1, 0};
      w2n_wasi_sys(W2N_SYS_ppoll, (long)&p, 1, 0, 0, 8, 0);
      continue;
    }
    if (r > 0) s->offset += (uint64_t)r;
    return r;
  }
}

static w2n_p2_stream *input(w2n_p2_opts *o, uint32_t self) {
  return (w2n_p2_stream *)(uintptr_t)w2n_handle_rep(o->instance, self,
                                                    P2_RES(wasi_io_streams_input_stream));
}

/* result<list<u8>, stream-error>: tag at 0, payload at 4, 12 bytes. */
static void read_common(w2n_p2_opts *o, uint32_t self, uint64_t len, uint32_t ret, bool blocking) {
  w2n_p2_stream *s = input(o, self);
  size_t cap;
  uint8_t *buf = w2n_p2_iobuf(&cap);
  size_t want = len < cap ? (size_t)len : cap;
  long r = want ? w2n_p2_stream_read(s, buf, want, blocking) : 0;
  if (r == -W2N_EAGAIN || want == 0) r = 0; /* nothing yet: an empty list */
  else if (r <= 0) {
    uint8_t *p = w2n_canon_mem(o, ret, 12, 4);
    p[0] = 1;
    w2n_p2_store_stream_error(o, p + 4, r);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 12, 4);
  p[0] = 0;
  w2n_p2_store_bytes(o, p + 4, buf, (uint32_t)r);
}

/* [method]input-stream.read: func(self: borrow<input-stream>, len: u64)
     -> result<list<u8>, stream-error> */
void __w2n_p2_wasi_io_streams_input_stream_read(w2n_p2_opts *o, uint32_t self, uint64_t len,
                                                uint32_t ret) {
  read_common(o, self, len, ret, false);
}

/* [method]input-stream.blocking-read: func(self: borrow<input-stream>, len: u64)
     -> result<list<u8>, stream-error> */
void __w2n_p2_wasi_io_streams_input_stream_blocking_read(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret) {
  read_common(o, self, len, ret, true);
}

/* result<u64, stream-error>: tag at 0, payload at 8, 16 bytes. */
static void skip_common(w2n_p2_opts *o, uint32_t self, uint64_t len, uint32_t ret, bool blocking) {
  w2n_p2_stream *s = input(o, self);
  size_t cap;
  uint8_t *buf = w2n_p2_iobuf(&cap);
  size_t want = len < cap ? (size_t)len : cap;
  long r = want ? w2n_p2_stream_read(s, buf, want, blocking) : 0;
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  if (r == -W2N_EAGAIN || want == 0) r = 0;
  else if (r <= 0) {
    p[0] = 1;
    w2n_p2_store_stream_error(o, p + 8, r);
    return;
  }
  p[0] = 0;
  w2n_wasi_store_u64(p + 8, (uint64_t)r);
}

/* [method]input-stream.skip: func(self: borrow<input-stream>, len: u64)
     -> result<u64, stream-error> */
void __w2n_p2_wasi_io_streams_input_stream_skip(w2n_p2_opts *o, uint32_t self, uint64_t len,
                                                uint32_t ret) {
  skip_common(o, self, len, ret, false);
}

/* [method]input-stream.blocking-skip: func(self: borrow<input-stream>, len: u64)
     -> result<u64, stream-error> */
void __w2n_p2_wasi_io_streams_input_stream_blocking_skip(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret) {
  skip_common(o, self, len, ret, true);
}

/* [method]input-stream.subscribe: func(self: borrow<input-stream>) -> own<pollable> */
uint32_t __w2n_p2_wasi_io_streams_input_stream_subscribe(w2n_p2_opts *o, uint32_t self) {
  w2n_p2_stream *s = input(o, self);
  if (s->kind == P2_STREAM_STDIO) return w2n_p2_new_pollable(o, P2_POLL_FD, s->fd, 1, 0);
  return w2n_p2_new_pollable(o, P2_POLL_READY, -1, 0, 0);
}
