/* wasi:filesystem/types descriptor: the resource (a host fd with its open mode, or a directory
   with the permissions it inherited from its preopen), its streams, and the methods that work on
   the open file itself: read, write, advise, sync, set-size, get-flags. As in Wasmtime, file
   methods on a directory are bad-descriptor, and streams need the matching open mode. */
#include "wasip2_internal.h"

#define R_(name) P2_CODE(P2_EC_##name)

static void desc_dtor(uintptr_t rep) {
  w2n_p2_desc *d = (w2n_p2_desc *)rep;
  w2n_sys(W2N_SYS_close, d->fd, 0, 0, 0, 0, 0);
  w2n_p2_delete(d, sizeof *d);
}

const w2n_resource_type __w2n_p2_res_wasi_filesystem_types_descriptor = {
    .name = "wasi:filesystem/types.descriptor", .host_dtor = desc_dtor};

w2n_p2_desc *w2n_p2_desc_get(w2n_p2_opts *o, uint32_t handle) {
  return (w2n_p2_desc *)(uintptr_t)w2n_handle_rep(o->instance, handle,
                                                  P2_RES(wasi_filesystem_types_descriptor));
}

uint32_t w2n_p2_new_desc(w2n_p2_opts *o, int fd, bool is_dir, uint8_t mode, uint8_t perms) {
  w2n_p2_desc *d = w2n_p2_new(sizeof *d);
  d->fd = fd;
  d->is_dir = is_dir;
  d->mode = mode;
  d->perms = perms;
  return w2n_handle_new_own(o->instance, P2_RES(wasi_filesystem_types_descriptor),
                            (uint64_t)(uintptr_t)d);
}

/* A file (not directory) descriptor opened with `mode`: bad-descriptor otherwise. */
static int32_t file_check(const w2n_p2_desc *d, uint8_t mode) {
  if (d->is_dir || (d->mode & mode) != mode) return R_(BAD_DESCRIPTOR);
  return 0;
}

/* result<own<stream>, error-code>: tag at 0, payload at 4, 8 bytes. */
static void via_stream(w2n_p2_opts *o, uint32_t self, bool output, uint8_t kind, uint64_t offset,
                       uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  int32_t err = file_check(d, output ? P2_MODE_WRITE : P2_MODE_READ);
  long fd = -1;
  if (!err) {
    fd = w2n_wasi_sys(W2N_SYS_fcntl, d->fd, 1030 /* F_DUPFD_CLOEXEC */, 0, 0, 0, 0);
    if (fd < 0) err = w2n_wasi_errno_from_linux(fd);
  }
  if (err) {
    w2n_p2_store_err(o, ret, 4, 8, err);
    return;
  }
  uint32_t h = w2n_p2_new_stream(o, output, (int)fd, kind, offset);
  uint8_t *p = w2n_canon_mem(o, ret, 8, 4);
  p[0] = 0;
  w2n_wasi_store_u32(p + 4, h);
}

/* [method]descriptor.read-via-stream: func(self: borrow<descriptor>, offset: filesize)
     -> result<own<input-stream>, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_read_via_stream(w2n_p2_opts *o, uint32_t self,
                                                               uint64_t offset, uint32_t ret) {
  via_stream(o, self, false, P2_STREAM_FILE, offset, ret);
}

/* [method]descriptor.write-via-stream: func(self: borrow<descriptor>, offset: filesize)
     -> result<own<output-stream>, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_write_via_stream(w2n_p2_opts *o, uint32_t self,
                                                                uint64_t offset, uint32_t ret) {
  via_stream(o, self, true, P2_STREAM_FILE, offset, ret);
}

/* [method]descriptor.append-via-stream: func(self: borrow<descriptor>)
     -> result<own<output-stream>, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_append_via_stream(w2n_p2_opts *o, uint32_t self,
                                                                 uint32_t ret) {
  via_stream(o, self, true, P2_STREAM_APPEND, 0, ret);
}

/* [method]descriptor.advise: func(self: borrow<descriptor>, offset: filesize,
     length: filesize, advice: advice) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_advise(w2n_p2_opts *o, uint32_t self,
                                                      uint64_t offset, uint64_t length,
                                                      uint32_t advice, uint32_t ret) {
  /* WIT order: normal, sequential, random, will-need, dont-need, no-reuse */
  static const uint8_t linux_advice[6] = {0, 2, 1, 3, 4, 5};
  if (advice > 5) w2n_canon_trap("invalid enum discriminant", UINT64_MAX);
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  int32_t err = file_check(d, 0);
  if (!err) {
    long r = w2n_sys(W2N_SYS_fadvise64, d->fd, (long)offset, (long)length, linux_advice[advice], 0,
                     0);
    if (r < 0) err = w2n_wasi_errno_from_linux(r);
  }
  w2n_p2_store_unit(o, ret, err);
}

