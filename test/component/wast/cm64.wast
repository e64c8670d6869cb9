;; RUN: wast % -f cm64
;; wasm2native's own cm64 cases: canonical options over 64-bit memories (CanonicalABI.md with
;; ptr_type i64): strings and lists flatten to (i64, i64) and take 16 bytes (alignment 8) in
;; memory, realloc takes and returns i64, the latin1+utf16 tag is bit 63. Expected values follow
;; from the layouts written next to each function; several cases would pass a 32-bit engine only
;; by accident of truncation, and are built so that they cannot (pointers at 2^32).

(component
  (core module $m
    (memory (export "memory") i64 1)
    (global $next (mut i64) (i64.const 1024))
    ;; A bump allocator aligning to `align` (the third parameter, i64 here) that copies the old
    ;; contents (transcoding shrinks and grows its allocations).
    (func $realloc (export "realloc") (param i64 i64 i64 i64) (result i64)
      (local $ret i64)
      (local.set $ret (i64.and (i64.add (global.get $next) (i64.sub (local.get 2) (i64.const 1)))
                               (i64.sub (i64.const 0) (local.get 2))))
      (global.set $next (i64.add (local.get $ret) (local.get 3)))
      (memory.copy (local.get $ret) (local.get 0)
        (select (local.get 1) (local.get 3) (i64.lt_u (local.get 1) (local.get 3))))
      (local.get $ret))
    ;; string -> string: the (ptr, len) pair returned at 16 (two i64s).
    (func (export "echo") (param i64 i64) (result i64)
      (i64.store (i64.const 16) (local.get 0))
      (i64.store (i64.const 24) (local.get 1))
      (i64.const 16))
    ;; list<u32> -> u64: the sum of the elements (4 bytes each).
    (func (export "sum") (param $p i64) (param $n i64) (result i64)
      (local $s i64)
      (block $done
        (loop $l
          (br_if $done (i64.eqz (local.get $n)))
          (local.set $s (i64.add (local.get $s) (i64.load32_u (local.get $p))))
          (local.set $p (i64.add (local.get $p) (i64.const 4)))
          (local.set $n (i64.sub (local.get $n) (i64.const 1)))
          (br $l)))
      (local.get $s))
    ;; list<string> -> u64: elements are 16 bytes (ptr, len); the lengths (at +8) summed.
    (func (export "total-len") (param $p i64) (param $n i64) (result i64)
      (local $s i64)
      (block $done
        (loop $l
          (br_if $done (i64.eqz (local.get $n)))
          (local.set $s (i64.add (local.get $s) (i64.load offset=8 (local.get $p))))
          (local.set $p (i64.add (local.get $p) (i64.const 16)))
          (local.set $n (i64.sub (local.get $n) (i64.const 1)))
          (br $l)))
      (local.get $s))
    ;; nine strings are 18 flat values (> 16): one pointer to the tuple, 9 x 16 bytes; the
    ;; lengths at 8 + 16k summed.
    (func (export "nine") (param $p i64) (result i64)
      (local $s i64) (local $k i64)
      (block $done
        (loop $l
          (br_if $done (i64.eq (local.get $k) (i64.const 9)))
          (local.set $s (i64.add (local.get $s)
                                 (i64.load offset=8 (i64.add (local.get $p)
                                                             (i64.mul (local.get $k) (i64.const 16))))))
          (local.set $k (i64.add (local.get $k) (i64.const 1)))
          (br $l)))
      (local.get $s))
    ;; option<string> flattens to (i32 case, i64 ptr, i64 len): the length, or 99 for none.
    (func (export "opt-len") (param i32 i64 i64) (result i64)
      (if (result i64) (local.get 0) (then (local.get 2)) (else (i64.const 99))))
    ;; The tagged length of a latin1+utf16 string, as received.
    (func (export "tagged") (param i64 i64) (result i64) (local.get 1))
    ;; record { a: string, b: u8 }: a at 0 (16 bytes), b at 16, size 24; returned at 32 with
    ;; a = "hi" (at 100) and b = 7.
    (data (i64.const 100) "hi")
    (func (export "rec") (result i64)
      (i64.store (i64.const 32) (i64.const 100))
      (i64.store (i64.const 40) (i64.const 2))
      (i64.store8 (i64.const 48) (i64.const 7))
      (i64.const 32))
    ;; A string at 2^32 (beyond the one-page memory; 0 if the pointer were cut to 32 bits).
    (func (export "far") (result i64)
      (i64.store (i64.const 64) (i64.const 0x100000000))
      (i64.store (i64.const 72) (i64.const 1))
      (i64.const 64)))
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo16") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $mem) (realloc $realloc) string-encoding=utf16))
  (func (export "echo-compact") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)
      string-encoding=latin1+utf16))
  (func (export "tagged") (param "s" string) (result u64)
    (canon lift (core func $i "tagged") (memory $mem) (realloc $realloc)
      string-encoding=latin1+utf16))
  (func (export "sum") (param "l" (list u32)) (result u64)
    (canon lift (core func $i "sum") (memory $mem) (realloc $realloc)))
  (func (export "total-len") (param "l" (list string)) (result u64)
    (canon lift (core func $i "total-len") (memory $mem) (realloc $realloc)))
  (func (export "nine")
    (param "a" string) (param "b" string) (param "c" string) (param "d" string)
    (param "e" string) (param "f" string) (param "g" string) (param "h" string)
    (param "i" string) (result u64)
    (canon lift (core func $i "nine") (memory $mem) (realloc $realloc)))
  (func (export "opt-len") (param "o" (option string)) (result u64)
    (canon lift (core func $i "opt-len") (memory $mem) (realloc $realloc)))
  (type $rec (record (field "a" string) (field "b" u8)))
  (export $rec-t "rec-t" (type $rec))
  (func (export "rec") (result $rec-t)
    (canon lift (core func $i "rec") (memory $mem) (realloc $realloc)))
  (func (export "far") (result string)
    (canon lift (core func $i "far") (memory $mem) (realloc $realloc))))

