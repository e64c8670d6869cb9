/* x86-64 context save/restore for trap unwinding (setjmp/longjmp over the callee-saved registers)
   and the signal restorer that the kernel requires (SA_RESTORER). */
  .section w2n_rt_text,"ax",@progbits

/* int w2n_setjmp(w2n_jmpbuf buf): rbx rbp r12 r13 r14 r15 rsp rip */
  .globl w2n_setjmp
  .type w2n_setjmp,@function
w2n_setjmp:
  mov %rbx, 0(%rdi)
  mov %rbp, 8(%rdi)
  mov %r12, 16(%rdi)
  mov %r13, 24(%rdi)
  mov %r14, 32(%rdi)
  mov %r15, 40(%rdi)
  lea 8(%rsp), %rdx         /* rsp after returning */
  mov %rdx, 48(%rdi)
  mov (%rsp), %rdx          /* return address */
  mov %rdx, 56(%rdi)
  xor %eax, %eax
  ret
  .size w2n_setjmp, . - w2n_setjmp

/* void w2n_longjmp(w2n_jmpbuf buf, int value): returns value (1 if 0) from w2n_setjmp */
  .globl w2n_longjmp
  .type w2n_longjmp,@function
w2n_longjmp:
  mov %esi, %eax
  test %eax, %eax
  jnz 1f
  inc %eax
1:
  mov 0(%rdi), %rbx
  mov 8(%rdi), %rbp
  mov 16(%rdi), %r12
  mov 24(%rdi), %r13
  mov 32(%rdi), %r14
  mov 40(%rdi), %r15
  mov 48(%rdi), %rsp
  jmp *56(%rdi)
  .size w2n_longjmp, . - w2n_longjmp

  .globl w2n_sigreturn_restorer
  .type w2n_sigreturn_restorer,@function
w2n_sigreturn_restorer:
  mov $15, %eax             /* rt_sigreturn */
  syscall
  hlt
  .size w2n_sigreturn_restorer, . - w2n_sigreturn_restorer

/* int w2n_run_on_stack(uintptr_t top, int (*fn)(void *), void *arg) */
  .globl w2n_run_on_stack
  .type w2n_run_on_stack,@function
w2n_run_on_stack:
  push %rbp
  mov %rsp, %rbp
  push %rbx
  push %rbx                 /* keeps rsp 16-byte aligned */
  mov %rsp, %rbx            /* callee-saved: the old stack */
  mov %rdi, %rsp
  mov %rdx, %rdi            /* fn(arg) */
  xor %ebp, %ebp            /* backtraces stop at the new stack's first frame */
  call *%rsi
  mov %rbx, %rsp
  pop %rbx
  pop %rbx
  pop %rbp
  ret
  .size w2n_run_on_stack, . - w2n_run_on_stack

  .section .note.GNU-stack,"",@progbits
