;; Row-wise softmax of a rows×cols float32 matrix, and the gradient of mean cross-entropy, in SIMD.
;;   out = exp(x − max) / Σ exp(x − max)                            (Y = 0)
;;   out = (softmax − onehot(Y)) / rows, the lecture's dlogits       (Y: int32 targets)
;; Each row's max (float32) and Σ exp (float64) go to rowmax/rowsum, so the caller forms the loss
;; log Σ + max − x[Y] with its own float64 log. x − max is rounded to float32 before exp, as PyTorch's
;; float32 softmax does; exp is Cephes' expf (within 2 float32 ulps). A row's last chunk spills into the next
;; row's first lanes of `out`, which that row overwrites: out must not alias x, buffers need 32 bytes slack.
;; Built to softmax-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; exp of four float32 lanes: e^x = 2^n · e^r with n = round(x·log2 e), r = x − n·ln 2 (in two parts).
  (func $exp4 (param $x v128) (result v128)
    (local $fx v128) (local $z v128) (local $y v128)
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -88.3762626647949 -88.3762626647949 -88.3762626647949 -88.3762626647949))
      (v128.const f32x4 88.3762626647949 88.3762626647949 88.3762626647949 88.3762626647949)))
    (local.set $fx (f32x4.floor (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
      (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $x (f32x4.sub (local.get $x) (f32x4.mul (local.get $fx) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $x (f32x4.sub (local.get $x) (f32x4.mul (local.get $fx) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $y (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (local.get $z)) (local.get $x)) (v128.const f32x4 1 1 1 1)))
    ;; 2^n built from its exponent bits (n ≥ −127 after the clamp; n = −127 gives 0, which e^x rounds to anyway)
    (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $fx)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  (func (export "exp") (param $ptr i32) (param $len i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (v128.store (local.get $ptr) (call $exp4 (v128.load (local.get $ptr))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $loop))))

  ;; All-ones in lanes below `count`.
  (func $mask (param $count i32) (result v128)
    (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $count))))

  (func (export "softmax") (param $x i32) (param $rows i32) (param $cols i32) (param $y i32) (param $out i32)
    (param $rowmax i32) (param $rowsum i32)
    (local $i i32) (local $c i32) (local $row i32) (local $orow i32) (local $v v128) (local $e v128) (local $m v128)
    (local $s v128) (local $mask v128) (local $sum f64) (local $sf v128) (local $nf v128) (local $yat i32) (local $ey f32)
    (local.set $nf (f32x4.splat (f32.convert_i32_s (local.get $rows))))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
      (local.set $orow (i32.add (local.get $out) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
      ;; max over the row, lanes past its end held at −inf
      (local.set $m (v128.const f32x4 -inf -inf -inf -inf))
      (local.set $c (i32.const 0))
      (block $done_m (loop $loop_m
        (br_if $done_m (i32.ge_s (local.get $c) (local.get $cols)))
        (local.set $v (v128.bitselect (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))
          (v128.const f32x4 -inf -inf -inf -inf) (call $mask (i32.sub (local.get $cols) (local.get $c)))))
        (local.set $m (f32x4.max (local.get $m) (local.get $v)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $loop_m)))
      (local.set $m (f32x4.max (local.get $m) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
      (local.set $m (f32x4.max (local.get $m) (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
      ;; e = exp(x − max) into out; Σ e in float64
      (local.set $s (v128.const f64x2 0 0))
      (local.set $c (i32.const 0))
      (block $done_e (loop $loop_e
        (br_if $done_e (i32.ge_s (local.get $c) (local.get $cols)))
        (local.set $e (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2)))) (local.get $m))))
        (v128.store (i32.add (local.get $orow) (i32.shl (local.get $c) (i32.const 2))) (local.get $e))
        (local.set $e (v128.and (local.get $e) (call $mask (i32.sub (local.get $cols) (local.get $c)))))
        (local.set $s (f64x2.add (local.get $s) (f64x2.promote_low_f32x4 (local.get $e))))
        (local.set $s (f64x2.add (local.get $s)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $e) (local.get $e)))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $loop_e)))
      (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))
      (f32.store (i32.add (local.get $rowmax) (i32.shl (local.get $i) (i32.const 2))) (f32x4.extract_lane 0 (local.get $m)))
      (f64.store (i32.add (local.get $rowsum) (i32.shl (local.get $i) (i32.const 3))) (local.get $sum))
      (local.set $sf (f32x4.splat (f32.demote_f64 (local.get $sum))))
      (if (local.get $y) (then
        (local.set $yat (i32.add (local.get $orow) (i32.shl (i32.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
        (local.set $ey (f32.load (local.get $yat)))))
      ;; prob = e / Σ; with targets, (prob − onehot) / rows
      (local.set $c (i32.const 0))
      (block $done_p (loop $loop_p
        (br_if $done_p (i32.ge_s (local.get $c) (local.get $cols)))
        (local.set $e (f32x4.div (v128.load (i32.add (local.get $orow) (i32.shl (local.get $c) (i32.const 2)))) (local.get $sf)))
        (if (local.get $y) (then (local.set $e (f32x4.div (local.get $e) (local.get $nf)))))
        (v128.store (i32.add (local.get $orow) (i32.shl (local.get $c) (i32.const 2))) (local.get $e))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $loop_p)))
      (if (local.get $y) (then
        (f32.store (local.get $yat)
          (f32.div (f32.sub (f32.div (local.get $ey) (f32x4.extract_lane 0 (local.get $sf))) (f32.const 1)) (f32x4.extract_lane 0 (local.get $nf))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))
)
