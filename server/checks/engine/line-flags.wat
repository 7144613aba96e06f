;; The byte pass of the line prefilter (line-hints.ts), in WebAssembly with SIMD. Compiled by
;; scripts/build-wasm.ts into line-flags.wasm.ts.
;;
;; Memory: the pair table at 0 (65,536 little-endian u32: (byte << 8 | previous byte) → detector
;; bits), the input bytes and the output records wherever the caller says. For each `\n` met,
;; one record of three u32 is written: the offset of the `\n`, the OR of the table entries of the
;; line's pairs, and the number of ASCII digits on the line. The state of a line not yet ended
;; (previous byte, bits, digits) is kept between calls, so a text may be passed in segments;
;; `reset` starts a new text.
;;
;; The bytes are read sixteen at a time: one comparison finds the block's line breaks and one its
;; digits (counted with popcnt); the pairs between two line breaks are then looked up one by one,
;; each with a single 16-bit load of (previous byte, byte), which is why the table is indexed
;; that way round. The byte before `start` is scratch (the previous byte is put there), and up to
;; 15 bytes after `end` are read but not used.
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
    (local $i i32) (local $p i32) (local $stop i32) (local $lanes i32) (local $below i32)
    (local $breaks i32) (local $digitLanes i32) (local $flags i32) (local $digits i32) (local $o i32)
    (local $block v128)
    (i32.store8 (i32.sub (local.get $start) (i32.const 1)) (global.get $prev))
    (local.set $flags (global.get $flags))
    (local.set $digits (global.get $digits))
    (local.set $o (local.get $out))
    (local.set $i (local.get $start))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $block (v128.load (local.get $i)))
        ;; The lanes that are input: all sixteen, or those before `end` in the last block.
        (local.set $lanes (i32.sub (local.get $end) (local.get $i)))
        (if (i32.gt_u (local.get $lanes) (i32.const 16)) (then (local.set $lanes (i32.const 16))))
        (local.set $breaks
          (i32.and (i32.sub (i32.shl (i32.const 1) (local.get $lanes)) (i32.const 1))
            (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 10))))))
        (local.set $digitLanes
          (i32.and (i32.sub (i32.shl (i32.const 1) (local.get $lanes)) (i32.const 1))
            (i8x16.bitmask
              (i8x16.lt_u (i8x16.sub (local.get $block) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 10))))))
        (local.set $p (local.get $i))
        (block $blockDone
          (loop $run
            ;; A run of bytes ends at the block's next line break, or with the block.
            (local.set $stop
              (if (result i32) (local.get $breaks)
                (then (i32.add (local.get $i) (i32.ctz (local.get $breaks))))
                (else (i32.add (local.get $i) (local.get $lanes)))))
            (block $looked
              (loop $look
                (br_if $looked (i32.ge_u (local.get $p) (local.get $stop)))
                (local.set $flags
                  (i32.or (local.get $flags)
                    (i32.load (i32.shl (i32.load16_u (i32.sub (local.get $p) (i32.const 1))) (i32.const 2)))))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $look)))
            ;; The digits of the run: the digit lanes below its stop not counted yet.
            (local.set $below (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $stop) (local.get $i))) (i32.const 1)))
            (local.set $digits (i32.add (local.get $digits) (i32.popcnt (i32.and (local.get $digitLanes) (local.get $below)))))
            (local.set $digitLanes (i32.and (local.get $digitLanes) (i32.xor (local.get $below) (i32.const -1))))
            (br_if $blockDone (i32.eqz (local.get $breaks)))
            (i32.store (local.get $o) (local.get $stop))
            (i32.store offset=4 (local.get $o) (local.get $flags))
            (i32.store offset=8 (local.get $o) (local.get $digits))
            (local.set $o (i32.add (local.get $o) (i32.const 12)))
            (local.set $flags (i32.const 0))
            (local.set $digits (i32.const 0))
            (local.set $p (i32.add (local.get $stop) (i32.const 1)))
            (local.set $breaks (i32.and (local.get $breaks) (i32.sub (local.get $breaks) (i32.const 1))))
            (br $run)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    ;; The last byte read is the previous byte of the next segment (the scratch byte when none was).
    (global.set $prev (i32.load8_u (i32.sub (local.get $end) (i32.const 1))))
    (global.set $flags (local.get $flags))
    (global.set $digits (local.get $digits))
    (i32.div_u (i32.sub (local.get $o) (local.get $out)) (i32.const 12))))
