;; A component for the library isolation test (isolation.c): a counter that shows whether an
;; instance kept its state, exports that trap in each way the runtime catches (unreachable, a
;; call stack that runs out, an integer division by zero, a load beyond the memory), and a
;; resource with a destructor that counts how often it ran (the host drops its handles).
(component
  (core module $state
    (global $drops (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      global.get $drops
      i32.const 1
      i32.add
      global.set $drops))
  (core instance $s (instantiate $state))
  (type $cell (resource (rep i32) (dtor (core func $s "dtor"))))
  (core func $new (canon resource.new $cell))
  (core module $cells
    (import "" "new" (func $new (param i32) (result i32)))
    (import "s" "drops" (global $drops (mut i32)))
    (func (export "make") (param i32) (result i32)
      local.get 0
      call $new)
    (func (export "drops") (result i32)
      global.get $drops))
  (core instance $c (instantiate $cells
    (with "" (instance (export "new" (func $new))))
    (with "s" (instance $s))))
  (export $cell-ex "cell" (type $cell))
  (func $make (param "v" u32) (result (own $cell)) (canon lift (core func $c "make")))
  (func $drops (result u32) (canon lift (core func $c "drops")))
  (export "make-cell" (func $make) (func (param "v" u32) (result (own $cell-ex))))
  (export "drops" (func $drops))
  (core module $m
    (memory (export "mem") 1)
    (global $n (mut i32) (i32.const 0))
    (func (export "bump") (result i32)
      global.get $n
      i32.const 1
      i32.add
      global.set $n
      global.get $n)
    (func (export "boom") unreachable)
    (func $rec (export "recurse") (param i32) (result i32)
      local.get 0
      i32.const 1
      i32.add
      call $rec)
    (func (export "div") (param i32 i32) (result i32)
      local.get 0
      local.get 1
      i32.div_s)
    (func (export "load") (param i32) (result i32)
      local.get 0
      i32.load))
  (core instance $i (instantiate $m))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "boom") (canon lift (core func $i "boom")))
  (func (export "recurse") (param "n" u32) (result u32) (canon lift (core func $i "recurse")))
  (func (export "div") (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "div")))
  (func (export "load") (param "at" u32) (result u32) (canon lift (core func $i "load"))))
