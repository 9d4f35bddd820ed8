/**
 * The officer's side of an outage, through the UI on the shared stack: cut the link with
 * the demo control, keep working (book stock out, report a vehicle for repair), see the
 * actions marked "pending upload", restore the link and see them accepted; then a booking
 * the central refuses (another center took the stock meanwhile) becomes a conflict the
 * officer resolves. The shared stack must end with the link restored, whatever happens.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_WORKSTATION, workstationAuthorization } from '../shared/auth/workstation';
import { boardSocket, sessionCookie } from './sign-in';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import WebSocket from 'ws';
import { LinkBoard } from './link-board';

const SCREENS = 'test-results/screens';
const ITEM = 'life-jacket';

/** Read-only extras of the renderer's test hook that the shared page model does not declare. */
const staleVehicles = (page: Page) => page.evaluate(() => (window.__jingbaoTest as unknown as { staleVehicles: number }).staleVehicles);

/**
 * Restores the link through the board API itself (the host's WebSocket), not the UI: it
 * must work even when the page is what failed.
 */
async function restoreLinkDirectly(): Promise<void> {
  const cookie = await sessionCookie(process.env.JB_BOARD_URL!, 'duty');
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(boardSocket(process.env.JB_BOARD_URL!), { headers: { cookie } });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('link.setCut: no answer'));
    }, 5000);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'link.setCut', arg: { cut: false } })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok?: boolean; error?: { message: string } };
      if (m.kind !== 'result' || m.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      if (m.ok) resolve();
      else reject(new Error(m.error?.message ?? 'link.setCut failed'));
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Another command center books stock straight at the central (not through our board). */
async function bookAtCentral(siteId: string, itemId: string, delta: number): Promise<void> {
  const res = await fetch(`${process.env.JB_CENTRAL_URL}/commands`, {
    method: 'POST',
    // As another center's workstation would: with its own credential (here the demo one).
    headers: { 'content-type': 'application/json', authorization: workstationAuthorization(DEMO_WORKSTATION) },
    body: JSON.stringify({ id: randomUUID(), type: 'stock.adjust', issuedAt: Date.now(), payload: { siteId, itemId, delta, reason: 'e2e: another center' } }),
  });
  const body = (await res.json()) as { status: string };
  expect(body.status, JSON.stringify(body)).toBe('applied');
}

test('outage in the UI: banner, pending marks and queue while cut; drained on restore; a refusal becomes a conflict', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(SCREENS, { recursive: true });
  const board = new LinkBoard(page);
  await board.open();
  const link = board.testId('link-state');
  const queue = board.testId('queue-depth');
  const banner = board.testId('outage-banner');
  await expect(link).toHaveAttribute('data-state', 'connected');
  await expect(queue).toHaveAttribute('data-count', '0');
  await expect(banner).toBeHidden();

  try {
    // --- The link-health panel, and the cut from its demo control.
    await board.openLinkHealth();
    const health = board.testId('link-health-panel');
    await expect(board.testId('health-endpoint')).toHaveAttribute('data-endpoint', 'primary');
    await expect(board.testId('health-endpoints').locator('[data-endpoint="primary"]')).toContainText(/正常/);
    await expect(board.testId('link-restore')).toBeDisabled();
    await board.testId('link-cut').click();
    const cutAt = Date.now();
    await expect(banner).toBeVisible({ timeout: 10_000 });
    console.log(`outage banner shown ${Date.now() - cutAt} ms after the cut`);
    await expect(banner).toContainText('与警保云的连接已被演示控制切断');
    await expect(banner).toContainText('上次同步');
    await expect(banner).toContainText('本地缓存继续工作，操作将在恢复后上传');
    await expect(link).toHaveAttribute('data-state', /reconnecting|offline/);
    await expect(health).toContainText('链路已被演示控制切断');
    // The data age in the banner ticks by itself.
    const age0 = await board.testId('outage-age').textContent();
    await expect(board.testId('outage-age')).not.toHaveText(age0 ?? '', { timeout: 5_000 });

    // --- Book stock out at the central depot while cut.
    await board.openSite('depot-central');
    const central0 = await board.quantity(ITEM);
    await board.book(ITEM, '-5', '防汛调拨（断网演练）');
    await expect(board.testId('stock-adjust-done')).toBeVisible();
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-quantity', String(central0 - 5));
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'true');
    await expect(board.stockRow(ITEM).getByTestId('pending-mark')).toBeVisible();
    await expect(queue).toHaveAttribute('data-count', '1');
    await expect(banner).toContainText('1 条待上传');
    await page.screenshot({ path: `${SCREENS}/board-outage-stock.png` });

    // --- Report a vehicle for repair while cut.
    const plate = await board.openServiceableVehicle();
    await board.testId('vehicle-action-maintenance').click();
    await expect(board.testId('vehicle-status')).toHaveAttribute('data-status', 'maintenance');
    await expect(board.testId('vehicle-panel').getByTestId('pending-mark')).toBeVisible();
    await expect(board.testId('vehicle-action-maintenance')).toBeDisabled();
    await expect(queue).toHaveAttribute('data-count', '2');

    // --- No positions arrive: after POSITION_STALE_MS every vehicle is drawn faded and the panel says so.
    await expect.poll(() => staleVehicles(page), { timeout: 45_000, intervals: [1000] }).toBeGreaterThan(50);
    await expect(board.testId('vehicle-stale')).toBeVisible();
    await expect(board.testId('vehicle-last-report')).toHaveAttribute('data-stale', 'true');
    await page.screenshot({ path: `${SCREENS}/board-outage.png` });
    // The same in English: every string has its translation, and the banner still fits.
    await board.testId('settings-button').click();
    await board.testId('lang-en').click();
    await board.testId('settings-button').click();
    await expect(banner).toContainText('Link to the central platform cut by the demo control');
    await expect(board.testId('vehicle-panel').getByTestId('pending-mark')).toHaveText(/pending upload/);
    await page.screenshot({ path: `${SCREENS}/board-outage-en.png` });
    await board.testId('settings-button').click();
    await board.testId('lang-zh').click();
    await board.testId('settings-button').click();
    await expect(banner).toContainText('与警保云的连接已被演示控制切断');

    // --- Restore from the link-health panel: the queue drains, marks clear, figures stay.
    await board.openLinkHealth();
    await expect(board.testId('health-queue')).toHaveText('2');
    await expect(board.testId('health-outages').locator('[data-ongoing="true"]')).toHaveCount(1);
    await board.testId('link-restore').click();
    await expect(link).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(banner).toBeHidden();
    await expect(queue).toHaveAttribute('data-count', '0', { timeout: 20_000 });
    await expect(board.testId('vehicle-panel').getByTestId('pending-mark')).toHaveCount(0);
    await expect(board.testId('vehicle-status')).toHaveAttribute('data-status', 'maintenance');
    await expect(board.testId('vehicle-panel')).toContainText(plate);
    // The shift's outage history: ended, with both actions counted.
    const outage = board.testId('health-outages').locator('tbody tr').first();
    await expect(outage).toHaveAttribute('data-ongoing', 'false');
    await expect(outage.locator('td').nth(3)).toHaveText('2');
    await expect(board.testId('link-cut')).toBeEnabled();
    // The probe sees the endpoint again within a poll or two.
    await expect(board.testId('health-endpoints').locator('[data-endpoint="primary"]')).toContainText('正常', { timeout: 10_000 });
    await page.screenshot({ path: `${SCREENS}/link-health.png` });

    // Put the vehicle back in service (online: accepted at once).
    await page.keyboard.press('Escape'); // the dock panel
    await board.testId('vehicle-action-available').click();
    await expect(board.testId('vehicle-status')).toHaveAttribute('data-status', 'available');
    await expect(queue).toHaveAttribute('data-count', '0', { timeout: 20_000 });

    await board.openSite('depot-central');
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-quantity', String(central0 - 5));
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'false');
    await expect(board.stockRow(ITEM).getByTestId('pending-mark')).toHaveCount(0);

    // --- The form's own checks at a quick-pick point.
    await board.openSite('qp-03');
    const shown = await board.quantity(ITEM);
    expect(shown).toBeGreaterThan(1);
    const error = board.testId('stock-adjust-error');
    await board.book(ITEM, String(-(shown + 1)), '超量出库');
    await expect(error).toContainText('出库数量超过当前库存');
    await board.book(ITEM, '0', '零');
    await expect(error).toContainText('不能为 0');
    await board.book(ITEM, '2.5', '小数');
    await expect(error).toContainText('整数');
    await board.book(ITEM, '-1', '   ');
    await expect(error).toContainText('事由');
    await expect(queue).toHaveAttribute('data-count', '0');

    // --- A refusal: cut, book out everything shown; meanwhile another center takes one at the central.
    await board.openLinkHealth();
    await board.testId('link-cut').click();
    await expect(banner).toBeVisible({ timeout: 10_000 });
    await board.openSite('qp-03');
    await board.book(ITEM, String(-shown), '全部调往一线');
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-quantity', '0');
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'true');
    await bookAtCentral('qp-03', ITEM, -1);
    await board.openLinkHealth();
    await board.testId('link-restore').click();
    await expect(link).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

    const indicator = board.testId('conflict-indicator');
    await expect(indicator).toBeVisible({ timeout: 20_000 });
    await expect(indicator).toHaveAttribute('data-count', '1');
    await expect(queue).toHaveAttribute('data-count', '0');
    await expect(board.testId('error-toast').filter({ hasText: '拒绝' })).toBeVisible();
    await indicator.click();
    const panel = board.testId('conflict-panel');
    await expect(panel).toBeVisible();
    const item = panel.getByTestId('conflict-item');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-code', 'insufficient_stock');
    await expect(item.getByTestId('conflict-action')).toContainText(`出库 ${shown} 件 救生衣`);
    await expect(item.getByTestId('conflict-action')).toContainText('快取点03');
    await expect(item.getByTestId('conflict-central')).toContainText(/救生衣 现有 \d+ 件/);
    await expect(item).toContainText('库存不足');
    // The refused booking no longer counts: the site shows the central's figure again.
    await expect(board.stockRow(ITEM)).toHaveAttribute('data-quantity', String(shown - 1), { timeout: 20_000 });
    await page.screenshot({ path: `${SCREENS}/conflict.png` });

    await item.getByTestId('conflict-discard').click();
    await expect(panel.getByTestId('conflict-item')).toHaveCount(0);
    await expect(indicator).toBeHidden();
    await expect(panel.getByTestId('conflict-resolved').locator('[data-resolution="discarded"]')).toHaveCount(1);
    await expect(panel.getByTestId('conflict-resolved')).toContainText('已放弃');
    // The booking's "waiting to upload" note went with the refusal.
    await expect(board.testId('stock-adjust-done')).toHaveCount(0);
  } finally {
    await restoreLinkDirectly();
  }
  await expect(link).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  // Leave the shared stock as it was for the other tests' eyes.
  await bookAtCentral('qp-03', ITEM, 1);
  await bookAtCentral('depot-central', ITEM, 5);
});
