/**
 * A real read-only folder on the real disk, for tests that must see the disk refuse (not an injected
 * error). chmod 0555 is enough for a normal user; root ignores permission bits, so as root the folder is
 * made immutable with `chattr +i` (ext4, xfs, btrfs, tmpfs from Linux 6.0). Returns the undo, or why not.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

export function makeReadOnly(dir: string): (() => void) | string {
  if (process.platform === 'win32') return 'read-only folders are not tested on Windows';
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'pipe' });
  } catch (e) {
    return `root ignores permissions and chattr +i failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  }
  return () => execFileSync('chattr', ['-i', dir], { stdio: 'pipe' });
}
