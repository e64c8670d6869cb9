// A library of a component using GC (gcheap.wat) on several threads at once: 4 threads, each
// with 2 instances of its own, add to a list each instance keeps in a global and make garbage
// (about 2 MiB per call, so every instance's heap collects several times) while the others do
// the same. Every sum must be exact: instance i's list holds 1 .. 10r after round r, so keep and
// churn both return 10r(10r + 1)/2. Then 200 instances that each made garbage are freed, and
// the resident size must not grow by their heaps (about 2 MiB each if kept). Prints PASS lines.
#include "gcheap.h"
#include "resident.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { THREADS = 4, INSTANCES = 2 };
static int rounds = 40;

static void *worker(void *arg) {
  (void)arg;
  long bad = 0;
  gcheap_instance *inst[INSTANCES];
  for (int i = 0; i < INSTANCES; i++)
    if (!(inst[i] = gcheap_instantiate(NULL, NULL))) return (void *)1;
  for (uint32_t r = 1; r <= (uint32_t)rounds; r++) {
    uint32_t want = 10 * r * (10 * r + 1) / 2;
    for (int i = 0; i < INSTANCES; i++) {
      uint32_t kept = 0, after = 0;
      if (!gcheap_keep(inst[i], 10, &kept, NULL) || kept != want) bad++;
      if (!gcheap_churn(inst[i], 2000, &after, NULL) || after != want) bad++;
    }
  }
  for (int i = 0; i < INSTANCES; i++)
    gcheap_instance_free(inst[i]);
  return (void *)bad;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atoi(argv[1]);
  pthread_t threads[THREADS];
  for (long t = 0; t < THREADS; t++)
    pthread_create(&threads[t], NULL, worker, NULL);
  long bad = 0;
  for (int t = 0; t < THREADS; t++) {
    void *result;
    pthread_join(threads[t], &result);
    bad += (long)result;
  }
  printf("%s %d threads x %d instances, %d rounds each: every sum exact (%ld wrong)\n",
         bad ? "FAIL" : "PASS", THREADS, INSTANCES, rounds, bad);

  long before = resident_kib();
  int freed = 0;
  for (int i = 0; i < 200; i++) {
    gcheap_instance *t = gcheap_instantiate(NULL, NULL);
    uint32_t sum = 0;
    freed += t && gcheap_keep(t, 3, &sum, NULL) && gcheap_churn(t, 2000, &sum, NULL) && sum == 6;
    gcheap_instance_free(t);
  }
  long grown = resident_kib() - before;
  printf("%s 200 instances that made garbage, freed: resident size grew by %ld KiB\n",
         freed == 200 && grown < 65536 ? "PASS" : "FAIL", grown);
  return bad || freed != 200 || grown >= 65536;
}
