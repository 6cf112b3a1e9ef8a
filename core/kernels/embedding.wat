;; The embedding lookup and its backward: emb = C[X] flattened to rows × (block·E), and dC[X[i,j]] += demb[i,j]
;; (the lecture's double loop, in its order). X holds int32 row indices. Built to embedding-wasm.ts.
;; embed_sum evaluates C[X].view(rows, -1) @ W1 + b1 from per-position tables T_j = C @ W1[j·E:(j+1)·E]: one
;; table row per context position, added in position order, then b1 — for evaluation only (the training
;; step keeps the lecture's one matmul and its rounding).
(module
  (import "env" "memory" (memory 1))
  (func (export "gather") (param $table i32) (param $x i32) (param $count i32) (param $e i32) (param $out i32)
    (local $t i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $e) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $t) (local.get $count)))
      (memory.copy
        (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $bytes)))
        (i32.add (local.get $table) (i32.mul (i32.load (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 2)))) (local.get $bytes)))
        (local.get $bytes))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $loop))))

  ;; dtable must be zeroed by the caller; count = rows · block lookups of e floats each.
  (func (export "scatter_add") (param $demb i32) (param $x i32) (param $count i32) (param $e i32) (param $dtable i32)
    (local $t i32) (local $q i32) (local $src i32) (local $dst i32)
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $t) (local.get $count)))
      (local.set $src (i32.add (local.get $demb) (i32.shl (i32.mul (local.get $t) (local.get $e)) (i32.const 2))))
      (local.set $dst (i32.add (local.get $dtable)
        (i32.shl (i32.mul (i32.load (i32.add (local.get $x) (i32.shl (local.get $t) (i32.const 2)))) (local.get $e)) (i32.const 2))))
      (local.set $q (i32.const 0))
      (block $done_q (loop $loop_q
        (br_if $done_q (i32.ge_s (local.get $q) (local.get $e)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $loop_q)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $loop))))
  ;; out[i, :] = T_0[X[i,0]] + … + T_{block−1}[X[i,block−1]] + bias, adding one table row at a time into the
  ;; output row (which stays in L1), four columns at a time; tables are block consecutive vocab×h matrices.
  ;; h is rounded up to 4: the spill lands in the next row, which is written after (buffers have slack).
  (func $add_row (param $dst i32) (param $src i32) (param $bytes i32)
    (local $c i32)
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $c) (local.get $bytes)))
      (v128.store (i32.add (local.get $dst) (local.get $c))
        (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $c))) (v128.load (i32.add (local.get $src) (local.get $c)))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $loop))))

  (func (export "embed_sum") (param $tables i32) (param $x i32) (param $rows i32) (param $block i32) (param $vocab i32)
    (param $h i32) (param $bias i32) (param $out i32)
    (local $i i32) (local $j i32) (local $hb i32) (local $tb i32) (local $xi i32) (local $o i32)
    (local.set $hb (i32.shl (local.get $h) (i32.const 2)))
    (local.set $tb (i32.mul (local.get $vocab) (local.get $hb)))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_s (local.get $i) (local.get $rows)))
      (local.set $xi (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $block)) (i32.const 2))))
      (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $hb))))
      (memory.copy (local.get $o) (i32.add (local.get $tables) (i32.mul (i32.load (local.get $xi)) (local.get $hb))) (local.get $hb))
      (local.set $j (i32.const 1))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_s (local.get $j) (local.get $block)))
        (call $add_row (local.get $o)
          (i32.add (i32.add (local.get $tables) (i32.mul (local.get $j) (local.get $tb)))
            (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $j) (i32.const 2)))) (local.get $hb)))
          (local.get $hb))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_j)))
      (call $add_row (local.get $o) (local.get $bias) (local.get $hb))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))
)
