/** electron-vite config that builds only the main process (electron.config.ts's), into $BPS_MAIN_OUT. */
import { defineConfig } from 'electron-vite';
import { mainConfig } from '../../electron.config';

export default defineConfig({ main: mainConfig(process.env.BPS_MAIN_OUT!) });
