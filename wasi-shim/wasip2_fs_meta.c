/* wasi:filesystem metadata: descriptor-type, descriptor-stat (statx, with all three timestamps),
   the metadata hash (device, inode, size and modification time, mixed), new-timestamp, and the
   descriptor methods get-type, stat, set-times, is-same-object and metadata-hash. */
#include "wasip2_internal.h"

uint8_t w2n_p2_descriptor_type(uint16_t mode) {
  switch (mode & 0170000) {
  case 0060000:
    return 1; /* block-device */
  case 0020000:
    return 2; /* character-device */
  case 0040000:
    return 3; /* directory */
  case 0010000:
    return 4; /* fifo */
  case 0120000:
    return 5; /* symbolic-link */
  case 0100000:
    return 6; /* regular-file */
  case 0140000:
    return 7; /* socket */
  default:
    return 0; /* unknown */
  }
}

/* option<datetime>: tag at 0, seconds at 8, nanoseconds at 16. */
static void store_time(uint8_t *at, int64_t sec, uint32_t nsec) {
  if (sec < 0) {
    at[0] = 0;
    return;
  }
  at[0] = 1;
  w2n_wasi_store_u64(at + 8, (uint64_t)sec);
  w2n_wasi_store_u32(at + 16, nsec);
}

void w2n_p2_store_stat(uint8_t *at, const w2n_statx *st) {
  for (int i = 0; i < 96; i++)
    at[i] = 0;
  at[0] = w2n_p2_descriptor_type(st->mode);
  w2n_wasi_store_u64(at + 8, st->nlink);
  w2n_wasi_store_u64(at + 16, st->size);
  store_time(at + 24, st->atime.sec, st->atime.nsec);
  store_time(at + 48, st->mtime.sec, st->mtime.nsec);
  store_time(at + 72, st->ctime.sec, st->ctime.nsec);
}

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

void w2n_p2_store_hash(uint8_t *at, const w2n_statx *st) {
  uint64_t in[5] = {((uint64_t)st->dev_major << 32) | st->dev_minor, st->ino, st->size,
                    (uint64_t)st->mtime.sec, st->mtime.nsec};
  uint64_t lo = 0x243f6a8885a308d3ull, hi = 0x13198a2e03707344ull;
  for (int i = 0; i < 5; i++) {
    lo = mix(lo, in[i]);
    hi = mix(hi, in[i] ^ lo);
  }
  w2n_wasi_store_u64(at, lo);
  w2n_wasi_store_u64(at + 8, hi);
}

#define UTIME_NOW_K ((1l << 30) - 1)
#define UTIME_OMIT_K ((1l << 30) - 2)

void w2n_p2_timespec(uint32_t kind, uint64_t sec, uint32_t nsec, int64_t ts[2]) {
  switch (kind) {
  case 0: /* no-change */
    ts[0] = 0, ts[1] = UTIME_OMIT_K;
    break;
  case 1: /* now */
    ts[0] = 0, ts[1] = UTIME_NOW_K;
    break;
  case 2: /* timestamp(datetime) */
    ts[0] = sec > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)sec;
    ts[1] = nsec;
    break;
  default:
    w2n_canon_trap("invalid variant discriminant", UINT64_MAX);
  }
}

static int32_t fstat_desc(const w2n_p2_desc *d, w2n_statx *st) {
  return w2n_wasi_statx(d->fd, "", W2N_AT_EMPTY_PATH, st);
}

/* [method]descriptor.get-type: func(self: borrow<descriptor>)
     -> result<descriptor-type, error-code>  (tag at 0, payload at 1) */
void __w2n_p2_wasi_filesystem_types_descriptor_get_type(w2n_p2_opts *o, uint32_t self,
                                                        uint32_t ret) {
  w2n_statx st;
  int32_t err = fstat_desc(w2n_p2_desc_get(o, self), &st);
  if (err) {
    w2n_p2_store_err(o, ret, 1, 2, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 2, 1);
  p[0] = 0;
  p[1] = w2n_p2_descriptor_type(st.mode);
}

/* [method]descriptor.stat: func(self: borrow<descriptor>) -> result<descriptor-stat, error-code>
   (tag at 0, payload at 8, 104 bytes) */
void __w2n_p2_wasi_filesystem_types_descriptor_stat(w2n_p2_opts *o, uint32_t self, uint32_t ret) {
  w2n_statx st;
  int32_t err = fstat_desc(w2n_p2_desc_get(o, self), &st);
  if (err) {
    w2n_p2_store_err(o, ret, 8, 104, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 104, 8);
  p[0] = 0;
  w2n_p2_store_stat(p + 8, &st);
}

/* [method]descriptor.set-times: func(self: borrow<descriptor>,
     data-access-timestamp: new-timestamp, data-modification-timestamp: new-timestamp)
     -> result<_, error-code> */
void __w2n_p2_wasi_filesystem_types_descriptor_set_times(w2n_p2_opts *o, uint32_t self,
                                                         uint32_t atim_kind, uint64_t atim_sec,
                                                         uint32_t atim_nsec, uint32_t mtim_kind,
                                                         uint64_t mtim_sec, uint32_t mtim_nsec,
                                                         uint32_t ret) {
  int64_t ts[4];
  w2n_p2_timespec(atim_kind, atim_sec, atim_nsec, ts);
  w2n_p2_timespec(mtim_kind, mtim_sec, mtim_nsec, ts + 2);
  w2n_p2_desc *d = w2n_p2_desc_get(o, self);
  long r = w2n_wasi_sys(W2N_SYS_utimensat, d->fd, 0, (long)ts, 0, 0, 0);
  w2n_p2_store_unit(o, ret, r < 0 ? w2n_wasi_errno_from_linux(r) : 0);
}

/* [method]descriptor.is-same-object: func(self: borrow<descriptor>, other: borrow<descriptor>)
     -> bool */
uint32_t __w2n_p2_wasi_filesystem_types_descriptor_is_same_object(w2n_p2_opts *o, uint32_t self,
                                                                  uint32_t other) {
  w2n_statx a, b;
  if (fstat_desc(w2n_p2_desc_get(o, self), &a) || fstat_desc(w2n_p2_desc_get(o, other), &b))
    return 0;
  return a.dev_major == b.dev_major && a.dev_minor == b.dev_minor && a.ino == b.ino;
}

/* [method]descriptor.metadata-hash: func(self: borrow<descriptor>)
     -> result<metadata-hash-value, error-code>  (tag at 0, payload at 8, 24 bytes) */
void __w2n_p2_wasi_filesystem_types_descriptor_metadata_hash(w2n_p2_opts *o, uint32_t self,
                                                             uint32_t ret) {
  w2n_statx st;
  int32_t err = fstat_desc(w2n_p2_desc_get(o, self), &st);
  if (err) {
    w2n_p2_store_err(o, ret, 8, 24, err);
    return;
  }
  uint8_t *p = w2n_canon_mem(o, ret, 24, 8);
  p[0] = 0;
  w2n_p2_store_hash(p + 8, &st);
}
