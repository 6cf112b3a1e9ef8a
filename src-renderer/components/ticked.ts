/** Splits `a \`b\` c` into prose and code spans; an unpaired backtick stays as written. */
export function tickedSpans(text: string): { text: string; code: boolean }[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ text, code: false }];
  return parts.map((t, i) => ({ text: t, code: i % 2 === 1 })).filter((s) => s.text !== '');
}
