/* AArch64 context save/restore for trap unwinding (setjmp/longjmp over the callee-saved registers
   x19-x30, sp, d8-d15) and the signal restorer passed with SA_RESTORER. */
  .section w2n_rt_text,"ax",@progbits

/* int w2n_setjmp(w2n_jmpbuf buf) */
  .globl w2n_setjmp
  .type w2n_setjmp,%function
w2n_setjmp:
  stp x19, x20, [x0, #0]
  stp x21, x22, [x0, #16]
  stp x23, x24, [x0, #32]
  stp x25, x26, [x0, #48]
  stp x27, x28, [x0, #64]
  stp x29, x30, [x0, #80]
  mov x2, sp
  str x2, [x0, #96]
  stp d8, d9, [x0, #104]
  stp d10, d11, [x0, #120]
  stp d12, d13, [x0, #136]
  stp d14, d15, [x0, #152]
  mov w0, #0
  ret
  .size w2n_setjmp, . - w2n_setjmp

/* void w2n_longjmp(w2n_jmpbuf buf, int value): returns value (1 if 0) from w2n_setjmp */
  .globl w2n_longjmp
  .type w2n_longjmp,%function
w2n_longjmp:
  ldp x19, x20, [x0, #0]
  ldp x21, x22, [x0, #16]
  ldp x23, x24, [x0, #32]
  ldp x25, x26, [x0, #48]
  ldp x27, x28, [x0, #64]
  ldp x29, x30, [x0, #80]
  ldr x2, [x0, #96]
  mov sp, x2
  ldp d8, d9, [x0, #104]
  ldp d10, d11, [x0, #120]
  ldp d12, d13, [x0, #136]
  ldp d14, d15, [x0, #152]
  cmp w1, #0
  csinc w0, w1, wzr, ne
  br x30
  .size w2n_longjmp, . - w2n_longjmp

  .globl w2n_sigreturn_restorer
  .type w2n_sigreturn_restorer,%function
w2n_sigreturn_restorer:
  mov x8, #139              /* rt_sigreturn */
  svc #0
  brk #0
  .size w2n_sigreturn_restorer, . - w2n_sigreturn_restorer

/* int w2n_run_on_stack(uintptr_t top, int (*fn)(void *), void *arg) */
  .globl w2n_run_on_stack
  .type w2n_run_on_stack,%function
w2n_run_on_stack:
  stp x29, x30, [sp, #-32]!
  mov x29, sp
  str x19, [sp, #16]
  mov x19, sp               /* callee-saved: the old stack */
  mov sp, x0
  mov x0, x2                /* fn(arg) */
  mov x29, #0               /* backtraces stop at the new stack's first frame */
  blr x1
  mov sp, x19
  ldr x19, [sp, #16]
  ldp x29, x30, [sp], #32
  ret
  .size w2n_run_on_stack, . - w2n_run_on_stack

  .section .note.GNU-stack,"",%progbits
