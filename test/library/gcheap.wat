;; A component using GC, for the library's GC-on-several-threads test (gc_threads.c): `keep(n)`
;; adds n nodes to a list held by a global and returns the sum of the whole list's values;
;; `churn(n)` allocates n arrays of 1 KiB that become garbage at once (so collections run) and
;; returns the sum of the kept list, which they must not have touched.
(component
  (core module $m
    (type $node (struct (field $v i32) (field $next (ref null $node))))
    (type $junk (array (mut i64)))
    (global $kept (mut (ref null $node)) (ref.null $node))
    (global $count (mut i32) (i32.const 0))
    (func $sum (result i32)
      (local $n (ref null $node)) (local $s i32)
      (local.set $n (global.get $kept))
      (block $done
        (loop $walk
          (br_if $done (ref.is_null (local.get $n)))
          (local.set $s (i32.add (local.get $s) (struct.get $node $v (ref.as_non_null (local.get $n)))))
          (local.set $n (struct.get $node $next (ref.as_non_null (local.get $n))))
          (br $walk)))
      (local.get $s))
    (func (export "keep") (param $n i32) (result i32)
      (block $done
        (loop $add
          (br_if $done (i32.eqz (local.get $n)))
          (global.set $count (i32.add (global.get $count) (i32.const 1)))
          (global.set $kept (struct.new $node (global.get $count) (global.get $kept)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $add)))
      (call $sum))
    (func (export "churn") (param $n i32) (result i32)
      (block $done
        (loop $waste
          (br_if $done (i32.eqz (local.get $n)))
          (drop (array.new $junk (i64.const 7) (i32.const 128)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $waste)))
      (call $sum)))
  (core instance $i (instantiate $m))
  (func (export "keep") (param "n" u32) (result u32) (canon lift (core func $i "keep")))
  (func (export "churn") (param "n" u32) (result u32) (canon lift (core func $i "churn"))))
