/**
 * Legends that say what the marks mean, and an outage that keeps them: every vehicle status,
 * site kind and four-colour level has a word and a shape of its own (colour is never the only
 * difference), on the console and the wall; during an outage the top bar keeps its legend and
 * the way back (restore) stays in view. The shared stack ends with the link restored.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { MapPage } from './map-page';
import { boardCall, WallPage } from './wall-page';

const STATUSES = ['available', 'enroute', 'atscene', 'returning', 'maintenance', 'offline'];
const LEVELS = ['green', 'yellow', 'orange', 'red'];
const KINDS = ['central', 'regional', 'quickpick'];

/** The word and the shape (its SVG geometry, filled or outlined) of each legend item. */
async function legendItems(group: Locator, attr: string) {
  return group.locator(`[data-${attr}]`).evaluateAll(
    (els, a) =>
      els.map((el) => {
        const shape = [...el.querySelectorAll('svg path, svg circle')].map((p) => `${p.getAttribute('d') ?? 'circle'}|${p.getAttribute('fill')?.startsWith('rgba') ? 'fill' : p.getAttribute('fill')}|${p.getAttribute('stroke') ? 'stroke' : ''}`).join(';');
        return { key: el.getAttribute(`data-${a}`)!, word: el.querySelector('.map-legend__word')?.textContent?.trim() ?? '', shape };
      }),
    attr,
  );
}

async function expectLegendComplete(page: Page, language: 'zh' | 'en') {
  const legend = page.getByTestId('map-legend');
  await expect(legend).toBeVisible();
  const vehicles = await legendItems(legend.getByTestId('legend-vehicles'), 'status');
  const levels = await legendItems(legend.getByTestId('legend-levels'), 'level');
  const kinds = await legendItems(legend.getByTestId('legend-sites'), 'kind');
  expect(vehicles.map((v) => v.key)).toEqual(STATUSES);
  expect(levels.map((v) => v.key)).toEqual(LEVELS);
  expect(kinds.map((v) => v.key)).toEqual(KINDS);
  const script = language === 'zh' ? /^[\u4e00-\u9fff]+$/ : /^[A-Za-z][A-Za-z -]*$/;
  for (const item of [...vehicles, ...levels, ...kinds]) expect(item.word, `${item.key} has a word`).toMatch(script);
  // Every status and every level a shape of its own, and no level shaped like a vehicle.
  expect(new Set(vehicles.map((v) => v.shape)).size).toBe(STATUSES.length);
  expect(new Set(levels.map((v) => v.shape)).size).toBe(LEVELS.length);
  for (const l of levels) expect(vehicles.map((v) => v.shape)).not.toContain(l.shape);
  // Every item whole inside the legend's box (English words are longer).
  const clipped = await legend.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('.map-legend__item')].filter((i) => i.getBoundingClientRect().right > box.right + 0.5).map((i) => i.textContent);
  });
  expect(clipped).toEqual([]);
  // The words for orange and yellow are distinct in each group (在现场 ≠ 紧急, 维修 ≠ 关注).
  expect(vehicles.find((v) => v.key === 'atscene')!.word).not.toBe(levels.find((l) => l.key === 'orange')!.word);
  expect(vehicles.find((v) => v.key === 'maintenance')!.word).not.toBe(levels.find((l) => l.key === 'yellow')!.word);
  return { vehicles, levels };
}

