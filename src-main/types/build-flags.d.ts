/** Set when main is built (electron.config.ts's mainConfig): true only in a build by `electron-vite dev`. */
declare const __BPS_DEVELOPMENT__: boolean;
