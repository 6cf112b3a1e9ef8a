declare const config: Record<string, unknown> & {
  files: string[];
  asar: boolean;
  electronFuses: Record<string, boolean>;
  extraMetadata: { main: string };
};
export default config;
