;; A component exporting an interface with a resource (constructor, methods, a static function)
;; and a function that traps: what the invoking program's handles, variables and trap exit are
;; tested with. Counters live in linear memory; a handle's representation is the counter's slot.
(component
  (type $counter (resource (rep i32)))
  (core func $new (canon resource.new $counter))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1))
    (func (export "ctor") (param $v i32) (result i32)
      (local $rep i32)
      global.get $next
      local.set $rep
      global.get $next
      i32.const 1
      i32.add
      global.set $next
      local.get $rep
      i32.const 4
      i32.mul
      local.get $v
      i32.store
      local.get $rep
      call $new)
    (func (export "get") (param $rep i32) (result i32)
      local.get $rep
      i32.const 4
      i32.mul
      i32.load)
    (func (export "add") (param $rep i32) (param $n i32)
      local.get $rep
      i32.const 4
      i32.mul
      local.get $rep
      i32.const 4
      i32.mul
      i32.load
      local.get $n
      i32.add
      i32.store)
    (func (export "total") (result i32)
      ;; the number of counters made so far
      global.get $next
      i32.const 1
      i32.sub)
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
  (func $ctor (param "start" u32) (result (own $counter)) (canon lift (core func $i "ctor")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $i "get")))
  (func $add (param "self" (borrow $counter)) (param "n" u32) (canon lift (core func $i "add")))
  (func $total (result u32) (canon lift (core func $i "total")))
  (func $boom (canon lift (core func $i "boom")))
  (component $api
    (import "counter-impl" (type $c (sub resource)))
    (import "ctor" (func $ctor (param "start" u32) (result (own $c))))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "add" (func $add (param "self" (borrow $c)) (param "n" u32)))
    (import "total" (func $total (result u32)))
    (export $ce "counter" (type $c))
    (export "[constructor]counter" (func $ctor) (func (param "start" u32) (result (own $ce))))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $ce)) (result u32)))
    (export "[method]counter.add" (func $add) (func (param "self" (borrow $ce)) (param "n" u32)))
    (export "[static]counter.total" (func $total)))
  (instance $inst (instantiate $api
    (with "counter-impl" (type $counter))
    (with "ctor" (func $ctor))
    (with "get" (func $get))
    (with "add" (func $add))
    (with "total" (func $total))))
  (export "test:counter/api" (instance $inst))
  (export "boom" (func $boom)))
