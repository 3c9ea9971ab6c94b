import sharp from 'sharp';
import { AppError } from '../../platform/errors.ts';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_EDGE_PX = 2048;
export const JPEG_QUALITY = 82;
/** A 48-megapixel phone photo passes; a decompression bomb hiding 200+ megapixels in a small file does not. */
const MAX_INPUT_PIXELS = 80_000_000;
const EXPECTED = 'JPEG、PNG、WebP、HEIC';

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'heic';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** What the first bytes say the file is; null for anything but the four image kinds we accept. */
export function sniffImage(b: Uint8Array): ImageKind | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 8) === 'PNG\r\n\x1a\n') return 'png';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'heic';
  return null;
}

export type Reencoded = { content: Buffer; width: number; height: number };

/**
 * Re-encodes an uploaded photo: turned upright from its EXIF orientation, at most 2048 px on the long edge,
 * JPEG quality 82, and nothing else kept — no EXIF (GPS, camera, time), no XMP, no ICC profile (converted to sRGB).
 * Anything that is not one of the accepted kinds, or that libvips cannot decode, is UNSUPPORTED_FILE.
 */
export async function reencodePhoto(input: Buffer): Promise<Reencoded> {
  if (sniffImage(input) === null) throw new AppError('UNSUPPORTED_FILE', { expected: EXPECTED });
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, pages: 1 })
      .autoOrient()
      .resize({ width: MAX_EDGE_PX, height: MAX_EDGE_PX, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { content: data, width: info.width, height: info.height };
  } catch {
    // Truncated or corrupt files, HEIC without an HEVC decoder (the prebuilt libvips has none), oversize images.
    throw new AppError('UNSUPPORTED_FILE', { expected: EXPECTED });
  }
}
