/**
 * The lecture graph wrapped onto the 1280×720 window's graph stage, and its edges measured: shared by the
 * edge-metrics test (which bounds them) and the graph bench (which prints them).
 */
import { edgeMetrics, type EdgeMetrics } from '../../src-common/view/edge-metrics';
import { layoutGraph } from '../../src-common/view/layout';
import type { LayoutResult } from '../../src-common/view/layout-types';
import { buildViewGraph } from '../../src-common/view/view-graph';
import { wrapToFit, type Size } from '../../src-common/view/wrap';
import { recordedLectureGraph } from '../e2e/fixtures/recorded-graph';

/** Where the 1280×720 window draws the graph (GraphView's area, less its margin). */
export const STAGE_1280: Size = { width: 902, height: 557 };

/**
 * The same graph and stage under the wrap before rows snaked (each row left to right, every row-to-row
 * edge running back under its whole row in a lane of its own), measured on 7 Dec 2026.
 */
export const LOOP_BACK_WRAP: EdgeMetrics = { length: 12_427, crossings: 0, rowToRowLength: 10_060, rowToRowEdges: 8 };
export const LOOP_BACK_WRAP_ROWS = 5;

export function wrappedLecture(stage: Size = STAGE_1280): { layout: LayoutResult; rows: number; metrics: EdgeMetrics } {
  const view = buildViewGraph(recordedLectureGraph(), new Set());
  const layout = wrapToFit(view, layoutGraph(view), stage);
  const rows = Math.max(0, ...Object.values(layout.rows ?? {})) + 1;
  return { layout, rows, metrics: edgeMetrics(layout, view.edges) };
}
