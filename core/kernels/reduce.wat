;; Column sums of a row-major rows×cols float32 matrix in float64, for sums over one dim (core/ops/reduce-kernels.ts):
;; eight columns at a time, their accumulators held in registers down the rows. Each accumulator adds its column's
;; elements in row order, one float64 rounding each, as the JavaScript loop does, so the sums have its bits.
;; A float32 lane pair is widened by promote_low, the high pair after a shuffle (written out: V8 does not inline
;; a helper function here).
;;
;; A strip's last columns may run past cols: they read up to 7 floats past a row's end and accumulate into acc's
;; (and read mean's) 8 float64 slots past cols, so src needs 32 bytes of slack and acc and mean 8 spare slots.
;; Pointers are byte offsets. Built to reduce-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; acc[k] += Σ_i src[i, k] (acc: float64).
  (func (export "colsum8") (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $k i32) (local $p i32) (local $end i32) (local $stride i32) (local $at i32) (local $v v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (block $done (loop $strip
      (br_if $done (i32.ge_s (local.get $k) (local.get $cols)))
      (local.set $at (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $a0 (v128.load (local.get $at)))
      (local.set $a1 (v128.load offset=16 (local.get $at)))
      (local.set $a2 (v128.load offset=32 (local.get $at)))
      (local.set $a3 (v128.load offset=48 (local.get $at)))

      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
      (block $rows_done (loop $row
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $w (v128.load offset=16 (local.get $p)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (local.get $v))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.promote_low_f32x4 (local.get $w))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br $row)))
      (v128.store (local.get $at) (local.get $a0))
      (v128.store offset=16 (local.get $at) (local.get $a1))
      (v128.store offset=32 (local.get $at) (local.get $a2))
      (v128.store offset=48 (local.get $at) (local.get $a3))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br $strip))))

  ;; acc[k] += Σ_i (src[i, k] − mean[k])² (acc, mean: float64), the squared deviations of a variance.
  (func (export "colsqdev8") (param $src i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $acc i32)
    (local $k i32) (local $p i32) (local $end i32) (local $stride i32) (local $at i32) (local $v v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $d v128) (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (block $done (loop $strip
      (br_if $done (i32.ge_s (local.get $k) (local.get $cols)))
      (local.set $at (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $a0 (v128.load (local.get $at)))
      (local.set $a1 (v128.load offset=16 (local.get $at)))
      (local.set $a2 (v128.load offset=32 (local.get $at)))
      (local.set $a3 (v128.load offset=48 (local.get $at)))
      (local.set $m0 (v128.load offset=0 (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $m1 (v128.load offset=16 (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $m2 (v128.load offset=32 (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $m3 (v128.load offset=48 (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 3)))))
      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
      (block $rows_done (loop $row
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $w (v128.load offset=16 (local.get $p)))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (local.get $v)) (local.get $m0)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $m1)))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (local.get $w)) (local.get $m2)))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $w) (local.get $w))) (local.get $m3)))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br $row)))
      (v128.store (local.get $at) (local.get $a0))
      (v128.store offset=16 (local.get $at) (local.get $a1))
      (v128.store offset=32 (local.get $at) (local.get $a2))
      (v128.store offset=48 (local.get $at) (local.get $a3))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br $strip))))
)
