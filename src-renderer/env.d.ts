/// <reference types="vite/client" />
/// <reference types="svelte" />
import type { StudioApi } from '../src-common/ipc-contract';

declare global {
  interface Window {
    /** Present in Electron (set by the preload); absent in browser mode. */
    studio?: StudioApi;
  }
}

declare global {
  /** package.json's version, defined by the Vite config. */
  const __APP_VERSION__: string;
}
