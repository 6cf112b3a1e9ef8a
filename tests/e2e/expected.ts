/**
 * What the page must show, computed here in the test process from the core itself (`runLecture`), with the
 * test's own formatting: independent of the renderer's code.
 */
import { DEFAULT_CONFIG, type MlpConfig } from '../../core/mlp/config';
import { loadNames } from '../../cli/load-names';
import type { Graph } from '../../core/graph/types';
import { runLecture } from '../../core/mlp/run';

export function lectureGraph(config: Partial<MlpConfig> = {}): Graph {
  return runLecture({ ...DEFAULT_CONFIG, ...config }, loadNames()).graph;
}

export const shapeText = (shape: number[]) => (shape.length === 0 ? 'scalar' : shape.join('×'));

/** `name · shape` of every parameter, data tensor and named tensor. */
export function expectedTitles(graph: Graph): Record<string, string> {
  return Object.fromEntries(
    graph.nodes.filter((n) => n.kind !== 'op').map((n) => [n.id, `${n.name} · ${shapeText(n.shape)}`]),
  );
}

export interface ExpectedBroadcast {
  source: string;
  target: string;
  text: string;
}

/** Every broadcast the recorder saw, on the edge that carries it: folded into named nodes, or not. */
export function expectedBroadcasts(graph: Graph, folded: boolean): ExpectedBroadcast[] {
  const group = new Map(graph.nodes.map((n) => [n.id, n.group]));
  const shown = (id: string) => (folded ? (group.get(id) ?? id) : id);
  return graph.nodes.flatMap((n) =>
    n.broadcasts.map((b) => ({
      source: shown(b.inputId),
      target: shown(n.id),
      text: `${shapeText(b.from)} → ${shapeText(b.to)}, ${b.dims.length === 1 ? `dim ${b.dims[0]}` : `dims ${b.dims.join(', ')}`}`,
    })),
  );
}

export const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
