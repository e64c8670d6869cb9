;; wasm2native's own table64 cases: tables with i64 indices inside components (memory64
;; proposal). Every index and length is i64; values at or beyond 2^32 are out of bounds (they
;; would wrap to small in-bounds values if cut to 32 bits). Expected values follow from the
;; instructions.

(component
  (core module $m
    (type $ret (func (result i32)))
    (table $t i64 4 8 funcref)
    (elem (table $t) (i64.const 1) func $seven $nine)
    (elem $passive func $nine)
    (func $seven (result i32) (i32.const 7))
    (func $nine (result i32) (i32.const 9))
    ;; table.size is i64: 4.
    (func (export "size") (result i64) (table.size $t))
    ;; call_indirect with i64 indices: element 1 is $seven, 2 is $nine: 7 * 10 + 9 = 79.
    (func (export "calls") (result i32)
      (i32.add (i32.mul (call_indirect $t (type $ret) (i64.const 1)) (i32.const 10))
               (call_indirect $t (type $ret) (i64.const 2))))
    ;; Index 2^32 + 1 (element 1 if cut to 32 bits).
    (func (export "call-far") (result i32) (call_indirect $t (type $ret) (i64.const 0x100000001)))
    ;; table.grow by 2 returns the old size 4; by 2^32 (0 if cut) fails with -1; the size is then
    ;; 6: 4 * 100 + (-1 == -1) * 10 + 6 = 416.
    (func (export "grow") (result i64)
      (i64.add
        (i64.add (i64.mul (table.grow $t (ref.null func) (i64.const 2)) (i64.const 100))
                 (i64.mul (i64.extend_i32_u (i64.eq (table.grow $t (ref.null func)
                                                                (i64.const 0x100000000))
                                                    (i64.const -1)))
                          (i64.const 10)))
        (table.size $t)))
    ;; table.set/get at i64 3, fill [4, 6) with $seven, copy [1, 3) to [4, 6) (the table has 6
    ;; elements after "grow"): element 5 is then $nine: 9.
    (func (export "bulk") (result i32)
      (table.set $t (i64.const 3) (table.get $t (i64.const 2)))
      (table.fill $t (i64.const 4) (ref.func $seven) (i64.const 2))
      (table.copy $t $t (i64.const 4) (i64.const 1) (i64.const 2))
      (call_indirect $t (type $ret) (i64.const 5)))
    ;; table.init of the passive segment at i64 destination 0 (i32 source and length).
    (func (export "init") (result i32)
      (table.init $t $passive (i64.const 0) (i32.const 0) (i32.const 1))
      (call_indirect $t (type $ret) (i64.const 0))))
  (core instance $i (instantiate $m))
  (func (export "size") (result u64) (canon lift (core func $i "size")))
  (func (export "calls") (result u32) (canon lift (core func $i "calls")))
  (func (export "call-far") (result u32) (canon lift (core func $i "call-far")))
  (func (export "grow") (result u64) (canon lift (core func $i "grow")))
  (func (export "bulk") (result u32) (canon lift (core func $i "bulk")))
  (func (export "init") (result u32) (canon lift (core func $i "init"))))

(assert_return (invoke "size") (u64.const 4))
(assert_return (invoke "calls") (u32.const 79))
(assert_return (invoke "grow") (u64.const 416))
(assert_return (invoke "bulk") (u32.const 9))
(assert_return (invoke "init") (u32.const 9))
;; A trap poisons the instance: one trapping case per component from here on.
(assert_trap (invoke "call-far") "undefined element")

;; table.get at 2^32 + 1, table.fill of length 2^32 + 1, table.init at 2^32 (all in bounds if
;; cut to 32 bits).
(component
  (core module $m
    (table $t i64 4 funcref)
    (elem $passive func $f)
    (func $f)
    (func (export "run") (drop (table.get $t (i64.const 0x100000001)))))
  (core instance $i (instantiate $m))
  (func (export "run") (canon lift (core func $i "run"))))
(assert_trap (invoke "run") "out of bounds table access")

(component
  (core module $m
    (table $t i64 4 funcref)
    (elem $passive func $f)
    (func $f)
    (func (export "run") (table.fill $t (i64.const 0) (ref.null func) (i64.const 0x100000001))))
  (core instance $i (instantiate $m))
  (func (export "run") (canon lift (core func $i "run"))))
(assert_trap (invoke "run") "out of bounds table access")

(component
  (core module $m
    (table $t i64 4 funcref)
    (elem $passive func $f)
    (func $f)
    (func (export "run") (table.init $t $passive (i64.const 0x100000000) (i32.const 0) (i32.const 0))))
  (core instance $i (instantiate $m))
  (func (export "run") (canon lift (core func $i "run"))))
(assert_trap (invoke "run") "out of bounds table access")

;; An active segment at offset 2^32 (0 if cut to 32 bits) makes instantiation trap.
(assert_trap
  (component
    (core module $m
      (table i64 1 funcref)
      (elem (i64.const 0x100000000) func $f)
      (func $f))
    (core instance (instantiate $m)))
  "out of bounds table access")
