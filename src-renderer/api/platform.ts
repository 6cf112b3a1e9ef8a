/** The StudioApi for this run: Electron's preload when present, browser mode's stand-in otherwise. */
import type { StudioApi } from '../../src-common/ipc-contract';
import { createWebApi } from './web-api';

export function platformApi(): StudioApi {
  return window.studio ?? createWebApi();
}
