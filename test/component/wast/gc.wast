;; wasm2native's own GC and typed-function-reference cases (core modules inside a component, where
;; those proposals are on). Expected values follow from the instructions; each case says how.

(component
  (core module $m
    (type $point (struct (field $x (mut i32)) (field $y i64) (field $z f64)))
    (type $packed (struct (field $b (mut i8)) (field $h (mut i16))))
    (type $node (struct (field $v i32) (field $next (ref null $node))))
    (type $bytes (array (mut i8)))
    (type $ints (array (mut i32)))
    (type $refs (array (mut (ref null $point))))
    (rec
      (type $A (sub (struct (field i32))))
      (type $B (sub $A (struct (field i32) (field i32))))
      (type $C (sub final $B (struct (field i32) (field i32) (field i64)))))
    (type $unary (func (param i32) (result i32)))
    (type $maybe-point (func (param (ref null $point)) (result i32)))

    (data $hello "hello")
    (elem $fns func $double $inc)
    (table $t 2 (ref null $unary))
    (elem (table $t) (i32.const 0) (ref null $unary) (ref.func $double) (ref.func $inc))

    ;; Globals initialized by extended constant expressions: a struct built from two constants
    ;; and a sum (40 + 2), and an array of three fixed elements.
    (global $g (ref $point)
      (struct.new $point (i32.add (i32.const 40) (i32.const 2)) (i64.const 7) (f64.const 0.5)))
    (global $arr (ref $ints) (array.new_fixed $ints 3 (i32.const 5) (i32.const 6) (i32.const 7)))

    (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
    (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))

    ;; Fields: x is set to 3 after creation, y (i64 9) and z (f64 2.5) are read back:
    ;; 3 + 9 + trunc(2.5 * 4) = 22.
    (func (export "fields") (result i32)
      (local $p (ref $point))
      (local.set $p (struct.new $point (i32.const 1) (i64.const 9) (f64.const 2.5)))
      (struct.set $point $x (local.get $p) (i32.const 3))
      (i32.add
        (i32.add (struct.get $point $x (local.get $p))
                 (i32.wrap_i64 (struct.get $point $y (local.get $p))))
        (i32.trunc_f64_s (f64.mul (struct.get $point $z (local.get $p)) (f64.const 4)))))

    ;; Packed fields: 0xff stored in an i8 reads back as -1 signed and 255 unsigned; 0x18000 in
    ;; an i16 keeps 0x8000 (-32768 signed, 32768 unsigned). -1 + 255 + -32768 + 32768 = 254.
    (func (export "packed") (result i32)
      (local $p (ref $packed))
      (local.set $p (struct.new_default $packed))
      (struct.set $packed $b (local.get $p) (i32.const 0xff))
      (struct.set $packed $h (local.get $p) (i32.const 0x18000))
      (i32.add
        (i32.add (struct.get_s $packed $b (local.get $p)) (struct.get_u $packed $b (local.get $p)))
        (i32.add (struct.get_s $packed $h (local.get $p)) (struct.get_u $packed $h (local.get $p)))))

    ;; Defaults are zero and null: 0 + 0 + (null is null: 1) = 1.
    (func (export "defaults") (result i32)
      (local $n (ref $node))
      (local.set $n (struct.new_default $node))
      (i32.add (struct.get $node $v (local.get $n))
               (ref.is_null (struct.get $node $next (local.get $n)))))

    ;; A list of n nodes holding 1..n, summed by walking it: n(n+1)/2 (mod 2^32).
    (func (export "list") (param $n i32) (result i32)
      (local $head (ref null $node)) (local $sum i32)
      (block $done
        (loop $build
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $head (struct.new $node (local.get $n) (local.get $head)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $build)))
      (block $end
        (loop $walk
          (local.set $sum
            (i32.add (local.get $sum) (struct.get $node $v (br_on_null $end (local.get $head)))))
          (local.set $head (struct.get $node $next (local.get $head)))
          (br $walk)))
      (local.get $sum))

    ;; Arrays: new (4 copies of 3), fill [1,3) with 8, copy the array onto itself shifted by one
    ;; ([3,8,8,3] -> [3,3,8,8]), then len * 1000 + a[0] * 100 + a[1] * 10 + a[3] = 4338.
    (func (export "arrays") (result i32)
      (local $a (ref $ints))
      (local.set $a (array.new $ints (i32.const 3) (i32.const 4)))
      (array.fill $ints (local.get $a) (i32.const 1) (i32.const 8) (i32.const 2))
      (array.copy $ints $ints (local.get $a) (i32.const 1) (local.get $a) (i32.const 0)
                  (i32.const 3))
      (i32.add
        (i32.add (i32.mul (array.len (local.get $a)) (i32.const 1000))
                 (i32.mul (array.get $ints (local.get $a) (i32.const 0)) (i32.const 100)))
        (i32.add (i32.mul (array.get $ints (local.get $a) (i32.const 1)) (i32.const 10))
                 (array.get $ints (local.get $a) (i32.const 3)))))

    ;; Bytes from a data segment: "hello"[1..4) = "ell"; 'e' (101) + 'l' (108) + 'l' (108) = 317;
    ;; 200 written into a[2] reads back signed as -56: 317 - 56 = 261; array.init_data then
    ;; overwrites a[0] with 'h' (104): 261 + 104 = 365.
    (func (export "bytes") (result i32)
      (local $a (ref $bytes)) (local $sum i32)
      (local.set $a (array.new_data $bytes $hello (i32.const 1) (i32.const 3)))
      (local.set $sum
        (i32.add (i32.add (array.get_u $bytes (local.get $a) (i32.const 0))
                          (array.get_u $bytes (local.get $a) (i32.const 1)))
                 (array.get_u $bytes (local.get $a) (i32.const 2))))
      (array.set $bytes (local.get $a) (i32.const 2) (i32.const 200))
      (local.set $sum (i32.add (local.get $sum) (array.get_s $bytes (local.get $a) (i32.const 2))))
      (array.init_data $bytes $hello (local.get $a) (i32.const 0) (i32.const 0) (i32.const 1))
      (i32.add (local.get $sum) (array.get_u $bytes (local.get $a) (i32.const 0))))

    ;; An array of references, defaulting to null: element 1 set to $g's point (x = 42).
    ;; null count (2 of 3) * 100 + x = 242.
    (func (export "ref-array") (result i32)
      (local $a (ref $refs))
      (local.set $a (array.new_default $refs (i32.const 3)))
      (array.set $refs (local.get $a) (i32.const 1) (global.get $g))
      (i32.add
        (i32.mul (i32.add (ref.is_null (array.get $refs (local.get $a) (i32.const 0)))
                          (ref.is_null (array.get $refs (local.get $a) (i32.const 2))))
                 (i32.const 100))
        (struct.get $point $x (array.get $refs (local.get $a) (i32.const 1)))))

    ;; Globals: x (42) + the fixed array's last element (7) + its length (3) = 52.
    (func (export "globals") (result i32)
      (i32.add (i32.add (struct.get $point $x (global.get $g))
                        (array.get $ints (global.get $arr) (i32.const 2)))
               (array.len (global.get $arr))))

    ;; i31: -5 round-trips signed; unsigned it is 2^31 - 5 = 2147483643; ref.i31 keeps the low
    ;; 31 bits of 0x80000001, which is 1. (-5 == -5) + (2147483643 == ...) + (1 == 1) = 3.
    (func (export "i31") (result i32)
      (i32.add
        (i32.add (i32.eq (i31.get_s (ref.i31 (i32.const -5))) (i32.const -5))
                 (i32.eq (i31.get_u (ref.i31 (i32.const -5))) (i32.const 2147483643)))
        (i32.eq (i31.get_s (ref.i31 (i32.const 0x80000001))) (i32.const 1))))

    ;; Casts over $A <: $B <: $C: a $B object is an $A and a $B but not a $C, a struct, an eq,
    ;; an any, not an array nor an i31. Each test contributes a bit: expected bits (low to
    ;; high) 1,1,0,1,1,1,0,0 = 0b00111011 = 59.
    (func (export "casts") (result i32)
      (local $o anyref)
      (local.set $o (struct.new $B (i32.const 1) (i32.const 2)))
      (i32.or (i32.or (i32.or (ref.test (ref $A) (local.get $o))
                              (i32.shl (ref.test (ref $B) (local.get $o)) (i32.const 1)))
                      (i32.or (i32.shl (ref.test (ref $C) (local.get $o)) (i32.const 2))
                              (i32.shl (ref.test (ref struct) (local.get $o)) (i32.const 3))))
              (i32.or (i32.or (i32.shl (ref.test (ref eq) (local.get $o)) (i32.const 4))
                              (i32.shl (ref.test (ref any) (local.get $o)) (i32.const 5)))
                      (i32.or (i32.shl (ref.test (ref array) (local.get $o)) (i32.const 6))
                              (i32.shl (ref.test (ref i31) (local.get $o)) (i32.const 7))))))

    ;; Null and i31 against casts: null is a (ref null $A) but not a (ref $A); an i31 is an eq
    ;; and an i31 but not a struct. Bits 1,0,1,1,0 = 0b01101 = 13.
    (func (export "casts-null-i31") (result i32)
      (local $n anyref) (local $i anyref)
      (local.set $i (ref.i31 (i32.const 9)))
      (i32.or (i32.or (ref.test (ref null $A) (local.get $n))
                      (i32.shl (ref.test (ref $A) (local.get $n)) (i32.const 1)))
              (i32.or (i32.or (i32.shl (ref.test (ref eq) (local.get $i)) (i32.const 2))
                              (i32.shl (ref.test (ref i31) (local.get $i)) (i32.const 3)))
                      (i32.shl (ref.test (ref struct) (local.get $i)) (i32.const 4)))))

    ;; br_on_cast to $C fails for a $B (falls through), br_on_cast_fail to $A does not branch
    ;; for it; the downcast to $B reads field 1 (2): 2 + 10 (fell through once) = 12.
    (func (export "br-on-cast") (result i32)
      (local $o (ref $A)) (local $r i32)
      (local.set $o (struct.new $B (i32.const 1) (i32.const 2)))
      (block $isC (result (ref $C))
        (drop (br_on_cast $isC (ref $A) (ref $C) (local.get $o)))
        (local.set $r (i32.const 10))
        (block $notB (result (ref $A))
          (br_on_cast_fail $notB (ref $A) (ref $B) (local.get $o))
          (struct.get $B 1)
          (local.get $r)
          (i32.add)
          (return))
        (drop)
        (return (i32.const -1)))
      (drop)
      (i32.const -2))

    ;; call_ref through ref.func and through a typed table: double(5) + inc(5) = 16.
    (func (export "call-ref") (result i32)
      (i32.add (call_ref $unary (i32.const 5) (ref.func $double))
               (call_ref $unary (i32.const 5) (table.get $t (i32.const 1)))))

    ;; br_on_non_null takes the branch for a point and falls through for null:
    ;; x of $g (42) + 1000 for the null = 1042.
    (func $x-or-1000 (type $maybe-point)
      (block $some (result (ref $point))
        (br_on_non_null $some (local.get 0))
        (return (i32.const 1000)))
      (struct.get $point $x))
    (func (export "br-on-non-null") (result i32)
      (i32.add (call $x-or-1000 (global.get $g)) (call $x-or-1000 (ref.null $point))))

    ;; ref.eq compares identity: the same struct twice (1), two equal-valued structs (0), two
    ;; i31s of the same value (1): 1 * 100 + 0 * 10 + 1 = 101.
    (func (export "ref-eq") (result i32)
      (local $a eqref)
      (local.set $a (struct.new $A (i32.const 1)))
      (i32.add
        (i32.add (i32.mul (ref.eq (local.get $a) (local.get $a)) (i32.const 100))
                 (i32.mul (ref.eq (struct.new $A (i32.const 1)) (struct.new $A (i32.const 1)))
                          (i32.const 10)))
        (ref.eq (ref.i31 (i32.const 4)) (ref.i31 (i32.const 4)))))

    ;; Collections during a call: a 1000-node list (values 1..1000) held only in a local while
    ;; 100,000 arrays of 1 KiB (about 100 MiB, several collections) become garbage; the list
    ;; is intact afterwards: 1000 * 1001 / 2 = 500500.
    (func (export "churn") (result i32)
      (local $head (ref null $node)) (local $i i32) (local $sum i32)
      (local.set $head (call $build (i32.const 1000)))
      (loop $more
        (drop (array.new $ints (local.get $i) (i32.const 256)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $i) (i32.const 100000))))
      (block $end
        (loop $walk
          (local.set $sum
            (i32.add (local.get $sum) (struct.get $node $v (br_on_null $end (local.get $head)))))
          (local.set $head (struct.get $node $next (local.get $head)))
          (br $walk)))
      (local.get $sum))
    (func $build (param $n i32) (result (ref null $node))
      (local $head (ref null $node))
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $head (struct.new $node (local.get $n) (local.get $head)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $head))

    ;; A non-nullable local set inside a block stays readable there (validation tracks it).
    (func (export "local-init") (result i32)
      (local $p (ref $point))
      (block
        (local.set $p (global.get $g))
        (drop (struct.get $point $x (local.get $p))))
      (local.set $p (global.get $g))
      (struct.get $point $x (local.get $p))))
  (core instance $i (instantiate $m))
  (func (export "fields") (result u32) (canon lift (core func $i "fields")))
  (func (export "packed") (result u32) (canon lift (core func $i "packed")))
  (func (export "defaults") (result u32) (canon lift (core func $i "defaults")))
  (func (export "list") (param "n" u32) (result u32) (canon lift (core func $i "list")))
  (func (export "arrays") (result u32) (canon lift (core func $i "arrays")))
  (func (export "bytes") (result u32) (canon lift (core func $i "bytes")))
  (func (export "ref-array") (result u32) (canon lift (core func $i "ref-array")))
  (func (export "globals") (result u32) (canon lift (core func $i "globals")))
  (func (export "i31") (result u32) (canon lift (core func $i "i31")))
  (func (export "casts") (result u32) (canon lift (core func $i "casts")))
  (func (export "casts-null-i31") (result u32) (canon lift (core func $i "casts-null-i31")))
  (func (export "br-on-cast") (result u32) (canon lift (core func $i "br-on-cast")))
  (func (export "call-ref") (result u32) (canon lift (core func $i "call-ref")))
  (func (export "br-on-non-null") (result u32) (canon lift (core func $i "br-on-non-null")))
  (func (export "ref-eq") (result u32) (canon lift (core func $i "ref-eq")))
  (func (export "local-init") (result u32) (canon lift (core func $i "local-init")))
  (func (export "churn") (result u32) (canon lift (core func $i "churn"))))

