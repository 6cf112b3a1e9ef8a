/**
 * The one monospace face of the graph, in the app and in every figure: DejaVu Sans Mono, bundled from the
 * `dejavu-fonts-ttf` package (the Bitstream Vera licence, free to embed and redistribute), so a PDF, a PNG
 * and the window show the same letters on every machine. Its files cover every symbol the graph writes
 * (`→`, `Σ`, `−`, `×`, `·`). The app loads them from src-renderer/styles/figure-font-files.ts, the CLI from
 * the package in node_modules.
 */
export const FIGURE_FONT = {
  family: 'DejaVu Sans Mono',
  package: 'dejavu-fonts-ttf',
  /** Inside the package: the weights and style the graph uses (600 draws as bold). */
  files: {
    regular: 'ttf/DejaVuSansMono.ttf',
    bold: 'ttf/DejaVuSansMono-Bold.ttf',
    italic: 'ttf/DejaVuSansMono-Oblique.ttf',
  },
} as const;

export type FigureFace = keyof typeof FIGURE_FONT.files;
