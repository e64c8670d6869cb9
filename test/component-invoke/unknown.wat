;; A component whose imports the host does not provide (an interface WASI 0.2 lacks, and
;; wasi:cli at 0.3.0, a version it does not implement), for --trap-unknown-imports: `ok` never
;; calls them and returns 7; `bad` calls the unknown interface's function, `old` the 0.3 one;
;; both must trap when called (and only then).
(component
  (import "test:missing/api" (instance $missing
    (export "ping" (func (result u32)))))
  (import "wasi:cli/environment@0.3.0" (instance $env3
    (export "initial-cwd" (func (result (option string))))))
  (core func $ping (canon lower (func $missing "ping")))
  (core module $mem
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64))
  (core instance $mi (instantiate $mem))
  (alias core export $mi "mem" (core memory $m))
  (alias core export $mi "realloc" (core func $realloc))
  (core func $cwd (canon lower (func $env3 "initial-cwd") (memory $m) (realloc $realloc)))
  (core module $main
    (import "" "ping" (func $ping (result i32)))
    (import "" "cwd" (func $cwd (param i32)))
    (func (export "ok") (result i32) i32.const 7)
    (func (export "bad") (result i32) call $ping)
    (func (export "old") (result i32) i32.const 0 call $cwd i32.const 1))
  (core instance $i (instantiate $main
    (with "" (instance (export "ping" (func $ping)) (export "cwd" (func $cwd))))))
  (func (export "ok") (result u32) (canon lift (core func $i "ok")))
  (func (export "bad") (result u32) (canon lift (core func $i "bad")))
  (func (export "old") (result u32) (canon lift (core func $i "old"))))
