/**
 * Renders resources/icons/icon.svg to the PNGs and the Windows .ico that electron-builder
 * packs (Linux: png/<n>x<n>.png, up to 512; Windows: icon.ico, 16 to 256). The images are
 * committed, so packaging needs no browser; run this after changing the SVG:
 *
 *   npx tsx scripts/build-icons.ts
 *
 * Chromium draws the SVG (Debian's, as the e2e tests use: scripts/chromium.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export const ICONS_DIR = fileURLToPath(new URL('../resources/icons/', import.meta.url));
/** Linux icon theme sizes; electron-builder wants at least 256 and takes 512 for AppImage. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
/** What Windows shows, from the taskbar to the large icon view; an .ico entry is at most 256. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/**
 * An .ico holding PNG images (Windows Vista and later read them): a 6-byte header, a
 * 16-byte entry per image, then the images.
 */
export function icoFromPngs(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main(): Promise<void> {
  const svg = readFileSync(join(ICONS_DIR, 'icon.svg'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
    const pngs = new Map<number, Buffer>();
    for (const size of PNG_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
      pngs.set(size, await page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    mkdirSync(join(ICONS_DIR, 'png'), { recursive: true });
    for (const [size, png] of pngs) writeFileSync(join(ICONS_DIR, 'png', `${size}x${size}.png`), png);
    writeFileSync(join(ICONS_DIR, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: pngs.get(size)! }))));
    console.log(`icons: ${PNG_SIZES.join(', ')} px PNG and icon.ico (${ICO_SIZES.join(', ')}) in ${ICONS_DIR}`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
