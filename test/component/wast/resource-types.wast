;; wasm2native's own cases for named types that hold handles (issue 13): an instance type exports
;; a resource, then a record or variant holding own/borrow of it under a name, then a function
;; that uses the named type, the shape of wasi:io/streams (stream-error holds own<error>).
;; Importing or exporting such an instance gives its resources fresh identities; the named type and
;; the function's copy of it must stay one type, so every type the function uses is named.
;; wasm-tools (jco parse, jco run) accepts all of these. Expected values follow from the
;; canonical ABI: an own handle moves to the callee, which reads the rep it was created with; a
;; borrow of the callee's own resource arrives as the rep itself.

;; r4: a record holding own<r>, passed to a function.
(component definition $r4
  (type (instance
    (export "r" (type (sub resource)))
    (type (own 0))
    (type (record (field "b" 1)))
    (export "thing" (type (eq 2)))
    (type (func (param "a" 3)))
    (export "f" (func (type 4)))))
  (import "a:b/c" (instance (type 0))))

;; r7: a record holding borrow<r>.
(component definition $r7
  (type (instance
    (export "r" (type (sub resource)))
    (type (borrow 0))
    (type (record (field "b" 1)))
    (export "thing" (type (eq 2)))
    (type (func (param "a" 3)))
    (export "f" (func (type 4)))))
  (import "a:b/c" (instance (type 0))))

;; r10: a record holding own<r>, returned by a function.
(component definition $r10
  (type (instance
    (export "r" (type (sub resource)))
    (type (own 0))
    (type (record (field "b" 1)))
    (export "thing" (type (eq 2)))
    (type (func (result 3)))
    (export "f" (func (type 4)))))
  (import "a:b/c" (instance (type 0))))

