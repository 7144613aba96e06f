;; The cell boundaries of CSV/TSV text, found sixteen bytes at a time (WebAssembly SIMD), for
;; csv-marks.ts. Compiled by scripts/build-wasm.ts into csv-marks.wasm.ts.
;;
;; `marks` reads the bytes [start, end) and writes, in order, one i32 per delimiter or quote met
;; at `out`: (its offset - start) << 1, plus 1 for a quote; and the offset of each `\n` (from
;; `start`) at `linesOut`. It returns how many marks it wrote; `lines` then says how many line ends. The 16
;; bytes after `end` must be zeros (the caller clears them): the last block is read whole, and a
;; zero byte is never a delimiter, a quote or a line break.
(module
  (memory (export "memory") 1)
  (global $lines (mut i32) (i32.const 0))

  (func (export "lines") (result i32) (global.get $lines))

  (func (export "marks") (param $start i32) (param $end i32) (param $delimiter i32) (param $out i32) (param $linesOut i32) (result i32)
    (local $i i32) (local $o i32) (local $l i32) (local $bits i32) (local $at i32) (local $block v128)
    (local $delimiters v128) (local $quotes v128)
    (local.set $delimiters (i8x16.splat (local.get $delimiter)))
    (local.set $quotes (i8x16.splat (i32.const 34)))
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (local.set $l (local.get $linesOut))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $block (v128.load (local.get $i)))
        (local.set $bits
          (i8x16.bitmask
            (v128.or (i8x16.eq (local.get $block) (local.get $delimiters)) (i8x16.eq (local.get $block) (local.get $quotes)))))
        (block $empty
          (loop $bit
            (br_if $empty (i32.eqz (local.get $bits)))
            (local.set $at (i32.add (local.get $i) (i32.ctz (local.get $bits))))
            (i32.store (local.get $o)
              (i32.or
                (i32.shl (i32.sub (local.get $at) (local.get $start)) (i32.const 1))
                (i32.eq (i32.load8_u (local.get $at)) (i32.const 34))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $bit)))
        (local.set $bits (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 10)))))
        (block $noBreak
          (loop $break
            (br_if $noBreak (i32.eqz (local.get $bits)))
            (i32.store (local.get $l) (i32.sub (i32.add (local.get $i) (i32.ctz (local.get $bits))) (local.get $start)))
            (local.set $l (i32.add (local.get $l) (i32.const 4)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $break)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (global.set $lines (i32.shr_u (i32.sub (local.get $l) (local.get $linesOut)) (i32.const 2)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
