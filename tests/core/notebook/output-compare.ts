/**
 * Compares what a notebook printed here with what real PyTorch printed, line by line. Text must be equal;
 * numbers must agree to float32 precision, or both be rounding noise (≤ 1e-6). PyTorch's own reductions
 * and BLAS sum in another order than the core, so a maxdiff of 1e-9 in one is 0.0 or 2e-9 in the other;
 * where a line's numbers differ by such noise, its True/False words (`exact: True`) may differ too.
 */
const NUMBER = /[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g; // a sign is the number's: `%+f` prints -0.000000 or +0.000000 for noise
const WORD = /\b(True|False)\b */g;

function close(a: number, b: number): boolean {
  if (a === b) return true;
  if (Math.abs(a) <= 1e-6 && Math.abs(b) <= 1e-6) return true;
  return Math.abs(a - b) <= 1e-7 + 1e-5 * Math.abs(b);
}

/** The first line that differs beyond that, as "line N: ours | torch", or null. */
export function outputDifference(ours: string, torch: string): string | null {
  const a = ours.split('\n');
  const b = torch.split('\n');
  if (a.length !== b.length) return `${a.length} lines printed, PyTorch printed ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const na = a[i].match(NUMBER) ?? [];
    const nb = b[i].match(NUMBER) ?? [];
    const textA = a[i].replace(NUMBER, '#');
    const textB = b[i].replace(NUMBER, '#');
    const numbersOk = na.length === nb.length && na.every((x, k) => close(Number(x), Number(nb[k])));
    const noisy = na.some((x, k) => x !== nb[k]);
    const wordsOk = textA === textB || (noisy && textA.replace(WORD, 'B') === textB.replace(WORD, 'B'));
    if (!numbersOk || !wordsOk) return `line ${i + 1}:\n  ours : ${a[i]}\n  torch: ${b[i]}`;
  }
  return null;
}
