;; wasm2native's own adapter cases: calls between two component instances whose adapters are
;; compiled (scalars, one string or list without handles, any result). Expected values follow
;; from the canonical ABI: the callee sees its own copy of the caller's bytes.

(component
  (component $callee
    (core module $m
      (memory (export "memory") 1)
      (global $next (mut i32) (i32.const 256))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $r i32)
        (local.set $r (global.get $next))
        (global.set $next (i32.add (local.get $r) (i32.const 64)))
        (local.get $r))
      ;; (k: u32, bytes: list<u8>) -> u32: k + the sum of the bytes, as copied into this memory.
      (func (export "sum") (param $k i32) (param $p i32) (param $n i32) (result i32)
        (local $s i32)
        (local.set $s (local.get $k))
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
        (local.get $s))
      ;; () -> tuple<u32, string>: (42, "ok") from this memory, through the return area at 16.
      (data (i32.const 8) "ok")
      (func (export "pair") (result i32)
        (i32.store (i32.const 16) (i32.const 42))
        (i32.store (i32.const 20) (i32.const 8))
        (i32.store (i32.const 24) (i32.const 2))
        (i32.const 16)))
    (core instance $i (instantiate $m))
    (func (export "sum") (param "k" u32) (param "bytes" (list u8)) (result u32)
      (canon lift (core func $i "sum") (memory (core memory $i "memory"))
        (realloc (core func $i "realloc"))))
    (func (export "pair") (result (tuple u32 string))
      (canon lift (core func $i "pair") (memory (core memory $i "memory"))
        (realloc (core func $i "realloc")))))
  (instance $c (instantiate $callee))
  (core module $libc
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 512))
    (data (i32.const 32) "\01\02\03\fa"))
  (core instance $libc (instantiate $libc))
  (core func $sum (canon lower (func $c "sum") (memory (core memory $libc "memory"))))
  (core func $pair (canon lower (func $c "pair") (memory (core memory $libc "memory"))
    (realloc (core func $libc "realloc"))))
  (core module $main
    (import "" "memory" (memory 1))
    (import "" "sum" (func $sum (param i32 i32 i32) (result i32)))
    (import "" "pair" (func $pair (param i32)))
    ;; 1000 + 1 + 2 + 3 + 250 = 1256.
    (func (export "sum") (result i32) (call $sum (i32.const 1000) (i32.const 32) (i32.const 4)))
    ;; The tuple lands at 128 in this memory: 42, then "ok" copied by this realloc to 512 (its
    ;; first byte 'o' = 111): 42 * 1000 + 2 (the length) * 100 + 111 = 42311.
    (func (export "pair") (result i32)
      (call $pair (i32.const 128))
      (i32.add (i32.add (i32.mul (i32.load (i32.const 128)) (i32.const 1000))
                        (i32.mul (i32.load (i32.const 136)) (i32.const 100)))
               (i32.load8_u (i32.load (i32.const 132)))))
    ;; A list that runs past the end of this memory: lifting it traps.
    (func (export "bad") (result i32) (call $sum (i32.const 0) (i32.const 65535) (i32.const 2))))
  (core instance $mi (instantiate $main
    (with "" (instance (export "memory" (memory $libc "memory")) (export "sum" (func $sum))
                       (export "pair" (func $pair))))))
  (func (export "sum") (result u32) (canon lift (core func $mi "sum")))
  (func (export "pair") (result u32) (canon lift (core func $mi "pair")))
  (func (export "bad") (result u32) (canon lift (core func $mi "bad"))))

(assert_return (invoke "sum") (u32.const 1256))
(assert_return (invoke "pair") (u32.const 42311))
(assert_trap (invoke "bad") "list content out-of-bounds")
