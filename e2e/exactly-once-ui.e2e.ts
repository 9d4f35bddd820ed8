/**
 * The officer's side of the exactly-once link, on a stack of its own (the faults must not
 * touch the shared one): an answer garbled after the central applied a booking shows as
 * "outcome unknown, retrying" on the stock line and in the link panel's queue, never as a
 * conflict, and the booking counts once; the central restored from an older copy makes
 * the board say so and tell how many confirmed actions it sent again.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { LinkBoard } from './link-board';
import { startStack, type Stack } from './own-stack';

const SCREENS = 'test-results/screens';
const SITE = 'depot-central';
const ITEM = 'life-jacket';
let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack('exactly-once', { backend: { pushBackoff: { initialDelay: 200, maxDelay: 1_000 } } });
  mkdirSync(SCREENS, { recursive: true });
});
test.afterAll(async () => {
  await stack?.close();
});

test('an unreadable answer after the central applied a booking: "outcome unknown, retrying", no conflict, counted once', async ({ page }) => {
  const board = new LinkBoard(page);
  await board.open(stack.host.boardUrl);
  await board.openSite(SITE);
  const before = await board.quantity(ITEM);
  const replayedBefore = stack.central.stats().commandsReplayed;

  // A gateway garbles every answer from now on: to POST /commands after the central applied
  // the booking, and to the pulls that would otherwise show its change.
  stack.central.faults.set({ commandAnswerFaultRate: 1, malformedRate: 1 });
  await board.book(ITEM, '-7', 'e2e：答复被网关篡改');
  const mark = board.stockRow(ITEM).getByTestId('pending-mark');
  await expect(mark).toHaveAttribute('data-state', 'unknown', { timeout: 15_000 });
  await expect(mark).toContainText('结果未知');
  await expect.poll(() => board.quantity(ITEM), { timeout: 10_000 }).toBe(before - 7);
  await board.openLinkHealth();
  await expect(board.testId('health-unknown')).toContainText('同一编号');
  const row = board.testId('health-queue-list').locator('tr[data-state="unknown"]');
  await expect(row).toContainText('出库 7');
  await expect(row).toContainText('结果未知');
  await expect(board.testId('conflict-indicator')).toHaveCount(0);
  expect(stack.central.stats().commandAnswersGarbled).toBeGreaterThan(0);
  // It went again under the same id, and the central answered without applying it twice.
  await expect.poll(() => stack.central.stats().commandsReplayed, { timeout: 10_000 }).toBeGreaterThan(replayedBefore);
  await page.screenshot({ path: `${SCREENS}/link-outcome-unknown.png` });

  // Answers readable again: the queue empties.
  stack.central.faults.set({ commandAnswerFaultRate: 0, malformedRate: 0 });
  await expect(board.testId('health-queue-list')).toHaveCount(0, { timeout: 20_000 });
  await board.openSite(SITE);
  await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'false', { timeout: 15_000 });
  await expect.poll(() => board.quantity(ITEM), { timeout: 15_000 }).toBe(before - 7);
  await expect(board.testId('conflict-indicator')).toHaveCount(0);
});

test('the central restored from an older copy: the board says so, re-synchronises and tells what it sent again', async ({ page }) => {
  const board = new LinkBoard(page);
  await board.open(stack.host.boardUrl);
  const older = join(stack.dir, 'older-copy.sqlite');
  await stack.central.backupTo(older);
  await board.openSite(SITE);
  const before = await board.quantity(ITEM);
  await board.book(ITEM, '5', 'e2e：恢复前的入库');
  await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'false', { timeout: 15_000 });

  // The central comes back from the copy taken before that booking.
  await stack.central.replaceDatabase(older);
  const banner = board.testId('rewind-banner');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toHaveAttribute('data-mode', 'done', { timeout: 15_000 });
  await expect(board.testId('rewind-requeued')).toContainText('1 条');
  await page.screenshot({ path: `${SCREENS}/link-rewind-banner.png` });
  // The booking is back at the central, once.
  await board.openSite(SITE);
  await expect.poll(() => board.quantity(ITEM), { timeout: 15_000 }).toBe(before + 5);
  await expect(board.stockRow(ITEM)).toHaveAttribute('data-pending', 'false', { timeout: 15_000 });
  await board.openLinkHealth();
  await expect(board.testId('health-rewind')).toContainText('重新上传 1 条');
  await expect(board.testId('health-events').locator('li[data-kind="rewind"]')).toContainText('已重新同步');
  await page.screenshot({ path: `${SCREENS}/link-rewind-panel.png` });
  await board.page.keyboard.press('Escape');
  await board.testId('rewind-banner').getByRole('button', { name: '关闭提示' }).click();
  await expect(banner).toBeHidden();
});
