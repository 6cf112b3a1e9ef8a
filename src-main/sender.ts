/**
 * Which senders main answers: only frames of windows this app created, showing the app's own origin
 * (Electron security checklist: validate the sender of all IPC messages).
 */

export interface SenderFacts {
  /** `event.sender.id`: the WebContents that sent the message. */
  webContentsId: number;
  /** `event.senderFrame?.url`; null when the frame is gone. */
  frameUrl: string | null;
}

export interface TrustPolicy {
  webContentsIds: ReadonlySet<number>;
  /** Origins the app's pages load from, e.g. `app://studio`. */
  origins: readonly string[];
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes registered as standard have a real host; URL.origin says "null" for them.
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSender(facts: SenderFacts, policy: TrustPolicy): boolean {
  if (!policy.webContentsIds.has(facts.webContentsId) || facts.frameUrl === null) return false;
  const origin = originOf(facts.frameUrl);
  return origin !== null && policy.origins.includes(origin);
}