(assert_return (invoke "echo" (str.const "h\u{e9}llo")) (str.const "h\u{e9}llo"))
(assert_return (invoke "echo" (str.const "")) (str.const ""))
;; UTF-16 and latin1+utf16 round trips: "a\u{100}" is stored as UTF-16 (U+0100 is not Latin-1),
;; so echo-compact only gives it back if the tag is read at bit 63.
(assert_return (invoke "echo16" (str.const "a\u{100}\u{1f600}")) (str.const "a\u{100}\u{1f600}"))
(assert_return (invoke "echo-compact" (str.const "a\u{100}")) (str.const "a\u{100}"))
(assert_return (invoke "echo-compact" (str.const "caf\u{e9}")) (str.const "caf\u{e9}"))
;; store_string_to_latin1_or_utf16: "ab" stays Latin-1 (2 units, no tag); "a\u{100}" becomes
;; 2 UTF-16 units tagged with 1 << 63: 2 + 2^63 = 9223372036854775810.
(assert_return (invoke "tagged" (str.const "ab")) (u64.const 2))
(assert_return (invoke "tagged" (str.const "a\u{100}")) (u64.const 9223372036854775810))
;; 1 + 2 + 3 + 4000000000 = 4000000006 (the sum is 64-bit in the core function).
(assert_return (invoke "sum" (list.const (u32.const 1) (u32.const 2) (u32.const 3)
                                         (u32.const 4000000000))) (u64.const 4000000006))
(assert_return (invoke "sum" (list.const)) (u64.const 0))
;; "ab" + "" + "cde" + "\u{e9}" (2 bytes in UTF-8) = 7.
(assert_return (invoke "total-len" (list.const (str.const "ab") (str.const "") (str.const "cde")
                                               (str.const "\u{e9}"))) (u64.const 7))
;; Lengths 1 through 9: 45.
(assert_return (invoke "nine" (str.const "a") (str.const "bb") (str.const "ccc") (str.const "dddd")
                              (str.const "eeeee") (str.const "ffffff") (str.const "ggggggg")
                              (str.const "hhhhhhhh") (str.const "iiiiiiiii")) (u64.const 45))
(assert_return (invoke "opt-len" (option.some (str.const "four"))) (u64.const 4))
(assert_return (invoke "opt-len" (option.none)) (u64.const 99))
(assert_return (invoke "rec") (record.const (field "a" (str.const "hi")) (field "b" (u8.const 7))))
(assert_trap (invoke "far") "string pointer/length out of bounds of memory")

