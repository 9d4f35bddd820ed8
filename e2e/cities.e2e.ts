/**
 * Settings → Cities, as an administrator: importing Monaco (../shared/data/monaco.osm.pbf) by
 * its path, watching the stages, reading the summary (and the warning that the central's sites
 * lie elsewhere: they are configured at the central), and the board moving to the new city,
 * drawn from its own tiles. Skipped, saying so, where ../shared/data is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { BoardPage } from './board-page';
import { roadPixelShare } from './map-page';
import { startStack, type Stack } from './own-stack';

const MONACO = resolve(import.meta.dirname, '../../shared/data/monaco.osm.pbf');
const STAGES = ['reading', 'graph', 'tiles', 'index', 'writing'];

let dir = '';
let stack: Stack | null = null;
test.afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an administrator imports Monaco in Settings → Cities, watches its stages, and the board moves to it', async ({ page }) => {
  test.skip(!existsSync(MONACO), `${MONACO} is absent (../shared/data): the city import test needs it`);
  test.setTimeout(150_000);
  dir = mkdtempSync(join(tmpdir(), 'jb-e2e-cities-'));
  stack = await startStack('cities', { backend: { citiesDir: dir } });
  const board = new BoardPage(page);
  await board.open(stack.host.boardUrl, 'admin');
  const before = await page.evaluate(() => window.__jingbaoTest!.map!.getCenter());
  expect(before.lng).toBeGreaterThan(11); // Göteborg, the demo city

  // Settings → Cities, by keyboard from the settings button.
  await board.testId('settings-button').click();
  await board.testId('open-cities').focus();
  await page.keyboard.press('Enter');
  const panel = board.testId('cities-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('尚未导入城市');
  await board.testId('city-path').fill(MONACO);
  await board.testId('city-name').fill('monaco');
  await board.testId('city-name').press('Enter');

  // The stages as the bar shows them, read while the import runs: each seen once, in order.
  await expect(board.testId('city-import-progress')).toBeVisible();
  const seen: string[] = [];
  let shot = false;
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    const running = await page
      .locator('[data-testid="city-import-stage"][data-state="running"]')
      .getAttribute('data-stage', { timeout: 200 })
      .catch(() => null);
    if (running && seen.at(-1) !== running) seen.push(running);
    if (running === 'tiles' && !shot) {
      await panel.screenshot({ path: 'test-results/screens/cities-importing.png' });
      shot = true;
    }
    if (await board.testId('city-import-summary').isVisible()) break;
    await page.waitForTimeout(30);
  }
  expect(seen.length).toBeGreaterThan(0);
  expect(seen).toEqual(STAGES.filter((s) => seen.includes(s))); // in order, none twice
  expect(seen[0]).toBe('reading');

  const summary = board.testId('city-import-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('已导入 monaco');
  await expect(summary).toContainText('道路 1746 条');
  await expect(summary).toContainText('路网节点 16118 个');
  await expect(summary).toContainText('平方公里');
  await expect(summary).toContainText('用时');
  // The central still runs Göteborg: its sites are outside Monaco, and the board says so.
  await expect(board.testId('city-import-sites')).toContainText('不在该城市范围内');
  const row = page.locator('[data-testid="city-row"][data-city="monaco"]');
  await expect(row.getByTestId('city-in-use')).toBeVisible();
  await expect(row.getByTestId('city-delete')).toBeDisabled();
  await panel.screenshot({ path: 'test-results/screens/cities-imported.png' });

  // The map moved to Monaco and draws its roads from Monaco's tiles.
  await expect
    .poll(() => page.evaluate(() => window.__jingbaoTest!.map!.getCenter()), { timeout: 20_000 })
    .toEqual(expect.objectContaining({ lng: expect.closeTo(7.42, 1), lat: expect.closeTo(43.74, 1) }));
  await page.waitForFunction(() => window.__jingbaoTest!.map!.loaded() && window.__jingbaoTest!.map!.areTilesLoaded(), null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/screens/cities-board-on-monaco.png' });
  await board.snapshot('monaco');
  const roadPixels = await roadPixelShare(page, 'monaco');
  expect(roadPixels).toBeGreaterThan(0.01);
  const roads = await page.evaluate(() => window.__jingbaoTest!.map!.queryRenderedFeatures().filter((f) => f.sourceLayer === 'roads' && f.layer.type === 'line').length);
  expect(roads).toBeGreaterThan(100);
});
