/**
 * A printed label's QR code is the asset's `qr` value, exactly: each label's SVG, as the sheet
 * renders it, drawn into pixels here and read back by a QR decoder (jsQR), the way a scanner
 * reads the paper. Also: the text beside each code, and 24 labels a page.
 */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { markupText, renderAs } from '../ui/testing/render-as';
import { LabelSheet, LABELS_PER_PAGE, type LabelAsset } from './LabelSheet';

const label = (n: number): LabelAsset => ({ assetId: `as-${n}`, qr: `JB-BC${String(n).padStart(6, '0')}`, serial: `DSJ7-${n}`, typeName: '执法记录仪 DSJ-V7' });

/** Every label's SVG in the markup, drawn at `scale` pixels a module (white ground, black path), decoded. */
function decodeLabels(html: string, scale = 6): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<svg[^>]*viewBox="0 0 (\d+) \1"[^>]*>.*?<path d="([^"]+)"/g)) {
    const side = Number(m[1]);
    const w = side * scale;
    const px = new Uint8ClampedArray(w * w * 4).fill(255);
    for (const r of m[2]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      const [x, y, run] = [Number(r[1]), Number(r[2]), Number(r[3])];
      for (let yy = y * scale; yy < (y + 1) * scale; yy++) {
        for (let xx = x * scale; xx < (x + run) * scale; xx++) px.fill(0, (yy * w + xx) * 4, (yy * w + xx) * 4 + 3);
      }
    }
    out.push(jsQR(px, w, w)?.data ?? '(unreadable)');
  }
  return out;
}

describe('the QR label sheet', () => {
  it('each label’s code reads back as the asset’s qr value', () => {
    const labels = [label(1), label(2), { ...label(3), qr: 'JB-ZZ12345678901234567890' }];
    const html = renderAs('duty', <LabelSheet labels={labels} />);
    expect(decodeLabels(html)).toEqual(labels.map((l) => l.qr));
  });

  it('names each label: its code, type and serial in text', () => {
    const text = markupText(renderAs('duty', <LabelSheet labels={[label(7)]} />));
    expect(text).toContain('JB-BC000007');
    expect(text).toContain('执法记录仪 DSJ-V7');
    expect(text).toContain('SN DSJ7-7');
    expect(text).toContain('as-7');
  });

  it('cuts pages at 24 labels, so a label never breaks across two', () => {
    const html = renderAs('duty', <LabelSheet labels={Array.from({ length: 50 }, (_, i) => label(i))} />);
    const pages = [...html.matchAll(/<section class="label-sheet__page">(.*?)<\/section>/g)].map((p) => (p[1]!.match(/data-testid="asset-label"/g) ?? []).length);
    expect(pages).toEqual([LABELS_PER_PAGE, LABELS_PER_PAGE, 2]);
  });
});
