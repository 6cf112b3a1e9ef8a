;; The 2-D transpose copy out[j, i] = src[i, j] of a row-major rows×cols matrix (the core has no strided views, so
;; `W.T` copies): 4×4 blocks of 32-bit elements (float32) or 2×2 blocks of 64-bit ones (float64) go through
;; registers, read as rows and written as columns; the edges that do not fill a block move one element at a time.
;; Only bits move, so any value (NaN payloads included) arrives as it left. out's rows are `ldo` elements apart
;; (a block of src's rows lands in the middle of out's). Pointers are byte offsets. Built to transpose-wasm.ts by
;; scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  (func (export "transpose32") (param $src i32) (param $rows i32) (param $cols i32) (param $out i32) (param $ldo i32)
    (local $i i32) (local $j i32) (local $p i32) (local $q i32) (local $rs i32) (local $os i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rs (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $os (i32.shl (local.get $ldo) (i32.const 2)))
    ;; Blocks of four rows.
    (block $rows_done (loop $row4
      (br_if $rows_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $cols_done (loop $col4
        (br_if $cols_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $rs))))
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $rs) (i32.const 1))))
        (local.set $c (v128.load (local.get $p)))
        (local.set $d (v128.load (i32.add (local.get $p) (local.get $rs))))
        ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d)))
        (local.set $q (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ldo)) (local.get $i)) (i32.const 2))))
        (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $q (i32.add (local.get $q) (local.get $os)))
        (v128.store (local.get $q) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $q (i32.add (local.get $q) (local.get $os)))
        (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $q (i32.add (local.get $q) (local.get $os)))
        (v128.store (local.get $q) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $col4)))
      ;; The last cols % 4 columns of these four rows.
      (call $edge32 (local.get $src) (local.get $cols) (local.get $out) (local.get $ldo) (local.get $i) (i32.add (local.get $i) (i32.const 4)) (local.get $j))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $row4)))
    ;; The last rows % 4 rows, every column.
    (call $edge32 (local.get $src) (local.get $cols) (local.get $out) (local.get $ldo) (local.get $i) (local.get $rows) (i32.const 0)))

  ;; out[j, i] = src[i, j] one element at a time, for rows [i0, i1) and columns [j0, cols).
  (func $edge32 (param $src i32) (param $cols i32) (param $out i32) (param $ldo i32) (param $i0 i32) (param $i1 i32) (param $j0 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $i0))
    (block $done (loop $row
      (br_if $done (i32.ge_s (local.get $i) (local.get $i1)))
      (local.set $j (local.get $j0))
      (block $row_done (loop $col
        (br_if $row_done (i32.ge_s (local.get $j) (local.get $cols)))
        (i32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ldo)) (local.get $i)) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $col)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))

  (func (export "transpose64") (param $src i32) (param $rows i32) (param $cols i32) (param $out i32) (param $ldo i32)
    (local $i i32) (local $j i32) (local $p i32) (local $q i32) (local $a v128) (local $b v128)
    ;; Blocks of two rows.
    (block $rows_done (loop $row2
      (br_if $rows_done (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $cols_done (loop $col2
        (br_if $cols_done (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $cols)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 3))))
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load (i32.add (local.get $p) (i32.shl (local.get $cols) (i32.const 3)))))
        (local.set $q (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ldo)) (local.get $i)) (i32.const 3))))
        (v128.store (local.get $q) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))
        (v128.store (i32.add (local.get $q) (i32.shl (local.get $ldo) (i32.const 3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $col2)))
      (call $edge64 (local.get $src) (local.get $cols) (local.get $out) (local.get $ldo) (local.get $i) (i32.add (local.get $i) (i32.const 2)) (local.get $j))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $row2)))
    (call $edge64 (local.get $src) (local.get $cols) (local.get $out) (local.get $ldo) (local.get $i) (local.get $rows) (i32.const 0)))

  (func $edge64 (param $src i32) (param $cols i32) (param $out i32) (param $ldo i32) (param $i0 i32) (param $i1 i32) (param $j0 i32)
    (local $i i32) (local $j i32)
    (local.set $i (local.get $i0))
    (block $done (loop $row
      (br_if $done (i32.ge_s (local.get $i) (local.get $i1)))
      (local.set $j (local.get $j0))
      (block $row_done (loop $col
        (br_if $row_done (i32.ge_s (local.get $j) (local.get $cols)))
        (i64.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ldo)) (local.get $i)) (i32.const 3)))
          (i64.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $col)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))
)
