/**
 * KaTeX (~270 kB of script, plus its stylesheet) loaded the first time a formula is shown, as its own
 * chunk, so the app's first paint does not wait for it.
 */
export type RenderTeX = (tex: string, display: boolean) => string;

let loaded: RenderTeX | null = null;
let pending: Promise<RenderTeX> | null = null;

/** The renderer if KaTeX has arrived, else null. */
export const katexRenderer = (): RenderTeX | null => loaded;

export function loadKatex(): Promise<RenderTeX> {
  pending ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([{ default: katex }]) => {
    loaded = (tex, display) =>
      katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'html', strict: false });
    return loaded;
  });
  return pending;
}
