/**
 * Shrinks a formula's font until it fits its box's width, but never below MIN_TEXT_PX (the smallest text
 * the app calls readable), so a long one (the fused batchnorm rule) is read whole instead of clipped by the
 * panel. `fitted` hears whether it fitted and at what width, so the caller can switch to the formula's
 * aligned lines; what fits in neither way scrolls. Re-fits when the box is resized, its content is redrawn
 * (KaTeX arrives after the source text) or a font finishes loading (KaTeX's own widen it). `content` is only there so the attachment re-runs when the formula
 * changes.
 */
import type { Attachment } from 'svelte/attachments';

export const MIN_TEXT_PX = 11;
const STEP = 0.05;

export function fitWidth(content: unknown, fitted?: (fits: boolean, width: number) => void): Attachment<HTMLElement> {
  void content;
  return (el) => {
    // A display formula scrolls inside its own box: measure that box's content too.
    const width = () =>
      Math.max(el.scrollWidth, ...[...el.querySelectorAll<HTMLElement>('.tex.display')].map((d) => d.scrollWidth));
    const tooWide = () => width() > el.clientWidth + 1;
    const fit = () => {
      el.style.fontSize = '';
      // KaTeX's own text, or the source while KaTeX loads: the size that must stay readable.
      const text = el.querySelector<HTMLElement>('.katex') ?? el;
      const minScale = Math.min(1, MIN_TEXT_PX / parseFloat(getComputedStyle(text).fontSize));
      let scale = 1;
      while (tooWide() && scale > minScale) {
        scale = Math.max(minScale, scale - STEP);
        el.style.fontSize = `${scale}em`;
      }
      el.dataset.fitScale = String(Number(scale.toFixed(2)));
      fitted?.(!tooWide(), el.clientWidth);
    };
    fit();
    const resized = new ResizeObserver(fit);
    resized.observe(el);
    const redrawn = new MutationObserver(fit);
    redrawn.observe(el, { childList: true, subtree: true });
    document.fonts.addEventListener('loadingdone', fit);
    return () => {
      resized.disconnect();
      redrawn.disconnect();
      document.fonts.removeEventListener('loadingdone', fit);
    };
  };
}
