;; torch.tanh, torch.log and torch.exp on float32 as PyTorch 1.13 computes them (SLEEF 3.5.1's
;; Sleef_tanhf8_u10avx2, Sleef_logf8_u10avx2 and Sleef_expf8_u10avx2), four lanes at a time, bit for bit tanhF32,
;; logF32 and expF32 of core/ops/float32-math.ts, which name SLEEF's steps (read them first). Every kernel runs
;; SLEEF's own operations: each float32 one as one f32x4 instruction, each FMA (WebAssembly has none) in float64
;; lanes (two f64x2 halves): a·b of float32s is exact in float64, and a·b + c is rounded to float64, then to float32.
;; Rounding twice differs from rounding once only when the float64 sum lands exactly on a float32 midpoint (low 29
;; bits 1000…0) while the exact sum does not. FMAs whose float64 sum is exact need no test: a product's own rounding
;; error, fma(a, b, −round(a·b)), 1 − d·(1/d), and two in log's division (see there). The midpoint test holds for
;; float32-normal sums. The other FMAs are handled in one of two ways:
;;
;; - in place, where a sum is often exactly on a midpoint (the last FMA of log's division), and in $replay: on a
;;   midpoint (a predictable branch, mostly), $to_odd moves the sum one float64 ulp toward the exact value when the
;;   sum is not exact;
;; - cheaply, where that is rare (exp, log's other FMAs, tanh's shortcut): each lane keeps the least of its sums'
;;   low 29 bits shifted to the top (i32x4.min_s), 0x80000000 exactly when one was on a midpoint, and such a group
;;   is redone exactly. No call and no branch per FMA: a call makes V8 spill every live vector around it.
;;
;; tanh_sleef first takes a shortcut, more than twice as fast as $replay (SLEEF's tanhf operation for operation):
;; SLEEF's result is its double-float value of (d − 1/d)/(d + 1/d) rounded to float32, with d = 2^q·e^s from its
;; polynomial, whose float32 coefficients leave an error of up to 2^-30 (so it is not tanh correctly rounded). The
;; shortcut evaluates the same polynomial (u in SLEEF's float32 FMAs, the rest in float64), giving T within about
;; 2^-44 of SLEEF's double-float value; where T is more than 2^-36·T from the float32 midpoint in its float32 ulp,
;; both round to the same float32. A group with a lane closer, with an FMA of u on a midpoint, or with
;; 0 < |x| < 2^-8 (where T's error grows as 2^-47/|x|) goes through $replay after the loop. (That this holds for
;; every float32 is what tests/core/kernels/sleef.test.ts checks, against PyTorch, with BPS_EXHAUSTIVE set.)
;;
;; Every kernel works in place on `len` floats at `ptr` (a multiple of 4; of 16 for tanh_sleef and exp_sleef, whose
;; group of four is one long float64 dependency chain: scripts/unroll-wat.mjs interleaves four groups per
;; iteration), lists at `flags` (one slot per group) the byte offsets of the groups the caller must redo with its
;; exact scalar function, and returns how many: exp's and log's groups with an FMA on a midpoint; tanh's with
;; 0 < |x| < 2^-24, where an FMA of $replay's can leave the normal range. Built to sleef-wasm.ts by
;; scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; Set by $replay when a lane has 0 < |x| < 2^-24.
  (global $scalar (mut i32) (i32.const 0))

  (func (export "tanh_sleef") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32) (local $refused i32) (local $i i32) (local $accept i32)
    (local $x v128) (local $a v128) (local $qi v128) (local $qf v128) (local $sx v128) (local $y v128) (local $hit v128)
    (local $sl v128) (local $sh v128) (local $sxl v128) (local $sxh v128) (local $ul v128) (local $uh v128)
    (local $tl v128) (local $th v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      ;; unroll 4 groups of 16 bytes at $ptr, sharing $count
      (local.set $x (v128.load (local.get $ptr)))
      (local.set $a (f32x4.pmin (v128.const f32x4 8.664340019226074 8.664340019226074 8.664340019226074 8.664340019226074) (f32x4.abs (local.get $x))))

      ;; q as SLEEF's expk2f; s = a − q·ln 2 in float64, and s.x, its float32 head, exactly as SLEEF rounds it
      (local.set $qi (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (local.get $a) (v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335)))))
      (local.set $qf (f32x4.convert_i32x4_s (local.get $qi)))
      (local.set $sx (f32x4.add (f32x4.add (local.get $a) (f32x4.mul (local.get $qf) (v128.const f32x4 -0.693145751953125 -0.693145751953125 -0.693145751953125 -0.693145751953125))) (f32x4.mul (local.get $qf) (v128.const f32x4 -1.428606765330187e-06 -1.428606765330187e-06 -1.428606765330187e-06 -1.428606765330187e-06))))
      (local.set $sl (f64x2.sub (f64x2.sub (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $qf)) (v128.const f64x2 0.693145751953125 0.693145751953125))) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $qf)) (v128.const f64x2 1.428606765330187e-06 1.428606765330187e-06))))
      (local.set $sh (f64x2.sub (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $qf) (local.get $qf))) (v128.const f64x2 0.693145751953125 0.693145751953125))) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $qf) (local.get $qf))) (v128.const f64x2 1.428606765330187e-06 1.428606765330187e-06))))
      (local.set $sxl (f64x2.promote_low_f32x4 (local.get $sx)))
      (local.set $sxh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sx) (local.get $sx))))

      ;; u = ((P0·s.x + P1)·s.x + P2)·s.x + P3 as SLEEF's float32 FMAs compute it (its rounding would show). $hit
      ;; keeps, per lane, the least of the FMAs' low 29 bits shifted to the top: 0x80000000 marks a float32 midpoint.
      (local.set $ul (f64x2.add (f64x2.mul (local.get $sxl) (v128.const f64x2 0.00019809602235909551 0.00019809602235909551)) (v128.const f64x2 0.0013942564837634563 0.0013942564837634563)))
      (local.set $uh (f64x2.add (f64x2.mul (local.get $sxh) (v128.const f64x2 0.00019809602235909551 0.00019809602235909551)) (v128.const f64x2 0.0013942564837634563 0.0013942564837634563)))
      (local.set $hit (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3)))
      (local.set $ul (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sxl)) (v128.const f64x2 0.008333456702530384 0.008333456702530384)))
      (local.set $uh (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sxh)) (v128.const f64x2 0.008333456702530384 0.008333456702530384)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $ul (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sxl)) (v128.const f64x2 0.04166637361049652 0.04166637361049652)))
      (local.set $uh (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sxh)) (v128.const f64x2 0.04166637361049652 0.04166637361049652)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))

      ;; e^s ≈ 1 + s + s²·((s·u + C3)·s + ½), d = e·2^q, T = (d² − 1)/(d² + 1), all in float64
      (local.set $tl (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (local.get $sl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul)))) (v128.const f64x2 0.1666666567325592 0.1666666567325592)) (local.get $sl)) (v128.const f64x2 0.5 0.5)))
      (local.set $tl (f64x2.mul (f64x2.add (v128.const f64x2 1 1) (f64x2.add (local.get $sl) (f64x2.mul (f64x2.mul (local.get $sl) (local.get $sl)) (local.get $tl)))) (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (local.get $qi)) (v128.const i64x2 1023 1023)) (i32.const 52))))
      (local.set $tl (f64x2.mul (local.get $tl) (local.get $tl)))
      (local.set $tl (f64x2.div (f64x2.sub (local.get $tl) (v128.const f64x2 1 1)) (f64x2.add (local.get $tl) (v128.const f64x2 1 1))))
      (local.set $th (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (local.get $sh) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh)))) (v128.const f64x2 0.1666666567325592 0.1666666567325592)) (local.get $sh)) (v128.const f64x2 0.5 0.5)))
      (local.set $th (f64x2.mul (f64x2.add (v128.const f64x2 1 1) (f64x2.add (local.get $sh) (f64x2.mul (f64x2.mul (local.get $sh) (local.get $sh)) (local.get $th)))) (i64x2.shl (i64x2.add (i64x2.extend_high_i32x4_s (local.get $qi)) (v128.const i64x2 1023 1023)) (i32.const 52))))
      (local.set $th (f64x2.mul (local.get $th) (local.get $th)))
      (local.set $th (f64x2.div (f64x2.sub (local.get $th) (v128.const f64x2 1 1)) (f64x2.add (local.get $th) (v128.const f64x2 1 1))))
      (local.set $y (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $tl)) (f32x4.demote_f64x2_zero (local.get $th))))

      ;; A lane is accepted when no FMA of u was on a midpoint, a ≥ 2^-8 (below, T's own error grows) and T is more
      ;; than 2^17 float64 ulps (≥ 2^-36·T) from the one float32 midpoint in its float32 ulp: its low 29 bits are more
      ;; than 2^17 from 2^28. Accepted as well: 0, saturated and NaN lanes.
      (local.set $accept (i32x4.all_true (v128.or
        (v128.and (v128.and (i32x4.ne (local.get $hit) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
            (f32x4.ge (local.get $a) (v128.const f32x4 0.00390625 0.00390625 0.00390625 0.00390625)))
          (i32x4.gt_s (i32x4.abs (i32x4.sub (v128.and (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $tl) (local.get $th)) (v128.const i32x4 0x1fffffff 0x1fffffff 0x1fffffff 0x1fffffff)) (v128.const i32x4 0x10000000 0x10000000 0x10000000 0x10000000)))
            (v128.const i32x4 0x20000 0x20000 0x20000 0x20000)))
        (v128.or (f32x4.eq (local.get $a) (v128.const f32x4 0 0 0 0)) (v128.or (f32x4.gt (f32x4.abs (local.get $x)) (v128.const f32x4 8.664340019226074 8.664340019226074 8.664340019226074 8.664340019226074)) (f32x4.ne (local.get $x) (local.get $x)))))))

      ;; ±1 beyond the saturation point, the sign bit of x XORed in, NaN (all ones, as SLEEF) for NaN
      (local.set $y (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $y)
        (f32x4.gt (f32x4.abs (local.get $x)) (v128.const f32x4 8.664340019226074 8.664340019226074 8.664340019226074 8.664340019226074))))
      (local.set $y (v128.or (v128.xor (local.get $y) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))) (f32x4.ne (local.get $x) (local.get $x))))
      ;; without a branch (one per group kept the unrolled groups from overlapping): y where the group is accepted,
      ;; else x stays and the group is listed for $replay (the slot is written either way, kept when the count moves)
      (v128.store (local.get $ptr) (v128.bitselect (local.get $y) (local.get $x) (i32x4.splat (i32.sub (i32.const 0) (local.get $accept)))))
      (block
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (i32.eqz (local.get $accept)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $group)))

    ;; The refused groups through $replay; the list keeps those it hands to the caller.
    (local.set $refused (local.get $count))
    (local.set $count (i32.const 0))
    (block $replayed (loop $next
      (br_if $replayed (i32.ge_u (local.get $i) (local.get $refused)))
      (local.set $ptr (i32.load (i32.add (local.get $flags) (i32.shl (local.get $i) (i32.const 2)))))
      (v128.store (local.get $ptr) (call $replay (v128.load (local.get $ptr))))
      (if (global.get $scalar) (then
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (global.set $scalar (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $count))

  ;; Every group through $replay (for the tests: the shortcut above leaves it few lanes).
  (func (export "tanh_sleef_replay") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (v128.store (local.get $ptr) (call $replay (v128.load (local.get $ptr))))
      (if (global.get $scalar) (then
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (global.set $scalar (i32.const 0))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $group)))
    (local.get $count))

  ;; SLEEF's tanhf of four lanes, operation for operation.
  (func $replay (param $x v128) (result v128)
    (local $a v128) (local $bad v128) (local $qi v128) (local $qf v128) (local $b v128) (local $v v128)
    (local $sx v128) (local $sy v128) (local $tx v128) (local $ty v128) (local $hx v128) (local $hy v128)
    (local $dx v128) (local $dy v128) (local $rx v128) (local $ry v128) (local $nx v128) (local $ny v128)
    (local $wx v128) (local $wy v128) (local $t v128) (local $y v128) (local $p1 v128) (local $p2 v128)
    ;; float64 halves (l: lanes 0–1, h: lanes 2–3) of what SLEEF's FMAs read and write; fp, fc: an FMA's a·b and c
    (local $sxl v128) (local $sxh v128) (local $syl v128) (local $syh v128) (local $ul v128) (local $uh v128)
    (local $txl v128) (local $txh v128) (local $tyl v128) (local $tyh v128) (local $pl v128) (local $ph v128)
    (local $ml v128) (local $mh v128) (local $ql v128) (local $qh v128) (local $kl v128) (local $kh v128)
    (local $el v128) (local $eh v128) (local $tl v128) (local $th v128)
    (local $fpl v128) (local $fph v128) (local $fcl v128) (local $fch v128)
    ;; a = |x|, held at 8.664340 where SLEEF saturates (NaN lanes too: pmin keeps the constant), so every lane
    ;; computes ordinary values; saturated and NaN lanes are replaced at the end.
    (local.set $a (f32x4.pmin (v128.const f32x4 8.664340019226074 8.664340019226074 8.664340019226074 8.664340019226074)
      (f32x4.abs (local.get $x))))
    (if (v128.any_true (v128.and (f32x4.gt (local.get $a) (v128.const f32x4 0 0 0 0))
        (f32x4.lt (local.get $a) (v128.const f32x4 5.960464477539063e-08 5.960464477539063e-08 5.960464477539063e-08 5.960464477539063e-08))))
      (then (global.set $scalar (i32.const 1))))
    ;; expk2f(a). q = rint(a·log2 e); s = a − q·ln 2 as a double-float (dfadd2 twice, ln 2 in two parts)
    (local.set $qi (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (local.get $a) (v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335)))))
    (local.set $qf (f32x4.convert_i32x4_s (local.get $qi)))
    (local.set $b (f32x4.mul (local.get $qf) (v128.const f32x4 -0.693145751953125 -0.693145751953125 -0.693145751953125 -0.693145751953125)))
    (local.set $tx (f32x4.add (local.get $a) (local.get $b)))
    (local.set $v (f32x4.sub (local.get $tx) (local.get $a)))
    (local.set $sy (f32x4.add (f32x4.add (f32x4.sub (local.get $a) (f32x4.sub (local.get $tx) (local.get $v))) (f32x4.sub (local.get $b) (local.get $v))) (v128.const f32x4 0 0 0 0)))
    (local.set $sx (local.get $tx))
    (local.set $b (f32x4.mul (local.get $qf) (v128.const f32x4 -1.428606765330187e-06 -1.428606765330187e-06 -1.428606765330187e-06 -1.428606765330187e-06)))
    (local.set $tx (f32x4.add (local.get $sx) (local.get $b)))
    (local.set $v (f32x4.sub (local.get $tx) (local.get $sx)))
    (local.set $sy (f32x4.add (f32x4.add (f32x4.sub (local.get $sx) (f32x4.sub (local.get $tx) (local.get $v))) (f32x4.sub (local.get $b) (local.get $v))) (local.get $sy)))
    (local.set $sx (local.get $tx))
    (local.set $sxl (f64x2.promote_low_f32x4 (local.get $sx)))
    (local.set $sxh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sx) (local.get $sx))))
    (local.set $syl (f64x2.promote_low_f32x4 (local.get $sy)))
    (local.set $syh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sy) (local.get $sy))))

    ;; u = ((P0·s.x + P1)·s.x + P2)·s.x + P3, three FMAs
    (local.set $fpl (f64x2.mul (local.get $sxl) (v128.const f64x2 0.00019809602235909551 0.00019809602235909551)))
    (local.set $fph (f64x2.mul (local.get $sxh) (v128.const f64x2 0.00019809602235909551 0.00019809602235909551)))
    (local.set $fcl (v128.const f64x2 0.0013942564837634563 0.0013942564837634563))
    (local.set $fch (v128.const f64x2 0.0013942564837634563 0.0013942564837634563))
    (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ul) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $uh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ul (call $to_odd (local.get $ul) (local.get $fpl) (local.get $fcl)))
      (local.set $uh (call $to_odd (local.get $uh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sxl)))
    (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sxh)))
    (local.set $fcl (v128.const f64x2 0.008333456702530384 0.008333456702530384))
    (local.set $fch (v128.const f64x2 0.008333456702530384 0.008333456702530384))
    (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ul) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $uh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ul (call $to_odd (local.get $ul) (local.get $fpl) (local.get $fcl)))
      (local.set $uh (call $to_odd (local.get $uh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sxl)))
    (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sxh)))
    (local.set $fcl (v128.const f64x2 0.04166637361049652 0.04166637361049652))
    (local.set $fch (v128.const f64x2 0.04166637361049652 0.04166637361049652))
    (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ul) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $uh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ul (call $to_odd (local.get $ul) (local.get $fpl) (local.get $fcl)))
      (local.set $uh (call $to_odd (local.get $uh) (local.get $fph) (local.get $fch)))))
    (local.set $ul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))))
    (local.set $uh (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))))

    ;; t = dfmul(s, u): hi = s.x·u; lo = fma(s.y, u, fma(s.x, u, −hi)), the inner FMA exact (a product's error)
    (local.set $pl (f64x2.mul (local.get $sxl) (local.get $ul)))
    (local.set $ph (f64x2.mul (local.get $sxh) (local.get $uh)))
    (local.set $fpl (f64x2.mul (local.get $syl) (local.get $ul)))
    (local.set $fph (f64x2.mul (local.get $syh) (local.get $uh)))
    (local.set $fcl (f64x2.sub (local.get $pl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $pl)))))
    (local.set $fch (f64x2.sub (local.get $ph) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ph)))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $tx (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $pl)) (f32x4.demote_f64x2_zero (local.get $ph))))
    (local.set $ty (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))

    ;; t = dfadd2(t, 1/6)
    (local.set $v (f32x4.sub (f32x4.add (local.get $tx) (v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592)) (local.get $tx)))
    (local.set $ty (f32x4.add (f32x4.add (f32x4.sub (local.get $tx) (f32x4.sub (f32x4.add (local.get $tx) (v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592)) (local.get $v))) (f32x4.sub (v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592) (local.get $v))) (local.get $ty)))
    (local.set $tx (f32x4.add (local.get $tx) (v128.const f32x4 0.1666666567325592 0.1666666567325592 0.1666666567325592 0.1666666567325592)))

    ;; t = dfmul2(s, t): hi = s.x·t.x; lo = fma(s.x, t.y, fma(s.y, t.x, fma(s.x, t.x, −hi)))
    (local.set $txl (f64x2.promote_low_f32x4 (local.get $tx)))
    (local.set $txh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $tx) (local.get $tx))))
    (local.set $tyl (f64x2.promote_low_f32x4 (local.get $ty)))
    (local.set $tyh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ty) (local.get $ty))))
    (local.set $pl (f64x2.mul (local.get $sxl) (local.get $txl)))
    (local.set $ph (f64x2.mul (local.get $sxh) (local.get $txh)))
    (local.set $fpl (f64x2.mul (local.get $syl) (local.get $txl)))
    (local.set $fph (f64x2.mul (local.get $syh) (local.get $txh)))
    (local.set $fcl (f64x2.sub (local.get $pl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $pl)))))
    (local.set $fch (f64x2.sub (local.get $ph) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ph)))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (local.get $sxl) (local.get $tyl)))
    (local.set $fph (f64x2.mul (local.get $sxh) (local.get $tyh)))
    (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ml))))
    (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $mh))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $tx (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $pl)) (f32x4.demote_f64x2_zero (local.get $ph))))
    (local.set $ty (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))

    ;; t = dfadd2(t, 0.5)
    (local.set $v (f32x4.sub (f32x4.add (local.get $tx) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $tx)))
    (local.set $ty (f32x4.add (f32x4.add (f32x4.sub (local.get $tx) (f32x4.sub (f32x4.add (local.get $tx) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $v))) (f32x4.sub (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $v))) (local.get $ty)))
    (local.set $tx (f32x4.add (local.get $tx) (v128.const f32x4 0.5 0.5 0.5 0.5)))

    ;; q = dfsqu(s): hi = s.x²; lo = fma(s.x + s.x, s.y, fma(s.x, s.x, −hi))
    (local.set $pl (f64x2.mul (local.get $sxl) (local.get $sxl)))
    (local.set $ph (f64x2.mul (local.get $sxh) (local.get $sxh)))
    (local.set $ql (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $pl))))
    (local.set $qh (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ph))))
    (local.set $fpl (f64x2.mul (f64x2.add (local.get $sxl) (local.get $sxl)) (local.get $syl)))
    (local.set $fph (f64x2.mul (f64x2.add (local.get $sxh) (local.get $sxh)) (local.get $syh)))
    (local.set $fcl (f64x2.sub (local.get $pl) (local.get $ql)))
    (local.set $fch (f64x2.sub (local.get $ph) (local.get $qh)))
    (local.set $kl (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $kh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $kl) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $kh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $kl (call $to_odd (local.get $kl) (local.get $fpl) (local.get $fcl)))
      (local.set $kh (call $to_odd (local.get $kh) (local.get $fph) (local.get $fch)))))

    ;; m = dfmul2(q, t): hi = q.x·t.x; lo = fma(q.x, t.y, fma(q.y, t.x, fma(q.x, t.x, −hi)))
    (local.set $txl (f64x2.promote_low_f32x4 (local.get $tx)))
    (local.set $txh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $tx) (local.get $tx))))
    (local.set $tyl (f64x2.promote_low_f32x4 (local.get $ty)))
    (local.set $tyh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ty) (local.get $ty))))
    (local.set $pl (f64x2.mul (local.get $ql) (local.get $txl)))
    (local.set $ph (f64x2.mul (local.get $qh) (local.get $txh)))
    (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $kl))) (local.get $txl)))
    (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $kh))) (local.get $txh)))
    (local.set $fcl (f64x2.sub (local.get $pl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $pl)))))
    (local.set $fch (f64x2.sub (local.get $ph) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ph)))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (local.get $ql) (local.get $tyl)))
    (local.set $fph (f64x2.mul (local.get $qh) (local.get $tyh)))
    (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ml))))
    (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $mh))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $tx (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $pl)) (f32x4.demote_f64x2_zero (local.get $ph))))
    (local.set $ty (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))

    ;; h = dfadd2(s, m); d = dfadd(1, h), then both parts times 2^q in SLEEF's two steps (ldexp2)
    (local.set $hx (f32x4.add (local.get $sx) (local.get $tx)))
    (local.set $v (f32x4.sub (local.get $hx) (local.get $sx)))
    (local.set $hy (f32x4.add (f32x4.add (f32x4.sub (local.get $sx) (f32x4.sub (local.get $hx) (local.get $v))) (f32x4.sub (local.get $tx) (local.get $v))) (f32x4.add (local.get $sy) (local.get $ty))))
    (local.set $dx (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $hx)))
    (local.set $dy (f32x4.add (f32x4.add (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $dx)) (local.get $hx)) (local.get $hy)))
    (local.set $p1 (i32x4.shr_s (local.get $qi) (i32.const 1)))
    (local.set $p2 (i32x4.add (i32x4.shl (i32x4.sub (local.get $qi) (local.get $p1)) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
    (local.set $p1 (i32x4.add (i32x4.shl (local.get $p1) (i32.const 23)) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
    (local.set $dx (f32x4.mul (f32x4.mul (local.get $dx) (local.get $p1)) (local.get $p2)))
    (local.set $dy (f32x4.mul (f32x4.mul (local.get $dy) (local.get $p1)) (local.get $p2)))

    ;; r = dfrec(d): hi = 1/d.x; lo = hi·fma(−d.y, hi, fma(−d.x, hi, 1)), the inner FMA exact (1 − d·(1/d))
    (local.set $rx (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $dx)))
    (local.set $tl (f64x2.promote_low_f32x4 (local.get $rx)))
    (local.set $th (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rx) (local.get $rx))))
    (local.set $fpl (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (local.get $dy))) (local.get $tl)))
    (local.set $fph (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dy) (local.get $dy)))) (local.get $th)))
    (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $dx)) (local.get $tl))))))
    (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $dx) (local.get $dx))) (local.get $th))))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $ry (f32x4.mul (local.get $rx) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh)))))

    ;; n = dfadd(d, −r), w = dfadd(d, r)
    (local.set $nx (f32x4.sub (local.get $dx) (local.get $rx)))
    (local.set $ny (f32x4.sub (f32x4.add (f32x4.sub (f32x4.sub (local.get $dx) (local.get $nx)) (local.get $rx)) (local.get $dy)) (local.get $ry)))
    (local.set $wx (f32x4.add (local.get $dx) (local.get $rx)))
    (local.set $wy (f32x4.add (f32x4.add (f32x4.add (f32x4.sub (local.get $dx) (local.get $wx)) (local.get $rx)) (local.get $dy)) (local.get $ry)))

    ;; dfdiv(n, w): t = 1/w.x; hi = n.x·t; u = fma(t, n.x, −hi) (exact); v = fma(−w.y, t, fma(−w.x, t, 1)) (the inner
    ;; one exact); lo = fma(hi, v, fma(n.y, t, u))
    (local.set $t (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $wx)))
    (local.set $hx (f32x4.mul (local.get $nx) (local.get $t)))
    (local.set $tl (f64x2.promote_low_f32x4 (local.get $t)))
    (local.set $th (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))))
    (local.set $kl (f64x2.promote_low_f32x4 (local.get $hx)))
    (local.set $kh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $hx) (local.get $hx))))
    (local.set $fpl (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (local.get $wy))) (local.get $tl)))
    (local.set $fph (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $wy) (local.get $wy)))) (local.get $th)))
    (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $wx)) (local.get $tl))))))
    (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $wx) (local.get $wx))) (local.get $th))))))
    (local.set $el (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $eh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $el) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $eh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $el (call $to_odd (local.get $el) (local.get $fpl) (local.get $fcl)))
      (local.set $eh (call $to_odd (local.get $eh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (local.get $ny)) (local.get $tl)))
    (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ny) (local.get $ny))) (local.get $th)))
    (local.set $fcl (f64x2.sub (f64x2.mul (local.get $tl) (f64x2.promote_low_f32x4 (local.get $nx))) (local.get $kl)))
    (local.set $fch (f64x2.sub (f64x2.mul (local.get $th) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $nx) (local.get $nx)))) (local.get $kh)))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $fpl (f64x2.mul (local.get $kl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $el)))))
    (local.set $fph (f64x2.mul (local.get $kh) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $eh)))))
    (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ml))))
    (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $mh))))
    (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
    (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
    (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
      (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
      (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
    (local.set $y (f32x4.add (local.get $hx) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh)))))

    ;; ±1 beyond the saturation point, the sign bit of x XORed in, NaN (all ones, as SLEEF) for NaN
    (local.set $y (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $y)
      (f32x4.gt (f32x4.abs (local.get $x)) (v128.const f32x4 8.664340019226074 8.664340019226074 8.664340019226074 8.664340019226074))))
    (local.set $y (v128.xor (local.get $y) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.or (local.get $y) (f32x4.ne (local.get $x) (local.get $x))))

  ;; log of the `len` floats (a multiple of 4) at `ptr`, in place, operation for operation as SLEEF's logf; lists the
  ;; groups with an FMA on a midpoint.
  (func (export "log_sleef") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32) (local $hit v128)
    (local $x v128) (local $o v128) (local $d v128) (local $e v128) (local $m v128) (local $sh v128) (local $sl v128)
    (local $nh v128) (local $nl v128) (local $wh v128) (local $wl v128) (local $v v128) (local $t v128) (local $xh v128)
    (local $xl v128) (local $x2 v128) (local $ah v128) (local $al v128) (local $bh v128) (local $y v128)
    (local $el v128) (local $eh v128) (local $ml v128) (local $mh v128) (local $tl v128) (local $th v128)
    (local $kl v128) (local $kh v128) (local $ql v128) (local $qh v128)
    (local $fpl v128) (local $fph v128) (local $fcl v128) (local $fch v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (local.set $x (v128.load (local.get $ptr)))

      ;; d = x, times 2^64 below the normal range; x = m·2^e with m in [0.75, 1.5) (SLEEF's ilogb2k and ldexp3)
      (local.set $o (f32x4.lt (local.get $x) (v128.const f32x4 1.1754943508222875e-38 1.1754943508222875e-38 1.1754943508222875e-38 1.1754943508222875e-38)))
      (local.set $d (v128.bitselect (f32x4.mul (local.get $x) (v128.const f32x4 18446744073709551616 18446744073709551616 18446744073709551616 18446744073709551616)) (local.get $x) (local.get $o)))
      (local.set $e (v128.and (i32x4.shr_u (f32x4.mul (local.get $d) (v128.const f32x4 1.3333333730697632 1.3333333730697632 1.3333333730697632 1.3333333730697632)) (i32.const 23)) (v128.const i32x4 255 255 255 255)))
      (local.set $m (i32x4.add (i32x4.sub (local.get $d) (i32x4.shl (local.get $e) (i32.const 23))) (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
      (local.set $e (f32x4.convert_i32x4_s (i32x4.add (local.get $e) (v128.bitselect (v128.const i32x4 -191 -191 -191 -191) (v128.const i32x4 -127 -127 -127 -127) (local.get $o)))))

      ;; s = ln 2 · e as a double-float: hi = e·ln2_hi, lo = fma(ln2_lo, e, fma(ln2_hi, e, −hi)), the inner FMA exact
      (local.set $sh (f32x4.mul (local.get $e) (v128.const f32x4 0.6931471824645996 0.6931471824645996 0.6931471824645996 0.6931471824645996)))
      (local.set $el (f64x2.promote_low_f32x4 (local.get $e)))
      (local.set $eh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $e) (local.get $e))))
      (local.set $fpl (f64x2.mul (v128.const f64x2 -1.9046542121259336e-09 -1.9046542121259336e-09) (local.get $el)))
      (local.set $fph (f64x2.mul (v128.const f64x2 -1.9046542121259336e-09 -1.9046542121259336e-09) (local.get $eh)))
      (local.set $fcl (f64x2.sub (f64x2.mul (v128.const f64x2 0.6931471824645996 0.6931471824645996) (local.get $el)) (f64x2.promote_low_f32x4 (local.get $sh))))
      (local.set $fch (f64x2.sub (f64x2.mul (v128.const f64x2 0.6931471824645996 0.6931471824645996) (local.get $eh)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sh) (local.get $sh)))))
      (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ml) (local.get $mh)) (i32.const 3)))
      (local.set $sl (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))

      ;; n = dfadd2(−1, m), w = dfadd2(1, m)
      (local.set $nh (f32x4.sub (local.get $m) (v128.const f32x4 1 1 1 1)))
      (local.set $v (f32x4.add (local.get $nh) (v128.const f32x4 1 1 1 1)))
      (local.set $nl (f32x4.add (f32x4.sub (v128.const f32x4 -1 -1 -1 -1) (f32x4.sub (local.get $nh) (local.get $v))) (f32x4.sub (local.get $m) (local.get $v))))
      (local.set $wh (f32x4.add (local.get $m) (v128.const f32x4 1 1 1 1)))
      (local.set $v (f32x4.sub (local.get $wh) (v128.const f32x4 1 1 1 1)))
      (local.set $wl (f32x4.add (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.sub (local.get $wh) (local.get $v))) (f32x4.sub (local.get $m) (local.get $v))))

      ;; x = dfdiv(n, w): t = 1/w.x; hi = n.x·t; u = fma(t, n.x, −hi) (exact); v = fma(−w.y, t, fma(−w.x, t, 1)) (the
      ;; inner one exact); lo = fma(hi, v, fma(n.y, t, u)). Wherever the result is kept, m is in [0.75, 1.5), so the
      ;; float64 sums of v and of fma(n.y, t, u) are exact, needing no test: w.y, the error of 1 + m, is 0, ±2^-24 or
      ;; ±2^-23, and 1 − w.x·t a float32 below 2^-24, so v's sum is a multiple of 2^-49 below 2^-22 (27 bits); m − 1
      ;; is exact (Sterbenz), so n.y = 0 and the other sum is u. lo's sum is often exactly on a midpoint (for whole
      ;; numbers, say), so it is made exact in place rather than listed. (Unrolling this loop measured no faster.)
      (local.set $t (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $wh)))
      (local.set $xh (f32x4.mul (local.get $nh) (local.get $t)))
      (local.set $tl (f64x2.promote_low_f32x4 (local.get $t)))
      (local.set $th (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t))))
      (local.set $kl (f64x2.promote_low_f32x4 (local.get $xh)))
      (local.set $kh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $xh) (local.get $xh))))
      (local.set $fpl (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (local.get $wl))) (local.get $tl)))
      (local.set $fph (f64x2.mul (f64x2.neg (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $wl) (local.get $wl)))) (local.get $th)))
      (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (local.get $wh)) (local.get $tl))))))
      (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $wh) (local.get $wh))) (local.get $th))))))
      (local.set $el (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $eh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (local.get $nl)) (local.get $tl)))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $nl) (local.get $nl))) (local.get $th)))
      (local.set $fcl (f64x2.sub (f64x2.mul (local.get $tl) (f64x2.promote_low_f32x4 (local.get $nh))) (local.get $kl)))
      (local.set $fch (f64x2.sub (f64x2.mul (local.get $th) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $nh) (local.get $nh)))) (local.get $kh)))
      (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $fpl (f64x2.mul (local.get $kl) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $el)))))
      (local.set $fph (f64x2.mul (local.get $kh) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $eh)))))
      (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ml))))
      (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $mh))))
      (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
      (if (v128.any_true (v128.or (i64x2.eq (v128.and (local.get $ml) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)) (i64x2.eq (v128.and (local.get $mh) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000)))) (then
        (local.set $ml (call $to_odd (local.get $ml) (local.get $fpl) (local.get $fcl)))
        (local.set $mh (call $to_odd (local.get $mh) (local.get $fph) (local.get $fch)))))
      (local.set $xl (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh))))

      ;; x² and the series' polynomial t = (P0·x² + P1)·x² + P2, two FMAs
      (local.set $x2 (f32x4.mul (local.get $xh) (local.get $xh)))
      (local.set $ql (f64x2.promote_low_f32x4 (local.get $x2)))
      (local.set $qh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x2) (local.get $x2))))
      (local.set $fpl (f64x2.mul (local.get $ql) (v128.const f64x2 0.3027294874191284 0.3027294874191284)))
      (local.set $fph (f64x2.mul (local.get $qh) (v128.const f64x2 0.3027294874191284 0.3027294874191284)))
      (local.set $fcl (v128.const f64x2 0.39961081743240356 0.39961081743240356))
      (local.set $fch (v128.const f64x2 0.39961081743240356 0.39961081743240356))
      (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ml) (local.get $mh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (local.get $ql) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ml)))))
      (local.set $fph (f64x2.mul (local.get $qh) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $mh)))))
      (local.set $fcl (v128.const f64x2 0.666669487953186 0.666669487953186))
      (local.set $fch (v128.const f64x2 0.666669487953186 0.666669487953186))
      (local.set $ml (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $mh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ml) (local.get $mh)) (i32.const 3))))

      ;; s + 2x (dfadd_vf2_vf2_vf2), then + x³·t (dfadd_vf2_vf2_vf), then hi + lo
      (local.set $ah (f32x4.add (local.get $sh) (f32x4.add (local.get $xh) (local.get $xh))))
      (local.set $al (f32x4.add (f32x4.add (f32x4.add (f32x4.sub (local.get $sh) (local.get $ah)) (f32x4.add (local.get $xh) (local.get $xh))) (local.get $sl)) (f32x4.add (local.get $xl) (local.get $xl))))
      (local.set $y (f32x4.mul (f32x4.mul (local.get $x2) (local.get $xh)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ml)) (f32x4.demote_f64x2_zero (local.get $mh)))))
      (local.set $bh (f32x4.add (local.get $ah) (local.get $y)))
      (local.set $y (f32x4.add (local.get $bh) (f32x4.add (f32x4.add (f32x4.sub (local.get $ah) (local.get $bh)) (local.get $y)) (local.get $al))))

      ;; +inf for +inf; NaN below 0 and for NaN; −inf for ±0
      (local.set $y (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $y) (f32x4.eq (local.get $d) (v128.const f32x4 inf inf inf inf))))
      (local.set $y (v128.bitselect (local.get $y) (v128.const f32x4 nan nan nan nan) (f32x4.ge (local.get $d) (v128.const f32x4 0 0 0 0))))
      (local.set $y (v128.bitselect (v128.const f32x4 -inf -inf -inf -inf) (local.get $y) (f32x4.eq (local.get $d) (v128.const f32x4 0 0 0 0))))

      (v128.store (local.get $ptr) (local.get $y))
      (block
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (v128.any_true (i32x4.eq (local.get $hit) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $group)))
    (local.get $count))

  ;; exp of the `len` floats (a multiple of 4) at `ptr`, in place, operation for operation as SLEEF's expf; lists the
  ;; groups with an FMA on a midpoint.
  (func (export "exp_sleef") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32) (local $hit v128)
    (local $x v128) (local $d v128) (local $qi v128) (local $qf v128) (local $ql v128) (local $qh v128) (local $sl v128)
    (local $sh v128) (local $ul v128) (local $uh v128) (local $y v128) (local $p1 v128) (local $p2 v128)
    (local $fpl v128) (local $fph v128) (local $fcl v128) (local $fch v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      ;; unroll 4 groups of 16 bytes at $ptr, sharing $count
      (local.set $x (v128.load (local.get $ptr)))

      ;; d held in [−104, 100] (NaN lanes too: pmax/pmin keep the constant); the lanes outside are set at the end
      (local.set $d (f32x4.pmin (v128.const f32x4 100 100 100 100) (f32x4.pmax (v128.const f32x4 -104 -104 -104 -104) (local.get $x))))
      (local.set $qi (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (local.get $d) (v128.const f32x4 1.4426950216293335 1.4426950216293335 1.4426950216293335 1.4426950216293335)))))
      (local.set $qf (f32x4.convert_i32x4_s (local.get $qi)))

      ;; s = fma(q, −ln2_lo, fma(q, −ln2_hi, d))
      (local.set $ql (f64x2.promote_low_f32x4 (local.get $qf)))
      (local.set $qh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $qf) (local.get $qf))))
      (local.set $fpl (f64x2.mul (local.get $ql) (v128.const f64x2 -0.693145751953125 -0.693145751953125)))
      (local.set $fph (f64x2.mul (local.get $qh) (v128.const f64x2 -0.693145751953125 -0.693145751953125)))
      (local.set $fcl (f64x2.promote_low_f32x4 (local.get $d)))
      (local.set $fch (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))))
      (local.set $sl (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $sh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $sl) (local.get $sh)) (i32.const 3)))
      (local.set $fpl (f64x2.mul (local.get $ql) (v128.const f64x2 -1.428606765330187e-06 -1.428606765330187e-06)))
      (local.set $fph (f64x2.mul (local.get $qh) (v128.const f64x2 -1.428606765330187e-06 -1.428606765330187e-06)))
      (local.set $fcl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $sl))))
      (local.set $fch (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $sh))))
      (local.set $sl (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $sh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $sl) (local.get $sh)) (i32.const 3))))
      (local.set $sl (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $sl))))
      (local.set $sh (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $sh))))

      ;; u = P0·s⁵ + … + P5 by five FMAs; u = 1 + fma(s², u, s)
      (local.set $fpl (f64x2.mul (v128.const f64x2 0.00019852761761285365 0.00019852761761285365) (local.get $sl)))
      (local.set $fph (f64x2.mul (v128.const f64x2 0.00019852761761285365 0.00019852761761285365) (local.get $sh)))
      (local.set $fcl (v128.const f64x2 0.0013930435525253415 0.0013930435525253415))
      (local.set $fch (v128.const f64x2 0.0013930435525253415 0.0013930435525253415))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sl)))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sh)))
      (local.set $fcl (v128.const f64x2 0.008333360776305199 0.008333360776305199))
      (local.set $fch (v128.const f64x2 0.008333360776305199 0.008333360776305199))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sl)))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sh)))
      (local.set $fcl (v128.const f64x2 0.041666485369205475 0.041666485369205475))
      (local.set $fch (v128.const f64x2 0.041666485369205475 0.041666485369205475))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sl)))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sh)))
      (local.set $fcl (v128.const f64x2 0.1666666716337204 0.1666666716337204))
      (local.set $fch (v128.const f64x2 0.1666666716337204 0.1666666716337204))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul))) (local.get $sl)))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh))) (local.get $sh)))
      (local.set $fcl (v128.const f64x2 0.5 0.5))
      (local.set $fch (v128.const f64x2 0.5 0.5))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $fpl (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $sl) (local.get $sl)))) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $ul)))))
      (local.set $fph (f64x2.mul (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $sh) (local.get $sh)))) (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (local.get $uh)))))
      (local.set $fcl (local.get $sl))
      (local.set $fch (local.get $sh))
      (local.set $ul (f64x2.add (local.get $fpl) (local.get $fcl)))
      (local.set $uh (f64x2.add (local.get $fph) (local.get $fch)))
      (local.set $hit (i32x4.min_s (local.get $hit) (i32x4.shl (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ul) (local.get $uh)) (i32.const 3))))
      (local.set $y (f32x4.add (v128.const f32x4 1 1 1 1) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $ul)) (f32x4.demote_f64x2_zero (local.get $uh)))))

      ;; times 2^q in two steps, 2^(q>>1) then 2^(q − (q>>1)), each built from exponent bits
      (local.set $p1 (i32x4.shr_s (local.get $qi) (i32.const 1)))
      (local.set $p2 (i32x4.shl (i32x4.add (i32x4.sub (local.get $qi) (local.get $p1)) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (local.set $p1 (i32x4.shl (i32x4.add (local.get $p1) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (local.set $y (f32x4.mul (f32x4.mul (local.get $y) (local.get $p1)) (local.get $p2)))

      ;; 0 below −104, +inf above 100, NaN for NaN
      (local.set $y (v128.andnot (local.get $y) (f32x4.lt (local.get $x) (v128.const f32x4 -104 -104 -104 -104))))
      (local.set $y (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $y) (f32x4.gt (local.get $x) (v128.const f32x4 100 100 100 100))))
      (local.set $y (v128.or (local.get $y) (f32x4.ne (local.get $x) (local.get $x))))

      (v128.store (local.get $ptr) (local.get $y))
      ;; a group with an FMA on a float32 midpoint is listed for the caller (branch-free: the slot is written either way)
      (block
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (v128.any_true (i32x4.eq (local.get $hit) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $group)))
    (local.get $count))

  ;; s = p + c rounded to float64, in two lanes; a lane on a float32 midpoint whose exact sum is not (Knuth's TwoSum
  ;; gives the remainder) steps one float64 ulp toward the exact sum, so rounding it to float32 rounds p + c once.
  (func $to_odd (param $s v128) (param $p v128) (param $c v128) (result v128)
    (local $v v128) (local $err v128)
    (local.set $v (f64x2.sub (local.get $s) (local.get $p)))
    (local.set $err (f64x2.add (f64x2.sub (local.get $p) (f64x2.sub (local.get $s) (local.get $v))) (f64x2.sub (local.get $c) (local.get $v))))
    ;; step +1 (away from zero) where err has the sign of s, −1 where not; only where on a midpoint and inexact
    (i64x2.add (local.get $s) (v128.and
      (v128.or (i64x2.shr_s (v128.xor (local.get $err) (local.get $s)) (i32.const 63)) (v128.const i64x2 1 1))
      (v128.and (f64x2.ne (local.get $err) (v128.const f64x2 0 0))
        (i64x2.eq (v128.and (local.get $s) (v128.const i64x2 0x1fffffff 0x1fffffff)) (v128.const i64x2 0x10000000 0x10000000))))))

  ;; out[i] = fma(a[i], b[i], c[i]) for float32 arrays, emulated as $replay does (for the tests; exact
  ;; wherever the result is a float32-normal number or zero).
  (func (export "fma_f32") (param $a i32) (param $b i32) (param $c i32) (param $out i32) (param $len i32)
    (local $end i32) (local $p v128) (local $q v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $p (f64x2.mul (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $a)))
        (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $b)))))
      (local.set $q (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $c))))
      (f32.store (local.get $out) (f32x4.extract_lane 0 (f32x4.demote_f64x2_zero
        (call $to_odd (f64x2.add (local.get $p) (local.get $q)) (local.get $p) (local.get $q)))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $each))))
)
