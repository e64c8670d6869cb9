/* The host instances that wasm2c output is instantiated with: `bench` and a WASI preview1 state
   (the guest's memory, bound after instantiation, and its arguments). See wasi_shim.c. */
#ifndef BENCH_WASI_SHIM_H
#define BENCH_WASI_SHIM_H

#include "wasm-rt.h"

#ifndef WASM_RT_CORE_TYPES_DEFINED
#define WASM_RT_CORE_TYPES_DEFINED
typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
typedef float f32;
typedef double f64;
#endif

struct Z_bench_instance_t {
  int unused;
};

typedef struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *memory;
  int argc;
  char **argv;
} w2c_wasi;

#endif
