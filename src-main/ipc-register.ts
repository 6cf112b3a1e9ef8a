/**
 * Wires the handlers to `ipcMain.handle`: every message's sender is checked, then its request parsed, and
 * only then handled. Anything else is refused with an error the renderer's invoke() rejects with.
 */
import { parseRequest, type InvokeChannel } from '../src-common/ipc-contract';
import type { Handlers } from './ipc-handlers';
import type { SenderFacts } from './sender';

/** The part of an invoke event main looks at (Electron's IpcMainInvokeEvent has these). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: refused a message from an untrusted sender`);
    this.name = 'UntrustedSenderError';
  }
}

export function senderFacts(event: InvokeEventLike): SenderFacts {
  return { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? null };
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  trusted: (facts: SenderFacts) => boolean,
): () => void {
  const channels = Object.keys(handlers) as InvokeChannel[];
  for (const channel of channels) {
    const handle = handlers[channel] as (request: unknown) => Promise<unknown>;
    const parse = parseRequest[channel] as (raw: unknown) => unknown;
    ipcMain.handle(channel, (event, raw) => {
      if (!trusted(senderFacts(event))) throw new UntrustedSenderError(channel);
      return handle(parse(raw));
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
