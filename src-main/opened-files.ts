/**
 * The notebook files this run of the app opened or saved as: the only files File → Save may write. A page
 * can name any path, so main saves only where the person chose (the open or save dialog, a drop, Open Recent).
 */
import { resolve } from 'node:path';

export class OpenedFiles {
  private readonly paths = new Set<string>();

  add(path: string): void {
    this.paths.add(resolve(path));
  }

  has(path: string): boolean {
    return this.paths.has(resolve(path));
  }
}
