/**
 * The notebook file on screen and the learner's edits to it, until they are saved: which file (its name, where
 * main read it, its bytes, whether it is the bundled sample), each edited cell's source, `dirty`, and File →
 * Save / Save As. The editor calls setCellSource on every edit; saving goes through the platform API (main
 * writes the file in Electron; browser mode downloads it). The bundled sample is never written: Save on it is
 * Save As.
 */
import { NotebookError, parseNotebook } from '../../core/notebook/parse';
import type { CellEdit, SaveNotebookResponse, StudioApi } from '../../src-common/ipc-contract';

export interface OpenedFile {
  name: string;
  /** Where main read it (Electron); absent for the sample and for a file a page was given. */
  path?: string;
  /** The file's bytes as opened, or as last saved: what the edits go into (the sample's load when saved as). */
  bytes: Uint8Array;
  sample: boolean;
}

/** A question for the person, answered by one of its choices (the last one is Cancel / Escape). */
export interface Question<C extends string = string> {
  message: string;
  detail: string;
  choices: readonly { id: C; label: string }[];
}

export type SaveOutcome = 'saved' | 'cancelled' | 'failed';

/** How File → Save goes for a file: in place, or through Save As (the sample; a file main did not read). */
export function saveRoute(file: OpenedFile, mode: StudioApi['mode']): 'save' | 'save-as' {
  if (file.sample) return 'save-as';
  return mode === 'electron' && !file.path ? 'save-as' : 'save';
}

/** The edits to send: only cells whose source differs from the file's, in cell order. */
export function pendingEdits(
  original: readonly (string | undefined)[],
  sources: ReadonlyMap<number, string>,
): CellEdit[] {
  return [...sources]
    .filter(([cell, source]) => original[cell] !== source)
    .sort(([a], [b]) => a - b)
    .map(([cell, source]) => ({ cell, source }));
}

/** The name Save As offers: the sample's with "-mine" (so it is never mistaken for the original), else the file's. */
export function suggestedName(file: OpenedFile): string {
  return file.sample ? file.name.replace(/(\.[^.]+)$/, '-mine$1') : file.name;
}

export class NotebookFileState {
  file = $state.raw<OpenedFile | null>(null);
  /** The learner's source of each cell they edited, by NotebookCell.index. */
  sources = $state.raw<ReadonlyMap<number, string>>(new Map());
  saving = $state(false);
  /** The question on screen (unsaved changes, a file changed on disk), and how it is answered. */
  question = $state.raw<Question | null>(null);
  /**
   * Each cell's source as last saved: the file's (parse.ts's), or the editor's text a save sent (a .py file
   * keeps its blank lines between cells, so what parse reads back can differ from what was typed).
   */
  private original: string[] = [];
  private answer: ((choice: string) => void) | null = null;

  readonly dirty = $derived(pendingEdits(this.original, this.sources).length > 0);

  constructor(
    private readonly api: StudioApi,
    private readonly notify: (message: string) => void,
    /** The sample's bytes, loaded only when the sample is saved as (the page does not carry them otherwise). */
    private readonly sampleBytes: () => Promise<Uint8Array> = loadSample,
  ) {}

  /**
   * A notebook is on screen now: its edits start empty. `cells`: its cells' sources by index, when known
   * without parsing the bytes (the sample's, from its run).
   */
  open(file: OpenedFile, cells?: readonly string[]): void {
    this.file = file;
    this.original = cells ? [...cells] : cellSources(file);
    this.sources = new Map();
  }

  /** No notebook on screen (the built-in lecture). */
  close(): void {
    this.file = null;
    this.original = [];
    this.sources = new Map();
  }

  /** The editor's text of a cell (NotebookCell.index; the number of cells adds a new cell on save). */
  setCellSource(cell: number, source: string): void {
    const next = new Map(this.sources);
    next.set(cell, source);
    this.sources = next;
  }

  /** A cell's source as the learner has it now: edited, else the file's. */
  cellSource(cell: number): string | undefined {
    return this.sources.get(cell) ?? this.original[cell];
  }

