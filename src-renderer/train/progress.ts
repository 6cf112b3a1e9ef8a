/** Numbers under the progress bar: fraction done, steps per second, time left. */

export function fractionDone(step: number, steps: number): number {
  return steps > 0 ? Math.min(1, Math.max(0, step / steps)) : 0;
}

/** Seconds left at the current rate, or null before a rate is known. */
export function etaSeconds(step: number, steps: number, stepsPerSec: number): number | null {
  if (!(stepsPerSec > 0)) return null;
  return Math.max(0, steps - step) / stepsPerSec;
}

/** 0:07, 2:05, 1:02:03 — or an em dash when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
