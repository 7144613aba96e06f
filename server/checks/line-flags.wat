;; The byte pass of the line prefilter (line-hints.ts), in WebAssembly: about three times the
;; speed of the same loop in JavaScript. Compiled by scripts/build-wasm.ts into line-flags.wasm.ts.
;;
;; Memory: the pair table at 0 (65,536 little-endian u32: (previous byte << 8 | byte) → detector
;; bits), the input bytes and the output records wherever the caller says. For each `\n` met,
;; one record of three u32 is written: the offset of the `\n`, the OR of the table entries of the
;; line's pairs, and the number of ASCII digits on the line. The state of a line not yet ended
;; (previous byte, bits, digits) is kept between calls, so a text may be passed in segments;
;; `reset` starts a new text.
(module
  (memory (export "memory") 1)
  (global $prev (mut i32) (i32.const 10))
  (global $flags (mut i32) (i32.const 0))
  (global $digits (mut i32) (i32.const 0))

  (func (export "reset")
    (global.set $prev (i32.const 10))
    (global.set $flags (i32.const 0))
    (global.set $digits (i32.const 0)))

  ;; Reads bytes [start, end); writes a record at `out` for each line end; returns the number of records.
  (func (export "scan") (param $start i32) (param $end i32) (param $out i32) (result i32)
    (local $i i32) (local $c i32) (local $prev i32) (local $flags i32) (local $digits i32) (local $o i32)
    (local.set $i (local.get $start))
    (local.set $o (local.get $out))
    (local.set $prev (global.get $prev))
    (local.set $flags (global.get $flags))
    (local.set $digits (global.get $digits))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 10))
          (then
            (i32.store (local.get $o) (local.get $i))
            (i32.store offset=4 (local.get $o) (local.get $flags))
            (i32.store offset=8 (local.get $o) (local.get $digits))
            (local.set $o (i32.add (local.get $o) (i32.const 12)))
            (local.set $prev (i32.const 10))
            (local.set $flags (i32.const 0))
            (local.set $digits (i32.const 0)))
          (else
            (local.set $flags
              (i32.or (local.get $flags)
                (i32.load (i32.shl (i32.or (i32.shl (local.get $prev) (i32.const 8)) (local.get $c)) (i32.const 2)))))
            (local.set $digits
              (i32.add (local.get $digits) (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))))
            (local.set $prev (local.get $c))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $prev (local.get $prev))
    (global.set $flags (local.get $flags))
    (global.set $digits (local.get $digits))
    (i32.div_u (i32.sub (local.get $o) (local.get $out)) (i32.const 12))))
