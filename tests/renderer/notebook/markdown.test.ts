/** Markdown cells: marked's HTML for the notebook's text, KaTeX for its formulas, nothing of the file run. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { followLink, hasMath, renderMarkdown } from '../../../src-renderer/notebook/markdown';

const tex = (s: string, display: boolean) => katex.renderToString(s, { displayMode: display, throwOnError: false });

describe('renderMarkdown', () => {
  it('renders headings, emphasis, code and lists', () => {
    const html = renderMarkdown('# Becoming a backprop ninja\n\nThe *MLP* of `makemore`:\n\n- one\n- two', null);
    expect(html).toContain('<h1>Becoming a backprop ninja</h1>');
    expect(html).toContain('<em>MLP</em>');
    expect(html).toContain('<code>makemore</code>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  });

  it('sets $…$ and $$…$$ with KaTeX, and leaves code and prices alone', () => {
    const html = renderMarkdown(
      'the loss $L = -\\log p_y$ and\n\n$$\\frac{\\partial L}{\\partial x}$$\n\n`$x$` costs $5 or $6',
      tex,
    );
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<code>$x$</code>');
    expect(html).toContain('costs $5 or $6');
    expect(html).not.toContain('p_y$');
  });

  it('shows a formula as written until KaTeX has loaded', () => {
    expect(renderMarkdown('a $x_1$ b', null)).toContain('<code class="tex">$x_1$</code>');
    expect(hasMath('a $x$')).toBe(true);
    expect(hasMath('no math')).toBe(false);
  });

  it("shows the file's HTML as text and keeps only web and mail links", () => {
    const html = renderMarkdown(
      '<img src=x onerror="alert(1)">\n\n[ok](https://karpathy.ai) [bad](javascript:alert(1)) ![pic](http://x/y.png)',
      null,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=');
    expect(html).toContain('<a href="https://karpathy.ai" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('bad');
    expect(html).toContain('pic');
  });
});

describe('followLink', () => {
  /** A click on an element inside a link to `href` (or on plain text: null). */
  function click(href: string | null) {
    const link = href === null ? null : { getAttribute: (name: string) => (name === 'href' ? href : null) };
    const target = { closest: (s: string) => (s === 'a[href]' ? link : null) } as unknown as EventTarget;
    const event = {
      target,
      prevented: false,
      preventDefault() {
        event.prevented = true;
      },
    };
    return event;
  }

  it('in Electron, hands a web link to main and keeps the window where it is', async () => {
    const opened: string[] = [];
    const open = async (url: string) => void opened.push(url);
    const web = click('https://github.com/karpathy/nn-zero-to-hero');
    followLink(web, open);
    expect(web.prevented).toBe(true);
    // Mail, in-page and anything else: nothing leaves, and the window does not navigate either.
    for (const other of ['mailto:a@b.c', '#top', 'javascript:alert(1)']) {
      const e = click(other);
      followLink(e, open);
      expect(e.prevented, other).toBe(true);
    }
    expect(opened).toEqual(['https://github.com/karpathy/nn-zero-to-hero']);
  });

  it('leaves clicks off links alone, and in browser mode lets the link open its own tab', () => {
    const plain = click(null);
    followLink(plain, async () => {});
    expect(plain.prevented).toBe(false);
    const web = click('https://karpathy.ai');
    followLink(web, undefined);
    expect(web.prevented).toBe(false);
  });
});
