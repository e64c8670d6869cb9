/* Guest memory access for the WASI shim: the bound memory, bounds-checked pointers (64-bit
   arithmetic, so ptr + len cannot wrap), little-endian loads and stores that need no alignment,
   and the Linux → WASI errno mapping. */
#include "rt.h"
#include "wasi.h"

static w2n_memory *guest_memory;

void w2n_wasi_bind_memory(w2n_memory *mem) { guest_memory = mem; }

uint8_t *w2n_wasi_guest(uint32_t ptr, uint64_t len) {
  if (!guest_memory) __w2n_trap(W2N_TRAP_HOST_NO_MEMORY);
  if (len > guest_memory->size || ptr > guest_memory->size - len) return 0;
  return guest_memory->base + ptr;
}

void w2n_wasi_store_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}

void w2n_wasi_store_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

void w2n_wasi_store_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++)
    p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t w2n_wasi_load_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int32_t w2n_wasi_errno_from_linux(long err) {
  switch (-err) {
  case 4:
    return W2N_WASI_EINTR;
  case 5:
    return W2N_WASI_EIO;
  case 9:
    return W2N_WASI_EBADF;
  case 11:
    return W2N_WASI_EAGAIN;
  case 14:
    return W2N_WASI_EFAULT;
  case 22:
    return W2N_WASI_EINVAL;
  case 27:
    return W2N_WASI_EFBIG;
  case 28:
    return W2N_WASI_ENOSPC;
  case 29:
    return W2N_WASI_ESPIPE;
  case 32:
    return W2N_WASI_EPIPE;
  default:
    return W2N_WASI_EIO;
  }
}
