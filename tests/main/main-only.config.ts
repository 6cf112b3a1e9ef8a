/**
 * electron-vite config that builds only the main process (electron.config.ts's), into $BPS_MAIN_OUT; as
 * `npm run dev` builds it when $BPS_MAIN_DEVELOPMENT is 1.
 */
import { defineConfig } from 'electron-vite';
import { mainConfig } from '../../electron.config';

export default defineConfig({ main: mainConfig(process.env.BPS_MAIN_OUT!, process.env.BPS_MAIN_DEVELOPMENT === '1') });
