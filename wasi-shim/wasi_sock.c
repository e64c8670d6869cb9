/* Sockets: preview1 can only use sockets it was given, and the build grants none, so every call
   on an open descriptor is ENOTSOCK and on anything else EBADF, as in Wasmtime. */
#include "wasi_internal.h"

static int32_t not_a_socket(int32_t fd) {
  return w2n_wasi_fd_at(fd) ? W2N_WASI_ENOTSOCK : W2N_WASI_EBADF;
}

int32_t w2n_wasi_sock_accept(void *ctx, int32_t fd, int32_t flags, int32_t fd_ptr) {
  return not_a_socket(fd);
}

int32_t w2n_wasi_sock_recv(void *ctx, int32_t fd, int32_t ri_data, int32_t ri_data_len,
                           int32_t ri_flags, int32_t ro_datalen_ptr, int32_t ro_flags_ptr) {
  return not_a_socket(fd);
}

int32_t w2n_wasi_sock_send(void *ctx, int32_t fd, int32_t si_data, int32_t si_data_len,
                           int32_t si_flags, int32_t so_datalen_ptr) {
  return not_a_socket(fd);
}

int32_t w2n_wasi_sock_shutdown(void *ctx, int32_t fd, int32_t how) { return not_a_socket(fd); }
