/** The command that opens `url` in the default browser, or why none should be tried. */
export function browserCommand(
  url: string,
  where: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv; argv: readonly string[] },
): { command: string; args: string[] } | { none: string };
/** Opens `url` in the default browser where there is a display; returns why it did not try, or null. */
export function openBrowser(url: string): string | null;
