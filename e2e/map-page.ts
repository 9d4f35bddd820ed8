import type { Page } from '@playwright/test';
import { BoardPage, type Box } from './board-page';

type Rect = { left: number; top: number; right: number; bottom: number };
type Placed = { id: string; box: Box; vehicles: number; spot: number; dx: number; dy: number; text: string; font: string; fontSize: number; ascent: number; padX: number; padY: number };

/**
 * The board page with what the map-reading checks need: where the names are, what covers
 * the map, and pixel statistics of screenshots (kept decoded in the page, see snapshot()).
 */
export class MapPage extends BoardPage {
  constructor(page: Page) {
    super(page);
  }

  labelPlacement(): Promise<{ placed: Placed[]; hidden: string[] }> {
    return this.page.evaluate(() => (window.__jingbaoTest as unknown as { labelPlacement(): { placed: Placed[]; hidden: string[] } }).labelPlacement());
  }

  /** Colour change between two snapshots at each point (device px = CSS × ratio): the mean RGB difference over 3 × 3 pixels. */
  colourChange(a: string, b: string, points: { x: number; y: number }[], ratio = 1): Promise<{ d: number; dr: number; dg: number; db: number }[]> {
    return this.page.evaluate(
      ([ka, kb, pts, r]) => {
        const px = (window as unknown as { __px: Record<string, ImageData> }).__px;
        const A = px[ka as string]!;
        const B = px[kb as string]!;
        return (pts as { x: number; y: number }[]).map((p) => {
          let dr = 0, dg = 0, db = 0, n = 0;
          const cx = Math.round(p.x * (r as number));
          const cy = Math.round(p.y * (r as number));
          for (let y = cy - 1; y <= cy + 1; y++) {
            for (let x = cx - 1; x <= cx + 1; x++) {
              const i = (y * A.width + x) * 4;
              dr += B.data[i]! - A.data[i]!;
              dg += B.data[i + 1]! - A.data[i + 1]!;
              db += B.data[i + 2]! - A.data[i + 2]!;
              n++;
            }
          }
          dr /= n; dg /= n; db /= n;
          return { d: Math.max(Math.abs(dr), Math.abs(dg), Math.abs(db)), dr, dg, db };
        });
      },
      [a, b, points, ratio] as const,
    );
  }

  /** Switches the map's layers named off (by their top-bar toggles) when they are on. */
  async layersOff(...ids: string[]) {
    for (const id of ids) {
      if ((await this.testId(`layer-toggle-${id}`).getAttribute('aria-pressed')) === 'true') await this.toggleLayer(id);
    }
  }

  /** Waits until every site has a name on screen (or the timeout). */
  async waitForLabels(count: number) {
    await this.page.waitForFunction(
      (n) => (window.__jingbaoTest as unknown as { labelPlacement(): { placed: unknown[] } }).labelPlacement().placed.length >= n,
      count,
      { timeout: 20_000 },
    );
  }

  /** Screen boxes of the vehicle symbols now (centre ± half), from the same buffers the map draws. */
  vehicleBoxes(half: number): Promise<Box[]> {
    return this.page.evaluate((h) => {
      const hook = window.__jingbaoTest!;
      const out: { x0: number; y0: number; x1: number; y1: number }[] = [];
      for (let no = 1; no <= 400; no++) {
        const p = hook.vehiclePosition(no);
        if (!p) continue;
        const at = hook.project(p.lon, p.lat);
        out.push({ x0: at.x - h, y0: at.y - h, x1: at.x + h, y1: at.y + h });
      }
      return out;
    }, half);
  }

  /**
   * The part of the viewport where the map can be seen: the map's box minus everything over
   * it (side and docked panels, keys, maplibre's controls), each as a rectangle.
   */
  coverings(): Promise<{ map: Rect; covers: (Rect & { what: string })[] }> {
    return this.page.evaluate(() => {
      const rect = (el: Element) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const map = rect(document.querySelector('[data-testid="map"]')!);
      const covers: (ReturnType<typeof rect> & { what: string })[] = [];
      const selector = '.side-panel, .dock-panel, .coverage-legend, .map-legend, .heat-legend, .maplibregl-ctrl, .top-bar, .dispatch-queue, .outage-banner, .toast';
      for (const el of document.querySelectorAll(selector)) {
        const r = rect(el);
        if (r.right - r.left > 0 && r.bottom - r.top > 0) covers.push({ ...r, what: el.className.toString().split(' ')[0]! });
      }
      return { map, covers };
    });
  }

