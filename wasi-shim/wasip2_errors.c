/* Errors of the WASI 0.2 host: wasi:filesystem's error-code (mapped from the preview1 errno that
   the shared resolution code returns, or from a Linux errno), and the wasi:io/error resource,
   whose rep is the Linux errno of the failed stream operation (no allocation, no destructor). */
#include "wasip2_internal.h"

/* error-code names in WIT order, for to-debug-string. */
static const char *const code_names[P2_EC_COUNT] = {
    "access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist",
    "file-too-large", "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io",
    "is-directory", "loop", "too-many-links", "message-size", "name-too-long", "no-device",
    "no-entry", "no-lock", "insufficient-memory", "insufficient-space", "not-directory",
    "not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
    "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device"};

/* Pairs (preview1 errno, error-code); everything else is io. */
static const uint8_t code_map[][2] = {
    {W2N_WASI_EACCES, 0},        {W2N_WASI_EAGAIN, 1},       {W2N_WASI_EALREADY, 2},
    {W2N_WASI_EBADF, 3},         {W2N_WASI_EBUSY, 4},        {W2N_WASI_EDEADLK, 5},
    {W2N_WASI_EDQUOT, 6},        {W2N_WASI_EEXIST, 7},       {W2N_WASI_EFBIG, 8},
    {W2N_WASI_EILSEQ, 9},        {W2N_WASI_EINPROGRESS, 10}, {W2N_WASI_EINTR, 11},
    {W2N_WASI_EINVAL, 12},       {W2N_WASI_EIO, 13},         {W2N_WASI_EISDIR, 14},
    {W2N_WASI_ELOOP, 15},        {W2N_WASI_EMLINK, 16},      {W2N_WASI_EMSGSIZE, 17},
    {W2N_WASI_ENAMETOOLONG, 18}, {W2N_WASI_ENODEV, 19},      {W2N_WASI_ENOENT, 20},
    {W2N_WASI_ENOLCK, 21},       {W2N_WASI_ENOMEM, 22},      {W2N_WASI_ENOSPC, 23},
    {W2N_WASI_ENOTDIR, 24},      {W2N_WASI_ENOTEMPTY, 25},   {W2N_WASI_ENOTRECOVERABLE, 26},
    {W2N_WASI_ENOTSUP, 27},      {W2N_WASI_ENOSYS, 27},      {W2N_WASI_ENOTTY, 28},
    {W2N_WASI_ENXIO, 29},        {W2N_WASI_EOVERFLOW, 30},   {W2N_WASI_EPERM, 31},
    {W2N_WASI_ENOTCAPABLE, 31},  {W2N_WASI_EPIPE, 32},       {W2N_WASI_EROFS, 33},
    {W2N_WASI_ESPIPE, 34},       {W2N_WASI_ETXTBSY, 35},     {W2N_WASI_EXDEV, 36},
    {W2N_WASI_EFAULT, 12},
};

uint8_t w2n_p2_error_code(int32_t wasi_errno) {
  if (wasi_errno & 0x100) return (uint8_t)(wasi_errno & 0xff);
  for (size_t i = 0; i < sizeof code_map / sizeof code_map[0]; i++)
    if (code_map[i][0] == wasi_errno) return code_map[i][1];
  return P2_EC_IO;
}

uint8_t w2n_p2_error_code_linux(long err) {
  return w2n_p2_error_code(w2n_wasi_errno_from_linux(err));
}

const w2n_resource_type __w2n_p2_res_wasi_io_error_error = {
    .name = "wasi:io/error.error"};

uint32_t w2n_p2_new_error(w2n_p2_opts *o, long linux_errno) {
  if (linux_errno < 0) linux_errno = -linux_errno;
  if (linux_errno == 0) linux_errno = 5; /* EIO */
  return w2n_handle_new_own(o->instance, P2_RES(wasi_io_error_error), (uint64_t)linux_errno);
}

static long error_rep(w2n_p2_opts *o, uint32_t self) {
  return (long)w2n_handle_rep(o->instance, self, P2_RES(wasi_io_error_error));
}

/* [method]error.to-debug-string: func(self: borrow<error>) -> string */
void __w2n_p2_wasi_io_error_error_to_debug_string(w2n_p2_opts *o, uint32_t self, uint32_t ret) {
  long e = error_rep(o, self);
  w2n_out out = {.fd = -1}; /* a string builder: never flushed */
  w2n_out_str(&out, code_names[w2n_p2_error_code_linux(-e)]);
  w2n_out_str(&out, " (Linux errno ");
  w2n_out_dec(&out, e);
  w2n_out_str(&out, ")");
  w2n_canon_store_string(o, ret, out.buf, out.len);
}

/* filesystem-error-code: func(err: borrow<error>) -> option<error-code> */
void __w2n_p2_wasi_filesystem_types_filesystem_error_code(w2n_p2_opts *o, uint32_t err,
                                                          uint32_t ret) {
  long e = error_rep(o, err);
  uint8_t *p = w2n_canon_mem(o, ret, 2, 1);
  p[0] = 1;
  p[1] = w2n_p2_error_code_linux(-e);
}
