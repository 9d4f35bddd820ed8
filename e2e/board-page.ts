import { expect, type Page } from '@playwright/test';
import type { Role } from '../shared/auth/roles';
import { demoSignInUrl, sessionCookie } from './sign-in';

/** The hook the renderer installs for tests (renderer/app): read-only views of what is drawn. */
type TestHook = {
  ready: boolean;
  layerSummary(): { id: string; visible: boolean; count: number }[];
  project(lon: number, lat: number): { x: number; y: number };
  sites(): { id: string; kind: string; name: string; nameEn: string; lon: number; lat: number }[];
  positionsApplied: number;
  vehiclePosition(no: number): { lon: number; lat: number } | null;
  map: {
    queryRenderedFeatures(opts?: unknown): { layer: { id: string; type: string }; sourceLayer?: string; properties: Record<string, unknown> }[];
    loaded(): boolean;
    areTilesLoaded(): boolean;
    isMoving(): boolean;
    jumpTo(o: { center: [number, number]; zoom: number }): void;
    getCenter(): { lng: number; lat: number };
    getZoom(): number;
    getStyle(): { name?: string; sources: Record<string, { type: string }> };
    project(lngLat: [number, number]): { x: number; y: number };
    getContainer(): HTMLElement;
  };
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

  /** Opens the board signed in as a demo account of `role` (the demo sign-in link; e2e/auth.e2e.ts signs in with a password and a code). */
  async open(url = process.env.JB_BOARD_URL!, role: Role = 'duty') {
    await sessionCookie(url, role); // the board has its users from the central
    await this.page.goto(demoSignInUrl(url, role));
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

  vehiclePosition(no: number) {
    return this.page.evaluate((n) => window.__jingbaoTest!.vehiclePosition(n), no);
  }

  /**
   * Where a place is on the page, once the camera holds still: the map re-frames itself when
   * the queue docked under it grows or shrinks (a row arriving or leaving), and a position
   * read during that move sends the click beside its target. Waits for the same answer on
   * three frames in a row with the map not moving (2 s at most, then the latest answer).
   */
  project(lon: number, lat: number) {
    return this.page.evaluate(
      ([x, y]) =>
        new Promise<{ x: number; y: number }>((resolve) => {
          const hook = window.__jingbaoTest!;
          const until = performance.now() + 2000;
          let last = hook.project(x!, y!);
          let same = 0;
          const step = () => {
            const now = hook.project(x!, y!);
            const still = !hook.map.isMoving() && Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5;
            same = still ? same + 1 : 0;
            last = now;
            if (same >= 3 || performance.now() > until) resolve(now);
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      [lon, lat],
    );
  }

  /** Rendered base-map features (maplibre), by source layer. */
  renderedRoadFeatures() {
    return this.page.evaluate(() => window.__jingbaoTest!.map.queryRenderedFeatures().filter((f) => f.sourceLayer === 'roads').length);
  }

  /**
   * Switches a map layer by its top-bar toggle. Where the bar has folded the switches into
   * its 图层 menu (a narrow window, a long name in the bar), the menu is opened for the click
   * and folded again after it, as an officer would.
   */
  async toggleLayer(id: string) {
    const folded = !(await this.testId('layer-panel').isVisible());
    if (folded) await this.testId('layers-button').click();
    await this.testId(`layer-toggle-${id}`).click();
    if (folded) await this.testId('layers-button').click();
  }

  /**
   * Presses Enter on the plans (plan 1 has the keyboard's focus) until the request is
   * dispatched. The simulator gives available vehicles jobs of their own, so one in the plan
   * may be taken between planning and Enter: the board then refuses, says why and re-plans,
   * and the officer presses Enter again, at most a few times. The button waits for the new
   * plans, never takes the stale ones. Returns the plate of plan 1's first vehicle as sent.
   */
  async dispatchPlan1(): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      await expect(this.testId('plan-accept')).toBeEnabled({ timeout: 20_000 });
      const plate = (await this.testId('plan-1').locator('.plan-run__plate').first().textContent())!;
      await this.testId('plan-list').focus();
      await this.page.keyboard.press('Enter');
      const outcome = await Promise.race([
        this.testId('request-panel').waitFor({ state: 'hidden', timeout: 20_000 }).then(() => 'dispatched' as const),
        this.testId('plan-error').waitFor({ state: 'visible', timeout: 20_000 }).then(() => 'refused' as const),
      ]);
      if (outcome === 'dispatched') return plate;
      expect(attempt, 'refused three times in a row').toBeLessThan(2);
      await expect(this.testId('plan-1')).toBeVisible();
    }
  }

  testId(id: string) {
    return this.page.getByTestId(id);
  }

  /** A row of the dispatch queue (调拨队列) by request id. */
  requestRow(requestId: string) {
    return this.page.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`);
  }

  /**
   * Types a new supply request with the keyboard only, starting with the request form open
   * and the destination field focused: the destination by name (first suggestion), each item
   * by name (first suggestion) and quantity, `priorityRight` steps right from the default
   * priority, and the requester. Stops before Enter, so the caller sees the plans first.
   */
  async typeRequest(r: { destination: string; items: { name: string; quantity: string }[]; priorityRight?: number; requester?: string }) {
    const k = this.page.keyboard;
    await expect(this.testId('request-destination')).toBeFocused();
    await k.type(r.destination);
    await expect(this.testId('request-destination-options').getByRole('option').first()).toBeVisible();
    await k.press('Enter');
    for (const [n, item] of r.items.entries()) {
      if (n > 0) {
        // From the last quantity: Tab to "add item", Enter adds a row and focuses its item field.
        await k.press('Tab');
        await expect(this.testId('request-add-item')).toBeFocused();
        await k.press('Enter');
      }
      await expect(this.testId(`request-item-${n}`)).toBeFocused();
      await k.type(item.name);
      const first = this.testId(`request-item-${n}-options`).getByRole('option').first();
      if (await first.isVisible().catch(() => false)) {
        await k.press('Enter');
        await expect(this.testId(`request-qty-${n}`)).toBeFocused();
      } else {
        await k.press('Tab');
      }
      await k.type(item.quantity);
    }
    // Tab to "add item", Tab into the priority group (its checked radio), arrows move the level.
    await k.press('Tab');
    await k.press('Tab');
    for (let i = 0; i < (r.priorityRight ?? 0); i++) await k.press('ArrowRight');
    await k.press('Tab'); // the class group (its checked radio: emergency supply)
    await expect(this.testId('request-class').locator('input:checked')).toBeFocused();
    await k.press('Tab'); // deadline
    await k.press('Tab'); // requester
    await expect(this.testId('request-requester')).toBeFocused();
    if (r.requester) await k.type(r.requester);
  }

  /**
   * Takes a screenshot and keeps it, decoded to RGBA, in the page under `name`
   * (decoding and comparing there avoids shipping megapixels through the protocol).
   */
  async snapshot(name: string): Promise<{ width: number; height: number }> {
    const png = await this.page.screenshot();
    return this.page.evaluate(
      async ([key, b64]) => {
        const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
        const bmp = await createImageBitmap(blob);
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(bmp, 0, 0);
        const w = window as unknown as { __px?: Record<string, ImageData> };
        (w.__px ??= {})[key!] = ctx.getImageData(0, 0, bmp.width, bmp.height);
        return { width: bmp.width, height: bmp.height };
      },
      [name, png.toString('base64')],
    );
  }

  /** How many pixels inside `box` differ (any channel by more than `tol`) between two snapshots. */
  changedPixels(a: string, b: string, box: Box, tol = 24): Promise<number> {
    return this.page.evaluate(
      ([a, b, box, tol]) => {
        const px = (window as unknown as { __px: Record<string, ImageData> }).__px;
        const A = px[a as string]!;
        const B = px[b as string]!;
        const bx = box as Box;
        let changed = 0;
        for (let y = bx.y0; y < bx.y1; y++) {
          for (let x = bx.x0; x < bx.x1; x++) {
            const i = (y * A.width + x) * 4;
            if (Math.abs(A.data[i]! - B.data[i]!) > (tol as number) || Math.abs(A.data[i + 1]! - B.data[i + 1]!) > (tol as number) || Math.abs(A.data[i + 2]! - B.data[i + 2]!) > (tol as number)) changed++;
          }
        }
        return changed;
      },
      [a, b, box, tol] as const,
    );
  }
}

export type Box = { x0: number; y0: number; x1: number; y1: number };
