/**
 * An animated GIF from RGBA frames with gifenc (MIT): each frame quantised to its own 256-colour palette,
 * shown for `delayMs`, the last one held longer; loops forever. Pure JS, so the CLI and the app share it.
 */
import * as gifenc from 'gifenc';

// gifenc ships CommonJS to Node (its exports on `default` there) and ES modules to bundlers.
type Gifenc = Pick<typeof gifenc, 'GIFEncoder' | 'quantize' | 'applyPalette'>;
const { GIFEncoder, quantize, applyPalette }: Gifenc =
  'GIFEncoder' in gifenc && typeof gifenc.GIFEncoder === 'function'
    ? gifenc
    : (gifenc as unknown as { default: Gifenc }).default;

export interface RgbaFrame {
  width: number;
  height: number;
  rgba: Uint8Array | Uint8ClampedArray;
}

export function encodeGif(
  frames: readonly RgbaFrame[],
  delayMs: number,
  onFrame?: (done: number, total: number) => void,
): Uint8Array {
  const gif = GIFEncoder();
  frames.forEach((f, i) => {
    const palette = quantize(f.rgba, 256);
    const index = applyPalette(f.rgba, palette);
    gif.writeFrame(index, f.width, f.height, {
      palette,
      delay: i === frames.length - 1 ? delayMs * 3 : delayMs,
      repeat: 0,
    });
    onFrame?.(i + 1, frames.length);
  });
  gif.finish();
  return gif.bytes();
}