(assert_return (invoke "fields") (u32.const 22))
(assert_return (invoke "packed") (u32.const 254))
(assert_return (invoke "defaults") (u32.const 1))
(assert_return (invoke "list" (u32.const 10)) (u32.const 55))
(assert_return (invoke "list" (u32.const 100000)) (u32.const 705082704))
(assert_return (invoke "arrays") (u32.const 4338))
(assert_return (invoke "bytes") (u32.const 365))
(assert_return (invoke "ref-array") (u32.const 242))
(assert_return (invoke "globals") (u32.const 52))
(assert_return (invoke "i31") (u32.const 3))
(assert_return (invoke "casts") (u32.const 59))
(assert_return (invoke "casts-null-i31") (u32.const 13))
(assert_return (invoke "br-on-cast") (u32.const 12))
(assert_return (invoke "call-ref") (u32.const 16))
(assert_return (invoke "br-on-non-null") (u32.const 1042))
(assert_return (invoke "ref-eq") (u32.const 101))
(assert_return (invoke "local-init") (u32.const 42))
(assert_return (invoke "churn") (u32.const 500500))

;; Types are equal across modules when their recursion groups are: $b's own $pair (declared
;; identically) accepts $a's objects, so a cast in $b succeeds and reads 3 + 4 = 7; a type of
;; the same shape in a different group position does not match (the test in $b gives 0).
(component
  (core module $a
    (type $pair (struct (field i32) (field i32)))
    (func (export "make") (result anyref) (struct.new $pair (i32.const 3) (i32.const 4))))
  (core module $b
    (type $pair (struct (field i32) (field i32)))
    (rec (type $other (struct (field i32) (field i32))) (type $filler (struct)))
    (import "a" "make" (func $make (result anyref)))
    (func (export "sum") (result i32)
      (local $p (ref $pair))
      (local.set $p (ref.cast (ref $pair) (call $make)))
      (i32.add (struct.get $pair 0 (local.get $p)) (struct.get $pair 1 (local.get $p))))
    (func (export "other") (result i32) (ref.test (ref $other) (call $make))))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia))))
  (func (export "sum") (result u32) (canon lift (core func $ib "sum")))
  (func (export "other") (result u32) (canon lift (core func $ib "other"))))