;; A realloc that answers 2^32 for a one-page memory: lowering a string traps (a 32-bit result
;; would have been 0, in bounds).
(component
  (core module $m
    (memory (export "memory") i64 1)
    (func (export "realloc") (param i64 i64 i64 i64) (result i64) (i64.const 0x100000000))
    (func (export "len") (param i64 i64) (result i64) (local.get 1)))
  (core instance $i (instantiate $m))
  (func (export "len") (param "s" string) (result u64)
    (canon lift (core func $i "len") (memory (core memory $i "memory"))
      (realloc (core func $i "realloc")))))
(assert_trap (invoke "len" (str.const "x")) "realloc return: beyond end of memory")

;; Fused adapters between a 32-bit component and a 64-bit one, lists of strings both ways:
;; "run" passes c32's list (8-byte elements) to c64's total-len (16-byte elements, allocated by
;; c64's i64 realloc); "names" brings c64's ["x", "yz"] (elements at 256: (200, 1), (201, 2);
;; the list's (ptr, len) at 304, 8-aligned) into c32's memory and back out to the host.
(component
  (component $c64
    (core module $m
      (memory (export "memory") i64 1)
      (global $next (mut i64) (i64.const 0x1000))
      (func (export "realloc") (param i64 i64 i64 i64) (result i64)
        (local $ret i64)
        (local.set $ret (i64.and (i64.add (global.get $next) (i64.const 7)) (i64.const -8)))
        (global.set $next (i64.add (local.get $ret) (local.get 3)))
        (local.get $ret))
      (func (export "total-len") (param $p i64) (param $n i64) (result i64)
        (local $s i64)
        (block $done
          (loop $l
            (br_if $done (i64.eqz (local.get $n)))
            (local.set $s (i64.add (local.get $s) (i64.load offset=8 (local.get $p))))
            (local.set $p (i64.add (local.get $p) (i64.const 16)))
            (local.set $n (i64.sub (local.get $n) (i64.const 1)))
            (br $l)))
        (local.get $s))
      ;; (a: u32, s: string, b: u8) -> u64: a * 1000 + the string's length + b, the string's
      ;; first byte checked to be the one sent ("q", 113), else 0.
      (func (export "mixed") (param $a i32) (param $p i64) (param $n i64) (param $b i32) (result i64)
        (if (result i64) (i32.ne (i32.load8_u (local.get $p)) (i32.const 113))
          (then (i64.const 0))
          (else (i64.add (i64.add (i64.mul (i64.extend_i32_u (local.get $a)) (i64.const 1000))
                                  (local.get $n))
                         (i64.extend_i32_u (local.get $b))))))
      (data (i64.const 200) "xyz")
      (func (export "names") (result i64)
        (i64.store (i64.const 256) (i64.const 200))
        (i64.store (i64.const 264) (i64.const 1))
        (i64.store (i64.const 272) (i64.const 201))
        (i64.store (i64.const 280) (i64.const 2))
        (i64.store (i64.const 304) (i64.const 256))
        (i64.store (i64.const 312) (i64.const 2))
        (i64.const 304)))
    (core instance $i (instantiate $m))
    (func (export "total-len") (param "l" (list string)) (result u64)
      (canon lift (core func $i "total-len") (memory (core memory $i "memory"))
        (realloc (core func $i "realloc"))))
    (func (export "names") (result (list string))
      (canon lift (core func $i "names") (memory (core memory $i "memory"))
        (realloc (core func $i "realloc"))))
    (func (export "mixed") (param "a" u32) (param "s" string) (param "b" u8) (result u64)
      (canon lift (core func $i "mixed") (memory (core memory $i "memory"))
        (realloc (core func $i "realloc")))))
  (instance $c64 (instantiate $c64))

  (component $c32
    (import "backend" (instance $b
      (export "total-len" (func (param "l" (list string)) (result u64)))
      (export "names" (func (result (list string))))
      (export "mixed" (func (param "a" u32) (param "s" string) (param "b" u8) (result u64)))))
    (core module $libc
      (memory (export "memory") 1)
      (global $next (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $ret i32)
        (local.set $ret (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
        (global.set $next (i32.add (local.get $ret) (local.get 3)))
        (local.get $ret)))
    (core instance $libc (instantiate $libc))
    (core func $total (canon lower (func $b "total-len") (memory (core memory $libc "memory"))
      (realloc (core func $libc "realloc"))))
    (core func $names (canon lower (func $b "names") (memory (core memory $libc "memory"))
      (realloc (core func $libc "realloc"))))
    (core func $mixed (canon lower (func $b "mixed") (memory (core memory $libc "memory"))))
    (core module $m
      (import "" "total" (func $total (param i32 i32) (result i64)))
      (import "" "names" (func $names (param i32)))
      (import "" "mixed" (func $mixed (param i32 i32 i32 i32) (result i64)))
      ;; b = 300 is passed as 300 and arrives as a u8: 44.
      (func (export "mixed") (param i32 i32) (result i64)
        (call $mixed (i32.const 7) (local.get 0) (local.get 1) (i32.const 300)))
      (func (export "run") (param i32 i32) (result i64) (call $total (local.get 0) (local.get 1)))
      (func (export "names") (result i32) (call $names (i32.const 16)) (i32.const 16)))
    (core instance $m (instantiate $m
      (with "" (instance (export "total" (func $total)) (export "names" (func $names))
                         (export "mixed" (func $mixed))))))
    (func (export "run") (param "l" (list string)) (result u64)
      (canon lift (core func $m "run") (memory (core memory $libc "memory"))
        (realloc (core func $libc "realloc"))))
    (func (export "names") (result (list string))
      (canon lift (core func $m "names") (memory (core memory $libc "memory"))
        (realloc (core func $libc "realloc"))))
    (func (export "mixed") (param "s" string) (result u64)
      (canon lift (core func $m "mixed") (memory (core memory $libc "memory"))
        (realloc (core func $libc "realloc")))))
  (instance $c32 (instantiate $c32 (with "backend" (instance $c64))))
  (export "run" (func $c32 "run"))
  (export "names" (func $c32 "names"))
  (export "mixed" (func $c32 "mixed")))

(assert_return (invoke "run" (list.const (str.const "ab") (str.const "cde") (str.const "")))
               (u64.const 5))
(assert_return (invoke "names") (list.const (str.const "x") (str.const "yz")))
;; A string between two scalars, from a 32-bit caller to the 64-bit callee (a compiled adapter):
;; 7 * 1000 + 5 ("q" and 4 more bytes) + 44 = 7049.
(assert_return (invoke "mixed" (str.const "qwert")) (u64.const 7049))
(assert_return (invoke "mixed" (str.const "q\u{e9}")) (u64.const 7047))

;; A resource represented by i64: resource.new takes an i64, resource.rep gives it back, and the
;; destructor receives it whole. With rep 2^32 + 5 both read back 4294967301: their sum is
;; 8589934602 (each would be 5 if cut to 32 bits).
(component
  (core module $d
    (global $last (mut i64) (i64.const 0))
    (func (export "dtor") (param i64) (global.set $last (local.get 0)))
    (func (export "last") (result i64) (global.get $last)))
  (core instance $d (instantiate $d))
  (type $r (resource (rep i64) (dtor (func $d "dtor"))))
  (core func $new (canon resource.new $r))
  (core func $rep (canon resource.rep $r))
  (core func $drop (canon resource.drop $r))
  (core module $m
    (import "" "new" (func $new (param i64) (result i32)))
    (import "" "rep" (func $rep (param i32) (result i64)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "last" (func $last (result i64)))
    (func (export "run") (result i64)
      (local $h i32) (local $a i64)
      (local.set $h (call $new (i64.const 0x100000005)))
      (local.set $a (call $rep (local.get $h)))
      (call $drop (local.get $h))
      (i64.add (local.get $a) (call $last))))
  (core instance $m (instantiate $m
    (with "" (instance (export "new" (func $new)) (export "rep" (func $rep))
                       (export "drop" (func $drop)) (export "last" (func $d "last"))))))
  (func (export "run") (result u64) (canon lift (core func $m "run"))))
(assert_return (invoke "run") (u64.const 8589934602))
