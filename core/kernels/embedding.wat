;; The embedding lookup and its backward: emb = C[X] flattened to rows × (block·E), and dC[X[i,j]] += demb[i,j]
;; (the lecture's double loop, in its order). X holds int32 row indices. Built to embedding-wasm.ts.
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
)
