// Generated from sgd.wat by scripts/build-wasm.mjs — edit the .wat file, then run `npm run build:wasm`.
export const WASM_BASE64 =
  'AGFzbQEAAAABCAFgBH9/f30AAg8BA2VudgZtZW1vcnkCAAEDAgEABwcBA3NnZAAACk8BTQIBfwF7IAP9EyEFIAAgAkECdGohBAJAA0AgACAETw0BIAAgAP0ABAAgBSAB/QAEAP3mAf3kAf0LBAAgAEEQaiEAIAFBEGohAQwACwsL';
