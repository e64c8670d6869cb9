(module
  (type $node (struct (field $v i32) (field $next (ref null $node))))
  (type $junk (array (mut i64)))
  (type $big (array (mut i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (global $keep (mut (ref null $node)) (ref.null $node))
  (func (export "_start")
    (local $i i32) (local $sum i32) (local $n (ref null $node)) (local $local-list (ref null $node))
    (local $keep-big (ref null $big))
    ;; 200000 nodes kept through a global and 200000 through a local, while 2^22 arrays of
    ;; 128 i64 (1 KiB each, 4 GiB in all) become garbage at once; then a 64 KiB array (a large
    ;; object of its own mapping) filled with 3 is kept in a local while 2^16 more such arrays
    ;; (4 GiB) become garbage.
    (loop $build
      (global.set $keep (struct.new $node (local.get $i) (global.get $keep)))
      (local.set $local-list (struct.new $node (i32.const 1) (local.get $local-list)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $build (i32.lt_u (local.get $i) (i32.const 200000))))
    (local.set $i (i32.const 0))
    (loop $churn
      (drop (array.new $junk (i64.const 7) (i32.const 128)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $churn (i32.lt_u (local.get $i) (i32.const 4194304))))
    (local.set $keep-big (array.new $big (i32.const 3) (i32.const 16384)))
    (local.set $i (i32.const 0))
    (loop $churn-big
      (drop (array.new $big (local.get $i) (i32.const 16384)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $churn-big (i32.lt_u (local.get $i) (i32.const 65536))))
    (local.set $n (global.get $keep))
    (block $end (loop $walk
      (local.set $sum (i32.add (local.get $sum)
        (struct.get $node $v (br_on_null $end (local.get $n)))))
      (local.set $n (struct.get $node $next (local.get $n)))
      (br $walk)))
    (local.set $n (local.get $local-list))
    (block $end (loop $walk
      (local.set $sum (i32.add (local.get $sum)
        (struct.get $node $v (br_on_null $end (local.get $n)))))
      (local.set $n (struct.get $node $next (local.get $n)))
      (br $walk)))
    ;; 0 + ... + 199999 = 19999900000, plus 200000 ones, mod 2^32: 2820230816; plus the kept
    ;; large array's last element (3): 2820230819.
    (local.set $sum (i32.add (local.get $sum)
      (array.get $big (local.get $keep-big) (i32.const 16383))))
    (call $exit (i32.ne (local.get $sum) (i32.const 2820230819)))))
