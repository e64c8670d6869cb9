/* The WASI preview1 shim (for core modules): host functions that compiled modules import as
   "__w2n_host_wasi_snapshot_preview1__<name>", and the binding of the guest's memory, which the
   generated program main makes after instantiation. */
#ifndef W2N_WASI_H
#define W2N_WASI_H

#include "w2n/abi.h"

/* Gives the shim the guest's exported "memory"; every guest pointer is checked against its size.
   A WASI call that needs memory before this traps (W2N_TRAP_HOST_NO_MEMORY). */
void w2n_wasi_bind_memory(w2n_memory *mem);

#define W2N_WASI_FUNC(name, sig, ret, params) ret w2n_wasi_##name params;
#include "wasi_funcs.def"
#undef W2N_WASI_FUNC

/* ---- Shared by the shim's sources. ---- */
/* WASI errno values (the preview1 witx). */
enum {
  W2N_WASI_ESUCCESS = 0,
  W2N_WASI_EAGAIN = 6,
  W2N_WASI_EBADF = 8,
  W2N_WASI_EFAULT = 21,
  W2N_WASI_EFBIG = 22,
  W2N_WASI_EINTR = 27,
  W2N_WASI_EINVAL = 28,
  W2N_WASI_EIO = 29,
  W2N_WASI_ENOSPC = 51,
  W2N_WASI_EPIPE = 64,
  W2N_WASI_ESPIPE = 67,
};

/* Host address of guest bytes [ptr, ptr + len), or 0 when they are not all inside the memory. */
uint8_t *w2n_wasi_guest(uint32_t ptr, uint64_t len);
void w2n_wasi_store_u16(uint8_t *p, uint16_t v);
void w2n_wasi_store_u32(uint8_t *p, uint32_t v);
void w2n_wasi_store_u64(uint8_t *p, uint64_t v);
uint32_t w2n_wasi_load_u32(const uint8_t *p);
/* The WASI errno for a negative Linux system call result. */
int32_t w2n_wasi_errno_from_linux(long err);

#endif