test('the legend gives every status, site kind and level a word and a shape of its own, on the console and the wall', async ({ page }) => {
  const board = new MapPage(page);
  await board.open();
  const { vehicles } = await expectLegendComplete(page, 'zh');
  await page.getByTestId('map-legend').screenshot({ path: 'test-results/screens/legend-zh.png' });

  // The top bar's counts wear the same shapes as the map and the legend.
  const top = await board.testId('status-legend').locator('[data-status]').evaluateAll((els) => els.map((el) => ({ key: el.getAttribute('data-status'), d: el.querySelector('svg path')?.getAttribute('d') })));
  expect(top.map((t) => t.key)).toEqual(STATUSES);
  for (const t of top) expect(vehicles.find((v) => v.key === t.key)!.shape.startsWith(`${t.d}|`)).toBe(true);

  // Keyboard: the legend folds away and comes back.
  await board.testId('map-legend-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(board.testId('legend-vehicles')).toBeHidden();
  await expect(board.testId('map-legend-toggle')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(board.testId('legend-vehicles')).toBeVisible();

  await board.testId('settings-button').click();
  await board.testId('lang-en').click();
  await expectLegendComplete(page, 'en');
  await page.getByTestId('map-legend').screenshot({ path: 'test-results/screens/legend-en.png' });
  await board.testId('lang-zh').click();

  // The wall: the same symbols with their words, read from the hall.
  await new WallPage(page).open();
  const wallVehicles = (await expectLegendComplete(page, 'zh')).vehicles;
  expect(wallVehicles.map((v) => v.shape)).toEqual(vehicles.map((v) => v.shape));
});

/** Every item of a top-bar legend shown whole: inside the legend's box, the legend inside the bar. */
async function expectTopLegendWhole(page: Page, testId: string, attr: string, count: number, when: string) {
  const whole = await page.getByTestId(testId).evaluate(
    (legend, a) => {
      const box = legend.getBoundingClientRect();
      const bar = legend.closest('.top-bar')!.getBoundingClientRect();
      const items = [...legend.querySelectorAll(`[data-${a}]`)].map((el) => el.getBoundingClientRect());
      return {
        shown: box.width > 0 && box.height > 0 && getComputedStyle(legend).display !== 'none',
        items: items.filter((r) => r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.right <= bar.right).length,
        clipped: legend.scrollWidth > legend.clientWidth + 1,
      };
    },
    attr,
  );
  expect(whole, when).toEqual({ shown: true, items: count, clipped: false });
}

test('during an outage the top bar keeps its legend and the restore control stays in view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const board = new MapPage(page);
  await board.open();
  try {
    await board.testId('link-state').click();
    await expect(board.testId('link-health-panel')).toBeVisible();
    await board.testId('link-cut').click();
    await expect(board.testId('outage-banner')).toBeVisible({ timeout: 10_000 });
    // Keep working offline so the panel's lists grow: the panel body scrolls now.
    // (Out and back in again: the shared stack's stock ends as it was.)
    for (const delta of [-1, -1, 1, 1]) await boardCall('stock.adjust', { siteId: 'depot-central', itemId: 'life-jacket', delta, reason: 'outage legend test', commandId: randomUUID() });
    await expect(board.testId('queue-depth')).toHaveAttribute('data-count', '4');
    await page.waitForTimeout(2500);
    await page.screenshot({ path: 'test-results/screens/outage-1280.png' });

    for (const width of [1280, 1600]) {
      await page.setViewportSize({ width, height: width === 1280 ? 720 : 900 });
      await page.waitForTimeout(300);
      await expectTopLegendWhole(page, 'status-legend', 'status', 6, `vehicle legend in an outage at ${width}px`);
      await expectTopLegendWhole(page, 'site-legend', 'kind', 3, `site legend in an outage at ${width}px`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);

    // The panel's figures scroll; its restore control does not scroll with them.
    const body = page.locator('[data-testid="link-health-panel"] .dock-panel__body');
    expect(await body.evaluate((el) => el.scrollHeight > el.clientHeight), 'the panel body scrolls').toBe(true);
    const viewport = page.viewportSize()!;
    const inView = async (loc: Locator) => {
      const b = await loc.boundingBox();
      return b !== null && b.y >= 0 && b.y + b.height <= viewport.height && b.x >= 0 && b.x + b.width <= viewport.width;
    };
    await body.evaluate((el) => el.scrollTo(0, 0));
    expect(await inView(board.testId('link-restore')), 'restore in view, body at the top').toBe(true);
    expect(await board.testId('link-restore').evaluate((el) => el.closest('.dock-panel__body') === null)).toBe(true);
    // And the banner has its own, whatever panel is open or closed.
    await page.keyboard.press('Escape');
    await expect(board.testId('link-health-panel')).toBeHidden();
    await expect(board.testId('outage-restore')).toBeVisible({ timeout: 3000 });
    expect(await inView(board.testId('outage-restore')), 'restore in the banner').toBe(true);
    await board.testId('outage-restore').click();
    await expect(board.testId('link-state')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(board.testId('outage-banner')).toBeHidden();
  } finally {
    await boardCall('link.setCut', { cut: false }).catch(() => undefined);
  }
});
