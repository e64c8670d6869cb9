/* wasi:io/streams output-stream methods. Nothing is buffered: every write goes to the host fd in
   full before it returns (partial writes, EINTR and EAGAIN are retried), so flush has nothing to
   do and no output can be lost at exit. A broken pipe is stream-error.closed. */
#include "wasip2_internal.h"

#define WRITE_BUDGET ((uint64_t)1 << 20) /* what check-write allows at a time */

static w2n_p2_stream *output(w2n_p2_opts *o, uint32_t self) {
  return (w2n_p2_stream *)(uintptr_t)w2n_handle_rep(o->instance, self,
                                                    P2_RES(wasi_io_streams_output_stream));
}

/* Writes the bytes where the stream writes: 0 or a negative errno. */
static long stream_write(w2n_p2_stream *s, const uint8_t *p, size_t n) {
  long r;
  if (s->kind == P2_STREAM_NONE) return 0; /* discarded */
  if (s->kind == P2_STREAM_CALLBACK) {
    const w2n_wasi_ctx *c = w2n_wasi_ctx_current();
    return c->stdio_write(c->stdio_callback_ctx, s->fd, p, n) ? 0 : -W2N_EIO;
  }
  if (s->kind == P2_STREAM_FILE) {
    r = w2n_p2_write_all(s->fd, p, n, (int64_t)s->offset, false);
    if (r == 0) s->offset += n;
  } else {
    r = w2n_p2_write_all(s->fd, p, n, -1, s->kind == P2_STREAM_APPEND);
  }
  return r;
}

/* result<_, stream-error>: tag at 0, stream-error at 4, 12 bytes. */
static void store_write_result(w2n_p2_opts *o, uint32_t ret, long r) {
  uint8_t *p = w2n_canon_mem(o, ret, 12, 4);
  if (r == 0) {
    p[0] = 0;
    return;
  }
  p[0] = 1;
  w2n_p2_store_stream_error(o, p + 4, r == -32 /* EPIPE */ ? 0 : r);
}

/* [method]output-stream.check-write: func(self: borrow<output-stream>)
     -> result<u64, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_check_write(w2n_p2_opts *o, uint32_t self,
                                                        uint32_t ret) {
  output(o, self);
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  p[0] = 0;
  w2n_wasi_store_u64(p + 8, WRITE_BUDGET);
}

static void write_common(w2n_p2_opts *o, uint32_t self, uint32_t ptr, uint32_t len,
                         uint32_t ret) {
  w2n_p2_stream *s = output(o, self);
  const uint8_t *data = w2n_canon_mem(o, ptr, len, 1);
  store_write_result(o, ret, stream_write(s, data, len));
}

/* [method]output-stream.write: func(self: borrow<output-stream>, contents: list<u8>)
     -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_write(w2n_p2_opts *o, uint32_t self, uint32_t ptr,
                                                  uint32_t len, uint32_t ret) {
  write_common(o, self, ptr, len, ret);
}

/* [method]output-stream.blocking-write-and-flush: func(self: borrow<output-stream>,
     contents: list<u8>) -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_blocking_write_and_flush(w2n_p2_opts *o,
                                                                     uint32_t self, uint32_t ptr,
                                                                     uint32_t len, uint32_t ret) {
  write_common(o, self, ptr, len, ret);
}

/* [method]output-stream.flush: func(self: borrow<output-stream>) -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_flush(w2n_p2_opts *o, uint32_t self, uint32_t ret) {
  output(o, self);
  store_write_result(o, ret, 0);
}

/* [method]output-stream.blocking-flush: func(self: borrow<output-stream>)
     -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_blocking_flush(w2n_p2_opts *o, uint32_t self,
                                                           uint32_t ret) {
  output(o, self);
  store_write_result(o, ret, 0);
}

/* [method]output-stream.subscribe: func(self: borrow<output-stream>) -> own<pollable>
   (always ready: writes block until done) */
uint32_t __w2n_p2_wasi_io_streams_output_stream_subscribe(w2n_p2_opts *o, uint32_t self) {
  output(o, self);
  return w2n_p2_new_pollable(o, P2_POLL_READY, -1, 0, 0);
}

static void zeroes_common(w2n_p2_opts *o, uint32_t self, uint64_t len, uint32_t ret) {
  static const uint8_t zeroes[4096];
  w2n_p2_stream *s = output(o, self);
  long r = 0;
  while (len && r == 0) {
    size_t n = len < sizeof zeroes ? (size_t)len : sizeof zeroes;
    r = stream_write(s, zeroes, n);
    len -= n;
  }
  store_write_result(o, ret, r);
}

/* [method]output-stream.write-zeroes: func(self: borrow<output-stream>, len: u64)
     -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_write_zeroes(w2n_p2_opts *o, uint32_t self,
                                                         uint64_t len, uint32_t ret) {
  zeroes_common(o, self, len, ret);
}

/* [method]output-stream.blocking-write-zeroes-and-flush: func(self: borrow<output-stream>,
     len: u64) -> result<_, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_blocking_write_zeroes_and_flush(w2n_p2_opts *o,
                                                                            uint32_t self,
                                                                            uint64_t len,
                                                                            uint32_t ret) {
  zeroes_common(o, self, len, ret);
}

/* result<u64, stream-error>: tag at 0, payload at 8, 16 bytes. */
static void splice_common(w2n_p2_opts *o, uint32_t self, uint32_t src, uint64_t len, uint32_t ret,
                          bool blocking) {
  w2n_p2_stream *d = output(o, self);
  w2n_p2_stream *s = (w2n_p2_stream *)(uintptr_t)w2n_handle_rep(
      o->instance, src, P2_RES(wasi_io_streams_input_stream));
  size_t cap;
  uint8_t *buf = w2n_p2_iobuf(&cap);
  size_t want = len < cap ? (size_t)len : cap;
  long r = want ? w2n_p2_stream_read(s, buf, want, blocking) : 0;
  if (r == -W2N_EAGAIN || want == 0) r = 0;
  else if (r <= 0) {
    uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
    p[0] = 1;
    w2n_p2_store_stream_error(o, p + 8, r);
    return;
  }
  long w = r ? stream_write(d, buf, (size_t)r) : 0;
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  if (w) {
    p[0] = 1;
    w2n_p2_store_stream_error(o, p + 8, w == -32 ? 0 : w);
    return;
  }
  p[0] = 0;
  w2n_wasi_store_u64(p + 8, (uint64_t)r);
}

/* [method]output-stream.splice: func(self: borrow<output-stream>, src: borrow<input-stream>,
     len: u64) -> result<u64, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_splice(w2n_p2_opts *o, uint32_t self, uint32_t src,
                                                   uint64_t len, uint32_t ret) {
  splice_common(o, self, src, len, ret, false);
}

/* [method]output-stream.blocking-splice: func(self: borrow<output-stream>,
     src: borrow<input-stream>, len: u64) -> result<u64, stream-error> */
void __w2n_p2_wasi_io_streams_output_stream_blocking_splice(w2n_p2_opts *o, uint32_t self,
                                                            uint32_t src, uint64_t len,
                                                            uint32_t ret) {
  splice_common(o, self, src, len, ret, true);
}
