/** Runs a worker module in Node: a stand-in `self` that records what the worker posts. */
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
