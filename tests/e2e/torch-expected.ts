/**
 * What the graph view must show for the lecture's default run, from a source independent of our core:
 * the tensor shapes PyTorch recorded (tests/fixtures/mlp/lecture_atomic.json), and the notebook's forward
 * statements written out below with the operands each elementwise op combines. Broadcasts follow from
 * those with PyTorch's rule (align right; a missing or size-1 dim stretches), computed here.
 */
import { readFileSync } from 'node:fs';
import { shapeText, type ExpectedBroadcast } from './expected';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp/lecture_atomic.json', import.meta.url), 'utf8')) as {
  params: Record<string, { shape: number[] }>;
  tensors: Record<string, { shape: number[] }>;
  batch: { Xb: { shape: number[] }; Yb: { shape: number[] } };
};

const shapes: Record<string, number[]> = {
  ...Object.fromEntries(Object.entries({ ...fixture.params, ...fixture.tensors }).map(([k, v]) => [k, v.shape])),
  Xb: fixture.batch.Xb.shape,
  Yb: fixture.batch.Yb.shape,
};

/** `name · shape` of every parameter, data tensor and named tensor, from PyTorch's shapes. */
export const torchTitles = (): Record<string, string> =>
  Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, `${k} · ${shapeText(s)}`]));

/**
 * The notebook's statements with elementwise operands that are named tensors (constants such as 1/n
 * are not nodes), e.g. `hpreact = bngain * bnraw + bnbias`.
 */
const ELEMENTWISE_OPERANDS: Record<string, string[]> = {
  hprebn: ['b1'], // embcat @ W1 + b1
  bndiff: ['hprebn', 'bnmeani'],
  bnraw: ['bndiff', 'bnvar_inv'],
  hpreact: ['bngain', 'bnraw', 'bnbias'],
  logits: ['b2'], // h @ W2 + b2
  norm_logits: ['logits', 'logit_maxes'],
  probs: ['counts', 'counts_sum_inv'],
};

/** The dims of `to` that an operand of shape `from` is stretched along (PyTorch broadcasting). */
function stretched(from: number[], to: number[]): number[] {
  const offset = to.length - from.length;
  return to.flatMap((size, d) => ((d < offset || from[d - offset] === 1) && size !== 1 ? [d] : []));
}

/** Every broadcast of the lecture's forward pass, as `source → named statement` with its edge text. */
export function torchBroadcasts(): ExpectedBroadcast[] {
  return Object.entries(ELEMENTWISE_OPERANDS).flatMap(([target, operands]) =>
    operands.flatMap((source) => {
      const dims = stretched(shapes[source], shapes[target]);
      if (dims.length === 0) return [];
      const text = `${shapeText(shapes[source])} → ${shapeText(shapes[target])}, ${dims.length === 1 ? `dim ${dims[0]}` : `dims ${dims.join(', ')}`}`;
      return [{ source, target, text }];
    }),
  );
}
