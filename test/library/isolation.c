// Host isolation of a library (probe.wat as --emit=lib or --emit=shared): instances are
// independent; a trap of any kind comes back as an error with the spec's message and leaves
// that instance refusing every later call while others go on; a new instance works; a handle the
// host drops runs the resource's destructor; the host's own SIGSEGV handler, installed first,
// still gets the host's own faults, and traps still work after it did. Prints PASS lines and
// exits 0 when every check holds.
#include "probe.h"
#include "resident.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failed;
static void check(int ok, const char *what) {
  printf("%s %s\n", ok ? "PASS" : "FAIL", what);
  failed |= !ok;
}

// Calls that must fail with exactly this message (the call is made before err is read).
#define FAILS_WITH(call, message) (ok_ = (call), fails_with(ok_, err, message))
static bool ok_;
static w2n_error *err;
static int fails_with(bool ok, w2n_error *err, const char *message) {
  int match = !ok && err && !strcmp(w2n_error_message(err), message);
  if (!ok && !match) printf("  got: %s\n", err ? w2n_error_message(err) : "(no error)");
  if (err) w2n_error_free(err);
  return match;
}

static sigjmp_buf host_jump;
static volatile int host_faults;
static void host_handler(int sig) {
  (void)sig;
  host_faults++;
  siglongjmp(host_jump, 1);
}

int main(int argc, char **argv) {
  // How many instances to make and free at the end (fewer under qemu, whose bookkeeping of
  // guest address space makes each 8 GiB reservation expensive).
  int many = argc > 1 ? atoi(argv[1]) : 20000;
  setvbuf(stdout, NULL, _IONBF, 0); // every line, even if something ends the process
  // The host's handler comes first, as in a program that has its own.
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = host_handler;
  sigaction(SIGSEGV, &sa, NULL);

  err = NULL;
  probe_instance *a = probe_instantiate(NULL, &err), *b = probe_instantiate(NULL, &err);
  check(a && b, "two instances");
  uint32_t n = 0;
  probe_bump(a, &n, NULL);
  probe_bump(a, &n, NULL);
  check(n == 2, "instance a counts its own calls");
  check(probe_bump(b, &n, NULL) && n == 1, "instance b has its own state");

  err = NULL;
  check(FAILS_WITH(probe_boom(a, &err), "wasm trap: unreachable"), "unreachable traps");
  err = NULL;
  check(FAILS_WITH(probe_bump(a, &n, &err),
                   "the instance trapped in an earlier call and cannot be entered again"),
        "a trapped instance refuses later calls");
  check(probe_bump(b, &n, NULL) && n == 2, "the other instance goes on");

  int32_t q = 0;
  err = NULL;
  check(probe_div(b, 7, 2, &q, NULL) && q == 3, "div works");
  check(FAILS_WITH(probe_div(b, 1, 0, &q, &err), "wasm trap: integer divide by zero"),
        "division by zero traps");

  probe_instance *c = probe_instantiate(NULL, &err);
  err = NULL;
  check(c && FAILS_WITH(probe_load(c, 65536, &n, &err), "wasm trap: out of bounds memory access"),
        "a load beyond the memory traps");
  probe_instance *d = probe_instantiate(NULL, &err);
  err = NULL;
  check(d && FAILS_WITH(probe_recurse(d, 0, &n, &err), "wasm trap: call stack exhausted"),
        "unbounded recursion traps");

  // A handle the host holds: dropping it runs the resource's destructor in the instance.
  probe_instance *f = probe_instantiate(NULL, NULL);
  probe_own_cell_t cell = 0;
  uint32_t drops = 99;
  check(probe_make_cell(f, 42, &cell, NULL) && cell == 42, "a resource made for the host");
  check(probe_drops(f, &drops, NULL) && drops == 0, "no destructor has run yet");
  check(probe_drop_cell(f, cell, NULL) && probe_drops(f, &drops, NULL) && drops == 1,
        "dropping the host's handle runs the destructor");
  probe_instance_free(f);

  // A fault of the host's own goes to the host's handler.
  char *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(host_jump, 1) == 0) {
    *(volatile char *)page = 1;
    check(0, "the host's fault reached its handler");
  } else {
    check(host_faults == 1, "the host's fault reached its handler");
  }
  probe_instance *e = probe_instantiate(NULL, &err);
  err = NULL;
  check(e && FAILS_WITH(probe_load(e, 70000, &n, &err), "wasm trap: out of bounds memory access") &&
            host_faults == 1,
        "traps still work after the host's fault, without reaching the host's handler");
  check(e && probe_bump(e, &n, NULL) == false, "the instance that trapped stays poisoned");

  // Many instances made and freed: their memories are returned (each reserves 8 GiB of
  // address space, so leaking them would run out long before 20000, the default), and so is
  // everything else the runtime allocated for them: the resident size grows by less than
  // 2 MiB over 20000 (by 11 MiB when the ~580 bytes of tables and handles each leaked).
  for (int i = 0; i < 100; i++) // warm-up: the allocator's and the C library's first chunks
    probe_instance_free(probe_instantiate(NULL, NULL));
  long before = resident_kib();
  int made = 0;
  for (int i = 0; i < many; i++) {
    probe_instance *t = probe_instantiate(NULL, NULL);
    if (!t) break;
    made += probe_bump(t, &n, NULL) && n == 1;
    probe_instance_free(t);
  }
  check(made == many, "many instances made, used and freed");
  long grown = resident_kib() - before;
  if (many >= 20000) {
    check(grown < 2048, "freed instances leave no memory behind");
    if (grown >= 2048) printf("  resident size grew by %ld KiB\n", grown);
  }

  probe_instance_free(a);
  probe_instance_free(b);
  probe_instance_free(c);
  probe_instance_free(d);
  probe_instance_free(e);
  return failed;
}