;; The three shapes at run time: a provider implements them, a consumer imports them through one
;; instance type and calls each.
(component
  (component $provider
    (type $r (resource (rep i32)))
    (core func $new (canon resource.new $r))
    (core func $rep (canon resource.rep $r))
    (core func $drop (canon resource.drop $r))
    (core module $m
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "rep" (func $rep (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      ;; take(thing{b: own r}) = rep * 10, dropping the handle it now owns.
      (func (export "take") (param $h i32) (result i32)
        (local $v i32)
        (local.set $v (call $rep (local.get $h)))
        (call $drop (local.get $h))
        (i32.mul (local.get $v) (i32.const 10)))
      ;; look(lent{b: borrow r}) = rep * 100: a borrow of this component's own resource is its rep.
      (func (export "look") (param $rep i32) (result i32) (i32.mul (local.get $rep) (i32.const 100)))
      ;; give() = thing{b: a new r with rep 9}.
      (func (export "give") (result i32) (call $new (i32.const 9))))
    (core instance $i (instantiate $m
      (with "" (instance (export "new" (func $new)) (export "rep" (func $rep))
                         (export "drop" (func $drop))))))
    (export $r' "r" (type $r))
    (type $own (own $r'))
    (type $borrow (borrow $r'))
    (type $thing (record (field "b" $own)))
    (type $lent (record (field "b" $borrow)))
    (export $thing' "thing" (type $thing))
    (export $lent' "lent" (type $lent))
    (func (export "make") (param "x" u32) (result $own) (canon lift (core func $i "make")))
    (func (export "take") (param "a" $thing') (result u32) (canon lift (core func $i "take")))
    (func (export "look") (param "a" $lent') (result u32) (canon lift (core func $i "look")))
    (func (export "give") (result $thing') (canon lift (core func $i "give"))))

  (component $consumer
    (type (instance
      (export "r" (type (sub resource)))
      (type (own 0))
      (type (borrow 0))
      (type (record (field "b" 1)))
      (export "thing" (type (eq 3)))
      (type (record (field "b" 2)))
      (export "lent" (type (eq 5)))
      (type (func (param "x" u32) (result 1)))
      (export "make" (func (type 7)))
      (type (func (param "a" 4) (result u32)))
      (export "take" (func (type 8)))
      (type (func (param "a" 6) (result u32)))
      (export "look" (func (type 9)))
      (type (func (result 4)))
      (export "give" (func (type 10)))))
    (import "a:b/c" (instance $c (type 0)))
    (alias export $c "r" (type $r))
    (core func $make (canon lower (func $c "make")))
    (core func $take (canon lower (func $c "take")))
    (core func $look (canon lower (func $c "look")))
    (core func $give (canon lower (func $c "give")))
    (core func $rdrop (canon resource.drop $r))
    (core module $m
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "take" (func $take (param i32) (result i32)))
      (import "" "look" (func $look (param i32) (result i32)))
      (import "" "give" (func $give (result i32)))
      (import "" "drop" (func $drop (param i32)))
      ;; r4: the record's own handle moves to the provider: 7 * 10.
      (func (export "own") (result i32) (call $take (call $make (i32.const 7))))
      ;; r7: a borrow in a record, the handle kept and dropped here afterwards: 5 * 100.
      (func (export "borrow") (result i32)
        (local $h i32) (local $v i32)
        (local.set $h (call $make (i32.const 5)))
        (local.set $v (call $look (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v))
      ;; r10: a returned record's handle, passed back: 9 * 10.
      (func (export "back") (result i32) (call $take (call $give))))
    (core instance $i (instantiate $m
      (with "" (instance (export "make" (func $make)) (export "take" (func $take))
                         (export "look" (func $look)) (export "give" (func $give))
                         (export "drop" (func $rdrop))))))
    (func (export "own") (result u32) (canon lift (core func $i "own")))
    (func (export "borrow") (result u32) (canon lift (core func $i "borrow")))
    (func (export "back") (result u32) (canon lift (core func $i "back"))))

  (instance $p (instantiate $provider))
  (instance $c (instantiate $consumer (with "a:b/c" (instance $p))))
  (func (export "own") (alias export $c "own"))
  (func (export "borrow") (alias export $c "borrow"))
  (func (export "back") (alias export $c "back")))

(assert_return (invoke "own") (u32.const 70))
(assert_return (invoke "borrow") (u32.const 500))
(assert_return (invoke "back") (u32.const 90))

;; e6: a nested component imports a resource, a variant holding own<error> (with eq) and a function
;; returning it, re-exports all three, is instantiated with concrete types, and its instance is
;; exported (wit-component's shape for a re-exported wasi:io/streams).
(component definition $e6
  (type (instance (export "error" (type (sub resource)))))
  (import "a:b/res" (instance (type 0)))
  (alias export 0 "error" (type))
  (type (own 1))
  (type (variant (case "failed" 2) (case "closed")))
  (core module (memory (export "mem") 1) (func (export "get") (result i32) i32.const 8))
  (core instance (instantiate 0))
  (alias core export 0 "mem" (core memory))
  (alias core export 0 "get" (core func))
  (type (func (result 3)))
  (func (type 4) (canon lift (core func 0) (memory 0)))
  (component
    (import "import-type-error" (type (sub resource)))
    (type (own 0))
    (type (variant (case "failed" 1) (case "closed")))
    (import "import-type-stream-error" (type (eq 2)))
    (type (func (result 3)))
    (import "import-func-get" (func (type 4)))
    (export "error" (type 0))
    (type (own 5))
    (type (variant (case "failed" 6) (case "closed")))
    (export "stream-error" (type 7))
    (type (func (result 8)))
    (export "get" (func 0) (func (type 9))))
  (instance (instantiate 0
    (with "import-func-get" (func 0))
    (with "import-type-error" (type 1))
    (with "import-type-stream-error" (type 3))))
  (export "a:b/out" (instance 1)))

;; e6 at run time: its import provided, its exported instance's `get` called. The core `get`
;; returns its result at 8, where the discriminant is 1 ("closed"); the caller reads it back.
(component
  (component $res
    (type $e (resource (rep i32)))
    (export "error" (type $e)))
  (instance $resi (instantiate $res))
  (component $e6
    (type (instance (export "error" (type (sub resource)))))
    (import "a:b/res" (instance (type 0)))
    (alias export 0 "error" (type))
    (type (own 1))
    (type (variant (case "failed" 2) (case "closed")))
    (core module
      (memory (export "mem") 1)
      (data (i32.const 8) "\01")
      (func (export "get") (result i32) i32.const 8))
    (core instance (instantiate 0))
    (alias core export 0 "mem" (core memory))
    (alias core export 0 "get" (core func))
    (type (func (result 3)))
    (func (type 4) (canon lift (core func 0) (memory 0)))
    (component
      (import "import-type-error" (type (sub resource)))
      (type (own 0))
      (type (variant (case "failed" 1) (case "closed")))
      (import "import-type-stream-error" (type (eq 2)))
      (type (func (result 3)))
      (import "import-func-get" (func (type 4)))
      (export "error" (type 0))
      (type (own 5))
      (type (variant (case "failed" 6) (case "closed")))
      (export "stream-error" (type 7))
      (type (func (result 8)))
      (export "get" (func 0) (func (type 9))))
    (instance (instantiate 0
      (with "import-func-get" (func 0))
      (with "import-type-error" (type 1))
      (with "import-type-stream-error" (type 3))))
    (export "a:b/out" (instance 1)))
  (instance $x (instantiate $e6 (with "a:b/res" (instance $resi))))
  (alias export $x "a:b/out" (instance $out))
  (core module $mem (memory (export "mem") 1))
  (core instance $memi (instantiate $mem))
  (core func $get (canon lower (func $out "get") (memory (core memory $memi "mem"))))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "get" (func $get (param i32)))
    ;; The discriminant (the byte at 16) plus 10 times the memory's byte at 8 (0: untouched).
    (func (export "run") (result i32)
      (i32.store8 (i32.const 16) (i32.const 7))
      (call $get (i32.const 16))
      (i32.add (i32.load8_u (i32.const 16)) (i32.mul (i32.load8_u (i32.const 8)) (i32.const 10)))))
  (core instance $mi (instantiate $m
    (with "" (instance (export "mem" (memory $memi "mem")) (export "get" (func $get))))))
  (func (export "run") (result u32) (canon lift (core func $mi "run"))))

(assert_return (invoke "run") (u32.const 1))
