/**
 * Synthetic layered graphs for the layout benchmark, shaped like recorded forward passes: long and narrow
 * (1–6 ops a layer), each op reading nearby values of the previous layer, a parameter leaf now and then, an
 * occasional skip connection, and every value consumed on the way to one output (like `loss`).
 * Seeded, so every run lays out the same graph.
 */
import type { LayoutInput } from './layout-types';

/** mulberry32: a small seeded generator (the fuzz tests draw from it too). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticLayeredGraph(n: number, seed = 1): LayoutInput {
  const rand = mulberry32(seed);
  const nodes: LayoutInput['nodes'] = [];
  const edges: LayoutInput['edges'] = [];
  const node = (): string => {
    const id = `n${nodes.length}`;
    nodes.push({ id, width: 90 + Math.floor(rand() * 90), height: 40 });
    return id;
  };
  const edge = (source: string, target: string): void => {
    edges.push({ id: `${source}->${target}`, source, target, labelWidth: 60, labelHeight: 14 });
  };
  const layers: string[][] = [[node(), node()]];
  while (nodes.length < n - 1) {
    const prev = layers[layers.length - 1];
    const width = Math.max(1, Math.min(n - 1 - nodes.length, 1 + Math.floor(rand() * 6)));
    const ids = Array.from({ length: width }, node);
    const inputs = ids.map(() => new Set<string>());
    // Every value of the previous layer is read by the op nearest to it, so nothing dangles.
    prev.forEach((p, j) => inputs[Math.min(width - 1, Math.floor((j / prev.length) * width))].add(p));
    ids.forEach((_, i) => {
      inputs[i].add(prev[Math.min(prev.length - 1, Math.floor((i / width) * prev.length))]);
      const r = rand();
      if (r < 0.15 && nodes.length < n - 1)
        inputs[i].add(node()); // a parameter leaf
      else if (r < 0.25 && layers.length > 4) {
        const back = layers[layers.length - 2 - Math.floor(rand() * 3)];
        inputs[i].add(back[Math.floor(rand() * back.length)]);
      }
    });
    ids.forEach((id, i) => inputs[i].forEach((src) => edge(src, id)));
    layers.push(ids);
  }
  const out = node();
  for (const src of layers[layers.length - 1]) edge(src, out);
  return { nodes, edges };
}