static void sync_common(w2n_p2_opts *o, uint32_t self, uint32_t ret, long nr) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  long r = w2n_wasi_sys(nr, d->fd, 0, 0, 0, 0, 0);
  w2n_p2_store_unit(o, ret, r < 0 ? w2n_wasi_errno_from_linux(r) : 0);
}

/* [method]descriptor.sync-data: func(self: borrow<descriptor>) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_sync_data(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t ret) {
  sync_common(o, self, ret, W2N_SYS_fdatasync);
}

/* [method]descriptor.sync: func(self: borrow<descriptor>) -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_sync(w2n_p2_opts *o, uint32_t self, uint32_t ret) {
  sync_common(o, self, ret, W2N_SYS_fsync);
}

/* [method]descriptor.get-flags: func(self: borrow<descriptor>)
     -> result<descriptor-flags, error-code>  (tag at 0, flags u8 at 1) */
void __w2n_p2_wasi_filesystem_types_descriptor_get_flags(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t ret) {
  enum { READ = 1, WRITE = 2, FILE_SYNC = 4, DATA_SYNC = 8, REQ_SYNC = 16, MUTATE = 32 };
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  long fl = w2n_wasi_sys(W2N_SYS_fcntl, d->fd, W2N_F_GETFL, 0, 0, 0, 0);
  if (fl < 0) {
    w2n_p2_store_err(o, ret, 1, 2, w2n_wasi_errno_from_linux(fl));
    return;
  }
  uint8_t flags = 0;
  if (d->is_dir) {
    if (d->mode & P2_MODE_READ) flags |= READ;
    if (d->mode & P2_MODE_WRITE) flags |= MUTATE;
  } else {
    if (d->mode & P2_MODE_READ) flags |= READ;
    if (d->mode & P2_MODE_WRITE) flags |= WRITE;
  }
  if ((fl & W2N_O_SYNC) == W2N_O_SYNC) flags |= FILE_SYNC | REQ_SYNC;
  else if (fl & W2N_O_DSYNC) flags |= DATA_SYNC;
  uint8_t *p = w2n_canon_mem(o, ret, 2, 1);
  p[0] = 0;
  p[1] = flags;
}

/* [method]descriptor.set-size: func(self: borrow<descriptor>, size: filesize)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_set_size(w2n_p2_opts *o, uint32_t self,
                                                        uint64_t size, uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  int32_t err = file_check(d, 0);
  if (!err && size > (uint64_t)INT64_MAX) err = W2N_WASI_EFBIG;
  if (!err) {
    long r = w2n_wasi_sys(W2N_SYS_ftruncate, d->fd, (long)size, 0, 0, 0, 0);
    if (r < 0) err = w2n_wasi_errno_from_linux(r);
  }
  w2n_p2_store_unit(o, ret, err);
}

/* [method]descriptor.read: func(self: borrow<descriptor>, length: filesize, offset: filesize)
     -> result<tuple<list<u8>, bool>, error-code>
   (tag at 0; ok: list at 4, bool at 12; err: code at 4; 16 bytes, align 4) */
void __w2n_p2_wasi_filesystem_types_descriptor_read(w2n_p2_opts *o, uint32_t self,
                                                    uint64_t length, uint64_t offset,
                                                    uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  int32_t err = file_check(d, P2_MODE_READ);
  size_t cap;
  uint8_t *buf = w2n_p2_iobuf(&cap);
  size_t want = length < cap ? (size_t)length : cap;
  long r = 0;
  if (!err && offset > (uint64_t)INT64_MAX) err = W2N_WASI_EINVAL;
  if (!err && want) {
    r = w2n_wasi_sys(W2N_SYS_pread64, d->fd, (long)buf, (long)want, (long)offset, 0, 0);
    if (r < 0) err = w2n_wasi_errno_from_linux(r);
  }
  if (err) {
    w2n_p2_store_err(o, ret, 4, 16, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 16, 4);
  p[0] = 0;
  w2n_p2_store_bytes(o, p + 4, buf, (uint32_t)r);
  p[12] = r == 0; /* end of file: nothing more to read here */
}

/* [method]descriptor.write: func(self: borrow<descriptor>, buffer: list<u8>, offset: filesize)
     -> result<filesize, error-code>  (tag at 0, payload at 8) */
void __w2n_p2_wasi_filesystem_types_descriptor_write(w2n_p2_opts *o, uint32_t self, uint32_t ptr,
                                                     uint32_t len, uint64_t offset,
                                                     uint32_t ret) {
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  const uint8_t *data = w2n_canon_mem(o, ptr, len, 1);
  int32_t err = file_check(d, P2_MODE_WRITE);
  if (!err && offset > (uint64_t)INT64_MAX) err = W2N_WASI_EINVAL;
  if (!err) {
    long r = w2n_p2_write_all(d->fd, data, len, (int64_t)offset, false);
    if (r < 0) err = w2n_wasi_errno_from_linux(r);
  }
  if (err) {
    w2n_p2_store_err(o, ret, 8, 16, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 16, 8);
  p[0] = 0;
  w2n_wasi_store_u64(p + 8, len);
}
