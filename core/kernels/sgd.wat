;; The SGD update p += step · grad (step = −lr) over a float32 array, four lanes at a time, one float32
;; rounding for the product and one for the sum, as `p.data += -lr * grad` does. len is rounded up to 4:
;; callers lay the parameters out in one block with slack, so the extra lanes touch no other data.
;; Built to sgd-wasm.ts by scripts/build-wasm.mjs.
(module
  (import "env" "memory" (memory 1))
  (func (export "sgd") (param $w i32) (param $g i32) (param $len i32) (param $step f32)
    (local $end i32) (local $s v128)
    (local.set $s (f32x4.splat (local.get $step)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
      (v128.store (local.get $w) (f32x4.add (v128.load (local.get $w)) (f32x4.mul (local.get $s) (v128.load (local.get $g)))))
      (local.set $w (i32.add (local.get $w) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (br $loop))))
)
