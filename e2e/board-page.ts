import { expect, type Page } from '@playwright/test';

/** The hook the renderer installs for tests (renderer/app): read-only views of what is drawn. */
type TestHook = {
  ready: boolean;
  layerSummary(): { id: string; visible: boolean; count: number }[];
  project(lon: number, lat: number): { x: number; y: number };
  sites(): { id: string; kind: string; name: string; nameEn: string; lon: number; lat: number }[];
  positionsApplied: number;
  map: { queryRenderedFeatures(opts?: unknown): { layer: { id: string }; sourceLayer?: string }[]; loaded(): boolean; areTilesLoaded(): boolean };
};
declare global {
  interface Window {
    __jingbaoTest?: TestHook;
  }
}

/** Page model of the console board. */
export class BoardPage {
  readonly requests: string[] = [];
  constructor(readonly page: Page) {
    page.on('request', (r) => this.requests.push(r.url()));
  }

  async open(url = process.env.JB_BOARD_URL!) {
    await this.page.goto(url);
    await this.page.waitForFunction(() => window.__jingbaoTest?.ready === true, null, { timeout: 45_000 });
    // Tiles and the first position frames.
    await this.page.waitForFunction(() => window.__jingbaoTest!.map.areTilesLoaded() && window.__jingbaoTest!.positionsApplied > 0, null, { timeout: 30_000 });
  }

  layers() {
    return this.page.evaluate(() => window.__jingbaoTest!.layerSummary());
  }

  async layer(idPart: string) {
    const all = await this.layers();
    const l = all.find((x) => x.id.includes(idPart));
    expect(l, `a layer whose id contains '${idPart}' among ${all.map((x) => x.id).join(', ')}`).toBeTruthy();
    return l!;
  }

  sites() {
    return this.page.evaluate(() => window.__jingbaoTest!.sites());
  }

  project(lon: number, lat: number) {
    return this.page.evaluate(([x, y]) => window.__jingbaoTest!.project(x!, y!), [lon, lat]);
  }

  /** Rendered base-map features (maplibre), by source layer. */
  renderedRoadFeatures() {
    return this.page.evaluate(() => window.__jingbaoTest!.map.queryRenderedFeatures().filter((f) => f.sourceLayer === 'roads').length);
  }

  testId(id: string) {
    return this.page.getByTestId(id);
  }

  /** Screenshot decoded to RGBA in the page (no PNG decoder needed in Node). */
  async pixels(): Promise<{ width: number; height: number; data: number[] }> {
    const png = await this.page.screenshot();
    return this.page.evaluate(async (b64) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bmp = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      return { width: bmp.width, height: bmp.height, data: Array.from(ctx.getImageData(0, 0, bmp.width, bmp.height).data) };
    }, png.toString('base64'));
  }
}

/** Share of pixels that differ (any channel by more than `tol`) between two screenshots, inside a box. */
export function changedPixels(a: { width: number; data: number[] }, b: { data: number[] }, box: { x0: number; y0: number; x1: number; y1: number }, tol = 24): number {
  let changed = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(a.data[i]! - b.data[i]!) > tol || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > tol || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > tol) changed++;
    }
  }
  return changed;
}

/** Pixels far from a background colour. */
export function nonBackgroundPixels(p: { width: number; data: number[] }, bg: [number, number, number], box: { x0: number; y0: number; x1: number; y1: number }, tol = 24): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * p.width + x) * 4;
      if (Math.abs(p.data[i]! - bg[0]) > tol || Math.abs(p.data[i + 1]! - bg[1]) > tol || Math.abs(p.data[i + 2]! - bg[2]) > tol) n++;
    }
  }
  return n;
}
