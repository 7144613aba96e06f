/**
 * Image decompression bombs, judged from the declared canvas alone (nothing is decoded): a few
 * bytes can declare billions of pixels, and whoever opens the file — a reviewer's viewer, a
 * thumbnailer — allocates them. The limits are Pillow's, the usual reference: above
 * 89,478,485 pixels (about 0.25 GiB of RGBA) Pillow warns, above twice that it refuses to open.
 * Here a canvas over the first limit asks for review (large scans, maps and microscopy exist),
 * and one over twice that is blocked, as an archive bomb is: no output needs it and it cannot be
 * viewed safely.
 *
 * Example: a PNG declaring 20000×20000 gives `archive.image_bomb` (block); 10000×10000 gives it
 * as review; 9000×9000 gives nothing.
 */
import { type Finding, finding } from '../../engine/types';
import type { Canvas } from './image-size';

/** Pillow's Image.MAX_IMAGE_PIXELS: past it Pillow warns of a possible decompression bomb. */
export const REVIEW_PIXELS = 89_478_485;
/** Twice that: Pillow refuses to open the image. */
export const BLOCK_PIXELS = 2 * REVIEW_PIXELS;

/** The bomb finding for a declared canvas, or undefined when it is within the limits. */
export function imageBombFinding(canvas: Canvas | undefined, kind: string): Finding | undefined {
  if (!canvas) return undefined;
  const pixels = canvas.width * canvas.height;
  if (pixels <= REVIEW_PIXELS) return undefined;
  const size = `${canvas.width}×${canvas.height} (${pixels.toLocaleString('en-GB')} pixels)`;
  if (pixels > BLOCK_PIXELS) {
    return finding(
      'archive',
      'image_bomb',
      'block',
      `Image decompression bomb: the ${kind} declares a ${size} canvas, past twice the ${REVIEW_PIXELS.toLocaleString('en-GB')}-pixel limit; it was not decoded`,
    );
  }
  return finding(
    'archive',
    'image_bomb',
    'review',
    `Very large image: the ${kind} declares a ${size} canvas, past the ${REVIEW_PIXELS.toLocaleString('en-GB')}-pixel limit image libraries warn at; check it is a real image before release`,
  );
}
