// The test hosts' measure of memory given back: the process's resident size in KiB
// (/proc/self/statm's second field, in pages).
#pragma once

#include <stdio.h>
#include <unistd.h>

static long resident_kib(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}
