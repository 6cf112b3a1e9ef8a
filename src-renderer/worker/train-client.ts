/** The page's handle on the training worker: send commands, receive every event through one callback. */
import type { TrainCommand, TrainEvent } from './train-protocol';

export class TrainClient {
  private readonly worker = new Worker(new URL('./train.worker.ts', import.meta.url), {
    type: 'module',
    name: 'train',
  });

  constructor(onEvent: (event: TrainEvent) => void) {
    this.worker.onmessage = (e: MessageEvent<TrainEvent>) => onEvent(e.data);
    this.worker.onerror = (e) => onEvent({ type: 'error', error: e.message || 'training worker failed to load' });
  }

  send(command: TrainCommand): void {
    this.worker.postMessage(command);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
