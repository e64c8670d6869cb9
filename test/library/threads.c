// Instances of one library used on several threads at once (probe.wat): 4 threads, each with 4
// instances of its own, bump each instance many times in turn and make traps of every kind on
// the way; every count must come out exact and every trap must come back to the thread that
// caused it, with its own message, leaving the thread's other instances working.
#include "probe.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { THREADS = 4, INSTANCES = 4, ROUNDS = 20000 };

static int trapped_as(bool ok, w2n_error *err, const char *message) {
  int match = !ok && err && !strcmp(w2n_error_message(err), message);
  if (err) w2n_error_free(err);
  return match;
}

static void *worker(void *arg) {
  long id = (long)arg, bad = 0;
  probe_instance *inst[INSTANCES];
  for (int i = 0; i < INSTANCES; i++)
    if (!(inst[i] = probe_instantiate(NULL, NULL))) return (void *)1;
  for (uint32_t round = 1; round <= ROUNDS; round++) {
    for (int i = 0; i < INSTANCES; i++) {
      uint32_t n = 0;
      if (!probe_bump(inst[i], &n, NULL) || n != round) bad++;
    }
    if (round % 1000 == 0) { // a trap on a fresh instance, then back to the counted ones
      probe_instance *t = probe_instantiate(NULL, NULL);
      w2n_error *err = NULL;
      uint32_t n;
      int32_t q;
      bool ok;
      switch ((round / 1000 + id) % 3) {
      case 0:
        ok = probe_boom(t, &err);
        bad += !trapped_as(ok, err, "wasm trap: unreachable");
        break;
      case 1:
        ok = probe_div(t, 1, 0, &q, &err);
        bad += !trapped_as(ok, err, "wasm trap: integer divide by zero");
        break;
      default:
        ok = probe_load(t, 1u << 20, &n, &err);
        bad += !trapped_as(ok, err, "wasm trap: out of bounds memory access");
      }
      probe_instance_free(t);
    }
  }
  for (int i = 0; i < INSTANCES; i++)
    probe_instance_free(inst[i]);
  return (void *)bad;
}

int main(void) {
  pthread_t threads[THREADS];
  for (long t = 0; t < THREADS; t++)
    pthread_create(&threads[t], NULL, worker, (void *)t);
  long bad = 0;
  for (int t = 0; t < THREADS; t++) {
    void *result;
    pthread_join(threads[t], &result);
    bad += (long)result;
  }
  printf("%s %d threads x %d instances x %d calls, traps on the way: %ld wrong\n",
         bad ? "FAIL" : "PASS", THREADS, INSTANCES, ROUNDS, bad);
  return bad != 0;
}
