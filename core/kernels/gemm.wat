;; Float32 matrix products over buffers in the caller's memory, register-blocked for 128-bit SIMD.
;; Pointers are byte offsets; strides and sizes count float32 elements.
;;
;; gemm:    C = A @ B (+ bias), where A(i, p) is at a + 4·(i·sai + p·sap): sai = k, sap = 1 reads A as stored,
;;          sai = 1, sap = m reads Aᵀ of a stored k×m matrix (the backward's h.T @ dlogits) with no transpose.
;;          A 4×8 tile of C stays in eight registers while p runs over k, so each B row load feeds 4 rows; a row's
;;          last tile is 4×4 when at most 4 columns are left (27 columns: 28 computed, not 32).
;; gemm_nt: C = A @ Bᵀ for a stored n×k B (dlogits @ W2.T): each C element a dot product of two contiguous
;;          rows; a 2×4 tile keeps eight partial-sum vectors, reduced across lanes once at the end.
;;
;; Rounding: every multiply and every add is its own float32 operation (no fused multiply-add), as a plain
;; float32 GEMM does. gemm accumulates each element over p in order; gemm_nt in four interleaved partial sums.
;; Edges: rows past m reuse row m−1's loads and are not stored; columns past n are computed and not stored
;; (lane stores), so B's rows and bias are read up to 7 floats past their end: buffers need 32 bytes of slack.
;; Built to gemm-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))

  ;; Stores the first `count` (0–3) lanes of v at ptr.
  (func $store_lanes (param $ptr i32) (param $v v128) (param $count i32)
    (if (i32.gt_s (local.get $count) (i32.const 0)) (then (v128.store32_lane 0 (local.get $ptr) (local.get $v))))
    (if (i32.gt_s (local.get $count) (i32.const 1)) (then (v128.store32_lane offset=4 1 (local.get $ptr) (local.get $v))))
    (if (i32.gt_s (local.get $count) (i32.const 2)) (then (v128.store32_lane offset=8 2 (local.get $ptr) (local.get $v)))))

  ;; Stores the first `count` lanes of v (4 or more: all of them).
  (func $store4 (param $ptr i32) (param $v v128) (param $count i32)
    (if (i32.ge_s (local.get $count) (i32.const 4))
      (then (v128.store (local.get $ptr) (local.get $v)))
      (else (call $store_lanes (local.get $ptr) (local.get $v) (local.get $count)))))

  ;; Stores the first `count` lanes of the 8 lanes v0 ‖ v1.
  (func $store8 (param $ptr i32) (param $v0 v128) (param $v1 v128) (param $count i32)
    (call $store4 (local.get $ptr) (local.get $v0) (local.get $count))
    (if (i32.gt_s (local.get $count) (i32.const 4))
      (then (call $store4 (i32.add (local.get $ptr) (i32.const 16)) (local.get $v1) (i32.sub (local.get $count) (i32.const 4))))))

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b))))

  (func (export "gemm") (param $a i32) (param $sai i32) (param $sap i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $m i32) (param $k i32) (param $n i32) (param $bias i32)
    (local $i i32) (local $j i32) (local $p i32) (local $last i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $pa i32) (local $bp i32) (local $cp i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128) (local $bv0 v128) (local $bv1 v128)
    (local.set $sai (i32.shl (local.get $sai) (i32.const 2)))
    (local.set $sap (i32.shl (local.get $sap) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $last (i32.sub (local.get $m) (i32.const 1)))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sai))))
      (local.set $a1 (i32.add (local.get $a) (i32.mul (call $min (i32.add (local.get $i) (i32.const 1)) (local.get $last)) (local.get $sai))))
      (local.set $a2 (i32.add (local.get $a) (i32.mul (call $min (i32.add (local.get $i) (i32.const 2)) (local.get $last)) (local.get $sai))))
      (local.set $a3 (i32.add (local.get $a) (i32.mul (call $min (i32.add (local.get $i) (i32.const 3)) (local.get $last)) (local.get $sai))))
      (local.set $j (i32.const 0))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_s (local.get $j) (local.get $n)))
        ;; the row's last tile, when 4 columns or fewer are left, is 4×4: one B vector per step, not two
        (if (i32.le_s (i32.sub (local.get $n) (local.get $j)) (i32.const 4)) (then
          (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c10 (v128.const i32x4 0 0 0 0))
          (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c30 (v128.const i32x4 0 0 0 0))
          (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $pa (i32.const 0))
          (local.set $p (i32.const 0))
          (block $done_q (loop $loop_q
            (br_if $done_q (i32.ge_s (local.get $p) (local.get $k)))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (v128.load32_splat (i32.add (local.get $a0) (local.get $pa))) (local.get $b0))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (v128.load32_splat (i32.add (local.get $a1) (local.get $pa))) (local.get $b0))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (v128.load32_splat (i32.add (local.get $a2) (local.get $pa))) (local.get $b0))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (v128.load32_splat (i32.add (local.get $a3) (local.get $pa))) (local.get $b0))))
            (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
            (local.set $pa (i32.add (local.get $pa) (local.get $sap)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $loop_q)))
          (if (local.get $bias) (then
            (local.set $bv0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $c00 (f32x4.add (local.get $c00) (local.get $bv0))) (local.set $c10 (f32x4.add (local.get $c10) (local.get $bv0)))
            (local.set $c20 (f32x4.add (local.get $c20) (local.get $bv0))) (local.set $c30 (f32x4.add (local.get $c30) (local.get $bv0)))))
          (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
          (call $store4 (local.get $cp) (local.get $c00) (i32.sub (local.get $n) (local.get $j)))
          (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then
            (call $store4 (i32.add (local.get $cp) (local.get $ldc)) (local.get $c10) (i32.sub (local.get $n) (local.get $j)))))
          (if (i32.lt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m)) (then
            (call $store4 (i32.add (local.get $cp) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c20) (i32.sub (local.get $n) (local.get $j)))))
          (if (i32.lt_s (i32.add (local.get $i) (i32.const 3)) (local.get $m)) (then
            (call $store4 (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c30) (i32.sub (local.get $n) (local.get $j)))))
          (br $done_j)))
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $pa (i32.const 0))
        (local.set $p (i32.const 0))
        (block $done_p (loop $loop_p
          (br_if $done_p (i32.ge_s (local.get $p) (local.get $k)))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $s (v128.load32_splat (i32.add (local.get $a0) (local.get $pa))))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $a1) (local.get $pa))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $a2) (local.get $pa))))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $a3) (local.get $pa))))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
          (local.set $pa (i32.add (local.get $pa) (local.get $sap)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $loop_p)))
        (if (local.get $bias) (then
          (local.set $bv0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $bv1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $c00 (f32x4.add (local.get $c00) (local.get $bv0))) (local.set $c01 (f32x4.add (local.get $c01) (local.get $bv1)))
          (local.set $c10 (f32x4.add (local.get $c10) (local.get $bv0))) (local.set $c11 (f32x4.add (local.get $c11) (local.get $bv1)))
          (local.set $c20 (f32x4.add (local.get $c20) (local.get $bv0))) (local.set $c21 (f32x4.add (local.get $c21) (local.get $bv1)))
          (local.set $c30 (f32x4.add (local.get $c30) (local.get $bv0))) (local.set $c31 (f32x4.add (local.get $c31) (local.get $bv1)))))
        (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        ;; a whole tile (the common case) is stored straight; edge tiles go lane by lane
        (if (i32.and (i32.ge_s (i32.sub (local.get $n) (local.get $j)) (i32.const 8)) (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
          (then
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31)))
          (else
            (call $store8 (local.get $cp) (local.get $c00) (local.get $c01) (i32.sub (local.get $n) (local.get $j)))
            (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then
              (call $store8 (i32.add (local.get $cp) (local.get $ldc)) (local.get $c10) (local.get $c11) (i32.sub (local.get $n) (local.get $j)))))
            (if (i32.lt_s (i32.add (local.get $i) (i32.const 2)) (local.get $m)) (then
              (call $store8 (i32.add (local.get $cp) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c20) (local.get $c21) (i32.sub (local.get $n) (local.get $j)))))
            (if (i32.lt_s (i32.add (local.get $i) (i32.const 3)) (local.get $m)) (then
              (call $store8 (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c30) (local.get $c31) (i32.sub (local.get $n) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $loop_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop_i))))

  ;; C (m×n, row stride ldc) = A (m×k, row stride lda) @ Bᵀ, B stored n×k with row stride ldb. When k is not
  ;; a multiple of 4 the last chunk reads past each row: A's extra lanes are masked to zero, so B's extra
  ;; lanes (the next row's first values) multiply zero.
  (func (export "gemm_nt") (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $po i32) (local $kb i32) (local $k4b i32) (local $lastm i32) (local $lastn i32)
    (local $ar0 i32) (local $ar1 i32) (local $br0 i32) (local $br1 i32) (local $br2 i32) (local $br3 i32) (local $cp i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $x0 v128) (local $x1 v128) (local $y v128) (local $mask v128) (local $rem i32) (local $ab v128) (local $cd v128)
    (local.set $lda (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $k4b (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (local.set $rem (i32.and (local.get $k) (i32.const 3)))
    ;; lanes < rem all ones: compare (0,1,2,3) < rem
    (local.set $mask (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (local.get $rem))))
    (local.set $lastm (i32.sub (local.get $m) (i32.const 1)))
    (local.set $lastn (i32.sub (local.get $n) (i32.const 1)))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $m)))
      (local.set $ar0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
      (local.set $ar1 (i32.add (local.get $a) (i32.mul (select (i32.add (local.get $i) (i32.const 1)) (local.get $lastm) (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $lastm))) (local.get $lda))))
      (local.set $j (i32.const 0))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $br0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $ldb))))
        (local.set $br1 (i32.add (local.get $b) (i32.mul (select (i32.add (local.get $j) (i32.const 1)) (local.get $lastn) (i32.lt_s (i32.add (local.get $j) (i32.const 1)) (local.get $lastn))) (local.get $ldb))))
        (local.set $br2 (i32.add (local.get $b) (i32.mul (select (i32.add (local.get $j) (i32.const 2)) (local.get $lastn) (i32.lt_s (i32.add (local.get $j) (i32.const 2)) (local.get $lastn))) (local.get $ldb))))
        (local.set $br3 (i32.add (local.get $b) (i32.mul (select (i32.add (local.get $j) (i32.const 3)) (local.get $lastn) (i32.lt_s (i32.add (local.get $j) (i32.const 3)) (local.get $lastn))) (local.get $ldb))))
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c02 (v128.const i32x4 0 0 0 0)) (local.set $c03 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c12 (v128.const i32x4 0 0 0 0)) (local.set $c13 (v128.const i32x4 0 0 0 0))
        (local.set $po (i32.const 0))
        (block $done_p (loop $loop_p
          (br_if $done_p (i32.ge_s (local.get $po) (local.get $k4b)))
          (local.set $x0 (v128.load (i32.add (local.get $ar0) (local.get $po))))
          (local.set $x1 (v128.load (i32.add (local.get $ar1) (local.get $po))))
          (local.set $y (v128.load (i32.add (local.get $br0) (local.get $po))))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br1) (local.get $po))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br2) (local.get $po))))
          (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br3) (local.get $po))))
          (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $po (i32.add (local.get $po) (i32.const 16)))
          (br $loop_p)))
        (if (local.get $rem) (then
          (local.set $x0 (v128.and (v128.load (i32.add (local.get $ar0) (local.get $po))) (local.get $mask)))
          (local.set $x1 (v128.and (v128.load (i32.add (local.get $ar1) (local.get $po))) (local.get $mask)))
          (local.set $y (v128.load (i32.add (local.get $br0) (local.get $po))))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br1) (local.get $po))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br2) (local.get $po))))
          (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (i32.add (local.get $br3) (local.get $po))))
          (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $y))))))
        (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        ;; row sums of the partial-sum vectors (a 4×4 transpose folded into adds), stored whole when 4 fit
        (local.set $ab (f32x4.add (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c01)) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c01))))
        (local.set $cd (f32x4.add (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c02) (local.get $c03)) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c02) (local.get $c03))))
        (local.set $x0 (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ab) (local.get $cd))))
        (local.set $ab (f32x4.add (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c10) (local.get $c11)) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c10) (local.get $c11))))
        (local.set $cd (f32x4.add (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c12) (local.get $c13)) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c12) (local.get $c13))))
        (local.set $x1 (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ab) (local.get $cd))))
        (if (i32.ge_s (i32.sub (local.get $n) (local.get $j)) (i32.const 4))
          (then
            (v128.store (local.get $cp) (local.get $x0))
            (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then (v128.store (i32.add (local.get $cp) (local.get $ldc)) (local.get $x1)))))
          (else
            (call $store_lanes (local.get $cp) (local.get $x0) (i32.sub (local.get $n) (local.get $j)))
            (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then
              (call $store_lanes (i32.add (local.get $cp) (local.get $ldc)) (local.get $x1) (i32.sub (local.get $n) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $loop_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $loop_i))))
)
