/**
 * A stack of its own (the shared one must stay up for the other tests): the central
 * goes away, the board says so and keeps showing the cache; it comes back, the board
 * reconnects by itself.
 */
import { expect, test } from '@playwright/test';
import type { CentralServer } from '../central/server';
import type { Host } from '../electron/host/server';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';

let stack: Stack;
let central: CentralServer;
let host: Host;

test.beforeAll(async () => {
  stack = await startStack('outage', { backend: { offlineAfterMs: 3_000, liveSilenceMs: 3_000 } });
  ({ central, host } = stack);
});
test.afterAll(async () => {
  await stack?.close();
});

test('a central outage shows on the board within 10 s, the cache stays, and the link comes back by itself', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open(host.boardUrl);
  const link = board.testId('link-state');
  await expect(link).toHaveAttribute('data-state', 'connected');

  const cutAt = Date.now();
  central.faults.set({ offline: true });
  await expect(link).toHaveAttribute('data-state', /reconnecting|offline/, { timeout: 10_000 });
  console.log(`outage shown after ${Date.now() - cutAt} ms`);
  await expect(link).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(link).toContainText('离线');
  await page.screenshot({ path: 'test-results/screens/board-offline.png' });
  // Still the whole board, from the local cache.
  expect((await board.layer('depot')).count).toBe(4);
  expect((await board.layer('vehicle')).count).toBeGreaterThanOrEqual(100);
  const central0 = (await board.sites()).find((s) => s.kind === 'central')!;
  const at = await board.project(central0.lon, central0.lat);
  await page.mouse.click(at.x, at.y);
  await expect(board.testId('stock-table')).toContainText('N95口罩');

  central.faults.set({ offline: false });
  await expect(link).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
});
