/**
 * What the window shows around the run on screen, whatever that run is: the theme, toasts, dialogs, the
 * Graph/Train tab and the side panel's tab, the find box, and the graph's view of the run (expanded statements,
 * hover, selection, the inspector's layer), with the graph view's controls while it is mounted.
 */
import type { StudioApi, Theme } from '../../src-common/ipc-contract';
import type { Graph } from '../../core/graph/types';
import { groupMembers } from '../../src-common/view/view-graph';
import type { Layer } from '../inspector/pick-tensor';

export type Dialog = 'about' | 'shortcuts' | null;
/** What the left column shows: the forward source (a notebook's cells), the backward step, the cmp table, a notebook's figures. */
export type SideTab = 'forward' | 'step' | 'cmp' | 'figures';

/** What the graph view can be asked to do (it registers itself when mounted). */
export interface GraphControls {
  zoomBy(factor: number): void;
  fit(): void;
  focus(nodeId: string): void;
  /** Centres these nodes, gliding there over `ms` (0: at once). */
  follow(nodeIds: string[], ms: number): void;
  focusLine(line: number): void;
  panBy(dx: number, dy: number): void;
}

const THEME_KEY = 'backprop-studio:theme';

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export class ViewState {
  theme = $state<Theme>(initialTheme());
  toast = $state<string | null>(null);
  dialog = $state<Dialog>(null);
  findOpen = $state(false);
  view = $state<'graph' | 'train'>('graph');
  sideTab = $state<SideTab>('forward');
  expanded = $state.raw<ReadonlySet<string>>(new Set());
  /** Statement lines to highlight, from hovering a code line or a node. */
  hoverLines = $state.raw<ReadonlySet<number>>(new Set());
  hoverNode = $state<string | null>(null);
  selected = $state<string | null>(null);
  /** Which of the selected tensor's layers the inspector shows. */
  inspectorLayer = $state<Layer>('value');
  graph: GraphControls | null = null;
  /** Browser mode's file chooser (the page's hidden file input registers it when mounted). */
  chooseFile: (() => void) | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: Pick<StudioApi, 'setTheme'>) {}

  setTheme(theme: Theme): void {
    this.theme = theme;
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    void this.api.setTheme(theme);
  }

  showToast(message: string): void {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = null), 3000);
  }

  /** Opens the inspector on a tensor, at one of its layers (the step panel's "inspect dX"). */
  inspect(id: string, layer: Layer): void {
    this.selected = id;
    this.inspectorLayer = layer;
  }

  toggleExpanded(id: string): void {
    const next = new Set(this.expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.expanded = next;
  }

  toggleAllGroups(graph: Graph | null): void {
    if (!graph) return;
    const all = [...groupMembers(graph).keys()];
    this.expanded = this.expanded.size > 0 ? new Set() : new Set(all);
  }

  /** A new graph on screen keeps only the expanded statements it has. */
  keepExpandedIn(graph: Graph): void {
    this.expanded = new Set([...this.expanded].filter((id) => graph.nodes.some((n) => n.id === id)));
  }
}
