/** Lays out big graphs off the UI thread (the same layoutGraph the page runs for small ones). */
import { layoutGraph } from '../../src-common/view/layout';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, input } = event.data;
  let response: LayoutResponse;
  try {
    const start = performance.now();
    const result = layoutGraph(input);
    response = { id, ok: true, result, ms: performance.now() - start };
  } catch (e) {
    response = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(response);
};
