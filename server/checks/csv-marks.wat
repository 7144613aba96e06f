;; The cell boundaries of CSV/TSV text, found sixteen bytes at a time (WebAssembly SIMD), for
;; csv-marks.ts. Compiled by scripts/build-wasm.ts into csv-marks.wasm.ts.
;;
;; `marks` reads the bytes [start, end) and writes, in order, one i32 per delimiter or quote met:
;; (its offset - start + base) << 1, plus 1 for a quote. It returns how many it wrote. The 16
;; bytes after `end` must be zeros (the caller clears them): the last block is read whole, and a
;; zero byte is never a delimiter or a quote.
(module
  (memory (export "memory") 1)

  (func (export "marks") (param $start i32) (param $end i32) (param $base i32) (param $delimiter i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $bits i32) (local $at i32) (local $block v128)
    (local $delimiters v128) (local $quotes v128)
    (local.set $delimiters (i8x16.splat (local.get $delimiter)))
    (local.set $quotes (i8x16.splat (i32.const 34)))
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
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
                (i32.shl (i32.add (i32.sub (local.get $at) (local.get $start)) (local.get $base)) (i32.const 1))
                (i32.eq (i32.load8_u (local.get $at)) (i32.const 34))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $bit)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
