/* setjmp/longjmp on top of Binaryen's Asyncify, for wasm32-wasi programs (setjmp.h).
   setjmp unwinds the whole call stack up to main (here), keeps a copy of the unwound state for
   its jmp_buf, and rewinds it at once: setjmp returns 0. longjmp unwinds the stack (its state is
   dropped), puts back the copy taken by the matching setjmp and the shadow stack pointer of that
   moment, and rewinds it: that setjmp returns again, with the value. The functions here call the
   asyncify.* control functions, so Asyncify treats them as its runtime and leaves them
   uninstrumented; every function on a path to them is instrumented. Copies are kept per jmp_buf
   address and reused, so memory stays bounded by the number of distinct jmp_buf addresses. */
#define W2N_SJLJ_IMPLEMENTATION
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ASYNCIFY(name) __attribute__((import_module("asyncify"), import_name(#name)))
ASYNCIFY(start_unwind) void asyncify_start_unwind(void *data);
ASYNCIFY(stop_unwind) void asyncify_stop_unwind(void);
ASYNCIFY(start_rewind) void asyncify_start_rewind(void *data);
ASYNCIFY(stop_rewind) void asyncify_stop_rewind(void);

int w2n_sjlj_main(int argc, char **argv);

/* What Asyncify reads: the current position in the unwind data and its end. */
static struct { uint8_t *current, *end; } data;
static uint8_t *stack_area;
#define STACK_AREA_SIZE (4u << 20)

enum { NORMAL, CAPTURING, RESUMING_CAPTURE, LONGJMPING, RESUMING_LONGJMP };
static int mode = NORMAL;
static struct w2n_jmp_buf *target;

/* Unwound states, one per jmp_buf address. */
typedef struct saved {
  struct w2n_jmp_buf *env;
  uint8_t *bytes;
  size_t size, capacity;
} saved;
static saved *saves;
static size_t num_saves, cap_saves;

static saved *save_for(struct w2n_jmp_buf *env) {
  for (size_t i = 0; i < num_saves; i++)
    if (saves[i].env == env) return &saves[i];
  if (num_saves == cap_saves) {
    cap_saves = cap_saves ? 2 * cap_saves : 16;
    saves = realloc(saves, cap_saves * sizeof *saves);
    if (!saves) abort();
  }
  saves[num_saves] = (saved){env, 0, 0, 0};
  return &saves[num_saves++];
}

static uintptr_t get_stack_pointer(void) {
  uintptr_t sp;
  __asm__ volatile(".globaltype __stack_pointer, i32\n"
                   "global.get __stack_pointer\n"
                   "local.set %0"
                   : "=r"(sp));
  return sp;
}

static void set_stack_pointer(uintptr_t sp) {
  __asm__ volatile(".globaltype __stack_pointer, i32\n"
                   "local.get %0\n"
                   "global.set __stack_pointer"
                   :
                   : "r"(sp));
}

static void start_unwind(void) {
  data.current = stack_area;
  data.end = stack_area + STACK_AREA_SIZE;
  asyncify_start_unwind(&data);
}

int w2n_setjmp(struct w2n_jmp_buf *env) {
  if (mode == RESUMING_CAPTURE || mode == RESUMING_LONGJMP) { /* the rewind arrived here */
    asyncify_stop_rewind();
    int value = mode == RESUMING_LONGJMP ? target->value : 0;
    mode = NORMAL;
    return value;
  }
  env->stack_pointer = get_stack_pointer();
  target = env;
  mode = CAPTURING;
  start_unwind();
  return 0; /* not seen: the caller unwinds */
}

void w2n_longjmp(struct w2n_jmp_buf *env, int value) {
  env->value = value ? value : 1;
  target = env;
  mode = LONGJMPING;
  start_unwind();
  /* The instrumented caller unwinds when this returns. */
}

int main(int argc, char **argv) {
  stack_area = malloc(STACK_AREA_SIZE);
  if (!stack_area) abort();
  for (;;) {
    int result = w2n_sjlj_main(argc, argv);
    if (mode == NORMAL) return result;
    asyncify_stop_unwind();
    saved *s = save_for(target);
    if (mode == CAPTURING) { /* keep a copy of the state, then resume it */
      size_t size = (size_t)(data.current - stack_area);
      if (size > s->capacity) {
        s->bytes = realloc(s->bytes, size);
        if (!s->bytes) abort();
        s->capacity = size;
      }
      memcpy(s->bytes, stack_area, size);
      s->size = size;
      mode = RESUMING_CAPTURE;
    } else {                  /* longjmp: resume the state its setjmp kept */
      if (!s->bytes) abort(); /* longjmp to a jmp_buf setjmp never filled */
      memcpy(stack_area, s->bytes, s->size);
      data.current = stack_area + s->size;
      set_stack_pointer(target->stack_pointer);
      mode = RESUMING_LONGJMP;
    }
    asyncify_start_rewind(&data);
  }
}
