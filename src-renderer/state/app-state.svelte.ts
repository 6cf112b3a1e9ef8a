/**
 * The app's state, wired once at start: the view around the run (view-state), the run on screen and its
 * player (screen), the built-in lecture (lecture-session), the notebook on screen (notebook-session), and
 * the command router that sends menus and shortcuts to them. Each component receives the parts it reads.
 */
import type { Command } from '../../src-common/commands';
import type { StudioApi } from '../../src-common/ipc-contract';
import { ViewState } from './view-state.svelte';
import { Screen } from './screen.svelte';
import { LectureSession } from './lecture-session.svelte';
import { NotebookSession } from './notebook-session.svelte';
import { commandRouter } from './command-router';

export class AppState {
  readonly view: ViewState;
  readonly screen: Screen;
  readonly notebook: NotebookSession;
  readonly lecture: LectureSession;
  readonly command: (command: Command) => void;

  constructor(readonly api: StudioApi) {
    this.view = new ViewState(api);
    this.screen = new Screen(this.view);
    this.notebook = new NotebookSession(api, this.screen, this.view, {
      resume: () => this.lecture.resume(),
      retryIfCancelled: () => this.lecture.retryIfCancelled(),
    });
    this.lecture = new LectureSession(this.screen, this.view, this.notebook);
    this.command = commandRouter(this);
    api.onCommand((c) => this.command(c));
    api.onNotebook?.((file) => void this.notebook.open({ mode: 'run', source: file }));
    void this.lecture.run(this.lecture.config);
  }
}
