import QRCode from 'qrcode';

/** Modules of light margin around the code (the QR standard's quiet zone): a scanner needs it to find the code. */
export const QUIET_ZONE = 4;

/** A QR code's modules: `size` × `size`, row by row, 1 dark. */
export type QrMatrix = { size: number; cells: Uint8Array };

/**
 * The QR code of a label's text, computed here and now (no network, no image file): the
 * `qr` value exactly as the ledger holds it, so a scan of the printed label types the very
 * code `asset.find` looks up (use-scan.ts). Error correction M (15%): a label on a scuffed
 * case still reads.
 */
export function qrMatrix(text: string): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: code.modules.size, cells: Uint8Array.from(code.modules.data) };
}

/**
 * The dark modules as one SVG path, a rectangle per horizontal run, in module units with the
 * quiet zone around (its viewBox: `0 0 size+8 size+8`). Vector: sharp on paper at any size,
 * and Chromium's PDF keeps it as vector too.
 */
export function qrPath(m: QrMatrix): string {
  const parts: string[] = [];
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; ) {
      if (!m.cells[y * m.size + x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < m.size && m.cells[y * m.size + x + run]) run++;
      parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`);
      x += run;
    }
  }
  return parts.join('');
}
