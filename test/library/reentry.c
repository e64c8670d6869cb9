// Calls into a library from inside a call (reentry.wat): the host answers the component's import
// `call-out` by calling an export of a library instance. Into another instance that works and
// both keep their state; into the instance that is making the call it traps ("cannot enter
// component instance", the component model's rule against re-entry) and poisons it. The calls
// that come after on the thread, from the host, work as before; an export with a post-return
// function runs it after every call. Expected values by reasoning, written at each check.
#include "reentry.h"

#include <stdio.h>
#include <string.h>

static int failed;
static void check(int ok, const char *what) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failed |= !ok;
}

static reentry_instance *target; // where call-out calls back into
static char inner_message[128];  // the error of the call it made, if any

// call-out(n): n + the target's bump().
static bool call_out(void *ctx, uint32_t n, uint32_t *ret, w2n_error **error) {
  (void)ctx;
  uint32_t count = 0;
  w2n_error *inner = NULL;
  if (!reentry_bump(target, &count, &inner)) {
    snprintf(inner_message, sizeof inner_message, "%s", w2n_error_message(inner));
    w2n_error_free(inner);
    *error = w2n_error_new("the call back failed");
    return false;
  }
  *ret = n + count;
  return true;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  reentry_imports imports = {call_out};
  w2n_config config = {&imports, NULL};
  w2n_error *err = NULL;
  reentry_instance *a = reentry_instantiate(&config, &err);
  reentry_instance *b = reentry_instantiate(&config, &err);
  if (!a || !b) {
    printf("FAIL instantiate: %s\n", w2n_error_message(err));
    return 1;
  }
  uint32_t n = 0;
  check(reentry_bump(a, &n, NULL) && n == 1, "a's first bump is 1");

  // relay(10) on a: call-out(10) = 10 + b's first bump (1) = 11; relay adds 1.
  target = b;
  check(reentry_relay(a, 10, &n, NULL) && n == 12, "a host import calls into another instance");
  check(reentry_bump(b, &n, NULL) && n == 2, "that instance kept the state of the inner call");
  check(reentry_bump(a, &n, NULL) && n == 2, "the outer instance goes on after it");
  for (int i = 0; i < 1000; i++)
    reentry_bump(a, &n, NULL);
  check(n == 1002, "a thousand calls from the host after the nested one");

  // posted(n) = n + the number of post-return runs before it.
  check(reentry_posted(a, 5, &n, NULL) && n == 5, "an export with post-return");
  check(reentry_posted(a, 5, &n, NULL) && n == 6, "its post-return ran once");

  // Into the instance that is making the call: the inner call traps and poisons a; the host's
  // import then fails, which traps the outer call with the host's message.
  target = a;
  err = NULL;
  bool ok = reentry_relay(a, 0, &n, &err);
  check(!ok && err &&
            !strcmp(w2n_error_message(err), "wasm trap: host import failed: the call back failed"),
        "re-entering the calling instance fails the outer call");
  if (err) w2n_error_free(err);
  check(!strcmp(inner_message, "wasm trap: cannot enter component instance"),
        "the inner call traps: cannot enter component instance");
  err = NULL;
  check(!reentry_bump(a, &n, &err) && err &&
            !strcmp(w2n_error_message(err),
                    "the instance trapped in an earlier call and cannot be entered again"),
        "the instance is poisoned");
  if (err) w2n_error_free(err);
  check(reentry_bump(b, &n, NULL) && n == 3, "the other instance still works");

  reentry_instance_free(a);
  reentry_instance_free(b);
  return failed;
}
