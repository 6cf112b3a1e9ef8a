/**
 * Lays out a graph: in the page for small graphs (a few ms, no round trip), in the layout worker for big
 * ones so the UI never freezes.
 */
import { chooseQuality, layoutGraph } from '../../src-common/view/layout';
import type { LayoutInput, LayoutResult } from '../../src-common/view/layout-types';
import type { LayoutResponse } from './layout-protocol';
import { WorkerRpc } from './rpc';

type Ok = Extract<LayoutResponse, { ok: true }>;
let rpc: WorkerRpc<{ input: LayoutInput }, Omit<Ok, 'id' | 'ok'>> | null = null;

export async function layoutAnywhere(input: LayoutInput): Promise<LayoutResult> {
  if (chooseQuality(input) === 'thorough') return layoutGraph(input, 'thorough');
  rpc ??= new WorkerRpc(new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'layout' }));
  // Send only what layout reads, not the view's extra fields.
  const plain: LayoutInput = {
    nodes: input.nodes.map(({ id, width, height }) => ({ id, width, height })),
    edges: input.edges.map(({ id, source, target, labelWidth, labelHeight }) => ({
      id,
      source,
      target,
      labelWidth,
      labelHeight,
    })),
  };
  return (await rpc.call({ input: plain })).result;
}
