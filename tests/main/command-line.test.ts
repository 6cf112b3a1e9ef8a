/** The notebook named on the app's command line (packaged, and unpackaged after the main script). */
import { describe, expect, it } from 'vitest';
import { notebookFromArgs } from '../../src-main/command-line';

describe('notebookFromArgs', () => {
  it.each([
    [['/opt/Backprop Studio/backprop-studio', 'part4.ipynb'], '/home/me/part4.ipynb'],
    [['/usr/bin/electron', 'out/main/main.js', '--no-sandbox', '../nb/mine.py'], '/home/nb/mine.py'],
    [['/usr/bin/electron', 'out/main/main.js'], null],
    [['/opt/app', '--user-data-dir=/tmp/x.py'], null],
    [['/opt/app', 'notes.txt'], null],
  ])('%j → %s', (argv, expected) => {
    expect(notebookFromArgs(argv, '/home/me')).toBe(expected);
  });
});
