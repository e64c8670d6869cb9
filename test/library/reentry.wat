;; A component for the library re-entry test (reentry.c): an export that calls the host's import
;; `call-out` (which the host answers by calling back into a library instance), a counter, and an
;; export with a post-return function that counts its runs. Every export takes numbers only, so
;; calls from the host take the fast path where it applies.
(component
  (import "call-out" (func $co (param "n" u32) (result u32)))
  (core func $co-low (canon lower (func $co)))
  (core module $m
    (import "h" "call-out" (func $co (param i32) (result i32)))
    (global $n (mut i32) (i32.const 0))
    (global $posts (mut i32) (i32.const 0))
    (func (export "bump") (result i32)
      global.get $n
      i32.const 1
      i32.add
      global.set $n
      global.get $n)
    (func (export "relay") (param i32) (result i32)
      local.get 0
      call $co
      i32.const 1
      i32.add)
    (func (export "posted") (param i32) (result i32)
      global.get $posts
      local.get 0
      i32.add)
    (func (export "post") (param i32)
      global.get $posts
      i32.const 1
      i32.add
      global.set $posts))
  (core instance $i (instantiate $m (with "h" (instance (export "call-out" (func $co-low))))))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "relay") (param "n" u32) (result u32) (canon lift (core func $i "relay")))
  (func (export "posted") (param "n" u32) (result u32)
    (canon lift (core func $i "posted") (post-return (core func $i "post")))))
