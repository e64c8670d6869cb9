/* File metadata: statx (one layout on every architecture, unlike struct stat), the WASI filetype
   of a mode, the WASI filestat record, and the utimensat times that fst_flags ask for. */
#include "wasi_internal.h"

#define W2N_STATX_BASIC_STATS 0x7ffu
#define W2N_S_IFMT 0170000
#define W2N_UTIME_NOW ((1l << 30) - 1)
#define W2N_UTIME_OMIT ((1l << 30) - 2)

_Static_assert(sizeof(w2n_statx) == 256, "struct statx");

int32_t w2n_wasi_statx(int dirfd, const char *path, int flags, w2n_statx *out) {
  long r =
      w2n_wasi_sys(W2N_SYS_statx, dirfd, (long)path, flags, W2N_STATX_BASIC_STATS, (long)out, 0);
  return r < 0 ? w2n_wasi_errno_from_linux(r) : W2N_WASI_ESUCCESS;
}

uint8_t w2n_wasi_filetype(uint16_t mode) {
  switch (mode & W2N_S_IFMT) {
  case 0060000:
    return 1; /* BLOCK_DEVICE */
  case 0020000:
    return 2; /* CHARACTER_DEVICE */
  case 0040000:
    return 3; /* DIRECTORY */
  case 0100000:
    return 4; /* REGULAR_FILE */
  case 0140000:
    return 6; /* SOCKET_STREAM (a datagram socket cannot be told apart here) */
  case 0120000:
    return 7; /* SYMBOLIC_LINK */
  default:
    return 0; /* UNKNOWN: FIFOs have no WASI type */
  }
}

bool w2n_wasi_is_dir(const w2n_statx *st) { return (st->mode & W2N_S_IFMT) == 0040000; }

/* Nanoseconds since the epoch; times before it have no WASI representation and become 0. */
static uint64_t timestamp(int64_t sec, uint32_t nsec) {
  if (sec < 0) return 0;
  return (uint64_t)sec * 1000000000u + nsec;
}

/* The st_dev number glibc would report for this major/minor pair, so that dev values agree
   with native programs. */
static uint64_t device(uint32_t major, uint32_t minor) {
  return ((uint64_t)(major & 0xfffff000u) << 32) | ((uint64_t)(major & 0xfffu) << 8) |
         ((uint64_t)(minor & 0xffffff00u) << 12) | (minor & 0xffu);
}

void w2n_wasi_store_filestat(uint8_t *buf, const w2n_statx *st) {
  for (int i = 0; i < 64; i++)
    buf[i] = 0;
  w2n_wasi_store_u64(buf + 0, device(st->dev_major, st->dev_minor));
  w2n_wasi_store_u64(buf + 8, st->ino);
  buf[16] = w2n_wasi_filetype(st->mode);
  w2n_wasi_store_u64(buf + 24, st->nlink);
  w2n_wasi_store_u64(buf + 32, st->size);
  w2n_wasi_store_u64(buf + 40, timestamp(st->atime.sec, st->atime.nsec));
  w2n_wasi_store_u64(buf + 48, timestamp(st->mtime.sec, st->mtime.nsec));
  w2n_wasi_store_u64(buf + 56, timestamp(st->ctime.sec, st->ctime.nsec));
}

enum { ATIM = 1, ATIM_NOW = 2, MTIM = 4, MTIM_NOW = 8 };

static void timespec_for(uint64_t t, bool set, bool now, int64_t *ts) {
  if (now) {
    ts[0] = 0, ts[1] = W2N_UTIME_NOW;
  } else if (set) {
    ts[0] = (int64_t)(t / 1000000000u), ts[1] = (int64_t)(t % 1000000000u);
  } else {
    ts[0] = 0, ts[1] = W2N_UTIME_OMIT;
  }
}

int32_t w2n_wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t fst_flags, int64_t ts[4]) {
  if (fst_flags & ~15u) return W2N_WASI_EINVAL;
  if ((fst_flags & ATIM) && (fst_flags & ATIM_NOW)) return W2N_WASI_EINVAL;
  if ((fst_flags & MTIM) && (fst_flags & MTIM_NOW)) return W2N_WASI_EINVAL;
  timespec_for(atim, fst_flags & ATIM, fst_flags & ATIM_NOW, ts);
  timespec_for(mtim, fst_flags & MTIM, fst_flags & MTIM_NOW, ts + 2);
  return W2N_WASI_ESUCCESS;
}
