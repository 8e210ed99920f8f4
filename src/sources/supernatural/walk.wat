;; The two walks over a task file's `Instances` array that read nearly all of its bytes, in WebAssembly
;; with 16-byte SIMD: `skim` (skim.ts: where a value ends, how many elements it has) and `index`
;; (instance-index.ts: each instance checked as JSON.parse checks it, and where it and its id lie).
;; walk.ts runs them on bytes that are already a WebAssembly memory (core/scratch.ts); each gives -1
;; where it does not answer, and the JavaScript walk it mirrors then runs, so a -1 never changes a
;; result. The JavaScript walks are the reference: test/sources/supernatural/walk.test.ts holds both to
;; the same answers. walk-wasm.ts is this file assembled (`npm run wasm`).
;;
;; Offsets are absolute in the memory; `len` is where the bytes end. No load reads at or past `len`.
(module
  (import "env" "memory" (memory 0))
  ;; index's report of one instance: its object's start and end, its id string's start and end (quotes
  ;; included), whether the id has escapes. A zero result stops the walk (-1).
  (import "walk" "instance" (func $instance (param i32 i32 i32 i32 i32) (result i32)))

  ;; Where the last value walked ends (just past it).
  (global $end (mut i32) (i32.const 0))
  ;; Whether the last string `string` accepted had an escape.
  (global $escaped (mut i32) (i32.const 0))
  ;; The id of the last object `element` accepted.
  (global $idStart (mut i32) (i32.const 0))
  (global $idEnd (mut i32) (i32.const 0))
  (global $idEscaped (mut i32) (i32.const 0))

  (func (export "end") (result i32) (global.get $end))

  ;; JSON whitespace: space, line feed, carriage return, tab.
  (func $isSpace (param $b i32) (result i32)
    (i32.or
      (i32.or (i32.eq (local.get $b) (i32.const 0x20)) (i32.eq (local.get $b) (i32.const 0x0a)))
      (i32.or (i32.eq (local.get $b) (i32.const 0x0d)) (i32.eq (local.get $b) (i32.const 0x09)))))

  ;; The first offset from $j (below $len) that is not whitespace; 16 bytes at a time (indentation).
  (func $space (param $j i32) (param $len i32) (result i32)
    (local $v v128) (local $m i32)
    (loop $next
      (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $len))
        (then
          (local.set $v (v128.load align=1 (local.get $j)))
          (local.set $m (i8x16.bitmask (v128.not (v128.or
            (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x20)))
                     (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a))))
            (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0d)))
                     (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x09))))))))
          (if (i32.eqz (local.get $m))
            (then (local.set $j (i32.add (local.get $j) (i32.const 16))) (br $next)))
          (return (i32.add (local.get $j) (i32.ctz (local.get $m))))))
      (if (i32.lt_u (local.get $j) (local.get $len))
        (then
          (if (call $isSpace (i32.load8_u (local.get $j)))
            (then (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $next))))))
    (local.get $j))

  ;; skim.ts stringEnd: just past the string whose opening quote is at $i (a quote after an even run of
  ;; backslashes closes it: each backslash takes the byte after it), or -1 when none closes it.
  (func $looseString (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $v v128) (local $m i32) (local $b i32)
    (local.set $j (i32.add (local.get $i) (i32.const 1)))
    (loop $scan
      (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $len))
        (then
          (local.set $v (v128.load align=1 (local.get $j)))
          (local.set $m (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))))
          (if (i32.eqz (local.get $m))
            (then (local.set $j (i32.add (local.get $j) (i32.const 16))) (br $scan)))
          (local.set $j (i32.add (local.get $j) (i32.ctz (local.get $m)))))
        (else
          (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $b) (i32.const 0x22)) (then (return (i32.add (local.get $j) (i32.const 1)))))
      (local.set $j (i32.add (local.get $j) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $b) (i32.const 0x5c)))))
      (br $scan))
    (i32.const -1))

  ;; skim.ts valueEnd for an array or object at $i: its element (member) count, its end in $end; -1
  ;; when a string or bracket is not closed. Follows brackets and strings only, as the skim does.
  (func (export "skim") (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $b i32) (local $depth i32) (local $commas i32) (local $empty i32)
    (local.set $j (local.get $i))
    (local.set $empty (i32.const 1))
    (loop $walk
      (local.set $j (call $space (local.get $j) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $b) (i32.const 0x22))
        (then
          (if (i32.eq (local.get $depth) (i32.const 1)) (then (local.set $empty (i32.const 0))))
          (local.set $j (call $looseString (local.get $j) (local.get $len)))
          (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const -1))))
          (br $walk)))
      ;; [ and { differ from each other only in bit 5, as ] and } do.
      (if (i32.eq (i32.or (local.get $b) (i32.const 0x20)) (i32.const 0x7b))
        (then
          (if (i32.eq (local.get $depth) (i32.const 1)) (then (local.set $empty (i32.const 0))))
          (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
        (else
          (if (i32.eq (i32.or (local.get $b) (i32.const 0x20)) (i32.const 0x7d))
            (then
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
              (if (i32.eqz (local.get $depth))
                (then
                  (global.set $end (i32.add (local.get $j) (i32.const 1)))
                  (return (select (i32.const 0) (i32.add (local.get $commas) (i32.const 1)) (local.get $empty))))))
            (else
              (if (i32.eq (local.get $depth) (i32.const 1))
                (then
                  (if (i32.eq (local.get $b) (i32.const 0x2c))
                    (then (local.set $commas (i32.add (local.get $commas) (i32.const 1))))
                    (else (local.set $empty (i32.const 0))))))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $walk))
    (i32.const -1))

  (func $isHex (param $b i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $b) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))

  ;; json-bytes.ts jsonStringEnd: just past the string whose opening quote is at $i when JSON.parse
  ;; accepts it (no raw control character, only JSON's escapes), else -1; $escaped says if it had one.
  (func $string (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $v v128) (local $m i32) (local $b i32) (local $e i32)
    (global.set $escaped (i32.const 0))
    (local.set $j (i32.add (local.get $i) (i32.const 1)))
    (loop $scan
      (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $len))
        (then
          (local.set $v (v128.load align=1 (local.get $j)))
          (local.set $m (i8x16.bitmask (v128.or
            (v128.or (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
                     (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
            (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20))))))
          (if (i32.eqz (local.get $m))
            (then (local.set $j (i32.add (local.get $j) (i32.const 16))) (br $scan)))
          (local.set $j (i32.add (local.get $j) (i32.ctz (local.get $m)))))
        (else
          (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $b) (i32.const 0x22)) (then (return (i32.add (local.get $j) (i32.const 1)))))
      (if (i32.eq (local.get $b) (i32.const 0x5c))
        (then
          (global.set $escaped (i32.const 1))
          (if (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $len)) (then (return (i32.const -1))))
          (local.set $e (i32.load8_u (i32.add (local.get $j) (i32.const 1))))
          (if (i32.eq (local.get $e) (i32.const 0x75))
            (then
              (if (i32.ge_u (i32.add (local.get $j) (i32.const 5)) (local.get $len)) (then (return (i32.const -1))))
              (if (i32.eqz (i32.and
                    (i32.and (call $isHex (i32.load8_u offset=2 (local.get $j))) (call $isHex (i32.load8_u offset=3 (local.get $j))))
                    (i32.and (call $isHex (i32.load8_u offset=4 (local.get $j))) (call $isHex (i32.load8_u offset=5 (local.get $j))))))
                (then (return (i32.const -1))))
              (local.set $j (i32.add (local.get $j) (i32.const 6)))
              (br $scan)))
          ;; " \ / b f n r t
          (if (i32.or
                (i32.or
                  (i32.or (i32.eq (local.get $e) (i32.const 0x22)) (i32.eq (local.get $e) (i32.const 0x5c)))
                  (i32.or (i32.eq (local.get $e) (i32.const 0x2f)) (i32.eq (local.get $e) (i32.const 0x62))))
                (i32.or
                  (i32.or (i32.eq (local.get $e) (i32.const 0x66)) (i32.eq (local.get $e) (i32.const 0x6e)))
                  (i32.or (i32.eq (local.get $e) (i32.const 0x72)) (i32.eq (local.get $e) (i32.const 0x74)))))
            (then (local.set $j (i32.add (local.get $j) (i32.const 2))) (br $scan)))
          (return (i32.const -1))))
      (if (i32.lt_u (local.get $b) (i32.const 0x20)) (then (return (i32.const -1))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $scan))
    (i32.const -1))

  ;; instance-index.ts stringListEnd: just past the array of strings at $i, or -1.
  (func $stringList (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $b i32)
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x5b)) (then (return (i32.const -1))))
    (local.set $j (call $space (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
    (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
    (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 0x5d)) (then (return (i32.add (local.get $j) (i32.const 1)))))
    (loop $item
      (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 0x22)) (then (return (i32.const -1))))
      (local.set $j (call $string (local.get $j) (local.get $len)))
      (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $j (call $space (local.get $j) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $b) (i32.const 0x5d)) (then (return (i32.add (local.get $j) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $j (call $space (i32.add (local.get $j) (i32.const 1)) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (br $item))
    (i32.const -1))

  ;; The key whose string runs from $start to $end (quotes included): 1 "id", 2 "input", 3 "output",
  ;; 0 any other (left to the JavaScript walk, which checks any value). Words are read only within the key.
  (func $key (param $start i32) (param $end i32) (result i32)
    (local $length i32)
    (local.set $length (i32.sub (local.get $end) (local.get $start)))
    ;; Little-endian words: "id" is 0x6469; "inpu" 0x75706e69 and "t"; "outp" 0x7074756f and "ut" 0x7475.
    (if (i32.eq (local.get $length) (i32.const 4))
      (then (return (select (i32.const 1) (i32.const 0)
        (i32.eq (i32.load16_u offset=1 (local.get $start)) (i32.const 0x6469))))))
    (if (i32.eq (local.get $length) (i32.const 7))
      (then (return (select (i32.const 2) (i32.const 0)
        (i32.and (i32.eq (i32.load offset=1 (local.get $start)) (i32.const 0x75706e69))
                 (i32.eq (i32.load8_u offset=5 (local.get $start)) (i32.const 0x74)))))))
    (if (i32.eq (local.get $length) (i32.const 8))
      (then (return (select (i32.const 3) (i32.const 0)
        (i32.and (i32.eq (i32.load offset=1 (local.get $start)) (i32.const 0x7074756f))
                 (i32.eq (i32.load16_u offset=5 (local.get $start)) (i32.const 0x7475)))))))
    (i32.const 0))

  ;; instance-index.ts elementOf: just past the instance object at $i (string id and input, output a
  ;; list of strings, nothing else), its last id in $idStart/$idEnd/$idEscaped; else -1.
  (func $element (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $k i32) (local $b i32) (local $key i32) (local $input i32) (local $output i32)
    (global.set $idStart (i32.const -1))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x7b)) (then (return (i32.const -1))))
    (local.set $j (call $space (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
    (loop $member
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 0x22)) (then (return (i32.const -1))))
      (local.set $k (call $string (local.get $j) (local.get $len)))
      (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -1))))
      (if (global.get $escaped) (then (return (i32.const -1))))
      (local.set $key (call $key (local.get $j) (local.get $k)))
      (if (i32.eqz (local.get $key)) (then (return (i32.const -1))))
      (local.set $j (call $space (local.get $k) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 0x3a)) (then (return (i32.const -1))))
      (local.set $j (call $space (i32.add (local.get $j) (i32.const 1)) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (if (i32.eq (local.get $key) (i32.const 3))
        (then
          (local.set $k (call $stringList (local.get $j) (local.get $len)))
          (local.set $output (i32.const 1)))
        (else
          (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 0x22)) (then (return (i32.const -1))))
          (local.set $k (call $string (local.get $j) (local.get $len)))
          (if (i32.eq (local.get $key) (i32.const 1))
            (then
              (global.set $idStart (local.get $j))
              (global.set $idEnd (local.get $k))
              (global.set $idEscaped (global.get $escaped)))
            (else (local.set $input (i32.const 1))))))
      (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $j (call $space (local.get $k) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.ne (local.get $b) (i32.const 0x7d))
        (then
          (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
          (local.set $j (call $space (i32.add (local.get $j) (i32.const 1)) (local.get $len)))
          (br $member))))
    (if (i32.or (i32.lt_s (global.get $idStart) (i32.const 0))
                (i32.eqz (i32.and (local.get $input) (local.get $output))))
      (then (return (i32.const -1))))
    (i32.add (local.get $j) (i32.const 1)))

  ;; instance-index.ts indexArray: the array of instances at $i walked, each reported to `instance`;
  ;; its length, its end in $end; -1 where the JavaScript walk is left to answer.
  (func (export "index") (param $i i32) (param $len i32) (result i32)
    (local $j i32) (local $k i32) (local $b i32) (local $count i32)
    (if (i32.ge_u (local.get $i) (local.get $len)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x5b)) (then (return (i32.const -1))))
    (local.set $j (call $space (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
    (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
    (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 0x5d))
      (then
        (global.set $end (i32.add (local.get $j) (i32.const 1)))
        (return (i32.const 0))))
    (loop $next
      (local.set $k (call $element (local.get $j) (local.get $len)))
      (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -1))))
      (if (i32.eqz (call $instance (local.get $j) (local.get $k)
                     (global.get $idStart) (global.get $idEnd) (global.get $idEscaped)))
        (then (return (i32.const -1))))
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (local.set $j (call $space (local.get $k) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (local.set $b (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $b) (i32.const 0x5d))
        (then
          (global.set $end (i32.add (local.get $j) (i32.const 1)))
          (return (local.get $count))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $j (call $space (i32.add (local.get $j) (i32.const 1)) (local.get $len)))
      (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const -1))))
      (br $next))
    (i32.const -1))
)
