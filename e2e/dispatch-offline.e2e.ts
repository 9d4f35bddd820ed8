/**
 * Issue 3's end-to-end case for dispatch: cut the link in the UI, create and dispatch a
 * request, see it "pending upload" in the queue, restore the link, see the mark clear and
 * the request confirmed as dispatched by the central.
 *
 * A stack of its own (real time, ×1): the shared one must not be cut, and at ×1 the
 * vehicle is still on its way when the test checks the request is "dispatched".
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { CentralServer } from '../central/server';
import type { Host } from '../electron/host/server';
import { startStack, type Stack } from './own-stack';
import { BoardPage } from './board-page';

const SCREENS = 'test-results/screens';
let central: CentralServer;
let host: Host;

let stack: Stack;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('dispatch-offline', { central: { tickMs: 200, speedFactor: 1 }, backend: { pushBackoff: { initialDelay: 50, maxDelay: 500 } } });
  ({ central, host } = stack);
});
test.afterAll(async () => {
  await stack?.close();
});

test('offline: a request created and dispatched while cut is pending upload, then confirmed by the central', async ({ page }) => {
  test.setTimeout(120_000);
  const board = new BoardPage(page);
  await board.open(host.boardUrl);
  const link = board.testId('link-state');
  const queueDepth = board.testId('queue-depth');
  await expect(link).toHaveAttribute('data-state', 'connected');

  // --- Cut the link from the link-health panel's demo control.
  await link.click();
  await expect(board.testId('link-health-panel')).toBeVisible();
  await board.testId('link-cut').click();
  await expect(board.testId('outage-banner')).toBeVisible({ timeout: 10_000 });
  await expect(link).toHaveAttribute('data-state', /reconnecting|offline/);
  const appliedWhileCut = central.stats().commandsApplied;

  // --- Create and dispatch a request (planning runs on the local cache).
  await page.keyboard.press('Escape');
  await expect(board.testId('link-health-panel')).toBeHidden();
  await page.keyboard.press('n');
  await board.typeRequest({ destination: '中央车站', items: [{ name: 'N95', quantity: '500' }], priorityRight: 1, requester: '中央车站派出所' });
  const plan1 = board.testId('plan-1');
  await expect(plan1).toBeVisible({ timeout: 15_000 });
  await expect(plan1.getByTestId('plan-margin')).toBeVisible();
  // Planned on the last positions received before the cut: the plans say how old they are.
  const age = board.testId('plan-positions-age');
  await expect
    .poll(
      async () => {
        if (await age.isVisible()) return true;
        await board.testId('plan-refresh').click();
        await page.waitForTimeout(2000);
        return age.isVisible();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(true);
  await expect(age).toContainText(/方案按 \d+ 秒前的车辆位置计算/);
  // Shown only past 30 s; the attribute is rounded (30.3 s reads 30).
  expect(Number(await age.getAttribute('data-age-s'))).toBeGreaterThanOrEqual(30);
  // Back in the form, Enter records (the plans' Enter would record and dispatch at once).
  await board.testId('request-requester').focus();
  await page.keyboard.press('Enter'); // record
  await expect(board.testId('request-summary').getByTestId('pending-mark')).toBeVisible();
  await expect(board.testId('plan-list')).toBeFocused();
  const runs = await plan1.locator('.plan-run').count();
  await expect(board.testId('plan-accept')).toBeEnabled();
  await page.keyboard.press('Enter'); // dispatch plan 1
  await expect(board.testId('request-panel')).toBeHidden();

  const row = board.testId('request-row').filter({ hasText: '中央车站' });
  await expect(row).toHaveCount(1);
  const requestId = (await row.getAttribute('data-request-id'))!;
  const mine = board.requestRow(requestId);
  await expect(mine).toHaveAttribute('data-status', 'dispatched');
  await expect(mine).toHaveAttribute('data-pending', 'true');
  await expect(mine.getByTestId('pending-mark').first()).toBeVisible();
  await expect(mine.getByTestId('queue-vehicle').first()).toHaveAttribute('data-status', 'enroute');
  await expect(mine.getByTestId('request-countdown')).toBeVisible();
  // The request and one dispatch order per vehicle wait in the outbox; the central has none of it.
  await expect(queueDepth).toHaveAttribute('data-count', String(1 + runs));
  await expect(board.testId('outage-banner')).toContainText(`${1 + runs} 条待上传`);
  expect(central.stats().commandsApplied).toBe(appliedWhileCut);
  await page.screenshot({ path: `${SCREENS}/dispatch-offline.png` });

  // --- Restore: the queue drains in order, the mark clears, the central has it dispatched.
  await link.click();
  await board.testId('link-restore').click();
  await expect(link).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(queueDepth).toHaveAttribute('data-count', '0', { timeout: 20_000 });
  await expect(mine).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
  await expect(mine.getByTestId('pending-mark')).toHaveCount(0);
  await expect(mine).toHaveAttribute('data-status', 'dispatched');
  expect(central.stats().commandsApplied).toBe(appliedWhileCut + 1 + runs);
  await page.keyboard.press('Escape');
  await page.screenshot({ path: `${SCREENS}/dispatch-offline-restored.png` });

  // The officer confirms each delivery (at ×1 the vehicles are still on their way): the
  // request closes with its request-to-arrival time once every vehicle is confirmed.
  const confirmButtons = mine.getByTestId('confirm-delivery');
  await expect(confirmButtons).toHaveCount(runs);
  for (let i = runs; i > 0; i--) {
    await confirmButtons.first().click();
    await expect(confirmButtons).toHaveCount(i - 1);
  }
  await expect(mine).toHaveAttribute('data-status', 'delivered');
  await expect(mine.getByTestId('request-duration')).toContainText('准时');
  await expect(mine).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
  await expect.poll(() => central.stats().commandsApplied, { timeout: 20_000 }).toBe(appliedWhileCut + 1 + 2 * runs);
});
