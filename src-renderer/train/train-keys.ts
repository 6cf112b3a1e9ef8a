/** The Train view's shortcuts: Mod+Enter starts, Space or P pauses and resumes, Mod+. stops. */
import type { KeyPress } from '../state/keyboard';

export type TrainAction = 'start' | 'pause' | 'stop';

/** The action for a key press; single keys only outside fields and buttons (where they type or click). */
export function trainActionForKey(press: KeyPress & { inField: boolean }, mac: boolean): TrainAction | null {
  const mod = mac ? press.metaKey : press.ctrlKey;
  if (press.altKey) return null;
  if (mod && press.key === 'Enter') return 'start';
  if (mod && press.key === '.') return 'stop';
  if (
    !mod &&
    !press.ctrlKey &&
    !press.metaKey &&
    !press.inField &&
    (press.key === ' ' || press.key.toLowerCase() === 'p')
  )
    return 'pause';
  return null;
}

export function trainKeyLabels(mac: boolean): Record<TrainAction, string> {
  const mod = mac ? '⌘' : 'Ctrl+';
  return { start: `Enter or ${mod}Enter`, pause: 'Space or P', stop: `${mod}.` };
}
