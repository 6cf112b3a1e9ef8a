/** Messages between the page and the layout worker. */
import type { LayoutInput, LayoutResult } from '../../src-common/view/layout-types';

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}

export type LayoutResponse =
  { id: number; ok: true; result: LayoutResult; ms: number } | { id: number; ok: false; error: string };