  /** File → Save (Ctrl/⌘+S). */
  async save(): Promise<SaveOutcome> {
    const file = this.file;
    if (!file) {
      this.notify('Open a notebook to save it');
      return 'failed';
    }
    if (saveRoute(file, this.api.mode) === 'save-as') return this.saveAs();
    if (!this.dirty) {
      this.notify(`${file.name} has no unsaved changes`);
      return 'saved';
    }
    return this.run(async (edits) => {
      const request = { path: file.path ?? file.name, base: file.bytes, edits };
      const first = await this.api.saveNotebook(request);
      if (first.saved || !first.conflict) return first;
      const choice = await this.ask({
        message: first.conflict,
        detail: 'Overwrite it with your version, save yours under another name, or cancel and keep both as they are.',
        choices: [
          { id: 'overwrite', label: 'Overwrite' },
          { id: 'save-as', label: 'Save As…' },
          { id: 'cancel', label: 'Cancel' },
        ],
      });
      if (choice === 'overwrite') return this.api.saveNotebook({ ...request, overwrite: true });
      if (choice === 'save-as') return this.saveAsRequest(file, edits);
      return { saved: false };
    });
  }

  /** File → Save As… (Ctrl/⌘+Shift+S); what Save does for the sample. */
  async saveAs(): Promise<SaveOutcome> {
    const file = this.file;
    if (!file) {
      this.notify('Open a notebook to save it');
      return 'failed';
    }
    return this.run((edits) => this.saveAsRequest(file, edits));
  }

  /**
   * Before the notebook leaves the screen (another one opened, back to the lecture): with unsaved edits, asks
   * whether to save them. True when it may go (saved, or the edits dropped); false to stay.
   */
  async confirmLeave(): Promise<boolean> {
    if (!this.file || !this.dirty) return true;
    const choice = await this.ask({
      message: `${this.file.name} has unsaved changes.`,
      detail: 'Save them before leaving it?',
      choices: [
        { id: 'save', label: 'Save' },
        { id: 'discard', label: 'Don’t save' },
        { id: 'cancel', label: 'Cancel' },
      ],
    });
    if (choice === 'discard') {
      this.sources = new Map();
      return true;
    }
    return choice === 'save' && (await this.save()) === 'saved' && !this.dirty;
  }

  /** Shows a question and resolves with the id of the choice made (the last choice for Escape). */
  ask(question: Question): Promise<string> {
    this.answer?.(question.choices[question.choices.length - 1].id);
    return new Promise((resolve) => {
      this.question = question;
      this.answer = (choice) => {
        this.question = null;
        this.answer = null;
        resolve(choice);
      };
    });
  }

  /** The question's answer, from its dialog. */
  reply(choice: string): void {
    this.answer?.(choice);
  }

  private async saveAsRequest(file: OpenedFile, edits: CellEdit[]): Promise<SaveNotebookResponse> {
    if (!file.sample) return this.api.saveNotebookAs({ suggestedName: suggestedName(file), base: file.bytes, edits });
    // The sample's file has exercise 1 solved; what is on screen may differ in cells the learner never
    // touched (the exercise hands them out blank), so every cell as shown is compared with the file's.
    const base = await this.sampleBytes();
    const shown = new Map<number, string>();
    this.original.forEach((source, cell) => source !== undefined && shown.set(cell, source));
    for (const [cell, source] of this.sources) shown.set(cell, source);
    const all = pendingEdits(cellSources({ ...file, bytes: base }), shown);
    return this.api.saveNotebookAs({ suggestedName: suggestedName(file), base, edits: all });
  }

  /** One save at a time; the file becomes what was written (the sample's copy is the learner's own file now). */
  private async run(send: (edits: CellEdit[]) => Promise<SaveNotebookResponse>): Promise<SaveOutcome> {
    if (this.saving) return 'cancelled';
    const file = this.file!;
    const edits = pendingEdits(this.original, this.sources);
    this.saving = true;
    try {
      const r = await send(edits);
      if (!r.saved) return 'cancelled';
      // Edits typed while the save was in flight stay unsaved.
      const after = this.sources;
      if (this.file === file) {
        this.open({ name: r.name, path: r.path, bytes: r.bytes, sample: false });
        for (const e of edits) this.original[e.cell] = e.source;
        this.sources = new Map([...after].filter(([cell, s]) => this.original[cell] !== s));
      }
      this.notify(r.merged ? `Saved ${r.name}, keeping the changes made to it elsewhere` : `Saved ${r.name}`);
      return 'saved';
    } catch (e) {
      const message =
        e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '') : String(e);
      this.notify(
        message.startsWith(file.name) ? `Could not save ${message}` : `Could not save ${file.name}: ${message}`,
      );
      return 'failed';
    } finally {
      this.saving = false;
    }
  }
}

function cellSources(file: OpenedFile): string[] {
  try {
    return parseNotebook(file.name, file.bytes).cells.map((c) => c.source);
  } catch (e) {
    if (e instanceof NotebookError) return [];
    throw e;
  }
}

async function loadSample(): Promise<Uint8Array> {
  const { default: text } = await import('../../data/backprop-ninja.ipynb?raw');
  return new TextEncoder().encode(text);
}
