/* AArch64 Linux specifics used by the shared runtime code: system call numbers, the system call
   instruction, and where the signal handler finds registers in the kernel's ucontext. */
#ifndef W2N_ARCH_H
#define W2N_ARCH_H

#include <stdint.h>

#define W2N_SYS_read 63
#define W2N_SYS_write 64
#define W2N_SYS_writev 66
#define W2N_SYS_close 57
#define W2N_SYS_fstat 80
#define W2N_SYS_lseek 62
#define W2N_SYS_mmap 222
#define W2N_SYS_mprotect 226
#define W2N_SYS_munmap 215
#define W2N_SYS_rt_sigaction 134
#define W2N_SYS_rt_sigprocmask 135
#define W2N_SYS_sigaltstack 132
#define W2N_SYS_exit_group 94
/* Used by the WASI shim (wasi-shim/). AArch64 has only the *at variants of path calls. */
#define W2N_SYS_ioctl 29
#define W2N_SYS_pread64 67
#define W2N_SYS_pwrite64 68
#define W2N_SYS_readv 65
#define W2N_SYS_sched_yield 124
#define W2N_SYS_fcntl 25
#define W2N_SYS_fsync 82
#define W2N_SYS_fdatasync 83
#define W2N_SYS_ftruncate 46
#define W2N_SYS_getdents64 61
#define W2N_SYS_fadvise64 223
#define W2N_SYS_clock_gettime 113
#define W2N_SYS_clock_getres 114
#define W2N_SYS_openat 56
#define W2N_SYS_mkdirat 34
#define W2N_SYS_unlinkat 35
#define W2N_SYS_linkat 37
#define W2N_SYS_symlinkat 36
#define W2N_SYS_readlinkat 78
#define W2N_SYS_ppoll 73
#define W2N_SYS_utimensat 88
#define W2N_SYS_fallocate 47
#define W2N_SYS_preadv 69
#define W2N_SYS_pwritev 70
#define W2N_SYS_renameat2 276
#define W2N_SYS_getrandom 278
#define W2N_SYS_statx 291
#define W2N_SYS_openat2 437

/* open(2) flags whose values differ between architectures. */
#define W2N_O_DIRECTORY 040000
#define W2N_O_NOFOLLOW 0100000

static inline long w2n_syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}

/* ucontext: uc_flags(8) uc_link(8) uc_stack(24) uc_sigmask(8 + 120 reserved), then the
   16-byte aligned sigcontext at 176: fault_address, regs[31], sp, pc, pstate. */
#define W2N_UC_SIGCONTEXT 176
#define W2N_UC_X(uc, i) (((uint64_t *)((char *)(uc) + W2N_UC_SIGCONTEXT + 8))[i])
static inline uintptr_t w2n_uc_pc(void *uc) { return W2N_UC_X(uc, 32); }
static inline uintptr_t w2n_uc_sp(void *uc) { return W2N_UC_X(uc, 31); }
static inline uintptr_t w2n_uc_fp(void *uc) { return W2N_UC_X(uc, 29); }

/* Makes the return from the signal handler enter fn(a0, a1, a2) on the stack whose 16-byte aligned
   top is `top`, as if called from address 0 (which ends backtraces). */
static inline void w2n_uc_redirect(void *uc, void *fn, uint64_t a0, uint64_t a1, uint64_t a2,
                                   uintptr_t top) {
  W2N_UC_X(uc, 0) = a0;
  W2N_UC_X(uc, 1) = a1;
  W2N_UC_X(uc, 2) = a2;
  W2N_UC_X(uc, 29) = 0; /* frame pointer */
  W2N_UC_X(uc, 30) = 0; /* link register */
  W2N_UC_X(uc, 31) = top;
  W2N_UC_X(uc, 32) = (uint64_t)(uintptr_t)fn;
}

#endif
