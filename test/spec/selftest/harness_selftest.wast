;; A self-test of w2n-spectest: commands written to pass and commands written to fail, so that
;; the harness is shown to tell them apart. Expected outcome: see the counts in run_selftest.sh.
;; Lines marked PASS must pass, FAIL must fail, SKIP must be skipped.

(module $m ;; PASS
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "snan") (result f32) (f32.reinterpret_i32 (i32.const 0x7fa00000)))
  (func (export "neg_nan") (result f64) (f64.reinterpret_i64 (i64.const 0xfff8000000000000)))
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 0x7fc00000))
  (func (export "i64") (result i64) (i64.const -1))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "null") (result funcref) (ref.null func))
  (func (export "loop") (result i32) (loop (br 0)) (i32.const 0))
  (func $r (export "recurse") (call $r))
  (global (export "g") i32 (i32.const 42))
)

(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))            ;; PASS
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))            ;; FAIL
(assert_return (invoke "add" (i32.const -1) (i32.const 0)) (i32.const 0xffffffff))  ;; PASS
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")   ;; PASS
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide")           ;; PASS prefix
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer overflow")         ;; FAIL message
(assert_trap (invoke "div" (i32.const 4) (i32.const 2)) "integer divide by zero")   ;; FAIL no trap
(assert_return (invoke "nan") (f32.const nan:arithmetic))                           ;; PASS
(assert_return (invoke "snan") (f32.const nan:arithmetic))                          ;; FAIL
(assert_return (invoke "snan") (f32.const nan:0x200000))                            ;; PASS bits
(assert_return (invoke "neg_nan") (f64.const nan:canonical))                        ;; PASS sign
(assert_return (invoke "neg_nan") (f64.const 0))                                    ;; FAIL
(assert_return (invoke "lanes") (v128.const i32x4 1 2 3 0x7fc00000))                ;; PASS
(assert_return (invoke "lanes") (v128.const f32x4 0x1p-149 0x1p-148 4.2e-45 nan:canonical)) ;; PASS
(assert_return (invoke "lanes") (v128.const i32x4 1 2 4 0x7fc00000))                ;; FAIL
(assert_return (invoke "lanes") (v128.const i64x2 0x0000000200000001 0x7fc0000000000003)) ;; PASS
(assert_return (invoke "i64") (i64.const -1))                                       ;; PASS
(assert_return (invoke "ext" (ref.extern 7)) (ref.extern 7))                        ;; PASS
(assert_return (invoke "ext" (ref.extern 7)) (ref.extern 8))                        ;; FAIL
(assert_return (invoke "ext" (ref.null extern)) (ref.null extern))                  ;; PASS
(assert_return (invoke "null") (ref.null func))                                     ;; PASS
(assert_return (get "g") (i32.const 42))                                            ;; PASS
(assert_exhaustion (invoke "recurse") "call stack exhausted")                       ;; PASS
(assert_exhaustion (invoke "add" (i32.const 1) (i32.const 2)) "call stack exhausted") ;; FAIL
(invoke "add" (i32.const 1) (i32.const 2))                                          ;; PASS

(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")        ;; PASS
(assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")        ;; FAIL
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")   ;; PASS
(assert_malformed (module quote "(func") "unexpected end")                          ;; SKIP

(register "m" $m)                                                                   ;; PASS
(module (import "m" "add" (func (param i32 i32) (result i32))))                    ;; PASS
(assert_unlinkable (module (import "m" "nope" (func))) "unknown import")           ;; PASS
(assert_unlinkable (module (import "m" "add" (func))) "incompatible import type")  ;; PASS
(assert_unlinkable (module (import "m" "add" (func (param i32 i32) (result i32)))) "unknown import") ;; FAIL
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")               ;; PASS
(assert_trap (module (func $s) (start $s)) "unreachable")                           ;; FAIL
(assert_return (invoke $m "add" (i32.const 2) (i32.const 2)) (i32.const 4))         ;; PASS

;; A hang costs its own command only: the next run replays the state and goes on.
(assert_return (invoke $m "loop") (i32.const 0))                                    ;; FAIL (timeout)
(assert_return (invoke $m "add" (i32.const 5) (i32.const 5)) (i32.const 10))        ;; PASS
