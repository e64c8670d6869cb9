;; wasm2native's own memory64 cases: 64-bit memories of core modules inside a component (their
;; canonical options use 32-bit memories; 64-bit ones there are cm64, not compiled yet). Every
;; access is checked against the current size. Expected values follow from the instructions.

(component
  (core module $m
    (memory $mem i64 1 3)
    (data (memory $mem) (i64.const 8) "\2a\00\00\00")
    ;; The data segment put 42 at address 8; a store and load at 65532 (the last 4 bytes of
    ;; the first page) round-trip 7: 42 + 7 = 49.
    (func (export "basic") (result i32)
      (i64.store32 (i64.const 65532) (i64.const 7))
      (i32.add (i32.load (i64.const 8)) (i32.load (i64.const 65532))))
    ;; memory.size is 1 (i64); growing by 1 returns the old size 1; growing past the maximum 3
    ;; fails with -1: 1 * 100 + 1 * 10 + (-1 == -1) = 111.
    (func (export "grow") (result i64)
      (i64.add (i64.add (i64.mul (memory.size) (i64.const 100))
                        (i64.mul (memory.grow (i64.const 1)) (i64.const 10)))
               (i64.extend_i32_u (i64.eq (memory.grow (i64.const 5)) (i64.const -1)))))
    ;; fill [100, 110) with 9, copy it to 200: the byte at 209 is 9.
    (func (export "bulk") (result i32)
      (memory.fill (i64.const 100) (i32.const 9) (i64.const 10))
      (memory.copy (i64.const 200) (i64.const 100) (i64.const 10))
      (i32.load8_u (i64.const 209)))
    ;; A 4-byte load at 65533 of a one-page memory (grown to 2 by "grow" before this runs, so
    ;; the address used is 2 * 65536 - 3) reaches 1 byte past the end.
    (func (export "oob") (result i32) (i32.load (i64.const 131069)))
    ;; An offset that wraps the 64-bit sum is out of bounds too.
    (func (export "wrap") (result i32) (i32.load offset=0xffffffffffffffff (i64.const 1))))
  (core instance $i (instantiate $m))
  (func (export "basic") (result u32) (canon lift (core func $i "basic")))
  (func (export "grow") (result u64) (canon lift (core func $i "grow")))
  (func (export "bulk") (result u32) (canon lift (core func $i "bulk")))
  (func (export "oob") (result u32) (canon lift (core func $i "oob")))
  (func (export "wrap") (result u32) (canon lift (core func $i "wrap"))))

(assert_return (invoke "basic") (u32.const 49))
(assert_return (invoke "grow") (u64.const 111))
(assert_return (invoke "bulk") (u32.const 9))
(assert_trap (invoke "oob") "out of bounds memory access")

(component
  (core module $m
    (memory i64 1)
    (func (export "wrap") (result i32) (i32.load offset=0xffffffffffffffff (i64.const 1))))
  (core instance $i (instantiate $m))
  (func (export "wrap") (result u32) (canon lift (core func $i "wrap"))))
(assert_trap (invoke "wrap") "out of bounds memory access")

;; Beyond 4 GiB: a memory of 65537 pages; 5 stored at 2^32 + 16 reads back, and the last byte
;; of the memory (at 65537 * 65536 - 1) is writable: 5 + 3 = 8.
(component
  (core module $m
    (memory i64 65537 65537)
    (func (export "high") (result i32)
      (i32.store (i64.const 4294967312) (i32.const 5))
      (i32.store8 (i64.const 4295032831) (i32.const 3))
      (i32.add (i32.load (i64.const 4294967312)) (i32.load8_u (i64.const 4295032831)))))
  (core instance $i (instantiate $m))
  (func (export "high") (result u32) (canon lift (core func $i "high"))))
(assert_return (invoke "high") (u32.const 8))
