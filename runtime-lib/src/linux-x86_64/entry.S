/* x86-64 process entry: hands the initial stack (argc, argv, envp) to w2n_rt_start, and the
   helper that runs a function on another stack (the dedicated Wasm stack). */
  .section w2n_rt_text,"ax",@progbits

  .globl _start
  .type _start,@function
_start:
  xor %ebp, %ebp            /* ends the frame-pointer chain */
  mov %rsp, %rdi            /* points at argc */
  and $-16, %rsp
  call w2n_rt_start         /* never returns */
  hlt
  .size _start, . - _start

/* int w2n_run_on_stack(uintptr_t top, int (*fn)(void)) */
  .globl w2n_run_on_stack
  .type w2n_run_on_stack,@function
w2n_run_on_stack:
  push %rbp
  mov %rsp, %rbp
  push %rbx
  push %rbx                 /* keeps rsp 16-byte aligned */
  mov %rsp, %rbx            /* callee-saved: the old stack */
  mov %rdi, %rsp
  xor %ebp, %ebp            /* backtraces stop at the new stack's first frame */
  call *%rsi
  mov %rbx, %rsp
  pop %rbx
  pop %rbx
  pop %rbp
  ret
  .size w2n_run_on_stack, . - w2n_run_on_stack

  .section .note.GNU-stack,"",@progbits
