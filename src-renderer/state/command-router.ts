/** The app's commands (menus, shortcuts, the toolbar: src-common/commands.ts), each sent to the state that does it. */
import type { Command } from '../../src-common/commands';
import type { PlayerAction } from '../player/player-keys';
import { exportGraphImage, type ExportSource } from '../export/export-graph';
import type { LectureSession } from './lecture-session.svelte';
import type { NotebookSession } from './notebook-session.svelte';

/** The Backprop menu's commands as player actions. */
const PLAYER_COMMANDS = {
  'player-toggle': 'toggle',
  'player-prev': 'prev',
  'player-next': 'next',
  'player-restart': 'restart',
  'player-end': 'end',
} as const satisfies Partial<Record<Command, PlayerAction>>;

export interface CommandTargets extends ExportSource {
  lecture: LectureSession;
  notebook: NotebookSession;
}

export function commandRouter(app: CommandTargets): (command: Command) => void {
  const { view, screen, notebook } = app;
  return (command) => {
    switch (command) {
      case 'open-notebook':
        void notebook.pick();
        break;
      case 'open-sample':
        void notebook.open({ mode: 'run', source: 'sample' });
        break;
      case 'close-notebook':
        void notebook.backToLecture();
        break;
      case 'stop-run':
        void notebook.stopRun();
        break;
      case 'save-notebook':
        void notebook.file.save();
        break;
      case 'save-notebook-as':
        void notebook.file.saveAs();
        break;
      case 'start-exercise':
        void notebook.open({ mode: 'exercise' });
        break;
      case 'export':
        // File → Export…: the graph as the app shows it, as standalone SVG (other formats: the Export image menu).
        void exportGraphImage(app, 'svg');
        break;
      case 'zoom-in':
        view.graph?.zoomBy(1.25);
        break;
      case 'zoom-out':
        view.graph?.zoomBy(0.8);
        break;
      case 'fit':
        view.graph?.fit();
        break;
      case 'find':
        view.findOpen = true;
        break;
      case 'toggle-theme':
        view.setTheme(view.theme === 'dark' ? 'light' : 'dark');
        break;
      case 'toggle-groups':
        view.toggleAllGroups(screen.dump?.graph ?? null);
        break;
      case 'player-toggle':
      case 'player-prev':
      case 'player-next':
      case 'player-restart':
      case 'player-end':
        view.view = 'graph';
        screen.playerDo(PLAYER_COMMANDS[command]);
        break;
      case 'about':
      case 'shortcuts':
        view.dialog = command;
        break;
    }
  };
}
