;; wasm2native's own exception handling cases (Wasm exception handling inside a component). The
;; expected values follow from the instructions; each case says how.

(component
  (core module $m
    (tag $e (param i32))
    (tag $other (param i32))
    (tag $wide (param i64 f64 i32))
    (func $thrower (param i32) (throw $e (local.get 0)))

    ;; A local set inside the try_table before the throw keeps that value in the handler:
    ;; payload x plus the latest $acc (10), not the value at try entry (1).
    (func (export "locals") (param $x i32) (result i32)
      (local $acc i32)
      (local.set $acc (i32.const 1))
      (block $h (result i32)
        (try_table (result i32) (catch $e $h)
          (local.set $acc (i32.const 10))
          (call $thrower (local.get $x))
          (i32.const -1)))
      (local.get $acc)
      (i32.add))

    ;; n iterations, each throwing and catching once: returns n.
    (func (export "loop") (param $n i32) (result i32)
      (local $caught i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (block $h (result i32)
            (try_table (result i32) (catch $e $h)
              (call $thrower (local.get $n))
              (i32.const 0)))
          (drop)
          (local.set $caught (i32.add (local.get $caught) (i32.const 1)))
          (br $next)))
      (local.get $caught))

    ;; An inner try_table that ended normally no longer catches: the throw after it reaches
    ;; the outer one with 7 while $count is 1, so 7 * 100 + 1.
    (func (export "stale") (result i32)
      (local $count i32)
      (block $outer (result i32)
        (try_table (result i32) (catch $e $outer)
          (block $inner
            (try_table (catch_all $inner) nop))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (call $thrower (i32.const 7))
          (i32.const 0)))
      (i32.mul (i32.const 100))
      (local.get $count)
      (i32.add))

    ;; catch_ref hands over the exception, throw_ref throws it again: the outer catch gets the
    ;; original payload x.
    (func (export "rethrow") (param $x i32) (result i32)
      (block $outer (result i32)
        (try_table (result i32) (catch $e $outer)
          (block $inner (result i32 exnref)
            (try_table (catch_ref $e $inner)
              (call $thrower (local.get $x)))
            (return (i32.const -1)))
          (throw_ref)
          (drop)
          (i32.const -2))))

    ;; catch_all_ref, then throw_ref to the caller's catch: payload x.
    (func $all-ref (param $x i32)
      (block $h (result exnref)
        (try_table (catch_all_ref $h)
          (call $thrower (local.get $x)))
        (return))
      (throw_ref))
    (func (export "catch-all-ref") (param $x i32) (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $all-ref (local.get $x)))
        (i32.const -1)))

    ;; A clause for another tag does not match; the next one does: x + 1000.
    (func (export "clause-order") (param $x i32) (result i32)
      (block $e-h (result i32)
        (block $other-h (result i32)
          (try_table (catch $other $other-h) (catch $e $e-h)
            (call $thrower (local.get $x)))
          (return (i32.const -1)))
        (return (i32.const -2)))
      (i32.add (i32.const 1000)))

    ;; Payloads of several types: 5000000000 + trunc(2.75) + x = 5000000002 + x.
    (func (export "wide") (param $x i32) (result i64)
      (local $a i64) (local $b f64) (local $c i32)
      (block $h (result i64 f64 i32)
        (try_table (catch $wide $h)
          (throw $wide (i64.const 5000000000) (f64.const 2.75) (local.get $x)))
        (unreachable))
      (local.set $c)
      (local.set $b)
      (local.set $a)
      (i64.add (i64.add (local.get $a) (i64.trunc_f64_s (local.get $b)))
               (i64.extend_i32_u (local.get $c))))

    ;; A callee that leaves its own try_table by a branch and by a return, many times, then
    ;; throws: the caller's handler (still the innermost one) catches 5.
    (func $leaves (result i32)
      (local $i i32)
      (loop $again
        (block $out
          (try_table (catch_all $out)
            (br $out)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $i) (i32.const 1000))))
      (block $b
        (try_table (catch_all $b)
          (return (i32.const 3))))
      (i32.const 4))
    (func (export "leave-then-throw") (result i32)
      (block $h (result i32)
        (try_table (result i32) (catch $e $h)
          (drop (call $leaves))
          (call $thrower (i32.const 5))
          (i32.const -1))))

    ;; The catch label is a loop: each catch re-enters it with the payload, x, x-1, ..., 0, so
    ;; the body runs x + 1 times.
    (func (export "catch-to-loop") (param $x i32) (result i32)
      (local $n i32)
      (local.get $x)
      (loop $l (param i32)
        (local.set $x)
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (if (local.get $x)
          (then
            (try_table (catch $e $l)
              (call $thrower (i32.sub (local.get $x) (i32.const 1)))))))
      (local.get $n))


    ;; Recursion where every level catches what the level below throws and throws it again plus
    ;; one: rec(0) throws 0, rec(k) throws k, so the outer catch gets n.
    (func $rec (param $n i32)
      (if (i32.eqz (local.get $n)) (then (throw $e (i32.const 0))))
      (block $h (result i32)
        (try_table (catch $e $h) (call $rec (i32.sub (local.get $n) (i32.const 1))))
        (unreachable))
      (throw $e (i32.add (i32.const 1))))
    (func (export "recursive") (param $n i32) (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (call $rec (local.get $n)))
        (i32.const -1)))
  )
  (core instance $i (instantiate $m))
  (func (export "recursive") (param "n" u32) (result u32)
    (canon lift (core func $i "recursive")))
  (func (export "locals") (param "x" u32) (result u32) (canon lift (core func $i "locals")))
  (func (export "loop") (param "n" u32) (result u32) (canon lift (core func $i "loop")))
  (func (export "stale") (result u32) (canon lift (core func $i "stale")))
  (func (export "rethrow") (param "x" u32) (result u32) (canon lift (core func $i "rethrow")))
  (func (export "catch-all-ref") (param "x" u32) (result u32)
    (canon lift (core func $i "catch-all-ref")))
  (func (export "clause-order") (param "x" u32) (result u32)
    (canon lift (core func $i "clause-order")))
  (func (export "wide") (param "x" u32) (result u64) (canon lift (core func $i "wide")))
  (func (export "leave-then-throw") (result u32) (canon lift (core func $i "leave-then-throw")))
  (func (export "catch-to-loop") (param "x" u32) (result u32)
    (canon lift (core func $i "catch-to-loop")))
)