  /**
   * Ink statistics inside boxes of a snapshot (device pixels = CSS × ratio): `ink`, pixels
   * near the text colour; `fringe`, pixels part-way between the plate and the text colour.
   * Sharp text is mostly ink with a thin fringe; text resampled from a big atlas or an SDF
   * at small sizes turns to fringe.
   */
  inkStats(name: string, boxes: Box[], ratio: number): Promise<{ ink: number; fringe: number; plate: number }[]> {
    return this.page.evaluate(
      ([key, list, r]) => {
        const img = (window as unknown as { __px: Record<string, ImageData> }).__px[key as string]!;
        const lum = (i: number) => 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
        return (list as { x0: number; y0: number; x1: number; y1: number }[]).map((b) => {
          let ink = 0;
          let fringe = 0;
          let plate = 0;
          const ratioN = r as number;
          // Inside the plate's border and padding: the text's own box.
          const x0 = Math.ceil((b.x0 + 3) * ratioN);
          const x1 = Math.floor((b.x1 - 3) * ratioN);
          const y0 = Math.ceil((b.y0 + 2) * ratioN);
          const y1 = Math.floor((b.y1 - 2) * ratioN);
          for (let y = y0; y < y1; y++) {
            for (let x = x0; x < x1; x++) {
              const l = lum((y * img.width + x) * 4);
              if (l >= 150) ink++;
              else if (l >= 55) fringe++;
              else plate++;
            }
          }
          return { ink, fringe, plate };
        });
      },
      [name, boxes, ratio] as const,
    );
  }
}

/**
 * How closely each drawn name matches the same text drawn by the browser's canvas at the
 * same size in device pixels (normalised cross-correlation of coverage, best of ±1 px):
 * about 1 when the atlas is drawn at the shown size and sampled pixel for pixel; a glyph
 * that lost strokes (a resampled or SDF atlas at small sizes) scores well below.
 */
export function textFidelity(page: Page, name: string, labels: Placed[], ratio: number): Promise<{ id: string; score: number }[]> {
  return page.evaluate(
    ([key, list, r]) => {
      const img = (window as unknown as { __px: Record<string, ImageData> }).__px[key as string]!;
      const lum = (x: number, y: number) => {
        const i = (y * img.width + x) * 4;
        return 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
      };
      const ratioN = r as number;
      return (list as Placed[]).map((l) => {
        const x0 = Math.round((l.box.x0 + l.padX) * ratioN);
        const y0 = Math.round((l.box.y0 + l.padY) * ratioN);
        const w = Math.round((l.box.x1 - l.box.x0 - 2 * l.padX) * ratioN);
        const h = Math.round((l.box.y1 - l.box.y0 - 2 * l.padY) * ratioN);
        // The browser's own drawing of the text, glyph by glyph on whole-pixel advances.
        const c = new OffscreenCanvas(w, h);
        const ctx = c.getContext('2d')!;
        ctx.font = l.font;
        ctx.textBaseline = 'alphabetic';
        let x = 0;
        for (const ch of l.text) {
          ctx.fillText(ch, x, l.ascent);
          x += Math.round(ctx.measureText(ch).width);
        }
        const ref = ctx.getImageData(0, 0, w, h).data;
        // Observed coverage: 0 at the plate, 1 at the text colour.
        const values: number[] = [];
        for (let y = 0; y < h; y++) for (let x2 = 0; x2 < w; x2++) values.push(lum(x0 + x2, y0 + y));
        const sorted = [...values].sort((a, b) => a - b);
        const lo = sorted[Math.floor(sorted.length * 0.1)]!;
        const hi = sorted[Math.floor(sorted.length * 0.995)]!;
        const cov = values.map((v) => Math.max(0, Math.min(1, (v - lo) / Math.max(1, hi - lo))));
        let best = -1;
        for (let sy = -1; sy <= 1; sy++) {
          for (let sx = -1; sx <= 1; sx++) {
            let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
            for (let y = 1; y < h - 1; y++) {
              for (let x2 = 1; x2 < w - 1; x2++) {
                const a = cov[y * w + x2]!;
                const b = ref[((y + sy) * w + (x2 + sx)) * 4 + 3]! / 255;
                sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b; n++;
              }
            }
            const cv = sab / n - (sa / n) * (sb / n);
            const score = cv / Math.sqrt(Math.max(1e-12, (saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2)));
            best = Math.max(best, score);
          }
        }
        return { id: l.id, score: best };
      });
    },
    [name, labels, ratio] as const,
  );
}

/**
 * The share of a snapshot's pixels in the base map's road colours (renderer/map/base-style.ts
 * roadMajor, roadMid, roadMinor): a city's roads drawn, not an empty dark canvas.
 */
export function roadPixelShare(page: Page, name: string): Promise<number> {
  return page.evaluate((key) => {
    const img = (window as unknown as { __px: Record<string, ImageData> }).__px[key]!;
    const targets = [[0x46, 0x54, 0x6b], [0x5b, 0x6b, 0x85], [0x2c, 0x37, 0x4a]];
    let n = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
      if (targets.some(([tr, tg, tb]) => Math.abs(r - tr!) < 10 && Math.abs(g - tg!) < 10 && Math.abs(b - tb!) < 10)) n++;
    }
    return n / (img.width * img.height);
  }, name);
}

export { inPolygons } from '../shared/routing/testing/in-polygon';

export const overlapsBox = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
