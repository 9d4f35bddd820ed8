import { expect, test } from '@playwright/test';
import { BoardPage } from './board-page';

const isLoopback = (u: string) => {
  if (/^(data|blob|jbtiles):/.test(u)) return true;
  const host = new URL(u).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

test('the board loads with no request to any non-loopback address', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  await page.waitForTimeout(2000);
  expect(board.requests.length).toBeGreaterThan(3);
  expect(board.requests.filter((u) => !isLoopback(u))).toEqual([]);
  await expect(board.testId('link-state')).toHaveAttribute('data-state', 'connected');
});

test('the map shows the base map, the 14 sites and the moving vehicles', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  // Drawn layers' data: 1 central + 3 regional depots, 10 quick-pick points, ~120 vehicles.
  expect((await board.layer('depot')).count).toBe(4);
  expect((await board.layer('quickpick')).count).toBe(10);
  const vehicles = await board.layer('vehicle');
  expect(vehicles.count).toBeGreaterThanOrEqual(100);
  expect(vehicles.visible).toBe(true);
  const sites = await board.sites();
  expect(sites).toHaveLength(14);
  expect(await board.renderedRoadFeatures()).toBeGreaterThan(100);

  // Pixels, not just a canvas: roads are drawn (base map alone differs from a blank
  // background), and markers are drawn (switching the deck layers off changes pixels).
  const full = await board.snapshot('full');
  const box = { x0: 0, y0: 80, x1: full.width, y1: full.height - 40 };
  for (const id of ['vehicles', 'depots', 'quickpicks']) await board.toggleLayer(id);
  await page.waitForTimeout(500);
  await board.snapshot('roadsOnly');
  await page.evaluate(() => {
    const m = window.__jingbaoTest!.map as unknown as { getStyle(): { layers: { id: string; type: string }[] }; setLayoutProperty(id: string, p: string, v: string): void };
    for (const l of m.getStyle().layers) if (l.type !== 'background') m.setLayoutProperty(l.id, 'visibility', 'none');
  });
  await page.waitForTimeout(500);
  await board.snapshot('blank');
  const area = (box.x1 - box.x0) * (box.y1 - box.y0);
  const roadPixels = await board.changedPixels('roadsOnly', 'blank', box);
  const markerPixels = await board.changedPixels('full', 'roadsOnly', box);
  console.log(`road pixels ${roadPixels} (${((100 * roadPixels) / area).toFixed(1)}%), marker pixels ${markerPixels}`);
  expect(roadPixels / area).toBeGreaterThan(0.03);
  expect(markerPixels).toBeGreaterThan(500);
});

test('clicking a depot shows its stock', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  const central = (await board.sites()).find((s) => s.kind === 'central')!;
  const at = await board.project(central.lon, central.lat);
  await page.mouse.click(at.x, at.y);
  const panel = board.testId('site-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(central.name);
  const rows = board.testId('stock-table').locator('[data-item-id]');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(8);
  await expect(board.testId('stock-table')).toContainText('N95口罩');
  await page.screenshot({ path: 'test-results/screens/board-site-panel.png' });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});

test('switching to English changes the UI text', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  await expect(board.testId('link-state')).toContainText('已连接');
  await board.testId('settings-button').click();
  await board.testId('lang-en').click();
  await expect(board.testId('link-state')).toContainText(/connected/i);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: 'test-results/screens/board-en.png' });
  await board.testId('lang-zh').click();
  await expect(board.testId('link-state')).toContainText('已连接');
});

test('clicking a vehicle shows plate, status, crew, speed and report age', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  // A parked vehicle (maintenance) stays put, so the click lands on it.
  await board.toggleLayer('depots');
  await board.toggleLayer('quickpicks');
  const panel = board.testId('vehicle-panel');
  for (let no = 1; no <= 120 && !(await panel.isVisible()); no++) {
    const p = await board.vehiclePosition(no);
    if (!p) continue;
    const at = await board.project(p.lon, p.lat);
    if (at.x < 50 || at.y < 80 || at.x > 1100 || at.y > 850) continue;
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(150);
  }
  await expect(panel).toBeVisible();
  await expect(board.testId('vehicle-status')).toHaveAttribute('data-status', /available|enroute|atscene|returning|maintenance|offline/);
  await expect(panel).toContainText(/警/);
  await expect(board.testId('vehicle-speed')).toContainText(/km\/h|公里/);
  await expect(board.testId('vehicle-last-report')).not.toBeEmpty();
  await page.screenshot({ path: 'test-results/screens/board-vehicle-panel.png' });
});

test('the command palette finds places by pinyin and lists where an item is kept', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open();
  const options = board.testId('palette-option');
  const search = async (text: string) => {
    await board.testId('palette-input').fill(text);
    await expect(options.first()).toBeVisible();
  };

  // Full pinyin and initials, typed without switching the input method.
  await page.keyboard.press('Control+k');
  await search('zhongxin');
  await expect(options.first()).toHaveAttribute('data-entry-id', 'site:depot-central');
  await search('zxwzk');
  await expect(options.first()).toHaveAttribute('data-entry-id', 'site:depot-central');
  await page.keyboard.press('Enter');
  await expect(board.testId('site-panel')).toContainText('中心物资库');
  await page.keyboard.press('Escape');

  // "N95": every site that holds N95 masks, most first, with its quantity; choosing one opens that site.
  await page.keyboard.press('Control+k');
  await search('N95');
  const ids = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id')));
  expect(ids.length).toBe(14);
  expect(ids.every((id) => /^stock:[\w-]+:n95-mask$/.test(id ?? ''))).toBe(true);
  expect(ids[0]).toBe('stock:depot-central:n95-mask');
  await expect(options.first()).toContainText('N95口罩 · 中心物资库');
  await expect(options.first()).toContainText(/\d{1,3}(,\d{3})* 只 · 中心库/);
  await page.screenshot({ path: 'test-results/screens/palette-items.png' });
  await page.keyboard.press('ArrowDown');
  const second = ids[1]!.split(':')[1]!;
  const name = (await board.sites()).find((s) => s.id === second)!.name;
  await page.keyboard.press('Enter');
  await expect(board.testId('command-palette')).toBeHidden();
  await expect(board.testId('site-panel')).toContainText(name);
  await expect(board.testId('stock-table')).toContainText('N95口罩');
});
