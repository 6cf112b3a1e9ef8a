;; Batchnorm's column passes over a row-major rows×cols float32 matrix, four columns at a time in SIMD.
;; Float32 rounding happens where the lecture's float32 tensors round (one rounding per op); column sums
;; accumulate in float64, as the JavaScript step did, then round once.
;;
;; Rows need not be a multiple of 4 columns wide: a row's last chunk spills into the next row's first lanes
;; (into buffer slack after the last row), and that row then overwrites them. So outputs never alias
;; inputs, accumulators (float64) have 4 slots past cols, and every buffer has 32 bytes of slack.
;; Pointers are byte offsets. Built to batchnorm-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; The high two float32 lanes of a vector are widened to float64 by a shuffle and promote_low, written out where
  ;; used: V8 does not inline a helper function, and the call made colsum64 4-5× slower.

  ;; acc[k] += Σ_i (src[i,k] − mean[k])² in float64 (the second pass of the training step's variance);
  ;; mean and acc are float64 arrays; src rows are added in order.
  (func (export "colsqdev64") (param $src i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $acc i32)
    (local $i i32) (local $k i32) (local $v v128) (local $d v128) (local $at i32) (local $ak i32)
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k (loop $loop_k
        (br_if $done_k (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))))
        (local.set $ak (i32.shl (local.get $k) (i32.const 3)))
        (local.set $at (i32.add (local.get $acc) (local.get $ak)))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (v128.load (i32.add (local.get $mean) (local.get $ak)))))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (v128.load offset=16 (i32.add (local.get $mean) (local.get $ak)))))
        (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; acc[k] += Σ_i src[i,k] in float64 (acc is a float64 array).
  (func (export "colsum64") (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $i i32) (local $k i32) (local $v v128) (local $at i32)
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k (loop $loop_k
        (br_if $done_k (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $v (v128.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))))
        (local.set $at (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; Training order: raw = (x − mean)·inv; out = gain·raw + bias (the lecture's bnraw, then hpreact).
  (func (export "normalize") (param $x i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $inv i32)
    (param $gain i32) (param $bias i32) (param $raw i32) (param $out i32)
    (local $i i32) (local $k i32) (local $o i32) (local $ko i32) (local $r v128)
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k (loop $loop_k
        (br_if $done_k (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))
        (local.set $ko (i32.shl (local.get $k) (i32.const 2)))
        (local.set $r (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (v128.load (i32.add (local.get $mean) (local.get $ko))))
          (v128.load (i32.add (local.get $inv) (local.get $ko)))))
        (v128.store (i32.add (local.get $raw) (local.get $o)) (local.get $r))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $ko))) (local.get $r)) (v128.load (i32.add (local.get $bias) (local.get $ko)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; Evaluation order, the lecture's `bngain * (hpreact - bnmean) * (bnvar + 1e-5)**-0.5 + bnbias`.
  (func (export "normalize_eval") (param $x i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $inv i32)
    (param $gain i32) (param $bias i32) (param $out i32)
    (local $i i32) (local $k i32) (local $o i32) (local $ko i32)
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k (loop $loop_k
        (br_if $done_k (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))
        (local.set $ko (i32.shl (local.get $k) (i32.const 2)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul
              (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $ko)))
                (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o))) (v128.load (i32.add (local.get $mean) (local.get $ko)))))
              (v128.load (i32.add (local.get $inv) (local.get $ko))))
            (v128.load (i32.add (local.get $bias) (local.get $ko)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; The lecture's exercise-3 backward through tanh and batchnorm, in two passes over the rows:
  ;;   dhpreact = (1 − h²)·dh;  dbngain = (bnraw·dhpreact).sum(0);  dbnbias = dhpreact.sum(0)
  ;;   dhprebn = bngain·bnvar_inv/n · (n·dhpreact − dhpreact.sum(0) − n/(n−1)·bnraw·(dhpreact·bnraw).sum(0))
  ;;   db1 = dhprebn.sum(0)
  ;; s1, s2 are float64 scratch (cols + 4), scale float32 scratch (cols + 4).
  (func (export "bn_backward") (param $h i32) (param $dh i32) (param $raw i32) (param $rows i32) (param $cols i32)
    (param $gain i32) (param $inv i32) (param $dpre i32) (param $dprebn i32) (param $dgain i32) (param $dbias i32) (param $db i32)
    (param $s1 i32) (param $s2 i32) (param $scale i32)
    (local $i i32) (local $k i32) (local $o i32) (local $ko i32) (local $a i32)
    (local $hv v128) (local $d v128) (local $rd v128) (local $nf f32) (local $ratio f32)
    (local $nv v128) (local $rv v128) (local $term v128)
    (memory.fill (local.get $s1) (i32.const 0) (i32.shl (i32.add (local.get $cols) (i32.const 4)) (i32.const 3)))
    (memory.fill (local.get $s2) (i32.const 0) (i32.shl (i32.add (local.get $cols) (i32.const 4)) (i32.const 3)))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k (loop $loop_k
        (br_if $done_k (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))
        (local.set $hv (v128.load (i32.add (local.get $h) (local.get $o))))
        (local.set $d (f32x4.mul (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $hv) (local.get $hv)))
          (v128.load (i32.add (local.get $dh) (local.get $o)))))
        (v128.store (i32.add (local.get $dpre) (local.get $o)) (local.get $d))
        (local.set $rd (f32x4.mul (v128.load (i32.add (local.get $raw) (local.get $o))) (local.get $d)))
        (local.set $a (i32.add (local.get $s1) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $d))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d)))))
        (local.set $a (i32.add (local.get $s2) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $rd))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $rd) (local.get $rd)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i)))
    (local.set $nf (f32.convert_i32_s (local.get $rows)))
    (local.set $ratio (f32.demote_f64 (f64.div (f64.convert_i32_s (local.get $rows)) (f64.convert_i32_s (i32.sub (local.get $rows) (i32.const 1))))))
    ;; Per column: the float32 sums are the gain and bias gradients; scale = bngain·bnvar_inv/n.
    (local.set $k (i32.const 0))
    (block $done_c (loop $loop_c
      (br_if $done_c (i32.ge_s (local.get $k) (local.get $cols)))
      (local.set $ko (i32.shl (local.get $k) (i32.const 2)))
      (f32.store (i32.add (local.get $dgain) (local.get $ko)) (f32.demote_f64 (f64.load (i32.add (local.get $s2) (i32.shl (local.get $k) (i32.const 3))))))
      (f32.store (i32.add (local.get $dbias) (local.get $ko)) (f32.demote_f64 (f64.load (i32.add (local.get $s1) (i32.shl (local.get $k) (i32.const 3))))))
      (f32.store (i32.add (local.get $scale) (local.get $ko))
        (f32.div (f32.mul (f32.load (i32.add (local.get $gain) (local.get $ko))) (f32.load (i32.add (local.get $inv) (local.get $ko)))) (local.get $nf)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $loop_c)))
    (memory.fill (local.get $s1) (i32.const 0) (i32.shl (i32.add (local.get $cols) (i32.const 4)) (i32.const 3)))
    (local.set $nv (f32x4.splat (local.get $nf)))
    (local.set $rv (f32x4.splat (local.get $ratio)))
    (local.set $i (i32.const 0))
    (block $done_i2 (loop $loop_i2
      (br_if $done_i2 (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $done_k2 (loop $loop_k2
        (br_if $done_k2 (i32.ge_s (local.get $k) (local.get $cols)))
        (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $k)) (i32.const 2)))
        (local.set $ko (i32.shl (local.get $k) (i32.const 2)))
        (local.set $term (f32x4.sub
          (f32x4.sub (f32x4.mul (local.get $nv) (v128.load (i32.add (local.get $dpre) (local.get $o)))) (v128.load (i32.add (local.get $dbias) (local.get $ko))))
          (f32x4.mul (f32x4.mul (local.get $rv) (v128.load (i32.add (local.get $raw) (local.get $o)))) (v128.load (i32.add (local.get $dgain) (local.get $ko))))))
        (local.set $term (f32x4.mul (v128.load (i32.add (local.get $scale) (local.get $ko))) (local.get $term)))
        (v128.store (i32.add (local.get $dprebn) (local.get $o)) (local.get $term))
        (local.set $a (i32.add (local.get $s1) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $term))))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $term) (local.get $term)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loop_k2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i2)))
    ;; db1 = dhprebn.sum(0), accumulated in s1 during the pass
    (local.set $k (i32.const 0))
    (block $done_c2 (loop $loop_c2
      (br_if $done_c2 (i32.ge_s (local.get $k) (local.get $cols)))
      (f32.store (i32.add (local.get $db) (i32.shl (local.get $k) (i32.const 2))) (f32.demote_f64 (f64.load (i32.add (local.get $s1) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $loop_c2))))
)
