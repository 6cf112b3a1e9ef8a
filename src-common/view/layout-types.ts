/** What a layout engine receives and returns; independent of the Graph contract so benches can feed it anything. */

export interface LayoutNodeIn {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeIn {
  id: string;
  source: string;
  target: string;
  /** Size of the shape label the edge carries, so the layout leaves room for it. */
  labelWidth: number;
  labelHeight: number;
}

export interface LayoutInput {
  nodes: LayoutNodeIn[];
  edges: LayoutEdgeIn[];
}

export interface Point {
  x: number;
  y: number;
}

/** A rectangle by its top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Node boxes by top-left corner; edges as polylines from source to target plus a label anchor. */
export interface LayoutResult {
  width: number;
  height: number;
  nodes: Record<string, Box>;
  edges: Record<string, { points: Point[]; label: Point }>;
  /** In a wrapped layout, the row (0 at the top) each node is in. */
  rows?: Record<string, number>;
}
