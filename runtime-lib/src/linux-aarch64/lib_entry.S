/* AArch64: the library's fast export call (w2n/lib_abi.h, w2n_lib_flat_frame). Called with the
   core function's arguments, which it leaves in their registers, and the frame (the thread's
   active trap catcher) in x5. Saves the caller's callee-saved registers (x19-x30, sp, d8-d15: w2n_setjmp's
   layout) in the frame's buf, so that a trap's w2n_longjmp resumes the caller as if this call had
   returned (to x30); then calls the core function on the Wasm stack and, when it returns, leaves
   the instance. */
  .section w2n_rt_text,"ax",@progbits

  .globl w2n_lib_flat_enter
  .hidden w2n_lib_flat_enter
  .type w2n_lib_flat_enter,%function
w2n_lib_flat_enter:
  mov x9, x5                /* the frame: the sixth integer argument, after the core function's */
  stp x19, x20, [x9, #0]
  stp x21, x22, [x9, #16]
  stp x23, x24, [x9, #32]
  stp x25, x26, [x9, #48]
  stp x27, x28, [x9, #64]
  stp x29, x30, [x9, #80]
  mov x10, sp
  str x10, [x9, #96]
  stp d8, d9, [x9, #104]
  stp d10, d11, [x9, #120]
  stp d12, d13, [x9, #136]
  stp d14, d15, [x9, #152]
  mov x19, x9               /* the frame, kept across the call */
  mov x20, sp               /* the caller's stack */
  ldr x10, [x9, #272]       /* W2N_LIB_FLAT_STACK_TOP */
  mov sp, x10
  mov x29, #0               /* backtraces stop at the Wasm stack's first frame */
  ldr x16, [x9, #280]       /* W2N_LIB_FLAT_TARGET */
  blr x16
  mov sp, x20
  ldr x9, [x19, #288]       /* W2N_LIB_FLAT_MAY_ENTER (x0, d0: the result) */
  mov w10, #1
  str w10, [x9]
  mrs x9, tpidr_el0
  adrp x10, :gottprel:w2n_active_catcher
  ldr x10, [x10, #:gottprel_lo12:w2n_active_catcher]
  str xzr, [x9, x10]
  adrp x10, :gottprel:w2n_lib_context_current
  ldr x10, [x10, #:gottprel_lo12:w2n_lib_context_current]
  str xzr, [x9, x10]
  ldp x29, x30, [x19, #80]
  ldr x20, [x19, #8]
  ldr x19, [x19, #0]
  ret
  .size w2n_lib_flat_enter, . - w2n_lib_flat_enter

  .section .note.GNU-stack,"",%progbits