(assert_return (invoke "sum") (u32.const 7))
(assert_return (invoke "other") (u32.const 0))

;; Traps, one component each (an instance that trapped cannot be entered again).
(component
  (core module $m
    (type $s (struct (field (mut i32))))
    (func (export "f") (result i32) (struct.get $s 0 (ref.null $s))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "null structure reference")

(component
  (core module $m
    (type $a (array (mut i32)))
    (func (export "f") (result i32) (array.get $a (array.new_default $a (i32.const 3)) (i32.const 3))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "out of bounds array access")

(component
  (core module $m
    (type $a (array (mut i32)))
    ;; 2 + 2 elements from index 3 of a 4-element array: past the end by one.
    (func (export "f") (result i32)
      (array.fill $a (array.new_default $a (i32.const 4)) (i32.const 3) (i32.const 0) (i32.const 2))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "out of bounds array access")

(component
  (core module $m
    (type $s (struct (field i32)))
    (type $t (struct (field i64)))
    (func (export "f") (result i32)
      (struct.get $t 0 (ref.cast (ref $t) (struct.new $s (i32.const 1))))
      (i32.wrap_i64)))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "cast failure")

(component
  (core module $m
    (func (export "f") (result i32) (i31.get_s (ref.null i31))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "null i31 reference")

(component
  (core module $m
    (type $ft (func (result i32)))
    (func (export "f") (result i32) (call_ref $ft (ref.null $ft))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "null function reference")

(component
  (core module $m
    (func (export "f") (result i32) (drop (ref.as_non_null (ref.null any))) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "null reference")

(component
  (core module $m
    (type $b (array i8))
    (data $d "abc")
    ;; 2 bytes from offset 2 of a 3-byte segment: out of bounds, nothing allocated.
    (func (export "f") (result i32) (array.len (array.new_data $b $d (i32.const 2) (i32.const 2)))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "out of bounds memory access")

(component
  (core module $m
    (type $a (array i64))
    ;; 2^31 elements of 8 bytes: 16 GiB, beyond the 4 GiB limit on one array.
    (func (export "f") (result i32) (array.len (array.new_default $a (i32.const 0x80000000)))))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
(assert_trap (invoke "f") "allocation size too large")

;; Validation: a non-nullable local read before it is set, a set that ended with its block,
;; struct.get on a packed field, and a struct.set of an immutable field are invalid.
(assert_invalid
  (component (core module (type $s (struct (field i32)))
    (func (result i32) (local $p (ref $s)) (struct.get $s 0 (local.get $p)))))
  "uninitialized local")
(assert_invalid
  (component (core module (type $s (struct (field i32)))
    (func (param (ref $s)) (result i32) (local $p (ref $s))
      (block (local.set $p (local.get 0)))
      (struct.get $s 0 (local.get $p)))))
  "uninitialized local")
(assert_invalid
  (component (core module (type $s (struct (field i8)))
    (func (param (ref $s)) (result i32) (struct.get $s 0 (local.get 0)))))
  "packed")
(assert_invalid
  (component (core module (type $s (struct (field i32)))
    (func (param (ref $s)) (struct.set $s 0 (local.get 0) (i32.const 1)))))
  "immutable")
(assert_invalid
  (component (core module (type $a (sub final (struct))) (type $b (sub $a (struct)))))
  "final")

;; Linking compares GC types by identity, not by index: $b's global import names its type 0, a
;; struct of i64, while $a exports a global of its type 0, a struct of i32: invalid.
(assert_invalid
  (component
    (core module $a (type (struct (field i32))) (global (export "g") (ref null 0) (ref.null 0)))
    (core module $b (type (struct (field i64))) (import "a" "g" (global (ref null 0))))
    (core instance $ia (instantiate $a))
    (core instance $ib (instantiate $b (with "a" (instance $ia)))))
  "type mismatch")
;; Equivalent types at different indices link.
(component
  (core module $a (type (struct (field i32))) (global (export "g") (ref null 0) (ref.null 0)))
  (core module $b (type (func)) (type (struct (field i32))) (import "a" "g" (global (ref null 1))))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b (with "a" (instance $ia)))))

;; Function subtyping at run time: call_indirect with a non-final type reaches a function of a
;; declared subtype (7), a ref.test against the supertype holds (1) and against an unrelated
;; type of the same shape does not (0): 7 * 100 + 1 * 10 + 0 = 710. A function of that
;; unrelated type does not pass call_indirect's check.
(component
  (core module $m
    (type $super (sub (func (result i32))))
    (type $sub (sub $super (func (result i32))))
    (type $other (func (result i32)))
    (table $t 2 funcref)
    (func $f (type $sub) (i32.const 7))
    (func $g (type $other) (i32.const 8))
    (elem (table $t) (i32.const 0) func $f $g)
    (func (export "sub") (result i32)
      (i32.add (i32.mul (call_indirect (type $super) (i32.const 0)) (i32.const 100))
               (i32.add (i32.mul (ref.test (ref $super) (ref.func $f)) (i32.const 10))
                        (ref.test (ref $other) (ref.func $f)))))
    (func (export "mismatch") (result i32) (call_indirect (type $super) (i32.const 1))))
  (core instance $i (instantiate $m))
  (func (export "sub") (result u32) (canon lift (core func $i "sub")))
  (func (export "mismatch") (result u32) (canon lift (core func $i "mismatch"))))
(assert_return (invoke "sub") (u32.const 710))
(assert_trap (invoke "mismatch") "indirect call type mismatch")
