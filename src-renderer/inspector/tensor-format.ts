/** Tensor text for the number table's copy buttons: CSV of a matrix, and nested NumPy/PyTorch literals. */
import type { Matrix } from './slice';

/** Shortest text that reads back as the same float32 (what PyTorch prints with full precision). */
export function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

export function matrixCsv(data: ArrayLike<number>, m: Matrix): string {
  const lines: string[] = [];
  for (let r = 0; r < m.rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < m.cols; c++) row.push(formatFloat32(data[m.index(r, c)]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

const pyNumber = (v: number, kind: 'numpy' | 'torch') => {
  if (Number.isNaN(v)) return kind === 'numpy' ? 'np.nan' : 'float("nan")';
  if (!Number.isFinite(v)) return `${v < 0 ? '-' : ''}${kind === 'numpy' ? 'np.inf' : 'float("inf")'}`;
  return formatFloat32(v);
};

/** `np.array([[…], …], dtype=np.float32)` or `torch.tensor(…)` of the whole tensor, nested by its shape. */
export function pythonLiteral(
  data: ArrayLike<number>,
  shape: readonly number[],
  kind: 'numpy' | 'torch',
  dtype = 'float32',
): string {
  let i = 0;
  const nest = (d: number): string => {
    if (d === shape.length) return pyNumber(data[i++], kind);
    const parts: string[] = [];
    for (let k = 0; k < shape[d]; k++) parts.push(nest(d + 1));
    return `[${parts.join(', ')}]`;
  };
  const body = nest(0);
  return kind === 'numpy' ? `np.array(${body}, dtype=np.${dtype})` : `torch.tensor(${body}, dtype=torch.${dtype})`;
}
