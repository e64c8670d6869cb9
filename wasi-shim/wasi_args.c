/* WASI arguments and environment. The arguments are the process's argv (argv[0] included, as
   wasi-libc expects). The environment is empty: under the capability model the guest sees no
   variable unless the build grants it, and granting is not implemented yet. */
#include "rt.h"
#include "wasi.h"

static uint64_t strings_size(char **strings, uint32_t count) {
  uint64_t size = 0;
  for (uint32_t i = 0; i < count; i++)
    size += w2n_strlen(strings[i]) + 1;
  return size;
}

static int32_t sizes_get(char **strings, uint32_t count, int32_t count_ptr, int32_t size_ptr) {
  uint8_t *pc = w2n_wasi_guest((uint32_t)count_ptr, 4);
  uint8_t *ps = w2n_wasi_guest((uint32_t)size_ptr, 4);
  if (!pc || !ps) return W2N_WASI_EFAULT;
  w2n_wasi_store_u32(pc, count);
  w2n_wasi_store_u32(ps, (uint32_t)strings_size(strings, count));
  return W2N_WASI_ESUCCESS;
}

/* Writes the pointer array at list_ptr and the NUL-terminated strings at buf_ptr. */
static int32_t strings_get(char **strings, uint32_t count, int32_t list_ptr, int32_t buf_ptr) {
  uint64_t size = strings_size(strings, count);
  uint8_t *list = w2n_wasi_guest((uint32_t)list_ptr, (uint64_t)count * 4);
  uint8_t *buf = w2n_wasi_guest((uint32_t)buf_ptr, size);
  if (!list || !buf) return W2N_WASI_EFAULT;
  uint32_t offset = 0;
  for (uint32_t i = 0; i < count; i++) {
    w2n_wasi_store_u32(list + 4 * i, (uint32_t)buf_ptr + offset);
    size_t len = w2n_strlen(strings[i]) + 1;
    for (size_t k = 0; k < len; k++)
      buf[offset + k] = (uint8_t)strings[i][k];
    offset += (uint32_t)len;
  }
  return W2N_WASI_ESUCCESS;
}

int32_t w2n_wasi_args_sizes_get(void *ctx, int32_t argc_ptr, int32_t buf_size_ptr) {
  return sizes_get(w2n_argv, (uint32_t)w2n_argc, argc_ptr, buf_size_ptr);
}

int32_t w2n_wasi_args_get(void *ctx, int32_t argv_ptr, int32_t buf_ptr) {
  return strings_get(w2n_argv, (uint32_t)w2n_argc, argv_ptr, buf_ptr);
}

int32_t w2n_wasi_environ_sizes_get(void *ctx, int32_t count_ptr, int32_t size_ptr) {
  return sizes_get(0, 0, count_ptr, size_ptr);
}

int32_t w2n_wasi_environ_get(void *ctx, int32_t environ_ptr, int32_t buf_ptr) {
  return strings_get(0, 0, environ_ptr, buf_ptr);
}
