/**
 * Which item of an open menu a key moves focus to, after WAI-ARIA's menu pattern: ↓/↑ to the next and
 * previous item (wrapping), Home/End to the first and last, and a printable character to the next item
 * whose label starts with it (typeahead). Null for a key the menu leaves alone.
 */
export function menuTarget(key: string, current: number, labels: readonly string[]): number | null {
  const n = labels.length;
  if (n === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % n;
    case 'ArrowUp':
      return (current - 1 + n) % n;
    case 'Home':
    case 'PageUp':
      return 0;
    case 'End':
    case 'PageDown':
      return n - 1;
  }
  if ([...key].length !== 1 || key === ' ') return null;
  const ch = key.toLocaleLowerCase();
  // From the item after the current one, so pressing the same letter again cycles through its items.
  for (let step = 1; step <= n; step++) {
    const i = (current + step) % n;
    if (labels[i].trim().toLocaleLowerCase().startsWith(ch)) return i;
  }
  return null;
}
