// The native floor's functions (native.c).
#ifndef BENCH_NATIVE_H
#define BENCH_NATIVE_H

#include <stddef.h>
#include <stdint.h>

int32_t native_add(int32_t a, int32_t b);
uint32_t native_len(const char *s, size_t len);
uint32_t native_ends(const uint8_t *xs, size_t len);
int32_t native_call_host(uint32_t n);

#endif
