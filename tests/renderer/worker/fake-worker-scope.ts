/**
 * Runs a worker module in Node: a stand-in `self` that records what the worker posts, and a `fetch` that
 * serves the app's own assets (the workers fetch names.txt from their origin) from the repository.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = fileURLToPath(new URL('../../../data/names.txt', import.meta.url));
export interface FakeScope {
  posted: unknown[];
  /** Delivers a message to the worker, as the page's postMessage would. */
  send(data: unknown): void;
  /** Resolves with the first posted message that `match` accepts. */
  next<T>(match: (m: T) => boolean, timeoutMs?: number): Promise<T>;
}

export function installFakeScope(): FakeScope {
  const posted: unknown[] = [];
  const waiters: { match: (m: never) => boolean; resolve: (m: unknown) => void }[] = [];
  const scope = {
    onmessage: null as ((e: { data: unknown }) => void) | null,
    postMessage(data: unknown) {
      posted.push(data);
      for (const w of [...waiters]) {
        if (!w.match(data as never)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(data);
      }
    },
  };
  (globalThis as { self?: unknown }).self = scope;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('names.txt')) return new Response(readFileSync(NAMES, 'utf8'));
    return realFetch(input, init);
  }) as typeof fetch;
  return {
    posted,
    send: (data) => scope.onmessage!({ data }),
    next: <T>(match: (m: T) => boolean, timeoutMs = 20_000) =>
      new Promise<T>((resolve, reject) => {
        const seen = posted.find((m) => match(m as T));
        if (seen) return resolve(seen as T);
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching message in ${timeoutMs} ms; got ${JSON.stringify(posted.map((m) => (m as { type?: string }).type))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match: match as (m: never) => boolean, resolve: (m) => (clearTimeout(timer), resolve(m as T)) });
      }),
  };
}
