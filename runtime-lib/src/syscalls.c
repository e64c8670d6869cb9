/* Thin wrappers over the raw Linux system calls the runtime needs (numbers come from the per-arch
   arch.h), so that the rest of the runtime reads like ordinary C. */
#include "rt.h"

#define W2N_EINTR 4

long w2n_write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  size_t done = 0;
  while (done < len) {
    long r = w2n_sys(W2N_SYS_write, fd, (long)(p + done), (long)(len - done), 0, 0, 0);
    if (r == -W2N_EINTR) continue;
    if (r <= 0) return r < 0 ? r : -5; /* a write of 0 bytes to a non-empty request: report EIO */
    done += (size_t)r;
  }
  return (long)done;
}

void w2n_exit(int status) {
  for (;;)
    w2n_sys(W2N_SYS_exit_group, status, 0, 0, 0, 0, 0);
}

void *w2n_mmap(void *addr, size_t len, int prot, int flags) {
  long r = w2n_sys(W2N_SYS_mmap, (long)addr, (long)len, prot,
                   flags | W2N_MAP_PRIVATE | W2N_MAP_ANONYMOUS, -1, 0);
  if (r < 0 && r > -4096) return 0;
  return (void *)r;
}

int w2n_mprotect(void *addr, size_t len, int prot) {
  return (int)w2n_sys(W2N_SYS_mprotect, (long)addr, (long)len, prot, 0, 0, 0);
}

int w2n_munmap(void *addr, size_t len) {
  return (int)w2n_sys(W2N_SYS_munmap, (long)addr, (long)len, 0, 0, 0, 0);
}
