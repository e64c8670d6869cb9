// Clocks print facts, never times: monotonic never goes back and sees a 20 ms sleep, the wall
// clock is after 2024 and before 2100, resolutions are positive.
#include <stdio.h>
#include <time.h>

static long long ns(clockid_t c) {
  struct timespec t;
  if (clock_gettime(c, &t) != 0) return -1;
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
  long long prev = ns(CLOCK_MONOTONIC), first = prev;
  int backwards = 0;
  for (int i = 0; i < 1000; i++) {
    long long now = ns(CLOCK_MONOTONIC);
    backwards |= now < prev;
    prev = now;
  }
  printf("monotonic %s\n", first >= 0 && !backwards ? "ok" : "BAD");
  struct timespec d = {0, 20 * 1000000};
  long long before = ns(CLOCK_MONOTONIC);
  nanosleep(&d, NULL);
  long long slept = ns(CLOCK_MONOTONIC) - before;
  printf("sleep %s\n", slept >= 20 * 1000000LL ? "ok" : "too short");
  long long wall = ns(CLOCK_REALTIME) / 1000000000LL;
  printf("realtime %s\n", wall > 1704067200LL && wall < 4102444800LL ? "plausible" : "implausible");
  time_t t = time(NULL);
  printf("time() %s\n", t - wall >= 0 && t - wall < 5 ? "agrees" : "disagrees");
  struct timespec r1, r2;
  int ok = clock_getres(CLOCK_MONOTONIC, &r1) == 0 && clock_getres(CLOCK_REALTIME, &r2) == 0;
  printf("resolution %s\n", ok && (r1.tv_sec || r1.tv_nsec) && (r2.tv_sec || r2.tv_nsec) ? "ok" : "BAD");
  return 0;
}
