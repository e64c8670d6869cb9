/* A bytecode interpreter loop: a register machine with a switch dispatch running a program
   (total Collatz steps of 1..N plus a running hash), the shape of every scripting-language core. */
#include "bench.h"

enum { HALT, LOADI, MOV, ADD, ADDI, SUB, MUL, SHRI, ANDI, XOR, JMP, JZ, JNZ, JLT, JEQI };

typedef struct {
  uint8_t op, a, b, c;
  int32_t imm;
} insn;

static int64_t run(const insn *code, int64_t *reg) {
  const insn *pc = code;
  for (;;) {
    const insn *i = pc++;
    switch (i->op) {
    case HALT:
      return reg[i->a];
    case LOADI:
      reg[i->a] = i->imm;
      break;
    case MOV:
      reg[i->a] = reg[i->b];
      break;
    case ADD:
      reg[i->a] = reg[i->b] + reg[i->c];
      break;
    case ADDI:
      reg[i->a] = reg[i->b] + i->imm;
      break;
    case SUB:
      reg[i->a] = reg[i->b] - reg[i->c];
      break;
    case MUL:
      reg[i->a] = reg[i->b] * reg[i->c];
      break;
    case SHRI:
      reg[i->a] = (int64_t)((uint64_t)reg[i->b] >> i->imm);
      break;
    case ANDI:
      reg[i->a] = reg[i->b] & i->imm;
      break;
    case XOR:
      reg[i->a] = reg[i->b] ^ reg[i->c];
      break;
    case JMP:
      pc = code + i->imm;
      break;
    case JZ:
      if (reg[i->a] == 0) pc = code + i->imm;
      break;
    case JNZ:
      if (reg[i->a] != 0) pc = code + i->imm;
      break;
    case JLT:
      if (reg[i->a] < reg[i->b]) pc = code + i->imm;
      break;
    case JEQI:
      if (reg[i->a] == i->c) pc = code + i->imm;
      break;
    }
  }
}

static volatile int limit = 1200000;

int main(void) {
  /* r0 = n, r1 = limit, r2 = x, r3 = steps total, r4 = scratch, r5 = 3, r6 = hash, r7 = mult */
  const insn program[] = {
      /* 0 */ {LOADI, 0, 0, 0, 1},
      /* 1 */ {LOADI, 3, 0, 0, 0},
      /* 2 */ {LOADI, 5, 0, 0, 3},
      /* 3 */ {LOADI, 6, 0, 0, 0},
      /* 4 */ {LOADI, 7, 0, 0, 31},
      /* 5: outer */ {MOV, 2, 0, 0, 0},
      /* 6: inner */ {JEQI, 2, 0, 1, 15},
      /* 7 */ {ANDI, 4, 2, 0, 1},
      /* 8 */ {JZ, 4, 0, 0, 12},
      /* 9 */ {MUL, 2, 2, 5, 0},
      /* 10 */ {ADDI, 2, 2, 0, 1},
      /* 11 */ {JMP, 0, 0, 0, 13},
      /* 12 */ {SHRI, 2, 2, 0, 1},
      /* 13 */ {ADDI, 3, 3, 0, 1},
      /* 14 */ {JMP, 0, 0, 0, 6},
      /* 15: next */ {MUL, 6, 6, 7, 0},
      /* 16 */ {XOR, 6, 6, 3, 0},
      /* 17 */ {ADDI, 0, 0, 0, 1},
      /* 18 */ {JLT, 0, 1, 0, 5},
      /* 19 */ {ADD, 0, 3, 6, 0},
      /* 20 */ {HALT, 0, 0, 0, 0},
  };
  int64_t reg[8] = {0};
  reg[1] = limit;
  bench_start();
  int64_t result = run(program, reg);
  bench_end();
  printf("interp %d: steps %" PRId64 " result %" PRId64 "\n", limit, reg[3], result);
  return 0;
}
