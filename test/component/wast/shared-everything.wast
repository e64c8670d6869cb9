;; wasm2native's own shared-everything-threads cases: shared tables and shared reference and
;; composite types validate and compile (there are no threads, so a shared table is an ordinary
;; one); shared and unshared types are distinct hierarchies. Expected values follow from the
;; instructions; the rejections from the proposal's rules (a shared table holds shared
;; references; (shared func) is not a funcref).

;; A shared table of (ref null (shared func)) made by one module and imported by another: it has
;; 2 elements, table.grow by 3 returns the old size 2, then both see 5.
(component
  (core module $A
    (table $t (export "t") shared 2 10 (ref null (shared func)))
    (func (export "grow") (result i32) (table.grow $t (ref.null (shared func)) (i32.const 3))))
  (core instance $a (instantiate $A))
  (core module $B
    (import "" "t" (table $t shared 1 (ref null (shared func))))
    (func (export "size") (result i32) (table.size $t)))
  (core instance $b (instantiate $B (with "" (instance (export "t" (table $a "t"))))))
  (func (export "grow") (result u32) (canon lift (core func $a "grow")))
  (func (export "size") (result u32) (canon lift (core func $b "size"))))
(assert_return (invoke "size") (u32.const 2))
(assert_return (invoke "grow") (u32.const 2))
(assert_return (invoke "size") (u32.const 5))

;; Shared composite types: a shared struct type at component level and in a module, and a
;; reference to it; ref.is_null of a null (ref null $s) is 1.
(component
  (core type $ft (shared (func (param i32))))
  (core module $m
    (type $s (shared (struct (field i32))))
    (global $g (mut (ref null $s)) (ref.null $s))
    (func (export "null") (result i32) (ref.is_null (global.get $g))))
  (core instance $i (instantiate $m))
  (func (export "null") (result u32) (canon lift (core func $i "null"))))
(assert_return (invoke "null") (u32.const 1))

;; A shared struct cast through (shared any): ref.test (ref $s) is 1, ref.test (ref (shared i31))
;; is 0, and the field read after ref.cast is 7: 100 + 0 + 7 = 107.
(component
  (core module $m
    (type $s (shared (struct (field i32))))
    (func (export "test") (result i32)
      (local $r (ref null (shared any)))
      (local.set $r (struct.new $s (i32.const 7)))
      (i32.add
        (i32.add (i32.mul (ref.test (ref $s) (local.get $r)) (i32.const 100))
                 (i32.mul (ref.test (ref (shared i31)) (local.get $r)) (i32.const 10)))
        (struct.get $s 0 (ref.cast (ref $s) (local.get $r))))))
  (core instance $i (instantiate $m))
  (func (export "test") (result u32) (canon lift (core func $i "test"))))
(assert_return (invoke "test") (u32.const 107))

(assert_invalid
  (component
    (core module (table shared 1 funcref)))
  "shared tables must have a shared element type")

(assert_invalid
  (component
    (core module (global funcref (ref.null (shared func)))))
  "type mismatch")

(assert_invalid
  (component
    (core module $A (table (export "t") 1 (ref null (shared func))))
    (core instance $a (instantiate $A))
    (core module $B (import "" "t" (table shared 1 (ref null (shared func)))))
    (core instance (instantiate $B (with "" (instance (export "t" (table $a "t")))))))
  "mismatch in the shared flag for tables")

(assert_invalid
  (component
    (core module
      (type $u (sub (struct)))
      (type $s (sub $u (shared (struct))))))
  "does not match its supertype")

;; A shared composite type contains only shared types: numbers and shared references.
(component
  (core type (shared (func (param i32 (ref null (shared extern))) (result f64))))
  (core module (type (shared (struct (field (mut i64)) (field (ref null (shared any))))))))
(assert_invalid
  (component
    (core module (type (shared (func (param externref))))))
  "shared composite type must contain shared types")
(assert_invalid
  (component
    (core module
      (type $u (struct))
      (type (shared (array (ref null $u))))))
  "shared composite type must contain shared types")
