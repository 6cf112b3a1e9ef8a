;; + − × ÷ of float32 operands in SIMD, over a rows×cols result: out[r, c] = x[r·xrs + c·xcs] op y[r·yrs + c·ycs].
;; A column stride of 1 walks a row; 0 holds one value per row (a [M, 1] column, or a Python scalar when its row
;; stride is 0 too), so one call serves same-shaped operands, a scalar, and a row or column broadcast.
;; f32x4 arithmetic rounds each lane once, as JavaScript's float64 result stored into a Float32Array does
;; (+ − × ÷ of float32 operands are exact in float64 before that rounding), so the bits are the same.
;;
;; A row's last chunk reads past its end and spills into the next row's first lanes of `out`, which that row
;; then overwrites: out must not alias x or y, and every buffer needs 16 bytes of slack. `tmp` is 32 bytes
;; of the caller's where one-per-row values are splatted. op: 0 add, 1 sub, 2 mul, 3 div, 4 tanh's backward
;; x · (1 − y²) with 1 − y² formed in float64 and rounded once to float32 (as math.ts's loop does), 5 the
;; backward of y**2, x · (y + y) (y + y is 2y exactly, or ±inf where 2y overflows float32, as math.ts's). Pointers
;; are byte offsets, strides count elements. Built to elementwise-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  (func (export "binary") (param $op i32) (param $x i32) (param $xrs i32) (param $xcs i32) (param $y i32)
    (param $yrs i32) (param $ycs i32) (param $out i32) (param $rows i32) (param $cols i32) (param $tmp i32)
    (local $r i32) (local $a i32) (local $as i32) (local $b i32) (local $bs i32) (local $o i32) (local $end i32)
    (if (i32.le_s (local.get $cols) (i32.const 0)) (then (return)))
    ;; Bytes a row's chunk moves each operand: 16 along a row, 0 for a splatted value.
    (local.set $as (i32.shl (local.get $xcs) (i32.const 4)))
    (local.set $bs (i32.shl (local.get $ycs) (i32.const 4)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $a (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $xrs)) (i32.const 2))))
      (if (i32.eqz (local.get $xcs)) (then
        (v128.store (local.get $tmp) (v128.load32_splat (local.get $a)))
        (local.set $a (local.get $tmp))))
      (local.set $b (i32.add (local.get $y) (i32.shl (i32.mul (local.get $r) (local.get $yrs)) (i32.const 2))))
      (if (i32.eqz (local.get $ycs)) (then
        (v128.store offset=16 (local.get $tmp) (v128.load32_splat (local.get $b)))
        (local.set $b (i32.add (local.get $tmp) (i32.const 16)))))
      (local.set $o (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r) (local.get $cols)) (i32.const 2))))
      (local.set $end (i32.add (local.get $o) (i32.shl (local.get $cols) (i32.const 2))))
      (block $done_row (block $square_grad (block $tanh_grad (block $div (block $mul (block $sub (block $add
        (br_table $add $sub $mul $div $tanh_grad $square_grad (local.get $op)))
        (call $add_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end))
        (br $done_row))
        (call $sub_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end))
        (br $done_row))
        (call $mul_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end))
        (br $done_row))
        (call $div_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end))
        (br $done_row))
        (call $tanh_grad_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end))
        (br $done_row))
        (call $square_grad_row (local.get $a) (local.get $as) (local.get $b) (local.get $bs) (local.get $o) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next))))

  ;; out[o … end) = a op b, four lanes at a time, at least once (binary checks cols > 0); a and b move by as, bs.
  (func $add_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (loop $l
      (v128.store (local.get $o) (f32x4.add (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  (func $sub_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (loop $l
      (v128.store (local.get $o) (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  (func $mul_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (loop $l
      (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  (func $div_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (loop $l
      (v128.store (local.get $o) (f32x4.div (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  ;; a · (1 − b²): b² and 1 − b² in float64 (b² is exact there), rounded to float32, then the float32 product.
  (func $tanh_grad_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (local $y v128) (local $lo v128) (local $hi v128)
    (loop $l
      (local.set $y (v128.load (local.get $b)))
      (local.set $lo (f64x2.promote_low_f32x4 (local.get $y)))
      (local.set $hi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))
      (local.set $lo (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $lo) (local.get $lo)))))
      (local.set $hi (f32x4.demote_f64x2_zero (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $hi) (local.get $hi)))))
      (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $a))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))

  ;; a · (b + b), the backward of b**2 (b + b: 2b, exact in float32 but for an overflow to ±inf).
  (func $square_grad_row (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $o i32) (param $end i32)
    (local $y v128)
    (loop $l
      (local.set $y (v128.load (local.get $b)))
      (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $a)) (f32x4.add (local.get $y) (local.get $y))))
      (local.set $a (i32.add (local.get $a) (local.get $as)))
      (local.set $b (i32.add (local.get $b) (local.get $bs)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $o) (local.get $end)))))
)
