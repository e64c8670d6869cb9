/* x86-64: the library's fast export call (w2n/lib_abi.h, w2n_lib_flat_frame). Called with the core
   function's arguments, which it leaves in their registers, and the frame (the thread's active
   trap catcher) in r9. Saves the caller's callee-saved registers, stack pointer and return address in the
   frame's buf (w2n_setjmp's layout), so that a trap's w2n_longjmp resumes the caller as if this
   call had returned; then calls the core function on the Wasm stack and, when it returns, leaves
   the instance. */
  .section w2n_rt_text,"ax",@progbits

  .globl w2n_lib_flat_enter
  .hidden w2n_lib_flat_enter
  .type w2n_lib_flat_enter,@function
w2n_lib_flat_enter:
  mov %r9, %rax             /* the frame: the sixth integer argument, after the core function's */
  mov %rbx, 0(%rax)
  mov %rbp, 8(%rax)
  mov %r12, 16(%rax)
  mov %r13, 24(%rax)
  mov %r14, 32(%rax)
  mov %r15, 40(%rax)
  lea 8(%rsp), %r11         /* rsp after returning */
  mov %r11, 48(%rax)
  mov (%rsp), %r11          /* where a trap resumes: our return address */
  mov %r11, 56(%rax)
  mov %rax, %rbx            /* the frame, kept across the call */
  mov %rsp, %r12            /* the caller's stack */
  mov 272(%rax), %rsp       /* W2N_LIB_FLAT_STACK_TOP */
  xor %ebp, %ebp            /* backtraces stop at the Wasm stack's first frame */
  call *280(%rbx)           /* W2N_LIB_FLAT_TARGET */
  mov %r12, %rsp
  mov 288(%rbx), %rcx       /* W2N_LIB_FLAT_MAY_ENTER (rax, xmm0: the result) */
  movl $1, (%rcx)
  mov w2n_active_catcher@gottpoff(%rip), %rcx
  movq $0, %fs:(%rcx)
  mov w2n_lib_context_current@gottpoff(%rip), %rcx
  movq $0, %fs:(%rcx)
  mov 8(%rbx), %rbp
  mov 16(%rbx), %r12
  mov 0(%rbx), %rbx
  ret
  .size w2n_lib_flat_enter, . - w2n_lib_flat_enter

  .section .note.GNU-stack,"",@progbits
