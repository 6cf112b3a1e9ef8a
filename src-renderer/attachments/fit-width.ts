/**
 * Shrinks a formula's font until it fits its box's width (down to MIN_SCALE), so a long one (the fused
 * batchnorm rule) is read whole instead of clipped by the panel; below that it scrolls. Re-fits when the box
 * is resized. `content` is only there so the attachment re-runs when the formula changes.
 */
import type { Attachment } from 'svelte/attachments';

const MIN_SCALE = 0.6;
const STEP = 0.05;

export function fitWidth(content: unknown): Attachment<HTMLElement> {
  void content;
  return (el) => {
    // A display formula scrolls inside its own box: measure that box's content too.
    const width = () =>
      Math.max(el.scrollWidth, ...[...el.querySelectorAll<HTMLElement>('.tex.display')].map((d) => d.scrollWidth));
    const fit = () => {
      let scale = 1;
      el.style.fontSize = '';
      while (width() > el.clientWidth + 1 && scale > MIN_SCALE) {
        scale = Math.max(MIN_SCALE, scale - STEP);
        el.style.fontSize = `${scale}em`;
      }
      el.dataset.fitScale = String(Number(scale.toFixed(2)));
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  };
}