(assert_return (invoke "locals" (u32.const 5)) (u32.const 15))
(assert_return (invoke "loop" (u32.const 100000)) (u32.const 100000))
(assert_return (invoke "stale") (u32.const 701))
(assert_return (invoke "rethrow" (u32.const 42)) (u32.const 42))
(assert_return (invoke "catch-all-ref" (u32.const 9)) (u32.const 9))
(assert_return (invoke "clause-order" (u32.const 3)) (u32.const 1003))
(assert_return (invoke "wide" (u32.const 7)) (u64.const 5000000009))
(assert_return (invoke "leave-then-throw") (u32.const 5))
(assert_return (invoke "catch-to-loop" (u32.const 5)) (u32.const 6))
(assert_return (invoke "recursive" (u32.const 50)) (u32.const 50))

;; Nothing catches: the call traps (and, as after any trap, the instance cannot be entered again).
(component
  (core module $m
    (tag $e (param i32))
    (func (export "uncaught") (throw $e (i32.const 1)))
    (func (export "f") (result i32) (i32.const 1)))
  (core instance $i (instantiate $m))
  (func (export "uncaught") (canon lift (core func $i "uncaught")))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "uncaught") "uncaught exception")
(assert_trap (invoke "f") "cannot enter component instance")

;; throw_ref of a null exnref traps.
(component
  (core module $m
    (func (export "null-ref") (throw_ref (ref.null exn))))
  (core instance $i (instantiate $m))
  (func (export "null-ref") (canon lift (core func $i "null-ref"))))
(assert_trap (invoke "null-ref") "null exception reference")

;; Validation of the instructions.
(assert_invalid
  (component (core module (tag $e (param i32)) (func (throw $e))))
  "type mismatch")
(assert_invalid
  (component (core module (tag $e (param i32))
    (func (block $h (try_table (catch $e $h) nop)))))
  "type mismatch in catch clause")
(assert_invalid
  (component (core module (func (throw_ref (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (component (core module (tag $e (result i32))))
  "non-empty tag result type")
