/**
 * A notebook's markdown cell as HTML, with marked (CommonMark + GitHub tables and lists) and `$…$` /
 * `$$…$$` as KaTeX. The notebook is the learner's file, not ours: raw HTML in it is shown as text, links
 * go only to the web or mail, and images show their alt text (the app loads nothing from outside). A link
 * opens outside the app (followLink): the app's page never navigates away.
 */
import { Marked, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import type { RenderTeX } from '../components/katex-loader';
import { webUrl } from '../../src-common/ipc-contract';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

const SAFE_HREF = /^(https?:|mailto:|#)/i;

interface MathToken extends Tokens.Generic {
  type: 'math';
  raw: string;
  tex: string;
  display: boolean;
}

/** `$$…$$` (display) or `$…$` (inline, no space just inside the dollars, as Jupyter's MathJax reads it). */
const MATH = /^\$\$([\s\S]+?)\$\$|^\$(?!\s)((?:\\\$|[^$\n])+?)(?<!\s)\$/;

function mathExtension(tex: RenderTeX | null): TokenizerAndRendererExtension {
  return {
    name: 'math',
    level: 'inline',
    start: (src) => src.indexOf('$'),
    tokenizer(src): MathToken | undefined {
      const m = MATH.exec(src);
      if (!m) return undefined;
      const display = m[1] !== undefined;
      return { type: 'math', raw: m[0], tex: (display ? m[1] : m[2]).trim(), display };
    },
    renderer(token) {
      const { tex: source, display, raw } = token as MathToken;
      // Until KaTeX has loaded (its own chunk), the formula shows as written.
      return tex ? tex(source, display) : `<code class="tex">${escapeHtml(raw)}</code>`;
    },
  };
}

export function renderMarkdown(source: string, tex: RenderTeX | null): string {
  const marked = new Marked({
    gfm: true,
    async: false,
    extensions: [mathExtension(tex)],
    renderer: {
      html: ({ text }) => escapeHtml(text),
      link({ href, tokens }) {
        const text = this.parser.parseInline(tokens);
        return SAFE_HREF.test(href)
          ? `<a href="${escapeHtml(href)}"${href.startsWith('#') ? '' : ' target="_blank" rel="noopener noreferrer"'}>${text}</a>`
          : text;
      },
      image: ({ text }) => escapeHtml(text),
    },
  });
  return marked.parse(source) as string;
}

/**
 * A click in a rendered markdown cell. With `openExternal` (Electron) a click on a link never reaches the
 * app's window: a web link goes to main, which opens it in the system browser, and any other does nothing.
 * Without it (browser mode) the link's own target=_blank rel=noopener opens a tab of its own.
 */
export function followLink(
  event: { target: EventTarget | null; preventDefault(): void },
  openExternal: ((url: string) => Promise<void>) | undefined,
): void {
  const target = event.target as { closest?: (selector: string) => Element | null } | null;
  const link = target?.closest?.('a[href]');
  if (!link || !openExternal) return;
  event.preventDefault();
  const url = webUrl(link.getAttribute('href'));
  if (url) openExternal(url).catch((e: unknown) => console.warn('could not open the link', e));
}

/** Whether a cell has any `$` that may be math (only then is KaTeX worth loading). */
export const hasMath = (source: string): boolean => source.includes('$');
