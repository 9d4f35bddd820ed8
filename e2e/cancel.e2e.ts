/**
 * Cancelling, through the UI: a request dispatched from a site takes its stock; cancelling
 * the request (with a reason, confirmed in a dialog) cancels its dispatch orders, puts the
 * stock back on the same shelf, here and at the central (the vehicles freed are checked in
 * electron/backend/dispatch/cancel.central.test.ts).
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { LinkBoard } from './link-board';
import { boardCall } from './wall-page';

const SCREENS = 'test-results/screens';
test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

test('a dispatched request cancelled from the queue gives its stock back, here and at the central', async ({ page }) => {
  test.setTimeout(120_000);
  const board = new LinkBoard(page);
  await board.open();
  const item = 'life-jacket';

  // Record a request; the plans say which site the jackets would come from.
  await page.keyboard.press('n');
  await board.typeRequest({ destination: '乌勒维', items: [{ name: '救生衣', quantity: '20' }], requester: '东区派出所' });
  await expect(board.testId('plan-1')).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Enter'); // record
  await expect(board.testId('request-summary')).toBeVisible();
  const requestId = (await board.testId('request-cancel').first().getAttribute('data-request-id'))!;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

  // Dispatch plan 1 (the officer may have to press again if the simulator took its vehicle).
  await board.dispatchPlan1();
  const mine = board.requestRow(requestId);
  await expect(mine).toHaveAttribute('data-status', 'dispatched');
  await expect(board.testId('queue-depth')).toHaveAttribute('data-count', '0', { timeout: 20_000 });

  // Where the goods came from, and what is left there now.
  const { dispatches } = await boardCall('request.list', {});
  const orders = dispatches.filter((d) => d.requestId === requestId && d.status === 'enroute');
  expect(orders.length).toBeGreaterThan(0);
  const taken = new Map<string, number>();
  for (const o of orders) for (const p of o.pickups) if (p.itemId === item) taken.set(p.siteId, (taken.get(p.siteId) ?? 0) + p.quantity);
  const [siteId, quantity] = [...taken.entries()].sort((a, b) => b[1] - a[1])[0]!;
  await board.openSite(siteId);
  const afterDispatch = await board.quantity(item);
  await board.closeAll();

  // Cancel from the queue: the dialog asks for a reason; Enter confirms.
  await mine.getByTestId('request-cancel').click();
  const dialog = board.testId('cancel-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('data-kind', 'request');
  await expect(board.testId('cancel-reason')).toBeFocused();
  await page.keyboard.type('现场已自行解决');
  await page.screenshot({ path: `${SCREENS}/cancel-dialog.png` });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  // Gone from the queue; the stock is back on the shelf it was taken from, by exactly the amount taken.
  await expect(mine).toHaveCount(0, { timeout: 15_000 });
  await board.openSite(siteId);
  await expect.poll(() => board.quantity(item), { timeout: 15_000 }).toBe(afterDispatch + quantity);
  await expect(board.stockRow(item)).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
  // The central agrees: the request and its orders are cancelled, the vehicles free again.
  await expect(board.testId('queue-depth')).toHaveAttribute('data-count', '0', { timeout: 20_000 });
  await expect
    .poll(async () => {
      const list = await boardCall('request.list', {});
      return list.dispatches.filter((d) => d.requestId === requestId).every((d) => d.status === 'cancelled');
    })
    .toBe(true);
  await page.screenshot({ path: `${SCREENS}/cancel-stock-restored.png` });
});
