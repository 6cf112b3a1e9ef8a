/** Promise-per-request over a worker: each request carries an id, each response settles that request. */

type Reply<T> = { id: number; ok: true } & T;
type Failure = { id: number; ok: false; error: string };

export class WorkerRpc<Req extends object, Res extends object> {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply<Res>) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<Reply<Res> | Failure>) => {
      const p = this.pending.get(event.data.id);
      if (!p) return;
      this.pending.delete(event.data.id);
      if (event.data.ok) p.resolve(event.data);
      else p.reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      const error = new Error(event.message || 'worker failed to load');
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  call(request: Req, transfer: Transferable[] = []): Promise<Reply<Res>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }
}
