;; The op-by-op engine's float32 softmax over rows (softmaxKernel in core/ops/nn.ts), bit for bit its JavaScript
;; loop: m = the row's max; e = float32(exp(x − m)), x − m and exp in float64; s = Σ e in float64, in order; then
;; float32(e / s). exp is V8's Math.exp (fdlibm's e_exp.c, as V8's ieee754::exp), two float64 lanes at a time:
;; the same operations in the same order give the same bits (WebAssembly rounds each one as IEEE 754 does and
;; fuses nothing). fdlibm's three reductions (none below ½ ln 2, ±1 below 1.5 ln 2, k = trunc(x/ln 2 ± ½) above)
;; are one formula here with k = 0, ±1 or that k: k·ln2HI and k·ln2LO are then exact and x − 0 is x, and its
;; k = 0 ending 1 − (x·c/(c − 2) − x) is the general one's 1 − ((0 − x·c/(2 − c)) − x) times 2^0, as rounding is
;; symmetric in sign. |x| < 2^-28 gives 1 + x, as fdlibm returns. A row with an x − m that V8 treats apart
;; (NaN, |x − m| ≥ 700 where fdlibm over- or underflows or scales twice, x − m = 1 where V8 returns Math.E) is
;; listed for the caller's JavaScript loop instead.
;;
;; exp_f64 maps float64s in place. softmax_rows works in place on rows × cols floats at `x` (rows of any length),
;; in three passes: each row's max and its x − m in float64 to `d` (2·rows·cols floats, plus 8); every e^(x − m) in
;; one flat exp_f64 there; then each row's e rounded to float32 back at x, its sum and its quotients. Both list at
;; `flags` the byte offsets (in d) of the groups of four float64s with a lane V8's exp treats apart, and return how
;; many: the caller redoes those lanes (the rows they touch). Buffers need 64 bytes of slack after them. Built to
;; softmax-op-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; e^x in place for `len` float64s at `ptr` (a multiple of 8), four at a time; lists at `flags` the byte offsets
  ;; of the groups of four with a lane V8 treats apart (left as they were computed), and returns how many.
  (func $exp_f64 (export "exp_f64") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32)
    (local $xl v128) (local $xh v128) (local $al v128) (local $ah v128) (local $kl v128) (local $kh v128)
    (local $hl v128) (local $hh v128) (local $ll v128) (local $lh v128) (local $rl v128) (local $rh v128)
    (local $tl v128) (local $th v128) (local $cl v128) (local $ch v128) (local $yl v128) (local $yh v128) (local $odd v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 3))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      ;; unroll 2 groups of 32 bytes at $ptr, sharing $count

      ;; e^x of each half, fdlibm's operations (see above): k, hi, lo, r, t, c, then 1 − ((lo − r·c/(2 − c)) − hi)
      (local.set $xl (v128.load (local.get $ptr)))
      (local.set $xh (v128.load offset=16 (local.get $ptr)))
      (local.set $al (f64x2.abs (local.get $xl)))
      (local.set $ah (f64x2.abs (local.get $xh)))
      (local.set $odd (v128.or
        (v128.or (v128.not (f64x2.lt (local.get $al) (v128.const f64x2 700 700))) (f64x2.eq (local.get $xl) (v128.const f64x2 1 1)))
        (v128.or (v128.not (f64x2.lt (local.get $ah) (v128.const f64x2 700 700))) (f64x2.eq (local.get $xh) (v128.const f64x2 1 1)))))
      (local.set $kl (f64x2.trunc (f64x2.add (f64x2.mul (local.get $xl) (v128.const f64x2 0x1.71547652b82fep+0 0x1.71547652b82fep+0))
        (v128.bitselect (v128.const f64x2 -0.5 -0.5) (v128.const f64x2 0.5 0.5) (f64x2.lt (local.get $xl) (v128.const f64x2 0 0))))))
      (local.set $kh (f64x2.trunc (f64x2.add (f64x2.mul (local.get $xh) (v128.const f64x2 0x1.71547652b82fep+0 0x1.71547652b82fep+0))
        (v128.bitselect (v128.const f64x2 -0.5 -0.5) (v128.const f64x2 0.5 0.5) (f64x2.lt (local.get $xh) (v128.const f64x2 0 0))))))
      (local.set $kl (v128.bitselect
        (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xl) (v128.const f64x2 0 0)))
        (local.get $kl) (f64x2.lt (local.get $al) (v128.const f64x2 0x1.0a2b2p+0 0x1.0a2b2p+0))))
      (local.set $kh (v128.bitselect
        (v128.bitselect (v128.const f64x2 -1 -1) (v128.const f64x2 1 1) (f64x2.lt (local.get $xh) (v128.const f64x2 0 0)))
        (local.get $kh) (f64x2.lt (local.get $ah) (v128.const f64x2 0x1.0a2b2p+0 0x1.0a2b2p+0))))
      (local.set $kl (v128.and (local.get $kl) (f64x2.ge (local.get $al) (v128.const f64x2 0x1.62e43p-2 0x1.62e43p-2))))
      (local.set $kh (v128.and (local.get $kh) (f64x2.ge (local.get $ah) (v128.const f64x2 0x1.62e43p-2 0x1.62e43p-2))))
      (local.set $hl (f64x2.sub (local.get $xl) (f64x2.mul (local.get $kl) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))))
      (local.set $hh (f64x2.sub (local.get $xh) (f64x2.mul (local.get $kh) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))))
      (local.set $ll (f64x2.mul (local.get $kl) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33)))
      (local.set $lh (f64x2.mul (local.get $kh) (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33)))
      (local.set $rl (f64x2.sub (local.get $hl) (local.get $ll)))
      (local.set $rh (f64x2.sub (local.get $hh) (local.get $lh)))
      (local.set $tl (f64x2.mul (local.get $rl) (local.get $rl)))
      (local.set $th (f64x2.mul (local.get $rh) (local.get $rh)))
      (local.set $cl (f64x2.add (v128.const f64x2 -0x1.bbd41c5d26bf1p-20 -0x1.bbd41c5d26bf1p-20) (f64x2.mul (local.get $tl) (v128.const f64x2 0x1.6376972bea4d0p-25 0x1.6376972bea4d0p-25))))
      (local.set $ch (f64x2.add (v128.const f64x2 -0x1.bbd41c5d26bf1p-20 -0x1.bbd41c5d26bf1p-20) (f64x2.mul (local.get $th) (v128.const f64x2 0x1.6376972bea4d0p-25 0x1.6376972bea4d0p-25))))
      (local.set $cl (f64x2.add (v128.const f64x2 0x1.1566aaf25de2cp-14 0x1.1566aaf25de2cp-14) (f64x2.mul (local.get $tl) (local.get $cl))))
      (local.set $ch (f64x2.add (v128.const f64x2 0x1.1566aaf25de2cp-14 0x1.1566aaf25de2cp-14) (f64x2.mul (local.get $th) (local.get $ch))))
      (local.set $cl (f64x2.add (v128.const f64x2 -0x1.6c16c16bebd93p-9 -0x1.6c16c16bebd93p-9) (f64x2.mul (local.get $tl) (local.get $cl))))
      (local.set $ch (f64x2.add (v128.const f64x2 -0x1.6c16c16bebd93p-9 -0x1.6c16c16bebd93p-9) (f64x2.mul (local.get $th) (local.get $ch))))
      (local.set $cl (f64x2.add (v128.const f64x2 0x1.555555555553ep-3 0x1.555555555553ep-3) (f64x2.mul (local.get $tl) (local.get $cl))))
      (local.set $ch (f64x2.add (v128.const f64x2 0x1.555555555553ep-3 0x1.555555555553ep-3) (f64x2.mul (local.get $th) (local.get $ch))))
      (local.set $cl (f64x2.sub (local.get $rl) (f64x2.mul (local.get $tl) (local.get $cl))))
      (local.set $ch (f64x2.sub (local.get $rh) (f64x2.mul (local.get $th) (local.get $ch))))
      (local.set $yl (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (f64x2.sub (local.get $ll)
        (f64x2.div (f64x2.mul (local.get $rl) (local.get $cl)) (f64x2.sub (v128.const f64x2 2 2) (local.get $cl)))) (local.get $hl))))
      (local.set $yh (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (f64x2.sub (local.get $lh)
        (f64x2.div (f64x2.mul (local.get $rh) (local.get $ch)) (f64x2.sub (v128.const f64x2 2 2) (local.get $ch)))) (local.get $hh))))
      ;; times 2^k from its exponent bits (|k| ≤ 1010 here); 1 + x where |x| < 2^-28
      (local.set $yl (f64x2.mul (local.get $yl)
        (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $kl))) (v128.const i64x2 1023 1023)) (i32.const 52))))
      (local.set $yh (f64x2.mul (local.get $yh)
        (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $kh))) (v128.const i64x2 1023 1023)) (i32.const 52))))
      (local.set $yl (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (local.get $xl)) (local.get $yl) (f64x2.lt (local.get $al) (v128.const f64x2 0x1p-28 0x1p-28))))
      (local.set $yh (v128.bitselect (f64x2.add (v128.const f64x2 1 1) (local.get $xh)) (local.get $yh) (f64x2.lt (local.get $ah) (v128.const f64x2 0x1p-28 0x1p-28))))
      (v128.store (local.get $ptr) (local.get $yl))
      (v128.store offset=16 (local.get $ptr) (local.get $yh))
      ;; a group with a lane V8 treats apart is listed (branch-free: the slot is written either way)
      (block
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (v128.any_true (local.get $odd)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 32)))
      (br $group)))
    (local.get $count))

  (func (export "softmax_rows") (param $x i32) (param $rows i32) (param $cols i32) (param $d i32) (param $flags i32) (result i32)
    (local $i i32) (local $row i32) (local $end i32) (local $p i32) (local $q i32) (local $count i32)
    (local $m v128) (local $v v128) (local $in v128) (local $s f64) (local $sv v128)
    ;; pass 1: per row, m = max (NaN wins, as in Math.max; lanes past the end held at −inf), then x − m in float64;
    ;; a row's last group writes past its end into the next row's place (which that row then writes) as x = m, 0
    (block $done_a (loop $loop_a
      (br_if $done_a (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
      (local.set $end (i32.add (local.get $row) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $m (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $p (local.get $row))
      (block $done_m (loop $loop_m
        (br_if $done_m (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.bitselect (v128.load (local.get $p)) (v128.const f32x4 -inf -inf -inf -inf)
          (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.shr_s (i32.sub (local.get $end) (local.get $p)) (i32.const 2))))))
        (local.set $m (f32x4.max (local.get $m) (local.get $v)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $loop_m)))
      (local.set $m (f32x4.max (local.get $m) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
      (local.set $m (f32x4.max (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
      (local.set $m (f64x2.promote_low_f32x4 (local.get $m)))
      (local.set $p (local.get $row))
      (local.set $q (i32.add (local.get $d) (i32.shl (i32.sub (local.get $row) (local.get $x)) (i32.const 1))))
      (block $done_d (loop $loop_d
        (br_if $done_d (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $in (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.shr_s (i32.sub (local.get $end) (local.get $p)) (i32.const 2)))))
        (v128.store (local.get $q) (f64x2.sub (v128.bitselect (f64x2.promote_low_f32x4 (local.get $v)) (local.get $m)
          (i64x2.extend_low_i32x4_s (local.get $in))) (local.get $m)))
        (v128.store offset=16 (local.get $q) (f64x2.sub (v128.bitselect
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
          (local.get $m) (i64x2.extend_high_i32x4_s (local.get $in))) (local.get $m)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (br $loop_d)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_a)))
    ;; zeros after the last row, to the flat loop's step of eight
    (local.set $q (i32.add (local.get $d) (i32.shl (i32.mul (local.get $rows) (local.get $cols)) (i32.const 3))))
    (v128.store (local.get $q) (v128.const i64x2 0 0))
    (v128.store offset=16 (local.get $q) (v128.const i64x2 0 0))
    (v128.store offset=32 (local.get $q) (v128.const i64x2 0 0))
    (v128.store offset=48 (local.get $q) (v128.const i64x2 0 0))

    ;; pass 2: e^(x − m) in place, flat
    (local.set $count (call $exp_f64 (local.get $d) (i32.and (i32.add (i32.mul (local.get $rows) (local.get $cols)) (i32.const 7)) (i32.const -8)) (local.get $flags)))

    ;; pass 3: per row, e rounded to float32 (back at x) and s = Σ e in float64 in order, then e / s in float64
    ;; rounded to float32 (the tail one by one)
    (local.set $i (i32.const 0))
    (block $done_r (loop $loop_r
      (br_if $done_r (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
      (local.set $end (i32.add (local.get $row) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $s (f64.const 0))
      (local.set $p (local.get $row))
      (local.set $q (i32.add (local.get $d) (i32.shl (i32.sub (local.get $row) (local.get $x)) (i32.const 1))))
      (block $done_s (loop $loop_s
        (br_if $done_s (i32.ge_u (local.get $p) (local.get $end)))
        (f32.store (local.get $p) (f32.demote_f64 (f64.load (local.get $q))))
        (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 8)))
        (br $loop_s)))
      (local.set $sv (f64x2.splat (local.get $s)))
      (local.set $p (local.get $row))
      (block $done_q (loop $loop_q
        (br_if $done_q (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (v128.store (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.div (f64x2.promote_low_f32x4 (local.get $v)) (local.get $sv)))
          (f32x4.demote_f64x2_zero (f64x2.div (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $sv)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $loop_q)))
      (block $done_t (loop $loop_t
        (br_if $done_t (i32.ge_u (local.get $p) (local.get $end)))
        (f32.store (local.get $p) (f32.demote_f64 (f64.div (f64.promote_f32 (f32.load (local.get $p))) (local.get $s))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $loop_t)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_r)))
    (local.get $count))
)
