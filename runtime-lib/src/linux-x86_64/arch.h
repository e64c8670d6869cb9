/* x86-64 Linux specifics used by the shared runtime code: system call numbers, the system call
   instruction, and where the signal handler finds registers in the kernel's ucontext. */
#ifndef W2N_ARCH_H
#define W2N_ARCH_H

#include <stdint.h>

#define W2N_SYS_read 0
#define W2N_SYS_write 1
#define W2N_SYS_writev 20
#define W2N_SYS_close 3
#define W2N_SYS_fstat 5
#define W2N_SYS_lseek 8
#define W2N_SYS_mmap 9
#define W2N_SYS_mprotect 10
#define W2N_SYS_munmap 11
#define W2N_SYS_rt_sigaction 13
#define W2N_SYS_rt_sigprocmask 14
#define W2N_SYS_sigaltstack 131
#define W2N_SYS_exit_group 231
/* Used by the WASI shim (wasi-shim/). */
#define W2N_SYS_ioctl 16
#define W2N_SYS_pread64 17
#define W2N_SYS_pwrite64 18
#define W2N_SYS_readv 19
#define W2N_SYS_sched_yield 24
#define W2N_SYS_fcntl 72
#define W2N_SYS_fsync 74
#define W2N_SYS_fdatasync 75
#define W2N_SYS_ftruncate 77
#define W2N_SYS_getdents64 217
#define W2N_SYS_fadvise64 221
#define W2N_SYS_clock_gettime 228
#define W2N_SYS_clock_getres 229
#define W2N_SYS_openat 257
#define W2N_SYS_mkdirat 258
#define W2N_SYS_unlinkat 263
#define W2N_SYS_linkat 265
#define W2N_SYS_symlinkat 266
#define W2N_SYS_readlinkat 267
#define W2N_SYS_ppoll 271
#define W2N_SYS_utimensat 280
#define W2N_SYS_fallocate 285
#define W2N_SYS_preadv 295
#define W2N_SYS_pwritev 296
#define W2N_SYS_renameat2 316
#define W2N_SYS_getrandom 318
#define W2N_SYS_statx 332
#define W2N_SYS_openat2 437

/* open(2) flags whose values differ between architectures. */
#define W2N_O_DIRECTORY 0200000
#define W2N_O_NOFOLLOW 0400000

/* Large forward copies and fills (string.c): rep movsb/stosb, which CPUs with ERMS/FSRM (Intel
   since Ivy Bridge, AMD since Zen 3) run at full memory bandwidth. */
#define W2N_ARCH_BULK_MIN 2048
static inline void w2n_arch_copy_forward(void *dst, const void *src, unsigned long n) {
  __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}
static inline void w2n_arch_fill(void *dst, int c, unsigned long n) {
  __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
}

static inline long w2n_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

/* ucontext_t: uc_flags(8) uc_link(8) uc_stack(24), then mcontext gregs[] at 40 in the order
   r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip. */
#define W2N_UC_GREG(uc, i) (((uint64_t *)((char *)(uc) + 40))[i])
static inline uintptr_t w2n_uc_pc(void *uc) { return W2N_UC_GREG(uc, 16); }
static inline uintptr_t w2n_uc_sp(void *uc) { return W2N_UC_GREG(uc, 15); }
static inline uintptr_t w2n_uc_fp(void *uc) { return W2N_UC_GREG(uc, 10); }

/* Makes the return from the signal handler enter fn(a0, a1, a2) on the stack whose 16-byte aligned
   top is `top`, as if called from address 0 (which ends backtraces). */
static inline void w2n_uc_redirect(void *uc, void *fn, uint64_t a0, uint64_t a1, uint64_t a2,
                                   uintptr_t top) {
  uintptr_t sp = top - 8; /* a call leaves rsp 8 below a 16-byte boundary */
  *(uint64_t *)sp = 0;
  W2N_UC_GREG(uc, 8) = a0;  /* rdi */
  W2N_UC_GREG(uc, 9) = a1;  /* rsi */
  W2N_UC_GREG(uc, 12) = a2; /* rdx */
  W2N_UC_GREG(uc, 10) = 0;  /* rbp */
  W2N_UC_GREG(uc, 15) = sp;
  W2N_UC_GREG(uc, 16) = (uint64_t)(uintptr_t)fn;
}

#endif
